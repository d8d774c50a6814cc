/**
 * What a registry kind is, as data: its default key, the token kinds it knows
 * with a verdict each, where a token is made and how it expires. One module
 * per kind (`gitlab.ts`, `quay.ts`, …) declares one {@link RegistryPreset};
 * `RegistryCredentials` turns props into credentials through it.
 */
import type { Checker } from './checker';

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
   * time with a zone (`2027-01-31T00:00:00Z`). From a `Date`: `date.toISOString()`.
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
