import * as pulumi from '@pulumi/pulumi';
import {
  AzureContainerRegistryCredentialsProps,
  BasicCredentialsProps,
  DigitalOceanCredentialsProps,
  GoogleArtifactRegistryCredentialsProps,
  HarborCredentialsProps,
  QuayCredentialsProps,
  DEFAULT_REGISTRY_KEYS,
  DockerHubCredentialsProps,
  GithubCredentialsProps,
  GitlabCredentialsProps,
  GitlabDependencyProxyCredentialsProps,
  RegcredError,
  RegistryCredentials,
  RegistryKind,
} from '../core';

/** Every field of `T` as a `pulumi.Input`. */
export type Inputs<T> = { readonly [K in keyof T]: pulumi.Input<T[K]> };

/** True when `value` holds no Output or Promise anywhere (so it can be validated now). */
export function isPlain(value: unknown): boolean {
  if (pulumi.Output.isInstance(value) || value instanceof Promise) return false;
  if (Array.isArray(value)) return value.every(isPlain);
  if (value instanceof Date) return true;
  if (typeof value === 'object' && value !== null) return Object.values(value).every(isPlain);
  return true;
}

/**
 * Registry credentials whose fields are `pulumi.Input`s, e.g. a token from
 * `config.requireSecret('gitlabDeployToken')` or from a deploy-token resource.
 * Each factory validates with the same rules as {@link RegistryCredentials}.
 */
export class RegistryCredentialsInput {
  /** A GitLab deploy token for the GitLab container registry. */
  public static gitlab(props: Inputs<GitlabCredentialsProps>): RegistryCredentialsInput {
    return new RegistryCredentialsInput(RegistryKind.GITLAB, props, props.registry);
  }

  /** A GitLab group deploy token for the Dependency Proxy. */
  public static gitlabDependencyProxy(props: Inputs<GitlabDependencyProxyCredentialsProps>): RegistryCredentialsInput {
    return new RegistryCredentialsInput(RegistryKind.GITLAB_DEPENDENCY_PROXY, props, props.host);
  }

  /** A GitHub token for `ghcr.io`. */
  public static github(props: Inputs<GithubCredentialsProps>): RegistryCredentialsInput {
    return new RegistryCredentialsInput(RegistryKind.GITHUB, props, undefined);
  }

  /** A Docker Hub access token. */
  public static dockerHub(props: Inputs<DockerHubCredentialsProps>): RegistryCredentialsInput {
    return new RegistryCredentialsInput(RegistryKind.DOCKER_HUB, props, props.registry);
  }

  /** A Quay robot account. */
  public static quay(props: Inputs<QuayCredentialsProps>): RegistryCredentialsInput {
    return new RegistryCredentialsInput(RegistryKind.QUAY, props, props.registry);
  }

  /** A Harbor robot account. */
  public static harbor(props: Inputs<HarborCredentialsProps>): RegistryCredentialsInput {
    return new RegistryCredentialsInput(RegistryKind.HARBOR, props, props.registry);
  }

  /** A Google service-account key for Artifact Registry. */
  public static googleArtifactRegistry(
    props: Inputs<GoogleArtifactRegistryCredentialsProps>,
  ): RegistryCredentialsInput {
    const location = props.location;
    return new RegistryCredentialsInput(
      RegistryKind.GOOGLE_ARTIFACT_REGISTRY,
      props,
      typeof location === 'string' ? `${location}-docker.pkg.dev` : props.registry,
    );
  }

  /** An Azure Container Registry token or service principal. */
  public static azureContainerRegistry(
    props: Inputs<AzureContainerRegistryCredentialsProps>,
  ): RegistryCredentialsInput {
    return new RegistryCredentialsInput(RegistryKind.AZURE_CONTAINER_REGISTRY, props, props.registry);
  }

  /** A DigitalOcean API token. */
  public static digitalOcean(props: Inputs<DigitalOceanCredentialsProps>): RegistryCredentialsInput {
    return new RegistryCredentialsInput(RegistryKind.DIGITALOCEAN, props, undefined);
  }

  /** Username and password for any registry. */
  public static basic(props: Inputs<BasicCredentialsProps>): RegistryCredentialsInput {
    return new RegistryCredentialsInput(RegistryKind.BASIC, props, props.registry);
  }

  /**
   * The registry key, when it is known without resolving any Output.
   * @default - absent when the registry is an Output
   */
  public readonly plainRegistry?: string;

  private constructor(
    public readonly kind: RegistryKind,
    private readonly props: object,
    registry: unknown,
  ) {
    const key: unknown = registry ?? DEFAULT_REGISTRY_KEYS[kind];
    if (typeof key === 'string') this.plainRegistry = key;
  }

  /**
   * Builds the credentials from resolved values.
   * @internal
   */
  public build(values: unknown): RegistryCredentials {
    return RegistryCredentials.fromPreset(this.kind, values);
  }

  /**
   * The field values once known, as plain data (a `Date` becomes its ISO string:
   * Pulumi copies objects it unwraps, and a copied `Date` is empty).
   */
  public values(): pulumi.Output<Record<string, unknown>> {
    const iso = (v: unknown): unknown => (v instanceof Date ? v.toISOString() : v);
    const fields = Object.fromEntries(
      Object.entries(this.props).map(([k, v]) => [k, pulumi.Output.isInstance(v) ? v.apply(iso) : iso(v)]),
    );
    return pulumi.output(fields).apply((v) => v as Record<string, unknown>);
  }
}

/**
 * The credentials once known, or `undefined` when a value breaks a rule: the
 * rule is then logged as an error on `parent`, once, and the update fails
 * without a stack trace. (A rejected Output in a child's inputs would leave the
 * child's outputs pending forever, and the update would never end.)
 */
export function resolveCredentialsOrReport(
  inputs: readonly RegistryCredentialsInput[],
  parent: pulumi.Resource,
): pulumi.Output<RegistryCredentials[] | undefined> {
  return pulumi.all(inputs.map((c) => c.values())).apply((vals) => {
    const issues: string[] = [];
    const built = vals.map((v, i) => {
      try {
        return inputs[i].build(v);
      } catch (e) {
        if (!RegcredError.isRegcredError(e)) throw e;
        issues.push(`credentials[${i}].${e.field}: ${e.message}`);
        return undefined;
      }
    });
    if (issues.length > 0) {
      void pulumi.log.error(issues.join('\n'), parent);
      return undefined;
    }
    return built as RegistryCredentials[];
  });
}
