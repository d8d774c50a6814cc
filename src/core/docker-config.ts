/**
 * Docker config payloads (`.dockerconfigjson`, `.dockercfg`) read exactly as
 * the kubelet reads them.
 *
 * @see https://kubernetes.io/docs/concepts/configuration/secret/#docker-config-secrets
 */
import { RegcredError } from './errors';
import { Base64Error, ByteString, fromBytes, goBase64Decode, goTrimSpace, toBytes } from './private/go-bytes';
import { GoJsonError, GoJsonValue, foldFieldName, parseGoJson } from './private/go-json';

/** One registry entry after decoding: what the kubelet keeps of it. */
export interface DockerConfigEntry {
  readonly username: string;
  readonly password: string;
  readonly email: string;
}

/** The registry keys of a config with their entries, in document order. */
export type DockerConfigEntries = ReadonlyArray<readonly [registryKey: string, entry: DockerConfigEntry]>;

/** Why a payload cannot be read; never includes a secret value. */
export class DockerConfigError extends Error {}

/**
 * The kubelet's `decodeDockerConfigFieldAuth`: base64 of `username:password`,
 * padded or not (chosen by a trailing `=`), split at the first colon.
 *
 * @throws DockerConfigError where the kubelet would fail the pull
 */
export function decodeDockerConfigFieldAuth(field: string): { username: string; password: string } {
  let decoded: ByteString;
  try {
    decoded = goBase64Decode(toBytes(field), goTrimSpace(field).endsWith('='));
  } catch (e) {
    if (e instanceof Base64Error) throw new DockerConfigError(`"auth" is not valid base64 (${e.message})`);
    throw e;
  }
  const colon = decoded.indexOf(':');
  if (colon < 0) {
    throw new DockerConfigError(
      '"auth" decodes to a value without ":"; it must be formatted as base64(username:password)',
    );
  }
  return { username: fromBytes(decoded.slice(0, colon)), password: fromBytes(decoded.slice(colon + 1)) };
}

function typeError(where: string, v: GoJsonValue, want: string): DockerConfigError {
  return new DockerConfigError(`${where} is a JSON ${v.kind}, but the kubelet reads it as ${want}`);
}

/** `DockerConfigEntry.UnmarshalJSON`. */
function decodeEntry(v: GoJsonValue, where: string): DockerConfigEntry {
  const fields: Record<string, string> = { USERNAME: '', PASSWORD: '', EMAIL: '', AUTH: '' };
  if (v.kind === 'object') {
    for (const [key, value] of v.members) {
      const folded = foldFieldName(key);
      if (!(folded in fields)) continue;
      if (value.kind === 'string') fields[folded] = value.value;
      else if (value.kind !== 'null') throw typeError(`${where}.${key.toLowerCase()}`, value, 'a string');
    }
  } else if (v.kind !== 'null') {
    throw typeError(where, v, 'an object');
  }
  const entry = { username: fields.USERNAME, password: fields.PASSWORD, email: fields.EMAIL };
  if (fields.AUTH.length === 0) return entry;
  let decoded: { username: string; password: string };
  try {
    decoded = decodeDockerConfigFieldAuth(fields.AUTH);
  } catch (e) {
    if (e instanceof DockerConfigError) throw new DockerConfigError(`${where}: ${e.message}`);
    throw e;
  }
  return { ...decoded, email: entry.email };
}

/** Decodes a JSON object into registry entries; `null` gives none. Later duplicate keys replace earlier ones. */
function decodeEntries(v: GoJsonValue, where: string, into: Map<string, DockerConfigEntry>): void {
  if (v.kind === 'null') return;
  if (v.kind !== 'object') throw typeError(where, v, 'an object of registry entries');
  for (const [key, value] of v.members) into.set(key, decodeEntry(value, `${where}[${JSON.stringify(key)}]`));
}

function parseDocument(payload: string | Uint8Array): GoJsonValue {
  const bytes = typeof payload === 'string' ? toBytes(payload) : Buffer.from(payload).toString('latin1');
  try {
    return parseGoJson(bytes);
  } catch (e) {
    if (e instanceof GoJsonError) throw new DockerConfigError(`not valid JSON (${e.message})`);
    throw e;
  }
}

/**
 * Reads a `.dockerconfigjson` payload as the kubelet does: only `auths` counts
 * (field names match case-insensitively; two `auths` members merge, `null`
 * clears), `HttpHeaders` must map strings to strings, everything else is ignored.
 * A payload without `auths` reads as no entries, without error.
 *
 * @throws DockerConfigError where the kubelet would fail every pull of the pod
 */
export function parseDockerConfigJson(payload: string | Uint8Array): DockerConfigEntries {
  const doc = parseDocument(payload);
  let auths: Map<string, DockerConfigEntry> | null = null;
  if (doc.kind === 'null') return [];
  if (doc.kind !== 'object') throw typeError('the document', doc, 'an object');
  for (const [key, value] of doc.members) {
    const folded = foldFieldName(key);
    if (folded === 'AUTHS') {
      if (value.kind === 'null') auths = null;
      else {
        auths ??= new Map();
        decodeEntries(value, 'auths', auths);
      }
    } else if (folded === 'HTTPHEADERS') {
      if (value.kind === 'null') continue;
      if (value.kind !== 'object') throw typeError('HttpHeaders', value, 'an object of strings');
      for (const [name, header] of value.members) {
        if (header.kind !== 'string' && header.kind !== 'null') {
          throw typeError(`HttpHeaders[${JSON.stringify(name)}]`, header, 'a string');
        }
      }
    }
  }
  return auths ? [...auths] : [];
}

/**
 * Reads a legacy `.dockercfg` payload (registry keys at the top level) as the kubelet does.
 *
 * @throws DockerConfigError where the kubelet would fail every pull of the pod
 */
export function parseDockercfg(payload: string | Uint8Array): DockerConfigEntries {
  const entries = new Map<string, DockerConfigEntry>();
  decodeEntries(parseDocument(payload), 'the document', entries);
  return [...entries];
}

/** Wraps a payload error as the `RegcredError` for a named secret. */
export function invalidPullSecret(secret: string, dataKey: string, e: DockerConfigError): RegcredError {
  return new RegcredError('INVALID_PULL_SECRET', {
    field: `data[${dataKey}]`,
    message:
      `Secret ${secret} 'data[${dataKey}]' cannot be read by the kubelet: ${e.message}. ` +
      `The kubelet fails every image pull of a pod that references it, even images other secrets cover. ` +
      `Regenerate the secret with regcred or fix the payload.`,
  });
}
