/**
 * What a registry kind is, as data: its default key, the token kinds it knows
 * with a verdict each, where a token is made and how it expires. One module
 * per kind (`gitlab.ts`, `quay.ts`, …) declares one {@link RegistryPreset};
 * `RegistryCredentials` turns props into credentials through it.
 */
import { RegcredIssue, quote, typeName } from '../errors';
import { registryKeyProblems, registryKeyWarnings } from '../registry-key';
import { parseTime } from '../private/time';

/** The kinds of registry regcred knows. */
export enum RegistryKind {
  GITLAB = 'gitlab',
  GITLAB_DEPENDENCY_PROXY = 'gitlab-dependency-proxy',
  GITHUB = 'github',
  DOCKER_HUB = 'docker-hub',
  QUAY = 'quay',
  HARBOR = 'harbor',
  GOOGLE_ARTIFACT_REGISTRY = 'google-artifact-registry',
  AZURE_CONTAINER_REGISTRY = 'azure-container-registry',
  DIGITALOCEAN = 'digitalocean',
  BASIC = 'basic',
}

/** What regcred does with a token of a kind: take it, take it with a warning, or refuse it. */
export type TokenVerdict = 'accept' | 'warn' | 'refuse';

/** A kind of token, recognised by its prefix. */
export interface TokenKind {
  /** The prefix the token starts with (`gldt-`). */
  readonly prefix: string;
  /** What the token is, in words (`a GitLab CI/CD job token`). */
  readonly name: string;
  readonly verdict: TokenVerdict;
  /**
   * Why it will not (or may not) work in a pull secret; required for warn and refuse.
   * @default - none, for accepted kinds
   */
  readonly why?: string;
  /**
   * What to use instead; required for warn and refuse.
   * @default - none, for accepted kinds
   */
  readonly fix?: string;
}

/** The verdict for a token whose prefix matches no known kind. */
export interface UnknownTokenRule {
  readonly verdict: TokenVerdict;
  readonly why: string;
  readonly fix: string;
}

/** Fields shared by every preset. */
export interface CommonCredentialsProps {
  /**
   * When the token stops working: an RFC 3339 date (`2027-01-31`, midnight UTC) or
   * time with a zone (`2027-01-31T00:00:00Z`; from a `Date`, `date.toISOString()`).
   * @default - the token does not expire
   */
  readonly expiresAt?: string;
  /**
   * Use a token that regcred refuses because of its kind (a CI job token, a
   * one-hour access token), with a warning instead of an error. For someone who
   * knows the pods using it only run while the token lives (a Job started by the
   * pipeline that owns the token).
   * @default false
   */
  readonly acceptRefusedToken?: boolean;
}

/** What a preset resolves props into. */
export interface ResolvedCredentials {
  readonly kind: RegistryKind;
  /** The primary key, and every other key written with the same credentials. */
  readonly registries: readonly string[];
  readonly username: string;
  readonly secret: string;
  /** The name of the prop that held the secret (`token`, `password`). */
  readonly secretField: string;
  /**
   * The email written with the credentials.
   * @default - none
   */
  readonly email?: string;
  /**
   * When the token stops working.
   * @default - not known
   */
  readonly expiresAt?: Date;
  /**
   * The token's scopes.
   * @default - not known
   */
  readonly scopes?: readonly string[];
}

/**
 * What a props field of a registry kind is for: the username, the secret, the registry key (or what
 * it is derived from), the expiry, or any other setting of the credentials.
 */
export type PresetField = 'username' | 'secret' | 'key' | 'expiry' | 'setting';

/** Each field of props `P` with its role (any field names for the table of every kind). */
export type PresetFields<P> = [P] extends [never]
  ? Readonly<Record<string, PresetField>>
  : { readonly [K in keyof Required<P>]: PresetField };

/** One registry kind: its rules and how its props become credentials. */
export interface RegistryPreset<P> {
  readonly kind: RegistryKind;
  /** The factory's name on `RegistryCredentials` (`gitlab`). */
  readonly factory: string;
  /** The registry, in words (`GitLab container registry`). */
  readonly title: string;
  /**
   * The key written when the props name none.
   * @default - none: the props must name the registry
   */
  readonly defaultKey?: string;
  /**
   * Every field of the kind's props, with its role: the one list adapters split props by, so a
   * field added here reaches every construct and component of the kind.
   */
  readonly fields: PresetFields<P>;
  /**
   * The registry key the props name, when it can be told from them (the Pulumi components know it
   * before any Output resolves); undefined when a key field is not a plain string.
   * @default - the `key` field's value, else `defaultKey`
   */
  keyOf?(props: Readonly<Record<string, unknown>>): unknown;
  /** Token kinds, by prefix. */
  readonly tokenKinds: readonly TokenKind[];
  /**
   * The verdict for a token with no known prefix.
   * @default - accepted
   */
  readonly unknownToken?: UnknownTokenRule;
  /**
   * The secret may be a password a person chose (not one the registry generated): sealing it
   * deterministically would let anyone who reads the SealedSecret confirm guesses offline.
   * @default false
   */
  readonly personChosenSecret?: boolean;
  /** Where the token or password is created. */
  readonly tokenDocs: string;
  /** How long such a token lives, in words. */
  readonly expiry: string;
  /** The rotation steps, in one sentence. */
  readonly rotation: string;
  /**
   * Checks the props with `c` and resolves them; issues collected in `c` make the factory throw.
   * @internal
   */
  resolve(props: P, c: Checker): ResolvedCredentials;
}

