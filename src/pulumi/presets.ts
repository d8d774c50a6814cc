import * as pulumi from '@pulumi/pulumi';
import {
  DockerHubCredentialsProps,
  GithubCredentialsProps,
  GitlabCredentialsProps,
  RotationWindow,
  requireProps,
} from '../core';
import { Inputs, RegistryCredentialsInput } from './credentials-input';
import { RegistrySecretBase, RegistrySecretOptions } from './registry-secret';

/** The token being rotated out, for the preset components. */
export interface PreviousTokenInput extends RotationWindow {
  /** The previous token. */
  readonly token: pulumi.Input<string>;
  /**
   * The previous token's username (a new GitLab deploy token has a new one).
   * @default - the current username
   */
  readonly username?: pulumi.Input<string>;
}

/** Options of the preset components. */
export interface PresetOptions extends RegistrySecretOptions {
  /**
   * The token being rotated out: deployed as a fallback the kubelet tries after the new one, until `until`.
   * @default - no rotation in progress
   */
  readonly previous?: PreviousTokenInput;
}

/** Arguments of {@link GitlabRegistrySecret}: a GitLab deploy token as Inputs, and the Secret options. */
export interface GitlabRegistrySecretArgs extends Inputs<GitlabCredentialsProps>, PresetOptions {}

/** Arguments of {@link GithubRegistrySecret}. */
export interface GithubRegistrySecretArgs extends Inputs<GithubCredentialsProps>, PresetOptions {}

/** Arguments of {@link DockerHubRegistrySecret}. */
export interface DockerHubRegistrySecretArgs extends Inputs<DockerHubCredentialsProps>, PresetOptions {}

/** The previous credentials of a preset, built by the same factory as the current ones. */
function previousOf(
  previous: PreviousTokenInput | undefined,
  username: pulumi.Input<string>,
  make: (username: pulumi.Input<string>, token: pulumi.Input<string>) => RegistryCredentialsInput,
): { until: Date | string; credentials: RegistryCredentialsInput[] } | undefined {
  return previous && { until: previous.until, credentials: [make(previous.username ?? username, previous.token)] };
}

/**
 * An image pull Secret for the GitLab container registry from a deploy token
 * (`regcred:index:GitlabRegistrySecret`).
 *
 * @example new GitlabRegistrySecret('gitlab', { username: 'gitlab+deploy-token-1', token: config.requireSecret('gitlabDeployToken') })
 */
export class GitlabRegistrySecret extends RegistrySecretBase {
  public constructor(name: string, args: GitlabRegistrySecretArgs, opts?: pulumi.ComponentResourceOptions) {
    requireProps(args, 'GitlabRegistrySecret', '{ username, token }');
    const { username, token, registry, expiresAt, scopes, previous, ...options } = args;
    const credentials = RegistryCredentialsInput.gitlab({ username, token, registry, expiresAt, scopes });
    const old = previousOf(previous, username, (u, t) =>
      RegistryCredentialsInput.gitlab({ username: u, token: t, registry }),
    );
    super('regcred:index:GitlabRegistrySecret', name, { ...options, credentials: [credentials], previous: old }, opts);
  }
}

/** An image pull Secret for `ghcr.io` (`regcred:index:GithubRegistrySecret`). */
export class GithubRegistrySecret extends RegistrySecretBase {
  public constructor(name: string, args: GithubRegistrySecretArgs, opts?: pulumi.ComponentResourceOptions) {
    requireProps(args, 'GithubRegistrySecret', '{ username, token }');
    const { username, token, expiresAt, previous, ...options } = args;
    const credentials = RegistryCredentialsInput.github({ username, token, expiresAt });
    const old = previousOf(previous, username, (u, t) => RegistryCredentialsInput.github({ username: u, token: t }));
    super('regcred:index:GithubRegistrySecret', name, { ...options, credentials: [credentials], previous: old }, opts);
  }
}

/** An image pull Secret for Docker Hub (`regcred:index:DockerHubRegistrySecret`). */
export class DockerHubRegistrySecret extends RegistrySecretBase {
  public constructor(name: string, args: DockerHubRegistrySecretArgs, opts?: pulumi.ComponentResourceOptions) {
    requireProps(args, 'DockerHubRegistrySecret', '{ username, token }');
    const { username, token, registry, expiresAt, previous, ...options } = args;
    const credentials = RegistryCredentialsInput.dockerHub({ username, token, registry, expiresAt });
    const old = previousOf(previous, username, (u, t) =>
      RegistryCredentialsInput.dockerHub({ username: u, token: t, registry }),
    );
    super(
      'regcred:index:DockerHubRegistrySecret',
      name,
      { ...options, credentials: [credentials], previous: old },
      opts,
    );
  }
}
