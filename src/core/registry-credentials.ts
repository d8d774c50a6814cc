import { RegcredError, RegcredIssue, isRecord, quote, typeName } from './errors';
import { DOCKER_HUB_KEY, registryKeyProblems } from './registry-key';
import { revealSecret, storeSecret } from './private/secrets';

const REGISTRY_CREDENTIALS = Symbol.for('regcred.RegistryCredentials');
const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/** The kinds of registry regcred knows. */
export enum RegistryKind {
  GITLAB = 'gitlab',
  GITLAB_DEPENDENCY_PROXY = 'gitlab-dependency-proxy',
  GITHUB = 'github',
  DOCKER_HUB = 'docker-hub',
  BASIC = 'basic',
}

/** The registry key each preset writes when none is given. */
export const DEFAULT_REGISTRY_KEYS: Readonly<Record<RegistryKind, string | undefined>> = {
  [RegistryKind.GITLAB]: 'registry.gitlab.com',
  [RegistryKind.GITLAB_DEPENDENCY_PROXY]: 'gitlab.com',
  [RegistryKind.GITHUB]: 'ghcr.io',
  [RegistryKind.DOCKER_HUB]: DOCKER_HUB_KEY,
  [RegistryKind.BASIC]: undefined,
};

/** Scopes a GitLab deploy token can have. */
export const GITLAB_DEPLOY_TOKEN_SCOPES = [
  'read_repository',
  'read_registry',
  'write_registry',
  'read_package_registry',
  'write_package_registry',
  'read_virtual_registry',
  'write_virtual_registry',
] as const;

/** A GitLab deploy token scope. */
export type GitlabDeployTokenScope = (typeof GITLAB_DEPLOY_TOKEN_SCOPES)[number];

/** Fields shared by every preset. */
export interface CommonCredentialsProps {
  /**
   * When the token stops working, as a `Date` or an RFC 3339 / ISO 8601 string
   * (`2027-01-31` or `2027-01-31T00:00:00Z`).
   * @default - the token does not expire
   */
  readonly expiresAt?: Date | string;
}

/** A GitLab deploy token (project or group) for the GitLab container registry. */
export interface GitlabCredentialsProps extends CommonCredentialsProps {
  /** The deploy token's username, e.g. `gitlab+deploy-token-123` or a custom name. */
  readonly username: string;
  /** The deploy token (`gldt-…`). Needs the `read_registry` scope. */
  readonly token: string;
  /**
   * The registry host, with port for a self-managed instance (`gitlab.example.com:5050`).
   * @default 'registry.gitlab.com'
   */
  readonly registry?: string;
  /**
   * The token's scopes, when known; checked to include `read_registry`.
   * @default - not checked
   */
  readonly scopes?: readonly GitlabDeployTokenScope[];
}

/** A GitLab group deploy token for the GitLab Dependency Proxy. */
export interface GitlabDependencyProxyCredentialsProps extends CommonCredentialsProps {
  /** The deploy token's username. */
  readonly username: string;
  /** The deploy token (`gldt-…`), with `read_registry` and `write_registry`. */
  readonly token: string;
  /**
   * The GitLab host itself (images look like `gitlab.com/group/dependency_proxy/containers/alpine`).
   * @default 'gitlab.com'
   */
  readonly host?: string;
}

/** A GitHub token for the GitHub Container Registry (`ghcr.io`). */
export interface GithubCredentialsProps extends CommonCredentialsProps {
  /** The GitHub user or organisation login. */
  readonly username: string;
  /** A personal access token (classic) with `read:packages`. */
  readonly token: string;
}

/** A Docker Hub personal or organisation access token. */
export interface DockerHubCredentialsProps extends CommonCredentialsProps {
  /** The Docker ID. */
  readonly username: string;
  /** An access token (`dckr_pat_…`) with read access. */
  readonly token: string;
  /**
   * The auths key. Only `https://index.docker.io/v1/` is accepted; the field
   * exists so that a config written for another key fails loudly.
   * @default 'https://index.docker.io/v1/'
   */
  readonly registry?: string;
}

/** Username and password for any registry. */
export interface BasicCredentialsProps extends CommonCredentialsProps {
  /** The auths key: a host (`registry.example.com`), host and port, optionally a path prefix or a `*` label glob. */
  readonly registry: string;
  /** The username. */
  readonly username: string;
  /** The password or token. */
  readonly password: string;
  /**
   * An email address; stored in the secret, never sent to the registry.
   * @default - none
   */
  readonly email?: string;
}

interface Resolved {
  kind: RegistryKind;
  registry: string;
  username: string;
  secret: string;
  secretField: string;
  email?: string;
  expiresAt?: Date;
  scopes?: readonly string[];
  warnings: string[];
}

