import * as pulumi from '@pulumi/pulumi';
import {
  GitlabDeployTokenScope,
  RegistryKind,
  RotationWindow,
  requireProps,
  presetCredentials,
} from '../core/internal';
import { RegistryCredentialsInput } from './credentials-input';
import { RegistrySecretMembers, initRegistrySecret, withRegistrySecretMembers } from './registry-secret';
import type {
  LocalObjectReference,
  PreviousCredentialsInput,
  RegistrySecretArgs,
  RegistrySecretOptions,
} from './registry-secret-args';

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

/*
 * The preset args spell out the fields of their core props (GitlabCredentialsProps, ...) one by
 * one, each a pulumi.Input: Pulumi's schema analyser reads declared properties, not mapped types.
 * test/pulumi/presets.test.ts checks at compile time that each holds exactly its props' fields.
 */

/** Arguments of {@link GitlabRegistrySecret}: a GitLab deploy token (see `GitlabCredentialsProps`), and the Secret options. */
export interface GitlabRegistrySecretArgs extends PresetOptions {
  /** The deploy token's username, e.g. `gitlab+deploy-token-123` or a custom name. */
  readonly username: pulumi.Input<string>;
  /** The deploy token (`gldt-…`). Needs the `read_registry` scope. */
  readonly token: pulumi.Input<string>;
  /**
   * The registry host, with port for a self-managed instance (`gitlab.example.com:5050`).
   * @default 'registry.gitlab.com'
   */
  readonly registry?: pulumi.Input<string>;
  /**
   * The token's scopes, when known. Checked to include `read_registry`.
   * @default - not checked
   */
  readonly scopes?: pulumi.Input<GitlabDeployTokenScope[]>;
  /**
   * When the token stops working: an RFC 3339 date (`2027-01-31`) or time (`2027-01-31T00:00:00Z`).
   * @default - the token does not expire
   */
  readonly expiresAt?: pulumi.Input<string>;
  /**
   * Use a token regcred refuses because of its kind (a CI job token), with a warning instead of an error.
   * @default false
   */
  readonly acceptRefusedToken?: pulumi.Input<boolean>;
}

/** Arguments of {@link GithubRegistrySecret}: a GitHub token (see `GithubCredentialsProps`), and the Secret options. */
export interface GithubRegistrySecretArgs extends PresetOptions {
  /** The GitHub user or organisation login. */
  readonly username: pulumi.Input<string>;
  /** A personal access token (classic) with `read:packages`. */
  readonly token: pulumi.Input<string>;
  /**
   * When the token stops working: an RFC 3339 date (`2027-01-31`) or time (`2027-01-31T00:00:00Z`).
   * @default - the token does not expire
   */
  readonly expiresAt?: pulumi.Input<string>;
  /**
   * Use a token regcred refuses because of its kind, with a warning instead of an error.
   * @default false
   */
  readonly acceptRefusedToken?: pulumi.Input<boolean>;
}

/** Arguments of {@link DockerHubRegistrySecret}: a Docker Hub access token (see `DockerHubCredentialsProps`), and the Secret options. */
export interface DockerHubRegistrySecretArgs extends PresetOptions {
  /** The Docker ID. For an organization access token, the organization's name. */
  readonly username: pulumi.Input<string>;
  /** An access token (`dckr_pat_…` personal, `dckr_oat_…` organization) with read access. */
  readonly token: pulumi.Input<string>;
  /**
   * The auths key; only `https://index.docker.io/v1/` is accepted.
   * @default 'https://index.docker.io/v1/'
   */
  readonly registry?: pulumi.Input<string>;
  /**
   * When the token stops working: an RFC 3339 date (`2027-01-31`) or time (`2027-01-31T00:00:00Z`).
   * @default - the token does not expire
   */
  readonly expiresAt?: pulumi.Input<string>;
  /**
   * Use a token regcred refuses because of its kind, with a warning instead of an error.
   * @default false
   */
  readonly acceptRefusedToken?: pulumi.Input<boolean>;
}

/**
 * The args of the base component for a preset of `kind`: its credentials and the previous token's,
 * as Inputs split out by core; every other arg passes through.
 */
