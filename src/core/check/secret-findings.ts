import { decodeDockerConfigFieldAuth, DockerConfigError } from '../docker-config';
import { RegcredError, quote } from '../errors';
import { credentialsForAnotherRegistry } from '../registries/evidence';
import { GoJsonValue, foldFieldName, parseGoJson } from '../private/go-json';
import {
  DOCKER_CONFIG_JSON_TYPE,
  DOCKERCFG_TYPE,
  PullSecretPayload,
  SecretObject,
  readPullSecretPayload,
  secretValue,
} from '../resolve-pull-credentials';

/** What the kubelet makes of one Secret, and what is unsafe in it. */
export interface SecretFindings {
  /**
   * The payload, or why it is ignored.
   * @default - absent when the payload cannot be parsed
   */
  readonly payload?: PullSecretPayload;
  /**
   * The parse error, without secret values.
   * @default - absent when the payload parses
   */
  readonly unreadable?: string;
  /**
   * Why a used payload yields no credentials.
   * @default - absent when it yields some
   */
  readonly emptyReason?: string;
  /** Problems with single entries. */
  readonly entryProblems: ReadonlyArray<{
    code: 'AUTH_MISMATCH' | 'CREDENTIAL_WHITESPACE' | 'USERNAME_COLON' | 'CREDENTIALS_FOR_ANOTHER_REGISTRY';
    registryKey: string;
    message: string;
    fix: string;
  }>;
}

interface RawEntry {
  readonly key: string;
  readonly fields: Readonly<Record<string, string>>;
}

function members(v: GoJsonValue | undefined): ReadonlyArray<readonly [string, GoJsonValue]> {
  return v?.kind === 'object' ? v.members : [];
}

function stringFields(v: GoJsonValue): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, f] of members(v)) if (f.kind === 'string') out[foldFieldName(k)] = f.value;
  return out;
}

/** The raw entries of a payload that parsed, with their string fields by folded name. */
function rawEntries(bytes: string, legacy: boolean): { entries: RawEntry[]; topLevel: Set<string> } {
  const doc = parseGoJson(bytes);
  const topLevel = new Set(members(doc).map(([k]) => foldFieldName(k)));
  const holders = legacy
    ? [doc]
    : members(doc)
        .filter(([k]) => foldFieldName(k) === 'AUTHS')
        .map(([, v]) => v);
  const entries = holders.flatMap((h) => members(h).map(([key, v]) => ({ key, fields: stringFields(v) })));
  return { entries, topLevel };
}

const hasWhitespace = (s: string): boolean => /[\s\u0000-\u001f\u007f]/.test(s);

/**
 * Reads a Secret as the kubelet would and lists what makes it useless or
 * unsafe: never includes a password, token or `auth` value.
 */