/** Collects the issues and warnings of one factory call. */
export class Checker {
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
      this.fail(field, `'${field}' must be a string, got ${typeName(key)}.`);
      return;
    }
    const problems = registryKeyProblems(key, field);
    for (const m of problems) this.fail(field, m);
    if (problems.length === 0) for (const m of registryKeyWarnings(key, field)) this.warn(m);
  }

  /** A string prop that may be absent; fails for any other type. */
  public optionalString(value: unknown, field: string): string | undefined {
    if (value === undefined || typeof value === 'string') return value;
    this.fail(field, `'${field}' must be a string, got ${typeName(value)}.`);
    return undefined;
  }

  public username(username: unknown, field = 'username'): username is string {
    if (typeof username !== 'string') {
      this.fail(field, `'${field}' must be a string, got ${typeName(username)}.`);
      return false;
    }
    if (username.length === 0) {
      this.fail(
        field,
        `'${field}' is empty. Give the registry username (for a GitLab deploy token, e.g. "gitlab+deploy-token-123").`,
      );
      return false;
    }
    const colon = username.indexOf(':');
    // What follows a colon may be a pasted token: never print it.
    const shown = colon < 0 ? quote(username) : `${quote(username.slice(0, colon))}:***`;
    if (colon >= 0) {
      this.fail(
        field,
        `'${field}' ${shown} contains ":"; the kubelet splits "auth" at the first colon, so the registry would receive user ${quote(username.slice(0, colon))} and the rest as part of the password (a pasted "user:token"?). Use a username without ":".`,
      );
    }
    if (/[\s\u0000-\u001f\u007f]/.test(username)) {
      this.fail(field, `'${field}' ${shown} contains white space or control characters. Remove them.`);
    }
    return colon < 0;
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

  /**
   * Applies the preset's verdict on the token's kind. Messages name the kind
   * and its prefix, never the token.
   */
  public tokenKind(
    token: string,
    preset: Pick<RegistryPreset<unknown>, 'tokenKinds' | 'unknownToken'>,
    acceptRefused: unknown,
    field = 'token',
    unknownToken = preset.unknownToken,
  ): void {
    const kind = [...preset.tokenKinds]
      .sort((a, b) => b.prefix.length - a.prefix.length)
      .find((k) => token.startsWith(k.prefix));
    const rule = kind ?? unknownToken;
    if (!rule || rule.verdict === 'accept') return;
    const what = kind ? `is ${kind.name} (${kind.prefix}…)` : 'has no prefix regcred knows';
    const reason = `${rule.why ?? ''} ${rule.fix ?? ''}`.trim();
    if (rule.verdict === 'warn') {
      this.warn(`'${field}' ${what}: ${reason}`);
      return;
    }
    this.refuse(
      field,
      acceptRefused,
      `'${field}' ${what}, which cannot work in a pull secret for long: ${reason}`,
      `'${field}' ${what}, which cannot work in a pull secret: ${reason}`,
    );
  }

  /**
   * Refuses a credential that stops working by itself (a job token, an access token that lives
   * hours), or, with `acceptRefusedToken`, takes it with a warning.
   * @returns true when the credential is taken anyway
   */
  public refuse(field: string, acceptRefused: unknown, whenAccepted: string, whenRefused = whenAccepted): boolean {
    if (acceptRefused === true) {
      this.warn(`${whenAccepted} Used anyway because acceptRefusedToken (--accept-refused-token) is set.`);
      return true;
    }
    this.fail(
      field,
      `${whenRefused} If you know the pods only run while it lives, set acceptRefusedToken: true (regcred secret: --accept-refused-token).`,
    );
    return false;
  }

  public expiresAt(value: unknown): Date | undefined {
    if (value === undefined) return undefined;
    const t = parseTime(value, 'expiresAt');
    if ('problem' in t) {
      this.fail('expiresAt', t.problem);
      return undefined;
    }
    return t.date;
  }

  /** `expiresAt` resolved, as the optional field of {@link ResolvedCredentials}. */
  public expiry(value: unknown): { expiresAt?: Date } {
    const expiresAt = this.expiresAt(value);
    return expiresAt ? { expiresAt } : {};
  }
}