function presetArgs(kind: RegistryKind, component: string, args: PresetArgs): RegistrySecretArgs {
  requireProps(args, component, '{ username, token }');
  const { options, credentials, previous } = presetCredentials(kind, args, (k, p) =>
    RegistryCredentialsInput._fromPreset(k, p),
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
 * Property paths of a preset: its own fields, not those of the credentials it makes
 * (`token`, `previous.token`, not `credentials[0].token`).
 */
const presetPath = (path: string): string =>
  path.replace(/^credentials\[0\]\./, '').replace(/^previous\.credentials\[0\]\./, 'previous.');

/**
 * An image pull Secret for the GitLab container registry from a deploy token
 * (`regcred:index:GitlabRegistrySecret`).
 *
 * @example new GitlabRegistrySecret('gitlab', { username: 'gitlab+deploy-token-1', token: config.requireSecret('gitlabDeployToken') })
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type -- the members are getters from withRegistrySecretMembers
export interface GitlabRegistrySecret extends RegistrySecretMembers {}
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class GitlabRegistrySecret extends pulumi.ComponentResource {
  /** The Secret's name, the same in every namespace. */
  public readonly secretName: pulumi.Output<string>;
  /** `[{ name }]`, ready for a pod spec's `imagePullSecrets`. */
  public readonly imagePullSecrets: pulumi.Output<LocalObjectReference[]>;

  public constructor(name: string, args: GitlabRegistrySecretArgs, opts?: pulumi.ComponentResourceOptions) {
    const base = presetArgs(RegistryKind.GITLAB, 'GitlabRegistrySecret', args);
    super('regcred:index:GitlabRegistrySecret', name, {}, opts);
    ({ secretName: this.secretName, imagePullSecrets: this.imagePullSecrets } = initRegistrySecret(
      this,
      name,
      base,
      presetPath,
    ));
  }
}
withRegistrySecretMembers(GitlabRegistrySecret);

/** An image pull Secret for `ghcr.io` (`regcred:index:GithubRegistrySecret`). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type -- the members are getters from withRegistrySecretMembers
export interface GithubRegistrySecret extends RegistrySecretMembers {}
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class GithubRegistrySecret extends pulumi.ComponentResource {
  /** The Secret's name, the same in every namespace. */
  public readonly secretName: pulumi.Output<string>;
  /** `[{ name }]`, ready for a pod spec's `imagePullSecrets`. */
  public readonly imagePullSecrets: pulumi.Output<LocalObjectReference[]>;

  public constructor(name: string, args: GithubRegistrySecretArgs, opts?: pulumi.ComponentResourceOptions) {
    const base = presetArgs(RegistryKind.GITHUB, 'GithubRegistrySecret', args);
    super('regcred:index:GithubRegistrySecret', name, {}, opts);
    ({ secretName: this.secretName, imagePullSecrets: this.imagePullSecrets } = initRegistrySecret(
      this,
      name,
      base,
      presetPath,
    ));
  }
}
withRegistrySecretMembers(GithubRegistrySecret);

/** An image pull Secret for Docker Hub (`regcred:index:DockerHubRegistrySecret`). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type -- the members are getters from withRegistrySecretMembers
export interface DockerHubRegistrySecret extends RegistrySecretMembers {}
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class DockerHubRegistrySecret extends pulumi.ComponentResource {
  /** The Secret's name, the same in every namespace. */
  public readonly secretName: pulumi.Output<string>;
  /** `[{ name }]`, ready for a pod spec's `imagePullSecrets`. */
  public readonly imagePullSecrets: pulumi.Output<LocalObjectReference[]>;

  public constructor(name: string, args: DockerHubRegistrySecretArgs, opts?: pulumi.ComponentResourceOptions) {
    const base = presetArgs(RegistryKind.DOCKER_HUB, 'DockerHubRegistrySecret', args);
    super('regcred:index:DockerHubRegistrySecret', name, {}, opts);
    ({ secretName: this.secretName, imagePullSecrets: this.imagePullSecrets } = initRegistrySecret(
      this,
      name,
      base,
      presetPath,
    ));
  }
}
withRegistrySecretMembers(DockerHubRegistrySecret);
