/**
 * The kubelet's registry-credential keyring (`BasicDockerKeyring`): how the
 * keys of pull secrets are normalised and matched against an image.
 */
import { createHash } from 'node:crypto';
import { DockerConfigEntries } from './docker-config';
import { goJsonString } from './private/go-json';
import { ByteString, toBytes } from './private/go-bytes';
import { GoUrl, goFilepathMatch, goParseUrl, goSplitHostPort } from './private/go-url';

/** A username/password pair the kubelet hands to the container runtime, in the order it tries them. */
export interface PullCredential {
  readonly username: string;
  readonly password: string;
  /** Kept by the kubelet but never sent to the registry. */
  readonly email: string;
}

/** Where a credential came from, for explanations. */
export interface CredentialOrigin {
  /** The key as written in the secret (`https://index.docker.io/v1/`). */
  readonly registryKey: string;
  /** The key after the kubelet's normalisation (`index.docker.io`). */
  readonly normalizedKey: string;
  /** The secret's name, when known. */
  readonly secretName?: string;
}

/** A credential with its origin. */
export interface KeyringCredential extends PullCredential {
  readonly origin: CredentialOrigin;
}

const DEFAULT_REGISTRY_HOST = 'index.docker.io';

/**
 * The kubelet's normalisation of a registry key (`BasicDockerKeyring.Add`):
 * scheme, userinfo, query and fragment dropped, a leading `/v1/` or `/v2/`
 * stripped, the path percent-decoded.
 *
 * @returns the normalised key, or `undefined` when the kubelet drops the entry as unparsable
 */
export function normalizeRegistryKey(key: string): string | undefined {
  const normalized = normalizeKeyBytes(toBytes(key));
  return normalized === undefined ? undefined : Buffer.from(normalized, 'latin1').toString('utf8');
}

function normalizeKeyBytes(key: ByteString): ByteString | undefined {
  const value = key.startsWith('https://') || key.startsWith('http://') ? key : 'https://' + key;
  const parsed = goParseUrl(value);
  if (!parsed) return undefined;
  let path = parsed.path;
  if (path.startsWith('/v2/') || path.startsWith('/v1/')) path = path.slice(3);
  return path.length > 0 && path !== '/' ? parsed.host + path : parsed.host;
}

function splitUrl(u: GoUrl): [parts: ByteString[], port: ByteString] {
  const hp = goSplitHostPort(u.host);
  const [host, port] = hp ?? [u.host, ''];
  return [host.split('.'), port];
}

function urlsMatchBytes(glob: ByteString, target: ByteString): boolean {
  const g = goParseUrl('https://' + glob);
  const t = goParseUrl('https://' + target);
  if (!g || !t) return false;
  const [gParts, gPort] = splitUrl(g);
  const [tParts, tPort] = splitUrl(t);
  if (gPort !== tPort) return false;
  if (gParts.length !== tParts.length) return false;
  if (!t.path.startsWith(g.path)) return false;
  return gParts.every((part, i) => goFilepathMatch(part, tParts[i]));
}

/**
 * The kubelet's `URLsMatchStr`: whether a normalised key (which may hold
 * per-label globs) covers a lookup string. Ports must be equal, hosts must have
 * as many labels, and the key's path must be a string prefix of the target's.
 */
export function urlsMatch(glob: string, target: string): boolean {
  return urlsMatchBytes(toBytes(glob), toBytes(target));
}

/** The kubelet's `isDefaultRegistryMatch`: whether Docker Hub credentials apply to a lookup string with no matching key. */
export function isDefaultRegistryMatch(image: string): boolean {
  const slash = image.indexOf('/');
  const first = slash < 0 ? image : image.slice(0, slash);
  if (first === '') return false;
  if (slash < 0) return true;
  if (first === 'docker.io' || first === DEFAULT_REGISTRY_HOST) return true;
  return !/[.:]/.test(first);
}

/** The result of a keyring lookup. */
export interface KeyringLookup {
  /** Credentials in the order the kubelet tries them. */
  readonly creds: readonly KeyringCredential[];
  /** Whether any credential applies. */
  readonly found: boolean;
  /** True when the credentials came from the Docker Hub fallback rather than a matching key. */
  readonly viaDockerHubFallback: boolean;
}

/**
 * One keyring built from the pull secrets of a pod, with the kubelet's lookup order:
 * keys in reverse byte order (more specific paths first), then secret order.
 */
export class DockerKeyring {
  private readonly creds = new Map<ByteString, KeyringCredential[]>();
  private index: ByteString[] = [];
  /** Lookups answered so far; cleared by `add`. */
  private readonly answers = new Map<string, KeyringLookup>();

  /** Adds the entries of one config, dropping keys the kubelet cannot parse. */
  public add(entries: DockerConfigEntries, secretName?: string): void {
    this.answers.clear();
    for (const [registryKey, entry] of entries) {
      const key = normalizeKeyBytes(toBytes(registryKey));
      if (key === undefined) continue;
      const origin: CredentialOrigin = {
        registryKey,
        normalizedKey: Buffer.from(key, 'latin1').toString('utf8'),
        ...(secretName !== undefined ? { secretName } : {}),
      };
      let list = this.creds.get(key);
      if (!list) {
        list = [];
        this.creds.set(key, list);
        this.index.push(key);
      }
      list.push({ username: entry.username, password: entry.password, email: entry.email, origin });
    }
    // Latin-1 strings compare char by char, which is byte order.
    this.index.sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));
  }

  /** The normalised keys, in lookup order. */
  public get keys(): readonly string[] {
    return this.index.map((k) => Buffer.from(k, 'latin1').toString('utf8'));
  }

  /** The kubelet's `Lookup` for a lookup string (normally an image's `repoToPull`). */
  public lookup(image: string): KeyringLookup {
    let answer = this.answers.get(image);
    if (!answer) {
      answer = this.compute(image);
      this.answers.set(image, answer);
    }
    return answer;
  }

  private compute(image: string): KeyringLookup {
    const target = toBytes(image);
    const ret: KeyringCredential[] = [];
    for (const key of this.index) {
      if (urlsMatchBytes(key, target)) ret.push(...(this.creds.get(key) ?? []));
    }
    if (ret.length > 0) return { creds: ret, found: true, viaDockerHubFallback: false };
    const hub = this.creds.get(DEFAULT_REGISTRY_HOST);
    if (hub && isDefaultRegistryMatch(image)) return { creds: [...hub], found: true, viaDockerHubFallback: true };
    return { creds: [], found: false, viaDockerHubFallback: false };
  }
}

/**
 * The kubelet's `AuthConfigHash` (v1.33+, used to decide whether an image
 * already on the node may be reused by another pod): the sha256 of the
 * credential as Go JSON with empty fields left out.
 */
export function pullCredentialHash(c: PullCredential): string {
  const fields: Array<[string, string]> = [
    ['username', c.username],
    ['password', c.password],
    ['email', c.email],
  ];
  const json = `{${fields
    .filter(([, v]) => v !== '')
    .map(([k, v]) => `"${k}":${goJsonString(v)}`)
    .join(',')}}`;
  return createHash('sha256').update(json, 'utf8').digest('hex');
}
