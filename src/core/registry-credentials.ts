import { RegcredError, isRecord, typeName } from './errors';
import { revealSecret, storeSecret } from './private/secrets';
import { REGISTRY_PRESETS } from './registries';
import { presetOf } from './preset-props';
import type {
  AzureContainerRegistryCredentialsProps,
  BasicCredentialsProps,
  DigitalOceanCredentialsProps,
  DockerHubCredentialsProps,
  GithubCredentialsProps,
  GitlabCredentialsProps,
  GitlabDependencyProxyCredentialsProps,
  GoogleArtifactRegistryCredentialsProps,
  HarborCredentialsProps,
  QuayCredentialsProps,
} from './registries';
import { Checker } from './registries/checker';
import { RegistryKind, RegistryPreset, ResolvedCredentials } from './registries/preset';

export * from './registries';

const REGISTRY_CREDENTIALS = Symbol.for('regcred.RegistryCredentials');
const INSPECT = Symbol.for('nodejs.util.inspect.custom');
/** The user name of kinds whose user name is the token itself, kept out of sight like the token. */
const usernames = new WeakMap<object, string>();

/** The registry key each preset writes when none is given. */
export const DEFAULT_REGISTRY_KEYS: Readonly<Record<RegistryKind, string | undefined>> = Object.fromEntries(
  Object.entries(REGISTRY_PRESETS).map(([kind, preset]) => [kind, preset.defaultKey]),
) as Record<RegistryKind, string | undefined>;

interface Resolved extends ResolvedCredentials {
  readonly warnings: string[];
}

/**
 * Credentials for one registry: the key the kubelet will match images against,
 * a username and a secret. Create them with a static factory per registry kind;
 * each validates its input (host, username and token rules of that registry,
 * kept in `src/core/registries/`) and throws a {@link RegcredError} naming every
 * bad field.
 *
 * The secret is never a property: `toString`, `JSON.stringify` and
 * `util.inspect` show `***`.
 */
export class RegistryCredentials {
  /**
   * A GitLab deploy token for the GitLab container registry. CI job tokens
   * (`glcbt-`) and other tokens that cannot pull are refused.
   * @see https://docs.gitlab.com/user/project/deploy_tokens/
   */
  public static gitlab(props: GitlabCredentialsProps): RegistryCredentials {
    return RegistryCredentials._fromPreset(RegistryKind.GITLAB, props);
  }

  /**
   * A GitLab group deploy token for the Dependency Proxy. The key is the GitLab
   * host itself, written both without and with `:443`, the two forms images take.
   * @see https://docs.gitlab.com/user/packages/dependency_proxy/
   */
  public static gitlabDependencyProxy(props: GitlabDependencyProxyCredentialsProps): RegistryCredentials {
    return RegistryCredentials._fromPreset(RegistryKind.GITLAB_DEPENDENCY_PROXY, props);
  }

  /**
   * A GitHub token for `ghcr.io`. Installation, OAuth and app tokens are refused;
   * fine-grained tokens warn.
   * @see https://docs.github.com/en/packages/working-with-a-github-packages-registry/working-with-the-container-registry
   */
  public static github(props: GithubCredentialsProps): RegistryCredentials {
    return RegistryCredentials._fromPreset(RegistryKind.GITHUB, props);
  }

  /**
   * A Docker Hub access token under the key the kubelet uses for Docker Hub images.
   * @see https://docs.docker.com/security/for-developers/access-tokens/
   */
  public static dockerHub(props: DockerHubCredentialsProps): RegistryCredentials {
    return RegistryCredentials._fromPreset(RegistryKind.DOCKER_HUB, props);
  }

  /**
   * A Quay robot account (`namespace+robot`), on quay.io or a self-hosted Quay.
   * @see https://docs.quay.io/glossary/robot-accounts.html
   */
  public static quay(props: QuayCredentialsProps): RegistryCredentials {
    return RegistryCredentials._fromPreset(RegistryKind.QUAY, props);
  }

  /**
   * A Harbor robot account (`robot$name`, `robot$project+name`).
   * @see https://goharbor.io/docs/main/working-with-projects/project-configuration/create-robot-accounts/
   */
  public static harbor(props: HarborCredentialsProps): RegistryCredentials {
    return RegistryCredentials._fromPreset(RegistryKind.HARBOR, props);
  }

  /**
   * A Google service-account JSON key for Artifact Registry (user `_json_key`),
   * keyed on `<location>-docker.pkg.dev`. One-hour access tokens are refused.
   * @see https://cloud.google.com/artifact-registry/docs/docker/authentication#json-key
   */
  public static googleArtifactRegistry(props: GoogleArtifactRegistryCredentialsProps): RegistryCredentials {
    return RegistryCredentials._fromPreset(RegistryKind.GOOGLE_ARTIFACT_REGISTRY, props);
  }

