import { RegcredError, quote } from './errors';
import { normalizeRegistryKey } from './keyring';
import { compareUtf8 } from './private/go-bytes';
import { goJsonString } from './private/go-json';
import { RegistryCredentials, credentialSecret, credentialUsername } from './registry-credentials';

function entryJson(c: RegistryCredentials): string {
  const password = credentialSecret(c);
  const username = credentialUsername(c);
  const auth = Buffer.from(`${username}:${password}`, 'utf8').toString('base64');
  const fields: Array<[string, string]> = [
    ['username', username],
    ['password', password],
    ...(c.email !== undefined ? [['email', c.email] as [string, string]] : []),
    ['auth', auth],
  ];
  return `{${fields.map(([k, v]) => `${goJsonString(k)}:${goJsonString(v)}`).join(',')}}`;
}

/** One `auths` entry: a key and the credentials written under it. */
type Entry = readonly [key: string, credentials: RegistryCredentials];

function assertRenderable(credentials: readonly RegistryCredentials[], field: string): Entry[] {
  if (!Array.isArray(credentials) || credentials.length === 0) {
    throw new RegcredError('INVALID_ARGUMENT', {
      field,
      message: `'${field}' is empty. Give at least one RegistryCredentials (e.g. RegistryCredentials.gitlab({...})).`,
    });
  }
  const byKey = new Map<string, number>();
  const entries: Entry[] = [];
  credentials.forEach((c, i) => {
    if (!RegistryCredentials.isRegistryCredentials(c)) {
      throw new RegcredError('INVALID_ARGUMENT', {
        field: `${field}[${i}]`,
        message: `'${field}[${i}]' is not a RegistryCredentials. Create it with a RegistryCredentials factory (gitlab(), github(), dockerHub(), basic(), …).`,
      });
    }
    for (const registry of c.registries) {
      const key = normalizeRegistryKey(registry) ?? registry;
      const earlier = byKey.get(key);
      if (earlier !== undefined && earlier !== i) {
        throw new RegcredError('INVALID_ARGUMENT', {
          field: `${field}[${i}]`,
          message:
            `'${field}[${i}]' has registry ${quote(registry)}, which the kubelet reads as the same key (${quote(key)}) as '${field}[${earlier}]'; ` +
            `within one secret their order is random. Put them in separate secrets, listed in imagePullSecrets in the order they should be tried.`,
        });
      }
      byKey.set(key, i);
      entries.push([registry, c]);
    }
  });
  return entries.sort((a, b) => compareUtf8(a[0], b[0]));
}

const auths = (entries: readonly Entry[]): string =>
  entries.map(([key, c]) => `${goJsonString(key)}:${entryJson(c)}`).join(',');

/**
 * The `.dockerconfigjson` payload for credentials: `{"auths":{KEY:{username,password,email?,auth}}}`
 * with `auth` = standard base64 of `username:password`. Keys are sorted, so the
 * same credentials always give the same bytes, and the bytes equal those of
 * `kubectl create secret docker-registry` for one credential.
 *
 * @throws RegcredError when two credentials share a registry key
 */
export function renderDockerConfigJson(credentials: readonly RegistryCredentials[]): string {
  return `{"auths":{${auths(assertRenderable(credentials, 'credentials'))}}}`;
}

/**
 * The legacy `.dockercfg` payload for credentials: registry keys at the top level.
 *
 * @throws RegcredError when two credentials share a registry key
 */
export function renderDockercfg(credentials: readonly RegistryCredentials[]): string {
  return `{${auths(assertRenderable(credentials, 'credentials'))}}`;
}
