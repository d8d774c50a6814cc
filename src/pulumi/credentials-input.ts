import * as pulumi from '@pulumi/pulumi';
import { componentError } from './errors';
import {
  AzureContainerRegistryCredentialsProps,
  BasicCredentialsProps,
  DigitalOceanCredentialsProps,
  GoogleArtifactRegistryCredentialsProps,
  HarborCredentialsProps,
  QuayCredentialsProps,
  DockerHubCredentialsProps,
  GithubCredentialsProps,
  GitlabCredentialsProps,
  GitlabDependencyProxyCredentialsProps,
  RegcredError,
  RegistryCredentials,
  RegistryKind,
  GitlabDeployTokenScope,
  presetKey,
  presetOf,
  requireProps,
} from '../core/internal';

/** True when `value` holds no Output or Promise anywhere (so it can be validated now). */
export function isPlain(value: unknown): boolean {
  if (pulumi.Output.isInstance(value) || value instanceof Promise) return false;
  if (Array.isArray(value)) return value.every(isPlain);
  if (value instanceof Date) return true;
  if (typeof value === 'object' && value !== null) return Object.values(value).every(isPlain);
  return true;
}

/**
 * Registry credentials of any kind as plain args, for programs in other languages: the kind, and
 * the fields its props take in `regcred` (`GitlabCredentialsProps`: `username`, `token`, ...), each
 * an Input. A field the kind does not take is refused. In TypeScript, the factories of
 * {@link RegistryCredentialsInput} make the same.
 */
export interface RegistryCredentialsArgs {
  /** The registry kind, which decides the fields and their rules. */
  readonly kind: RegistryKind;
  /**
   * The username (every kind but Google Artifact Registry, whose username is fixed).
   * @default - absent: the kind's default, or not set
   */
  readonly username?: pulumi.Input<string>;
  /**
   * The token (GitLab, GitHub, Docker Hub, Quay, Harbor, DigitalOcean).
   * @default - absent: the kind's default, or not set
   */
  readonly token?: pulumi.Input<string>;
  /**
   * The password (Azure Container Registry, basic).
   * @default - absent: the kind's default, or not set
   */
  readonly password?: pulumi.Input<string>;
  /**
   * The service account key, JSON (Google Artifact Registry).
   * @default - absent: the kind's default, or not set
   */
  readonly serviceAccountKey?: pulumi.Input<string>;
  /**
   * The registry key, for kinds that take one.
   * @default - absent: the kind's default, or not set
   */
  readonly registry?: pulumi.Input<string>;
  /**
   * The registry host (DigitalOcean).
   * @default - absent: the kind's default, or not set
   */
  readonly host?: pulumi.Input<string>;
  /**
   * The location (Google Artifact Registry, `europe-west1`).
   * @default - absent: the kind's default, or not set
   */
  readonly location?: pulumi.Input<string>;
  /**
   * The email (Google Artifact Registry).
   * @default - absent: the kind's default, or not set
   */
  readonly email?: pulumi.Input<string>;
  /**
   * The token's scopes (GitLab).
   * @default - absent: the kind's default, or not set
   */
  readonly scopes?: pulumi.Input<GitlabDeployTokenScope[]>;
  /**
   * When the token stops working: RFC 3339 text.
   * @default - absent: the kind's default, or not set
   */
  readonly expiresAt?: pulumi.Input<string>;
  /**
   * Use a token regcred refuses because of its kind, with a warning.
   * @default - absent: the kind's default, or not set
   */
  readonly acceptRefusedToken?: pulumi.Input<boolean>;
}

/**
 * Registry credentials whose fields are `pulumi.Input`s, e.g. a token from
 * `config.requireSecret('gitlabDeployToken')` or from a deploy-token resource.
 * Each factory validates with the same rules as {@link RegistryCredentials}.
 */
export class RegistryCredentialsInput implements RegistryCredentialsArgs {
  /** A GitLab deploy token for the GitLab container registry. */
  public static gitlab(props: {
    readonly [K in keyof GitlabCredentialsProps]: pulumi.Input<GitlabCredentialsProps[K]>;
  }): RegistryCredentialsInput {
    return RegistryCredentialsInput._fromPreset(RegistryKind.GITLAB, props);
  }

  /** A GitLab group deploy token for the Dependency Proxy. */
  public static gitlabDependencyProxy(props: {
    readonly [K in keyof GitlabDependencyProxyCredentialsProps]: pulumi.Input<GitlabDependencyProxyCredentialsProps[K]>;
  }): RegistryCredentialsInput {
    return RegistryCredentialsInput._fromPreset(RegistryKind.GITLAB_DEPENDENCY_PROXY, props);
  }

  /** A GitHub token for `ghcr.io`. */
  public static github(props: {
    readonly [K in keyof GithubCredentialsProps]: pulumi.Input<GithubCredentialsProps[K]>;
  }): RegistryCredentialsInput {
    return RegistryCredentialsInput._fromPreset(RegistryKind.GITHUB, props);
  }

  /** A Docker Hub access token. */
  public static dockerHub(props: {
    readonly [K in keyof DockerHubCredentialsProps]: pulumi.Input<DockerHubCredentialsProps[K]>;
  }): RegistryCredentialsInput {
    return RegistryCredentialsInput._fromPreset(RegistryKind.DOCKER_HUB, props);
  }

