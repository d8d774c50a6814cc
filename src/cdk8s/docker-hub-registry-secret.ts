import { Construct } from 'constructs';
import { DockerHubCredentialsProps, RegistryKind } from '../core/internal';
import { presetProps } from './_preset-props';
import { RegistrySecret } from './registry-secret';
import type { PreviousToken, RegistrySecretOptions } from './registry-secret-props';

/** Properties of {@link DockerHubRegistrySecret}: a Docker Hub access token and the Secret options. */
export interface DockerHubRegistrySecretProps extends DockerHubCredentialsProps, RegistrySecretOptions {
  /**
   * The token being rotated out: deployed as a fallback the kubelet tries after the new one, until `until`.
   * @default - no rotation in progress
   */
  readonly previous?: PreviousToken;
}

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
    super(scope, id, presetProps(scope, id, RegistryKind.DOCKER_HUB, props));
  }
}
