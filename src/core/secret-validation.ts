import { RegcredError, RegcredIssue, isRecord, own, quote } from './errors';
import { GoJsonError, parseGoJson } from './private/go-json';
import { MAX_SECRET_SIZE, namespaceProblems, secretNameProblems } from './pull-secret-manifest';
import { DOCKERCFG_TYPE, DOCKER_CONFIG_JSON_TYPE, SecretObject, secretValue } from './resolve-pull-credentials';

const CONFIG_MAP_KEY = /^[-._a-zA-Z0-9]+$/;

/**
 * What the API server's `ValidateSecret` would reject in a Secret: its name and
 * namespace, its data keys, its total size, and for the two pull-secret types
 * the presence of the data key and that it holds a JSON object. It checks no
 * more than that: a payload the kubelet later cannot read passes here.
 *
 * @see https://kubernetes.io/docs/concepts/configuration/secret/#secret-types
 */
export function apiServerSecretProblems(secret: SecretObject): RegcredIssue[] {
  const issues: RegcredIssue[] = [...secretNameProblems(secret.metadata?.name ?? '', 'metadata.name')];
  const namespace = secret.metadata?.namespace;
  if (namespace !== undefined) issues.push(...namespaceProblems(namespace, 'metadata.namespace'));

  const keysOf = (m: unknown): string[] => (isRecord(m) ? Object.keys(m) : []);
  const keys = [...new Set([...keysOf(secret.data), ...keysOf(secret.stringData)])];
  let size = 0;
  const values = new Map<string, string>();
  const undecodable = new Set<string>();
  for (const key of keys) {
    if (
      Buffer.byteLength(key) > 253 ||
      !CONFIG_MAP_KEY.test(key) ||
      key === '.' ||
      key === '..' ||
      key.startsWith('..')
    ) {
      issues.push({
        field: `data[${key}]`,
        message: `'data' key ${quote(key)} is not a valid key: it must consist of letters, digits, "-", "_" or ".", at most 253 characters, and not be or start with "..".`,
      });
    }
    let value: string | undefined;
    try {
      value = secretValue(secret, key);
    } catch (e) {
      if (!RegcredError.isRegcredError(e)) throw e;
      undecodable.add(key);
      issues.push({
        field: `data[${key}]`,
        message: `'data[${key}]' is not a valid base64 string; the API server rejects the Secret. Encode the value with standard base64, or put it under 'stringData'.`,
      });
    }
    if (value !== undefined) {
      size += value.length;
      values.set(key, value);
    }
  }
  if (size > MAX_SECRET_SIZE) {
    issues.push({
      field: 'data',
      message: `'data' holds ${size} bytes; a Secret may hold at most ${MAX_SECRET_SIZE}.`,
    });
  }

  const required: Record<string, string> = {
    [DOCKER_CONFIG_JSON_TYPE]: '.dockerconfigjson',
    [DOCKERCFG_TYPE]: '.dockercfg',
  };
  const required_ = typeof secret.type === 'string' ? own(required, secret.type) : undefined;
  const key = typeof required_ === 'string' ? required_ : undefined;
  if (key !== undefined && !undecodable.has(key)) {
    const value = values.get(key);
    if (value === undefined) {
      issues.push({
        field: `data[${key}]`,
        message: `'data[${key}]' is required for a Secret of type ${quote(secret.type ?? '')}${keys.length > 0 ? ` (found ${keys.map((k) => quote(k)).join(', ')})` : ''}.`,
      });
    } else if (!isJsonObjectOrNull(value)) {
      issues.push({
        field: `data[${key}]`,
        message: `'data[${key}]' is not a JSON object; the API server rejects the Secret. Write the payload as {"auths":{…}}.`,
      });
    }
  }
  return issues;
}

function isJsonObjectOrNull(bytes: string): boolean {
  try {
    const v = parseGoJson(bytes);
    return v.kind === 'object' || v.kind === 'null';
  } catch (e) {
    if (e instanceof GoJsonError) return false;
    throw e;
  }
}