  /** A Quay robot account. */
  public static quay(props: {
    readonly [K in keyof QuayCredentialsProps]: pulumi.Input<QuayCredentialsProps[K]>;
  }): RegistryCredentialsInput {
    return RegistryCredentialsInput._fromPreset(RegistryKind.QUAY, props);
  }

  /** A Harbor robot account. */
  public static harbor(props: {
    readonly [K in keyof HarborCredentialsProps]: pulumi.Input<HarborCredentialsProps[K]>;
  }): RegistryCredentialsInput {
    return RegistryCredentialsInput._fromPreset(RegistryKind.HARBOR, props);
  }

  /** A Google service-account key for Artifact Registry. */
  public static googleArtifactRegistry(props: {
    readonly [K in keyof GoogleArtifactRegistryCredentialsProps]: pulumi.Input<
      GoogleArtifactRegistryCredentialsProps[K]
    >;
  }): RegistryCredentialsInput {
    return RegistryCredentialsInput._fromPreset(RegistryKind.GOOGLE_ARTIFACT_REGISTRY, props);
  }

  /** An Azure Container Registry token or service principal. */
  public static azureContainerRegistry(props: {
    readonly [K in keyof AzureContainerRegistryCredentialsProps]: pulumi.Input<
      AzureContainerRegistryCredentialsProps[K]
    >;
  }): RegistryCredentialsInput {
    return RegistryCredentialsInput._fromPreset(RegistryKind.AZURE_CONTAINER_REGISTRY, props);
  }

  /** A DigitalOcean API token. */
  public static digitalOcean(props: {
    readonly [K in keyof DigitalOceanCredentialsProps]: pulumi.Input<DigitalOceanCredentialsProps[K]>;
  }): RegistryCredentialsInput {
    return RegistryCredentialsInput._fromPreset(RegistryKind.DIGITALOCEAN, props);
  }

  /** Username and password for any registry. */
  public static basic(props: {
    readonly [K in keyof BasicCredentialsProps]: pulumi.Input<BasicCredentialsProps[K]>;
  }): RegistryCredentialsInput {
    return RegistryCredentialsInput._fromPreset(RegistryKind.BASIC, props);
  }

  /**
   * Credentials of any kind from its props as Inputs, as the factory of that kind makes them.
   * @internal
   */
  public static _fromPreset(kind: RegistryKind, props: object): RegistryCredentialsInput {
    return new RegistryCredentialsInput(kind, props);
  }

  /**
   * The credentials `args` describe: as they are when made by a factory, else read as
   * {@link RegistryCredentialsArgs}.
   * @throws RegcredError naming the kind or a field the kind does not take
   * @internal
   */
  public static of(args: RegistryCredentialsArgs | RegistryCredentialsInput): RegistryCredentialsInput {
    if (args instanceof RegistryCredentialsInput) return args;
    requireProps(args, 'credentials', '{ kind, username, token }');
    const { kind, ...fields } = args;
    const preset = presetOf(kind);
    const takes = Object.keys(preset.fields);
    const stray = Object.keys(fields).filter((f) => !takes.includes(f) && fields[f] !== undefined);
    if (stray.length > 0) {
      throw new RegcredError(
        'INVALID_ARGUMENT',
        stray.map((f) => ({
          field: f,
          message: `'${f}' is not a field of ${kind} credentials; they take ${takes.join(', ')}.`,
        })),
      );
    }
    return new RegistryCredentialsInput(kind, fields);
  }

  /**
   * The registry key, when it is known without resolving any Output.
   * @default - absent when the registry is an Output
   */
  public readonly plainRegistry?: string;

  private constructor(
    public readonly kind: RegistryKind,
    private readonly props: object,
  ) {
    const key = presetKey(kind, props as Record<string, unknown>);
    if (key !== undefined) this.plainRegistry = key;
  }

  /**
   * Builds the credentials from resolved values.
   * @internal
   */
  public build(values: unknown): RegistryCredentials {
    return RegistryCredentials._fromPreset(this.kind, values);
  }

  /**
   * The field values, if every one is known now (no Output or Promise).
   * @internal
   */
  public knownProps(): Record<string, unknown> | undefined {
    return isPlain(this.props) ? (this.props as Record<string, unknown>) : undefined;
  }

  /** The field values once known, as plain data. */
  public values(): pulumi.Output<Record<string, unknown>> {
    return pulumi.output(this.props).apply((v) => v as Record<string, unknown>);
  }
}

/**
 * The credentials once known (`field` names the list). A value that breaks a rule rejects the Output with one
 * ResourceError on `parent` (componentError) naming every such property: the engine
 * reports it once and ends the update, resources whose inputs derive from it are never
 * registered, and under `pulumi.runtime.setMocks` the program fails with it too.
 */
export function resolveCredentialsOrFail(
  inputs: readonly RegistryCredentialsInput[],
  field: string,
  parent: pulumi.Resource,
): pulumi.Output<RegistryCredentials[]> {
  return pulumi.all(inputs.map((c) => c.values())).apply((vals) => {
    const issues: string[] = [];
    const built = vals.map((v, i) => {
      try {
        return inputs[i].build(v);
      } catch (e) {
        if (!RegcredError.isRegcredError(e)) throw e;
        issues.push(`${field}[${i}].${e.field}: ${e.message}`);
        return undefined;
      }
    });
    if (issues.length > 0) throw componentError(issues.join('\n'), parent);
    return built as RegistryCredentials[];
  });
}
