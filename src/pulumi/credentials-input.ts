import * as pulumi from '@pulumi/pulumi';
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
  presetKey,
} from '../core/internal';

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
    return RegistryCredentialsInput.fromPreset(RegistryKind.GITLAB, props);
  }

  /** A GitLab group deploy token for the Dependency Proxy. */
  public static gitlabDependencyProxy(props: Inputs<GitlabDependencyProxyCredentialsProps>): RegistryCredentialsInput {
    return RegistryCredentialsInput.fromPreset(RegistryKind.GITLAB_DEPENDENCY_PROXY, props);
  }

  /** A GitHub token for `ghcr.io`. */
  public static github(props: Inputs<GithubCredentialsProps>): RegistryCredentialsInput {
    return RegistryCredentialsInput.fromPreset(RegistryKind.GITHUB, props);
  }

  /** A Docker Hub access token. */
  public static dockerHub(props: Inputs<DockerHubCredentialsProps>): RegistryCredentialsInput {
    return RegistryCredentialsInput.fromPreset(RegistryKind.DOCKER_HUB, props);
  }

  /** A Quay robot account. */
  public static quay(props: Inputs<QuayCredentialsProps>): RegistryCredentialsInput {
    return RegistryCredentialsInput.fromPreset(RegistryKind.QUAY, props);
  }

  /** A Harbor robot account. */
  public static harbor(props: Inputs<HarborCredentialsProps>): RegistryCredentialsInput {
    return RegistryCredentialsInput.fromPreset(RegistryKind.HARBOR, props);
  }

  /** A Google service-account key for Artifact Registry. */
  public static googleArtifactRegistry(
    props: Inputs<GoogleArtifactRegistryCredentialsProps>,
  ): RegistryCredentialsInput {
    return RegistryCredentialsInput.fromPreset(RegistryKind.GOOGLE_ARTIFACT_REGISTRY, props);
  }

  /** An Azure Container Registry token or service principal. */
  public static azureContainerRegistry(
    props: Inputs<AzureContainerRegistryCredentialsProps>,
  ): RegistryCredentialsInput {
    return RegistryCredentialsInput.fromPreset(RegistryKind.AZURE_CONTAINER_REGISTRY, props);
  }

  /** A DigitalOcean API token. */
  public static digitalOcean(props: Inputs<DigitalOceanCredentialsProps>): RegistryCredentialsInput {
    return RegistryCredentialsInput.fromPreset(RegistryKind.DIGITALOCEAN, props);
  }

  /** Username and password for any registry. */
  public static basic(props: Inputs<BasicCredentialsProps>): RegistryCredentialsInput {
    return RegistryCredentialsInput.fromPreset(RegistryKind.BASIC, props);
  }

  /** Credentials of any kind from its props as Inputs, as the factory of that kind makes them. */
  public static fromPreset(kind: RegistryKind, props: object): RegistryCredentialsInput {
    return new RegistryCredentialsInput(kind, props);
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
    return RegistryCredentials.fromPreset(this.kind, values);
  }

  /** The field values once known, as plain data. */
  public values(): pulumi.Output<Record<string, unknown>> {
    return pulumi.output(this.props).apply((v) => v as Record<string, unknown>);
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
