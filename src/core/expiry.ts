/**
 * Token expiry: the annotation that carries it on a Secret, and the findings
 * that warn before pulls break.
 */
import { compareUtf8 } from './private/go-bytes';
import { RegcredError } from './errors';
import { parseTime } from './private/time';
import { RegistryCredentials, RegistryKind } from './registry-credentials';
import { REGISTRY_PRESETS } from './registries';

/**
 * The annotation holding when a Secret's tokens expire, as RFC 3339 UTC. For
 * one credential the value is the time (`2027-01-31T00:00:00Z`); for several,
 * `KEY=TIME` pairs joined by commas, sorted by registry key
 * (`ghcr.io=2026-12-01T00:00:00Z,registry.gitlab.com=2027-01-31T00:00:00Z`).
 */
export const EXPIRES_AT_ANNOTATION = 'regcred.io/expires-at';

/** Default warning window: 30 days. */
export const DEFAULT_EXPIRY_WINDOW_MS = 30 * 24 * 60 * 60 * 1000;

/** When a registry's token expires. */
export interface TokenExpiry {
  /**
   * The registry key.
   * @default - absent for a single-valued annotation
   */
  readonly registry?: string;
  readonly expiresAt: Date;
}

function rfc3339(d: Date): string {
  return d.toISOString().replace(/\.000Z$/, 'Z');
}

/** The annotations for credentials with `expiresAt`; empty when none has one. */
export function expiryAnnotations(credentials: readonly RegistryCredentials[]): Record<string, string> {
  const dated = credentials
    .filter((c) => c.expiresAt !== undefined)
    .sort((a, b) => compareUtf8(a.registry, b.registry));
  if (dated.length === 0) return {};
  const value =
    credentials.length === 1
      ? rfc3339(dated[0].expiresAt!)
      : dated.map((c) => `${c.registry}=${rfc3339(c.expiresAt!)}`).join(',');
  return { [EXPIRES_AT_ANNOTATION]: value };
}

/** Reads the annotation; `undefined` when it is malformed. */
export function parseExpiryAnnotation(value: string): TokenExpiry[] | undefined {
  const parts = value.split(',').map((p) => p.trim());
  const out: TokenExpiry[] = [];
  for (const part of parts) {
    const eq = part.lastIndexOf('=');
    const registry = eq >= 0 ? part.slice(0, eq) : undefined;
    const time = Date.parse(eq >= 0 ? part.slice(eq + 1) : part);
    if (Number.isNaN(time) || (registry !== undefined && registry === '')) return undefined;
    out.push({ ...(registry !== undefined ? { registry } : {}), expiresAt: new Date(time) });
  }
  return out.length > 0 ? out : undefined;
}

/** When and how strictly expiry is judged. */
export interface ExpiryPolicy {
  /** The current time (inject it; regcred reads no clock of its own here). */
  readonly now: Date;
  /**
   * Warn when a token expires within this many milliseconds.
   * @default 30 days
   */
  readonly warnWithinMs?: number;
}

/** One expired or expiring token. */
export interface ExpiryFinding {
  readonly state: 'expired' | 'expiring';
  readonly registry: string;
  readonly expiresAt: Date;
  readonly message: string;
  readonly fix: string;
}

const DAY = 24 * 60 * 60 * 1000;

/** The rotation steps for a registry kind, in one sentence. */
export function rotationSteps(kind: RegistryKind | undefined): string {
  return (REGISTRY_PRESETS[kind ?? RegistryKind.BASIC] ?? REGISTRY_PRESETS[RegistryKind.BASIC]).rotation;
}

/** Judges one expiry date; undefined when it is far enough away. */
export function judgeExpiry(
  secret: string,
  registry: string,
  expiresAt: Date,
  policy: ExpiryPolicy,
  kind?: RegistryKind,
): ExpiryFinding | undefined {
  const left = expiresAt.getTime() - policy.now.getTime();
  const window = policy.warnWithinMs ?? DEFAULT_EXPIRY_WINDOW_MS;
  if (left > window) return undefined;
  const date = rfc3339(expiresAt);
  const state = left <= 0 ? 'expired' : 'expiring';
  const when =
    state === 'expired'
      ? `expired on ${date}; new pods cannot pull (running ones may hide it with cached images)`
      : `expires on ${date}, in ${Math.max(1, Math.ceil(left / DAY))} day(s)`;
  return {
    state,
    registry,
    expiresAt,
    message: `The token of secret ${JSON.stringify(secret)} for ${JSON.stringify(registry)} ${when}.`,
    fix: rotationSteps(kind),
  };
}