  /**
   * An Azure Container Registry repository-scoped token or service principal.
   * Three-hour access tokens (`az acr login --expose-token`) are refused.
   * @see https://learn.microsoft.com/azure/container-registry/container-registry-repository-scoped-permissions
   */
  public static azureContainerRegistry(props: AzureContainerRegistryCredentialsProps): RegistryCredentials {
    return RegistryCredentials._fromPreset(RegistryKind.AZURE_CONTAINER_REGISTRY, props);
  }

  /**
   * A DigitalOcean API token for `registry.digitalocean.com`, as user name and
   * password both (as `doctl registry docker-config` writes it).
   * @see https://docs.digitalocean.com/products/container-registry/how-to/use-registry-docker-kubernetes/
   */
  public static digitalOcean(props: DigitalOceanCredentialsProps): RegistryCredentials {
    return RegistryCredentials._fromPreset(RegistryKind.DIGITALOCEAN, props);
  }

  /** Username and password for any registry. */
  public static basic(props: BasicCredentialsProps): RegistryCredentials {
    return RegistryCredentials._fromPreset(RegistryKind.BASIC, props);
  }

  /**
   * Credentials of any kind from its props, as the factory of that kind makes
   * them (for regcred's adapters and CLI, which hold the kind as data).
   * @internal
   */
  public static _fromPreset(kind: RegistryKind, props: unknown): RegistryCredentials {
    const preset = presetOf(kind) as RegistryPreset<unknown>;
    if (!isRecord(props)) {
      throw new RegcredError('INVALID_CREDENTIALS', {
        field: 'props',
        message: `RegistryCredentials.${preset.factory} takes an object of props, got ${typeName(props)}. Call it as RegistryCredentials.${preset.factory}({ … }).`,
      });
    }
    const c = new Checker();
    const resolved = preset.resolve(props, c);
    if (c.issues.length > 0) throw new RegcredError('INVALID_CREDENTIALS', c.issues);
    return new RegistryCredentials({ ...resolved, warnings: c.warnings });
  }

  /** True for credentials made by any copy of regcred. */
  public static isRegistryCredentials(x: unknown): x is RegistryCredentials {
    return typeof x === 'object' && x !== null && REGISTRY_CREDENTIALS in x;
  }

  /** The registry kind (the factory that made these credentials). */
  public readonly kind: RegistryKind;
  /** The key written into the secret's `auths`. The kubelet matches images against it. */
  public readonly registry: string;
  /** Every key written with these credentials: `registry` first, then the forms images also take (a port, for one). */
  public readonly registries: string[];
  /** The username; `***` for kinds whose user name is the token itself (DigitalOcean). */
  public readonly username: string;
  /**
   * The email stored with the credentials.
   * @default - none
   */
  public readonly email?: string;
  /**
   * When the token stops working.
   * @default - not known
   */
  public readonly expiresAt?: Date;
  /**
   * The GitLab deploy token scopes.
   * @default - not given
   */
  public readonly scopes?: string[];
  /** Non-fatal findings about the input (a trimmed newline, an unusual token prefix). Never contain the secret. */
  public readonly warnings: string[];

  private constructor(r: Resolved) {
    this.kind = r.kind;
    this.registry = r.registries[0] ?? '';
    // Frozen like the credentials themselves; typed `string[]` as jsii's languages see arrays.
    this.registries = Object.freeze([...r.registries]) as string[];
    if (r.kind === RegistryKind.DIGITALOCEAN) {
      usernames.set(this, r.username);
      this.username = '***';
    } else {
      this.username = r.username;
    }
    if (r.email !== undefined) this.email = r.email;
    if (r.expiresAt !== undefined) this.expiresAt = r.expiresAt;
    if (r.scopes !== undefined) this.scopes = Object.freeze([...r.scopes]) as string[];
    this.warnings = r.warnings;
    storeSecret(this, r.secret);
    Object.defineProperty(this, REGISTRY_CREDENTIALS, { value: true });
    // Every field read-only, but the object stays extensible: jsii's kernel tags each object it
    // hands to another language with an id property.
    for (const key of Object.keys(this)) Object.defineProperty(this, key, { writable: false, configurable: false });
  }

  /** `RegistryCredentials(gitlab registry.gitlab.com username=… token=***)`. */
  public toString(): string {
    return `RegistryCredentials(${this.kind} ${this.registry} username=${this.username} secret=***)`;
  }

  /** A JSON view with the secret masked. */
  public toJSON(): Record<string, unknown> {
    return {
      kind: this.kind,
      registry: this.registry,
      username: this.username,
      ...(this.email !== undefined ? { email: this.email } : {}),
      ...(this.expiresAt !== undefined ? { expiresAt: this.expiresAt.toISOString() } : {}),
      secret: '***',
    };
  }

  /** @internal */
  public [INSPECT](): string {
    return this.toString();
  }
}

/** The secret of credentials; used by the renderers only. */
export function credentialSecret(c: RegistryCredentials): string {
  return revealSecret(c);
}

/** The user name as written into the secret; used by the renderers only. */
export function credentialUsername(c: RegistryCredentials): string {
  return usernames.get(c) ?? c.username;
}
