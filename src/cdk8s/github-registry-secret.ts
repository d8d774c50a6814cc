import { Construct } from 'constructs';
import { GithubCredentialsProps, RegistryKind } from '../core/internal';
import { presetProps } from './_preset-props';
import { RegistrySecret } from './registry-secret';
import type { PreviousToken, RegistrySecretOptions } from './registry-secret-props';

/** Properties of {@link GithubRegistrySecret}: a GitHub token and the Secret options. */
export interface GithubRegistrySecretProps extends GithubCredentialsProps, RegistrySecretOptions {
  /**
   * The token being rotated out: deployed as a fallback the kubelet tries after the new one, until `until`.
   * @default - no rotation in progress
   */
  readonly previous?: PreviousToken;
}

/**
 * An image pull Secret for the GitHub Container Registry (`ghcr.io`), wired
 * into the pods whose images live there.
 *
 * @see https://docs.github.com/en/packages/working-with-a-github-packages-registry/working-with-the-container-registry
 */
export class GithubRegistrySecret extends RegistrySecret {
  public constructor(scope: Construct, id: string, props: GithubRegistrySecretProps) {
    super(scope, id, presetProps(scope, id, RegistryKind.GITHUB, props));
  }
}