/** Expired and expiring tokens among credentials. */
export function credentialExpiryFindings(
  secret: string,
  credentials: readonly RegistryCredentials[],
  policy: ExpiryPolicy,
): ExpiryFinding[] {
  return credentials.flatMap((c) => {
    const f = c.expiresAt ? judgeExpiry(secret, c.registry, c.expiresAt, policy, c.kind) : undefined;
    return f ? [f] : [];
  });
}

/** Parses `30d`, `12h`, `90m` or `2w` into milliseconds; undefined when malformed. */
export function parseWindow(text: string): number | undefined {
  const m = /^(\d+)(w|d|h|m)$/.exec(text.trim());
  if (!m) return undefined;
  const unit = { w: 7 * DAY, d: DAY, h: 3600_000, m: 60_000 }[m[2] as 'w' | 'd' | 'h' | 'm'];
  return Number(m[1]) * unit;
}

/** The options every adapter takes for expiry checks. */
export interface ExpiryOptions {
  /**
   * Warn when a token expires within this many days.
   * @default 30
   */
  readonly warnWithinDays?: number;
  /**
   * Fail (synth, preview or update) when a token has expired.
   * @default true
   */
  readonly failWhenExpired?: boolean;
  /**
   * The current time.
   * @default - the system clock, read only when a credential has `expiresAt` or a `previous` is given
   */
  readonly now?: Date;
}

/** A previous credential kept during a rotation, until `until`. */
export interface RotationWindow {
  /**
   * When the previous credential stops being deployed: an RFC 3339 date (`2027-01-31`, midnight
   * UTC) or time with a zone (`2027-01-31T00:00:00Z`). From a `Date`: `date.toISOString()`.
   */
  readonly until: string;
}

/**
 * Reads `until` of a rotation; throws a RegcredError naming `field` when it is not RFC 3339 text.
 */
export function parseUntil(until: unknown, field = 'previous.until'): Date {
  const t = parseTime(until, field);
  if ('problem' in t) throw new RegcredError('INVALID_ARGUMENT', { field, message: t.problem });
  return t.date;
}

/**
 * Whether a rotation's previous credentials are still deployed at `now`.
 * @throws RegcredError when `until` is not a date
 */
export function rotationOverlap(until: unknown, now: Date): { active: boolean; until: Date } {
  const end = parseUntil(until);
  return { active: now.getTime() < end.getTime(), until: end };
}

/** The note printed once a rotation's overlap is over and the previous credential is gone. */
export function overlapEndedNote(secret: string, registries: readonly string[], until: Date): string {
  return (
    `The rotation overlap of secret ${JSON.stringify(secret)} for ${registries.map((r) => JSON.stringify(r)).join(', ')} ended on ${rfc3339(until)}: ` +
    `the previous credentials are no longer deployed. Revoke the previous token at the registry now.`
  );
}

/**
 * What an adapter does with credentials' expiry under its options: the lines
 * to fail with (expired, unless `failWhenExpired` is false) and to warn with.
 */
export function expiryVerdict(
  secret: string,
  credentials: readonly RegistryCredentials[],
  options: ExpiryOptions,
): { errors: string[]; warnings: string[] } {
  const verdict = { errors: [] as string[], warnings: [] as string[] };
  if (!credentials.some((c) => c.expiresAt)) return verdict;
  const policy = {
    now: options.now ?? new Date(),
    warnWithinMs: options.warnWithinDays !== undefined ? options.warnWithinDays * DAY : DEFAULT_EXPIRY_WINDOW_MS,
  };
  for (const f of credentialExpiryFindings(secret, credentials, policy)) {
    (f.state === 'expired' && options.failWhenExpired !== false ? verdict.errors : verdict.warnings).push(
      `${f.message} ${f.fix}`,
    );
  }
  return verdict;
}
