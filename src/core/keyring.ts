/**
 * The kubelet's registry-credential keyring (`BasicDockerKeyring`): how the
 * keys of pull secrets are normalised and matched against an image.
 */
import { createHash } from 'node:crypto';
import { DockerConfigEntries } from './docker-config';
import { goJsonString } from './private/go-json';
import { ByteString, toBytes } from './private/go-bytes';
import { goFilepathMatch } from './private/go-filepath';
import { goParseUrl, goSplitHostPort } from './private/go-url';

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
  /**
   * The secret's name.
   * @default - absent when the keyring was built without names
   */
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

/** A key or lookup string as `URLsMatchStr` compares it, parsed once. */
interface MatchUrl {
  /** The host's labels, joined back, and the port: equal for two literal hosts exactly when they match. */
  readonly hostKey: ByteString;
  readonly parts: readonly ByteString[];
  readonly port: ByteString;
  readonly path: ByteString;
  /** Whether a label holds a `filepath.Match` metacharacter. */
  readonly glob: boolean;
}

/** `url.Parse("https://" + s)` and `SplitURL`; undefined where Go fails (the kubelet reads that as no match). */
function parseMatchUrl(s: ByteString): MatchUrl | undefined {
  const u = goParseUrl('https://' + s);
  if (!u) return undefined;
  const hp = goSplitHostPort(u.host);
  const [host, port] = hp ?? [u.host, ''];
  return { hostKey: `${host}\u0000${port}`, parts: host.split('.'), port, path: u.path, glob: /[*?[\\]/.test(host) };
}

function matchParsed(g: MatchUrl, t: MatchUrl): boolean {
  if (g.port !== t.port) return false;
  if (g.parts.length !== t.parts.length) return false;
  if (!t.path.startsWith(g.path)) return false;
  if (!g.glob) return g.hostKey === t.hostKey;
  return g.parts.every((part, i) => goFilepathMatch(part, t.parts[i]));
}

function urlsMatchBytes(glob: ByteString, target: ByteString): boolean {
  const g = parseMatchUrl(glob);
  const t = parseMatchUrl(target);
  return g !== undefined && t !== undefined && matchParsed(g, t);
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

/** A config entry with its key normalised and parsed as the kubelet does. */
interface PreparedKey {
  readonly registryKey: string;
  readonly key: ByteString;
  readonly normalizedKey: string;
  readonly match: MatchUrl | undefined;
  readonly entry: DockerConfigEntries[number][1];
}

/** Each config's keys, parsed once however many keyrings take the config (a pod's, a namespace's). */
const PREPARED = new WeakMap<DockerConfigEntries, readonly PreparedKey[]>();

function preparedKeys(entries: DockerConfigEntries): readonly PreparedKey[] {
  let prepared = PREPARED.get(entries);
  if (!prepared) {
    const list: PreparedKey[] = [];
    for (const [registryKey, entry] of entries) {
      const key = normalizeKeyBytes(toBytes(registryKey));
      if (key === undefined) continue;
      list.push({
        registryKey,
        key,
        normalizedKey: Buffer.from(key, 'latin1').toString('utf8'),
        match: parseMatchUrl(key),
        entry,
      });
    }
    prepared = list;
    PREPARED.set(entries, prepared);
  }
  return prepared;
}

/**
 * One keyring built from the pull secrets of a pod, with the kubelet's lookup order:
 * keys in reverse byte order (more specific paths first), then secret order.
 */
export class DockerKeyring {
  private readonly creds = new Map<ByteString, KeyringCredential[]>();
  /** Each key parsed once; keys Go cannot parse are absent (they match nothing). */
  private readonly parsed = new Map<ByteString, MatchUrl>();
  /** Keys with a literal host, by host and port; and keys with a glob, which every lookup tries. */
  private readonly byHost = new Map<ByteString, ByteString[]>();
  private readonly globKeys: ByteString[] = [];
  private index: ByteString[] = [];
  private sorted = true;
  /** Lookups answered so far; cleared by `add`. */
  private readonly answers = new Map<string, KeyringLookup>();

  /** Adds the entries of one config, dropping keys the kubelet cannot parse. */
  public add(entries: DockerConfigEntries, secretName?: string): void {
    this.answers.clear();
    for (const { registryKey, key, normalizedKey, match, entry } of preparedKeys(entries)) {
      const origin: CredentialOrigin = {
        registryKey,
        normalizedKey,
        ...(secretName !== undefined ? { secretName } : {}),
      };
      let list = this.creds.get(key);
      if (!list) {
        list = [];
        this.creds.set(key, list);
        this.index.push(key);
        this.sorted = false;
        this.indexKey(key, match);
      }
      list.push({ username: entry.username, password: entry.password, email: entry.email, origin });
    }
  }

  private indexKey(key: ByteString, p: MatchUrl | undefined): void {
    if (!p) return;
    this.parsed.set(key, p);
    if (p.glob) {
      this.globKeys.push(key);
      return;
    }
    const same = this.byHost.get(p.hostKey);
    if (same) same.push(key);
    else this.byHost.set(p.hostKey, [key]);
  }

  /** The keys in reverse byte order (Latin-1 strings compare char by char, which is byte order). */
  private ordered(): ByteString[] {
    if (!this.sorted) {
      this.index.sort(reverseBytes);
      this.sorted = true;
    }
    return this.index;
  }

  /** The normalised keys, in lookup order. */
  public get keys(): readonly string[] {
    return this.ordered().map((k) => Buffer.from(k, 'latin1').toString('utf8'));
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

  /**
   * The secrets that would give credentials for `image` each on its own (a
   * matching key, or the Docker Hub fallback of a secret without one): what a
   * pod that referenced only that secret would get.
   */
  public secretsMatching(image: string): Set<string> {
    const names = new Set<string>();
    for (const c of this.lookup(image).creds) if (c.origin.secretName !== undefined) names.add(c.origin.secretName);
    if (isDefaultRegistryMatch(image)) {
      for (const c of this.creds.get(DEFAULT_REGISTRY_HOST) ?? []) {
        if (c.origin.secretName !== undefined) names.add(c.origin.secretName);
      }
    }
    return names;
  }

  private compute(image: string): KeyringLookup {
    const target = parseMatchUrl(toBytes(image));
    const matched: ByteString[] = [];
    if (target) {
      for (const key of [...(this.byHost.get(target.hostKey) ?? []), ...this.globKeys]) {
        const g = this.parsed.get(key);
        if (g && matchParsed(g, target)) matched.push(key);
      }
    }
    if (matched.length > 0) {
      const ret: KeyringCredential[] = [];
      for (const key of matched.sort(reverseBytes)) ret.push(...(this.creds.get(key) ?? []));
      return { creds: ret, found: true, viaDockerHubFallback: false };
    }
    const hub = this.creds.get(DEFAULT_REGISTRY_HOST);
    if (hub && isDefaultRegistryMatch(image)) return { creds: [...hub], found: true, viaDockerHubFallback: true };
    return { creds: [], found: false, viaDockerHubFallback: false };
  }
}

function reverseBytes(a: ByteString, b: ByteString): number {
  return a < b ? 1 : a > b ? -1 : 0;
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
