import * as pulumi from '@pulumi/pulumi';
import {
  DockerHubCredentialsProps,
  GithubCredentialsProps,
  GitlabCredentialsProps,
  RegistryKind,
  RotationWindow,
  requireProps,
  presetCredentials,
} from '../core/internal';
import { Inputs, RegistryCredentialsInput } from './credentials-input';
import {
  PreviousCredentialsInput,
  RegistrySecretArgs,
  RegistrySecretBase,
  RegistrySecretOptions,
} from './registry-secret';

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

/**
 * The args of the base component for a preset of `kind`: its credentials and the previous token's,
 * as Inputs split out by core; every other arg passes through.
 */
function presetArgs(kind: RegistryKind, component: string, args: PresetArgs): RegistrySecretArgs {
  requireProps(args, component, '{ username, token }');
  const { options, credentials, previous } = presetCredentials(kind, args, (k, p) =>
    RegistryCredentialsInput.fromPreset(k, p),
  );
  return {
    ...(options as RegistrySecretOptions),
    credentials,
    previous: previous as PreviousCredentialsInput | undefined,
  };
}

/** What every preset's args have: a username, a token and the options. */
type PresetArgs = PresetOptions & { readonly username: pulumi.Input<string>; readonly token: pulumi.Input<string> };

/**
 * An image pull Secret for the GitLab container registry from a deploy token
 * (`regcred:index:GitlabRegistrySecret`).
 *
 * @example new GitlabRegistrySecret('gitlab', { username: 'gitlab+deploy-token-1', token: config.requireSecret('gitlabDeployToken') })
 */
export class GitlabRegistrySecret extends RegistrySecretBase {
  public constructor(name: string, args: GitlabRegistrySecretArgs, opts?: pulumi.ComponentResourceOptions) {
    super(
      'regcred:index:GitlabRegistrySecret',
      name,
      presetArgs(RegistryKind.GITLAB, 'GitlabRegistrySecret', args),
      opts,
    );
  }
}

/** An image pull Secret for `ghcr.io` (`regcred:index:GithubRegistrySecret`). */
export class GithubRegistrySecret extends RegistrySecretBase {
  public constructor(name: string, args: GithubRegistrySecretArgs, opts?: pulumi.ComponentResourceOptions) {
    super(
      'regcred:index:GithubRegistrySecret',
      name,
      presetArgs(RegistryKind.GITHUB, 'GithubRegistrySecret', args),
      opts,
    );
  }
}

/** An image pull Secret for Docker Hub (`regcred:index:DockerHubRegistrySecret`). */
export class DockerHubRegistrySecret extends RegistrySecretBase {
  public constructor(name: string, args: DockerHubRegistrySecretArgs, opts?: pulumi.ComponentResourceOptions) {
    super(
      'regcred:index:DockerHubRegistrySecret',
      name,
      presetArgs(RegistryKind.DOCKER_HUB, 'DockerHubRegistrySecret', args),
      opts,
    );
  }
}