/**
 * Credentials for one registry: the key the kubelet will match images against,
 * a username and a secret. Create them with a static factory per registry kind;
 * each validates its input and throws a {@link RegcredError} naming every bad field.
 *
 * The secret is never a property: `toString`, `JSON.stringify` and
 * `util.inspect` show `***`.
 */
export class RegistryCredentials {
  /**
   * A GitLab deploy token for the GitLab container registry.
   * @see https://docs.gitlab.com/user/project/deploy_tokens/
   */
  public static gitlab(props: GitlabCredentialsProps): RegistryCredentials {
    return RegistryCredentials.build('gitlab', props, (c, props) => {
      const registry = props.registry ?? DEFAULT_REGISTRY_KEYS[RegistryKind.GITLAB]!;
      c.registryKey(registry, 'registry');
      c.username(props.username);
      const token = c.token(props.token, 'token');
      if (token !== undefined) gitlabTokenShape(token, c);
      if (props.scopes !== undefined && !isStringArray(props.scopes)) {
        c.fail(
          'scopes',
          `'scopes' must be an array of strings such as ["read_registry"], got ${typeName(props.scopes)}.`,
        );
      } else if (props.scopes !== undefined) {
        const unknown = props.scopes.filter((s) => !(GITLAB_DEPLOY_TOKEN_SCOPES as readonly string[]).includes(s));
        if (unknown.length > 0) {
          c.fail(
            'scopes',
            `'scopes' ${JSON.stringify(unknown)} are not GitLab deploy token scopes. Use scopes from: ${GITLAB_DEPLOY_TOKEN_SCOPES.join(', ')}.`,
          );
        } else if (!props.scopes.includes('read_registry')) {
          c.fail(
            'scopes',
            `'scopes' ${JSON.stringify(props.scopes)} lacks "read_registry"; the registry refuses pulls with such a token (403 denied). Create a deploy token with the read_registry scope.`,
          );
        }
      }
      const expiresAt = c.expiresAt(props.expiresAt);
      return {
        kind: RegistryKind.GITLAB,
        registry,
        username: props.username,
        secret: token ?? '',
        secretField: 'token',
        ...(expiresAt ? { expiresAt } : {}),
        ...(isStringArray(props.scopes) ? { scopes: [...props.scopes] } : {}),
      };
    });
  }

  /**
   * A GitLab group deploy token for the Dependency Proxy; the key is the GitLab host itself.
   * @see https://docs.gitlab.com/user/packages/dependency_proxy/
   */
  public static gitlabDependencyProxy(props: GitlabDependencyProxyCredentialsProps): RegistryCredentials {
    return RegistryCredentials.build('gitlabDependencyProxy', props, (c, props) => {
      const host = props.host ?? DEFAULT_REGISTRY_KEYS[RegistryKind.GITLAB_DEPENDENCY_PROXY]!;
      c.registryKey(host, 'host');
      c.username(props.username);
      const token = c.token(props.token, 'token');
      if (token !== undefined) gitlabTokenShape(token, c);
      const expiresAt = c.expiresAt(props.expiresAt);
      return {
        kind: RegistryKind.GITLAB_DEPENDENCY_PROXY,
        registry: host,
        username: props.username,
        secret: token ?? '',
        secretField: 'token',
        ...(expiresAt ? { expiresAt } : {}),
      };
    });
  }

  /**
   * A GitHub token for `ghcr.io`.
   * @see https://docs.github.com/en/packages/working-with-a-github-packages-registry/working-with-the-container-registry
   */
  public static github(props: GithubCredentialsProps): RegistryCredentials {
    return RegistryCredentials.build('github', props, (c, props) => {
      c.username(props.username);
      const token = c.token(props.token, 'token');
      if (token !== undefined) {
        if (token.startsWith('github_pat_')) {
          c.warn(
            `'token' is a fine-grained personal access token; the GitHub Container Registry accepts only classic tokens (ghp_…) with read:packages. Pulls will fail with 403 if this token is not accepted.`,
          );
        } else if (token.startsWith('ghs_')) {
          c.warn(
            `'token' is a GitHub Actions installation token (ghs_…), which expires within hours. Use a classic personal access token with read:packages for a pull secret.`,
          );
        } else if (!token.startsWith('ghp_')) {
          c.warn(
            `'token' does not start with "ghp_", the prefix of a classic personal access token. Check that it has read:packages.`,
          );
        }
      }
      const expiresAt = c.expiresAt(props.expiresAt);
      return {
        kind: RegistryKind.GITHUB,
        registry: DEFAULT_REGISTRY_KEYS[RegistryKind.GITHUB]!,
        username: props.username,
        secret: token ?? '',
        secretField: 'token',
        ...(expiresAt ? { expiresAt } : {}),
      };
    });
  }

