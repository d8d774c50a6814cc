import { Construct } from 'constructs';
import { GithubCredentialsProps, RegistryCredentials } from '../core';
import { RegistrySecret, RegistrySecretOptions, withConstructPath } from './registry-secret';

/** Properties of {@link GithubRegistrySecret}: a GitHub token and the Secret options. */
export interface GithubRegistrySecretProps extends GithubCredentialsProps, RegistrySecretOptions {}

/**
 * An image pull Secret for the GitHub Container Registry (`ghcr.io`), wired
 * into the pods whose images live there.
 *
 * @see https://docs.github.com/en/packages/working-with-a-github-packages-registry/working-with-the-container-registry
 */
export class GithubRegistrySecret extends RegistrySecret {
  public constructor(scope: Construct, id: string, props: GithubRegistrySecretProps) {
    const credentials = withConstructPath(scope, id, () =>
      RegistryCredentials.github({
        username: props.username,
        token: props.token,
        ...(props.expiresAt !== undefined ? { expiresAt: props.expiresAt } : {}),
      }),
    );
    super(scope, id, { ...props, credentials: [credentials] });
  }
}