export function secretFindings(secret: SecretObject): SecretFindings {
  let payload: PullSecretPayload;
  try {
    payload = readPullSecretPayload(secret);
  } catch (e) {
    if (!RegcredError.isRegcredError(e)) throw e;
    return { unreadable: e.message, entryProblems: [] };
  }
  if (!payload.used) return { payload, entryProblems: [] };

  const legacy = secret.type === DOCKERCFG_TYPE;
  const bytes = secretValue(secret, legacy ? '.dockercfg' : '.dockerconfigjson') ?? '';
  const { entries, topLevel } = rawEntries(bytes, legacy);
  const entryProblems: Array<SecretFindings['entryProblems'][number]> = [];
  for (const { key, fields } of entries) {
    const username = fields.USERNAME ?? '';
    const password = fields.PASSWORD ?? '';
    const at = `entry ${quote(key)}`;
    const elsewhere = credentialsForAnotherRegistry(key, username, password);
    if (elsewhere) entryProblems.push({ code: 'CREDENTIALS_FOR_ANOTHER_REGISTRY', registryKey: key, ...elsewhere });
    if (username.includes(':')) {
      entryProblems.push({
        code: 'USERNAME_COLON',
        registryKey: key,
        message: `${at} has username ${quote(username.slice(0, username.indexOf(':')))}:*** with ":"; the kubelet splits "auth" at the first colon and sends user ${quote(username.slice(0, username.indexOf(':')))} (what follows may be a pasted token and is not shown).`,
        fix: 'Use a username without ":".',
      });
    }
    if (fields.AUTH) {
      let decoded: { username: string; password: string } | undefined;
      try {
        decoded = decodeDockerConfigFieldAuth(fields.AUTH);
      } catch (e) {
        if (!(e instanceof DockerConfigError)) throw e;
      }
      if (decoded && (username || password) && (decoded.username !== username || decoded.password !== password)) {
        const which = [
          ...(username && decoded.username !== username
            ? [
                `user ${shownUsername(decoded.username, [password, decoded.password])} where "username" is ${shownUsername(username, [password, decoded.password])}`,
              ]
            : []),
          ...(password && decoded.password !== password ? ['a password that differs from "password"'] : []),
        ].join(' and ');
        entryProblems.push({
          code: 'AUTH_MISMATCH',
          registryKey: key,
          message: `${at} has an "auth" that decodes to ${which}; the kubelet uses "auth" and ignores the other fields.`,
          fix: 'Rebuild "auth" as base64 of username:password from the same values (regcred does), or drop "username"/"password".',
        });
      }
      if (decoded && (hasWhitespace(decoded.password) || decoded.username !== decoded.username.trim())) {
        entryProblems.push({
          code: 'CREDENTIAL_WHITESPACE',
          registryKey: key,
          message: `${at} has an "auth" whose username or password contains white space or a newline (often a token read with its trailing newline).`,
          fix: 'Encode the token without the newline ("echo -n", "tr -d \'\\n\'").',
        });
      }
    } else if (hasWhitespace(password) || username !== username.trim()) {
      entryProblems.push({
        code: 'CREDENTIAL_WHITESPACE',
        registryKey: key,
        message: `${at} has a username or password that contains white space or a newline; the registry rejects it.`,
        fix: 'Write the token without the newline ("echo -n", "tr -d \'\\n\'").',
      });
    }
  }
  return { payload, entryProblems, ...emptyReason(payload, entries, topLevel, legacy) };
}

/**
 * A username as a message may quote it: never what follows a ":" (the common paste
 * `"username": "ci:<token>"`), and not at all when it equals one of the passwords.
 */
function shownUsername(username: string, passwords: readonly string[]): string {
  if (username !== '' && passwords.includes(username)) return '***';
  const colon = username.indexOf(':');
  return colon < 0 ? quote(username) : `${quote(username.slice(0, colon))}:***`;
}

function emptyReason(
  payload: Extract<PullSecretPayload, { used: true }>,
  entries: RawEntry[],
  topLevel: Set<string>,
  legacy: boolean,
): { emptyReason?: string } {
  if (payload.entries.some(([, e]) => e.username !== '' || e.password !== '')) return {};
  if (legacy && topLevel.has('AUTHS')) {
    return {
      emptyReason: 'its .dockercfg holds an "auths" wrapper, which the legacy format reads as a registry named "auths"',
    };
  }
  if (
    !legacy &&
    !topLevel.has('AUTHS') &&
    topLevel.size > 0 &&
    !topLevel.has('CREDSSTORE') &&
    !topLevel.has('CREDHELPERS')
  ) {
    return {
      emptyReason:
        'its .dockerconfigjson has registry keys at the top level (the legacy .dockercfg shape) instead of under "auths"',
    };
  }
  if (topLevel.has('CREDSSTORE') || topLevel.has('CREDHELPERS')) {
    return {
      emptyReason: 'it names a credential store or helper ("credsStore"/"credHelpers"), which the kubelet does not run',
    };
  }
  if (entries.some((e) => e.fields.IDENTITYTOKEN || e.fields.REGISTRYTOKEN)) {
    return { emptyReason: 'its entries hold only identity or registry tokens, which the kubelet ignores' };
  }
  return {
    emptyReason:
      payload.entries.length === 0 ? 'it has no registry entries' : 'its entries have no username or password',
  };
}

/** Whether a secret is meant as a pull secret (one of the two docker types). */
export function isPullSecretType(secret: SecretObject): boolean {
  return secret.type === DOCKER_CONFIG_JSON_TYPE || secret.type === DOCKERCFG_TYPE;
}