  /**
   * A Docker Hub access token under the key the kubelet uses for Docker Hub images.
   * @see https://docs.docker.com/security/for-developers/access-tokens/
   */
  public static dockerHub(props: DockerHubCredentialsProps): RegistryCredentials {
    return RegistryCredentials.build('dockerHub', props, (c, props) => {
      if (props.registry !== undefined && props.registry !== DOCKER_HUB_KEY) {
        c.fail(
          'registry',
          `'registry' ${quote(props.registry)} is not the Docker Hub key; the kubelet applies Docker Hub credentials only under ${quote(DOCKER_HUB_KEY)}. Leave 'registry' out, or use RegistryCredentials.basic for another registry.`,
        );
      }
      c.username(props.username);
      const token = c.token(props.token, 'token');
      if (token !== undefined && !token.startsWith('dckr_pat_') && !token.startsWith('dckr_oat_')) {
        c.warn(
          `'token' does not start with "dckr_pat_" or "dckr_oat_"; it may be an account password. Use a Docker Hub access token with read-only scope.`,
        );
      }
      const expiresAt = c.expiresAt(props.expiresAt);
      return {
        kind: RegistryKind.DOCKER_HUB,
        registry: DOCKER_HUB_KEY,
        username: props.username,
        secret: token ?? '',
        secretField: 'token',
        ...(expiresAt ? { expiresAt } : {}),
      };
    });
  }

  /** Username and password for any registry. */
  public static basic(props: BasicCredentialsProps): RegistryCredentials {
    return RegistryCredentials.build('basic', props, (c, props) => {
      c.registryKey(props.registry, 'registry');
      c.username(props.username);
      const password = c.token(props.password, 'password');
      if (props.email !== undefined && typeof props.email !== 'string') {
        c.fail('email', `'email' must be a string, got ${typeName(props.email)}.`);
      } else if (props.email !== undefined && (props.email === '' || /[\s\u0000-\u001f\u007f]/.test(props.email))) {
        c.fail(
          'email',
          `'email' ${quote(props.email)} is empty or contains white space. Leave 'email' out or give an address.`,
        );
      }
      const expiresAt = c.expiresAt(props.expiresAt);
      return {
        kind: RegistryKind.BASIC,
        registry: props.registry,
        username: props.username,
        secret: password ?? '',
        secretField: 'password',
        ...(typeof props.email === 'string' ? { email: props.email } : {}),
        ...(expiresAt ? { expiresAt } : {}),
      };
    });
  }

  /** True for credentials made by any copy of regcred. */
  public static isRegistryCredentials(x: unknown): x is RegistryCredentials {
    return typeof x === 'object' && x !== null && REGISTRY_CREDENTIALS in x;
  }

  /** The registry kind (the factory that made these credentials). */
  public readonly kind: RegistryKind;
  /** The key written into the secret's `auths`; the kubelet matches images against it. */
  public readonly registry: string;
  /** The username. */
  public readonly username: string;
  /** The email, if any. */
  public readonly email?: string;
  /** When the token stops working, if known. */
  public readonly expiresAt?: Date;
  /** The GitLab deploy token scopes, if given. */
  public readonly scopes?: readonly string[];
  /** Non-fatal findings about the input (a trimmed newline, an unusual token prefix). Never contain the secret. */
  public readonly warnings: readonly string[];

  private constructor(r: Resolved) {
    this.kind = r.kind;
    this.registry = r.registry;
    this.username = r.username;
    if (r.email !== undefined) this.email = r.email;
    if (r.expiresAt !== undefined) this.expiresAt = r.expiresAt;
    if (r.scopes !== undefined) this.scopes = r.scopes;
    this.warnings = r.warnings;
    storeSecret(this, r.secret);
    Object.defineProperty(this, REGISTRY_CREDENTIALS, { value: true });
    Object.freeze(this);
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

  private static build<P>(
    factory: string,
    props: P,
    body: (c: Checker, props: P) => Omit<Resolved, 'warnings'>,
  ): RegistryCredentials {
    if (!isRecord(props)) {
      throw new RegcredError('INVALID_CREDENTIALS', {
        field: 'props',
        message: `RegistryCredentials.${factory} takes an object of props, got ${typeName(props)}. Call it as RegistryCredentials.${factory}({ username, … }).`,
      });
    }
    const c = new Checker();
    const resolved = body(c, props);
    if (c.issues.length > 0) throw new RegcredError('INVALID_CREDENTIALS', c.issues);
    return new RegistryCredentials({ ...resolved, warnings: c.warnings });
  }
}

/** The secret of credentials; used by the renderers only. */
export function credentialSecret(c: RegistryCredentials): string {
  return revealSecret(c);
}

class Checker {
  public readonly issues: RegcredIssue[] = [];
  public readonly warnings: string[] = [];

