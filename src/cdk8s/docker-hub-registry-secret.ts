import { Construct } from 'constructs';
import { DockerHubCredentialsProps, RegistryCredentials } from '../core';
import { RegistrySecret, RegistrySecretOptions, withConstructPath } from './registry-secret';

/** Properties of {@link DockerHubRegistrySecret}: a Docker Hub access token and the Secret options. */
export interface DockerHubRegistrySecretProps extends DockerHubCredentialsProps, RegistrySecretOptions {}

/**
 * An image pull Secret for Docker Hub under the key the kubelet uses for
 * Docker Hub images (`https://index.docker.io/v1/`). It matches every Docker
 * Hub image, public ones included, so every pod pulling from Docker Hub is
 * wired (and pulls with the account's rate limit). A wrong token then breaks
 * public images too: the kubelet never retries anonymously.
 *
 * @see https://docs.docker.com/security/for-developers/access-tokens/
 */
export class DockerHubRegistrySecret extends RegistrySecret {
  public constructor(scope: Construct, id: string, props: DockerHubRegistrySecretProps) {
    const credentials = withConstructPath(scope, id, () =>
      RegistryCredentials.dockerHub({
        username: props.username,
        token: props.token,
        ...(props.registry !== undefined ? { registry: props.registry } : {}),
        ...(props.expiresAt !== undefined ? { expiresAt: props.expiresAt } : {}),
      }),
    );
    super(scope, id, { ...props, credentials: [credentials] });
  }
}
