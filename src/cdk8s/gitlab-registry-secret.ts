import { Construct } from 'constructs';
import { GitlabCredentialsProps, RegistryKind } from '../core/internal';
import { presetProps } from './_preset-props';
import { RegistrySecret } from './registry-secret';
import type { PreviousToken, RegistrySecretOptions } from './registry-secret-props';

/** Properties of {@link GitlabRegistrySecret}: a GitLab deploy token and the Secret options. */
export interface GitlabRegistrySecretProps extends GitlabCredentialsProps, RegistrySecretOptions {
  /**
   * The token being rotated out: deployed as a fallback the kubelet tries after the new one, until `until`.
   * @default - no rotation in progress
   */
  readonly previous?: PreviousToken;
}

/**
 * An image pull Secret for the GitLab container registry from a deploy token
 * (`read_registry` scope), wired into the pods whose images live there.
 *
 * @see https://docs.gitlab.com/user/project/deploy_tokens/
 */
export class GitlabRegistrySecret extends RegistrySecret {
  public constructor(scope: Construct, id: string, props: GitlabRegistrySecretProps) {
    super(scope, id, presetProps(scope, id, RegistryKind.GITLAB, props));
  }
}