  public fail(field: string, message: string): void {
    this.issues.push({ field, message });
  }

  public warn(message: string): void {
    this.warnings.push(message);
  }

  public registryKey(key: unknown, field: string): void {
    if (typeof key !== 'string') {
      this.fail(field, `'${field}' must be a string, got ${typeof key}.`);
      return;
    }
    for (const m of registryKeyProblems(key, field)) this.fail(field, m);
  }

  public username(username: unknown): void {
    if (typeof username !== 'string') {
      this.fail('username', `'username' must be a string, got ${typeName(username)}.`);
      return;
    }
    if (username.length === 0) {
      this.fail(
        'username',
        `'username' is empty. Give the registry username (for a GitLab deploy token, e.g. "gitlab+deploy-token-123").`,
      );
      return;
    }
    if (username.includes(':')) {
      this.fail(
        'username',
        `'username' ${quote(username.slice(0, username.indexOf(':')))}:*** contains ":"; the kubelet splits "auth" at the first colon, so the registry would receive user ${quote(username.slice(0, username.indexOf(':')))} and the rest as part of the password (a pasted "user:token"?). Use a username without ":".`,
      );
    }
    if (/[\s\u0000-\u001f\u007f]/.test(username)) {
      const shown = username.includes(':') ? `${username.slice(0, username.indexOf(':'))}:***` : username;
      this.fail('username', `'username' ${quote(shown)} contains white space or control characters. Remove them.`);
    }
  }

  /** Validates a secret; returns it trimmed, or undefined when unusable. */
  public token(value: unknown, field: string): string | undefined {
    if (typeof value !== 'string') {
      this.fail(field, `'${field}' must be a string, got ${typeName(value)}.`);
      return undefined;
    }
    if (value.length === 0) {
      this.fail(
        field,
        `'${field}' is empty. Give the ${field} (read it from an environment variable or a secret store, not from source code).`,
      );
      return undefined;
    }
    const trimmed = value.trim();
    if (trimmed.length === 0) {
      this.fail(field, `'${field}' "***" is only white space. Give the ${field}.`);
      return undefined;
    }
    if (/[\s\u0000-\u001f\u007f]/.test(trimmed)) {
      this.fail(
        field,
        `'${field}' "***" contains white space or control characters inside it; a token never does, and the registry would reject it. Check how it was copied.`,
      );
      return undefined;
    }
    if (trimmed !== value) {
      const what = /[\r\n]/.test(value) ? 'a newline' : 'white space';
      this.warn(
        `'${field}' "***" had ${what} around it; regcred removed it rather than encode it into "auth". Read the token without the newline (e.g. "echo -n", or "tr -d '\\n'").`,
      );
    }
    return trimmed;
  }

  public expiresAt(value: unknown): Date | undefined {
    if (value === undefined) return undefined;
    if (value instanceof Date) {
      if (Number.isNaN(value.getTime())) {
        this.fail(
          'expiresAt',
          `'expiresAt' is an invalid Date. Give a valid Date or a string like "2027-01-31T00:00:00Z".`,
        );
        return undefined;
      }
      return new Date(value.getTime());
    }
    const iso = /^\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:\d{2}))?$/;
    const time =
      typeof value === 'string' && iso.test(value)
        ? Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value)
        : NaN;
    if (Number.isNaN(time)) {
      this.fail(
        'expiresAt',
        `'expiresAt' ${typeof value === 'string' ? quote(value) : `(${typeName(value)})`} is not a date. Use an RFC 3339 date or time, e.g. "2027-01-31" or "2027-01-31T00:00:00Z".`,
      );
      return undefined;
    }
    return new Date(time);
  }
}

function gitlabTokenShape(token: string, c: Checker): void {
  if (token.startsWith('glpat-')) {
    c.warn(
      `'token' is a GitLab personal access token (glpat-…), tied to a person and their access. Prefer a deploy token (gldt-…) with read_registry for a pull secret.`,
    );
  } else if (!token.startsWith('gldt-')) {
    c.warn(
      `'token' does not start with "gldt-", the prefix of GitLab deploy tokens. Check that it is a deploy token with read_registry.`,
    );
  }
}

function isStringArray(x: unknown): x is string[] {
  return Array.isArray(x) && x.every((s) => typeof s === 'string');
}
