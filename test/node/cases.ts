/**
 * Pull cases for the differential against the real kubelet: pods with one to
 * three pull secrets whose registry keys, credential forms and secret types
 * vary the way real manifests do. Deterministic in the seed.
 */
import { normalizeRegistryKey } from '../../src/core/internal';

/** The repositories pushed to each registry; every case pulls one of them. */
export const REPOSITORIES = ['acme/app', 'acme/team/app', 'other/app', 'app'] as const;

/**
 * Registry keys as templates: `{H}` the image's host with its port, `{P}` the
 * port, `{O}` another port. The first MATCH_ALL match every repository of
 * the host (the globs only its IP form); the rest match some repositories, or none.
 */
const KEYS = [
  '{H}',
  'http://{H}',
  'https://{H}',
  '{H}/',
  '{H}/v2/',
  'http://{H}/v2/',
  '{H}/v1/',
  'https://{H}/v1/',
  'https://{H}?q=1',
  'user:pw@{H}',
  '*.0.0.1:{P}',
  '127.*.0.1:{P}',
  '127.0.0.*:{P}',
  '127.0.0.[0-9]:{P}',
  '*.*.*.*:{P}',
  '{H}/v2',
  '{H}/v3/',
  '{H}/acme',
  '{H}/acme/',
  '{H}/acme/app',
  '{H}/acme/team',
  '{H}/acm',
  '{H}/other',
  '{H}/v2/acme',
  '{H}/acme/app/extra',
  '{H}/%61cme',
  'HTTPS://{H}',
  '127.0.0.1',
  'localhost',
  '*:{P}',
  'localhost:{P}',
  '127.0.0.1:{P}',
  '127.0.0.1:{O}',
  'https://index.docker.io/v1/',
  'docker.io',
];

/** How many of KEYS, from the start, match every repository of the host. */
const MATCH_ALL = 15;

type EntryForm = 'userpass' | 'auth' | 'auth-overrides' | 'auth-unpadded' | 'bad-auth';
type SecretKind = 'json' | 'cfg' | 'opaque' | 'json-legacy';

export interface EntrySpec {
  readonly key: string;
  /** The credential the entry carries (what `auth` decodes to, where it has one). */
  readonly username: string;
  readonly password: string;
  readonly form: EntryForm;
  /** The registry accepts this username and password. */
  readonly valid: boolean;
}

export interface SecretSpec {
  readonly name: string;
  readonly kind: SecretKind;
  readonly entries: readonly EntrySpec[];
}

export interface PullCase {
  readonly id: number;
  readonly registry: 'basic' | 'token';
  /** The host of the image reference: `127.0.0.1:PORT` or `localhost:PORT`. */
  readonly imageHost: 'ip' | 'localhost';
  readonly repository: string;
  readonly secrets: readonly SecretSpec[];
  /** The pod's imagePullSecrets, in order (may name a missing secret, or one twice). */
  readonly refs: readonly string[];
}

/** A small seeded generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function weighted<T extends string>(r: () => number, choices: ReadonlyArray<readonly [T, number]>): T {
  let x = r() * choices.reduce((s, [, w]) => s + w, 0);
  for (const [c, w] of choices) {
    if ((x -= w) < 0) return c;
  }
  return choices[choices.length - 1][0];
}

/** Fills a key template for an image host (`127.0.0.1:5000`) and another port. */
export function fillKey(template: string, host: string, otherPort: number): string {
  const port = host.slice(host.lastIndexOf(':') + 1);
  return template.replaceAll('{H}', host).replaceAll('{P}', port).replaceAll('{O}', String(otherPort));
}

/** `count` cases from `seed`, half on each registry. */
export function generateCases(seed: number, count: number): PullCase[] {
  const r = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const cases: PullCase[] = [];
  for (let id = 0; id < count; id++) {
    let n = 0;
    const secrets: SecretSpec[] = [];
    const secretCount = weighted(r, [
      ['1', 5],
      ['2', 3],
      ['3', 2],
    ]);
    for (let s = 0; s < Number(secretCount); s++) {
      const kind = weighted<SecretKind>(r, [
        ['json', 70],
        ['cfg', 20],
        ['opaque', 5],
        ['json-legacy', 5],
      ]);
      const entries: EntrySpec[] = [];
      const entryCount = r() < 0.3 ? 2 : 1;
      const normalized = new Set<string | undefined>();
      while (entries.length < entryCount) {
        const key = r() < 0.5 ? pick(KEYS.slice(0, MATCH_ALL)) : pick(KEYS);
        // Two keys of one secret that normalize alike are tried in Go's random map order: not comparable.
        const norm = normalizeRegistryKey(fillKey(key, '127.0.0.1:5000', 5001));
        if (normalized.has(norm)) continue;
        normalized.add(norm);
        entries.push({
          key,
          username: `c${id}e${n++}`,
          password: `pw-${id}-${Math.floor(r() * 1e9).toString(36)}`,
          form: weighted<EntryForm>(r, [
            ['userpass', 45],
            ['auth', 35],
            ['auth-overrides', 10],
            ['auth-unpadded', 8],
            ['bad-auth', 2],
          ]),
          valid: r() < 0.55,
        });
      }
      secrets.push({ name: `s${s}`, kind, entries });
    }
    const refs = secrets.map((s) => s.name);
    if (r() < 0.05) refs.push('missing');
    if (r() < 0.05) refs.push(refs[0]);
    cases.push({
      id,
      registry: id % 2 === 0 ? 'basic' : 'token',
      imageHost: r() < 0.2 ? 'localhost' : 'ip',
      repository: pick(REPOSITORIES),
      secrets,
      refs,
    });
  }
  return cases;
}

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

function entryJson(e: EntrySpec): Record<string, string> {
  const auth = b64(`${e.username}:${e.password}`);
  switch (e.form) {
    case 'userpass':
      return { username: e.username, password: e.password };
    case 'auth':
      return { auth };
    case 'auth-overrides':
      return { username: `${e.username}x`, password: 'not-this-one', auth };
    case 'auth-unpadded':
      return { auth: auth.replace(/=+$/, '') };
    case 'bad-auth':
      return { auth: 'not*base64' };
  }
}

/** The object name of a case's secret (or of a reference to one): unique within a namespace of many cases. */
export function secretName(c: PullCase, name: string): string {
  return `c${c.id}-${name}`;
}

/** The case's Secrets as the API server takes them, for an image host and another port. */
export function secretObjects(c: PullCase, namespace: string, host: string, otherPort: number): object[] {
  return c.secrets.map((s) => {
    const auths = Object.fromEntries(s.entries.map((e) => [fillKey(e.key, host, otherPort), entryJson(e)]));
    const [type, key, payload] =
      s.kind === 'json'
        ? ['kubernetes.io/dockerconfigjson', '.dockerconfigjson', { auths }]
        : s.kind === 'cfg'
          ? ['kubernetes.io/dockercfg', '.dockercfg', auths]
          : s.kind === 'opaque'
            ? ['Opaque', '.dockerconfigjson', { auths }]
            : ['kubernetes.io/dockerconfigjson', '.dockerconfigjson', auths];
    return {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: secretName(c, s.name), namespace },
      type,
      data: { [key]: b64(JSON.stringify(payload)) },
    };
  });
}

/** Every valid username and password of the cases on one registry, for it to accept. */
export function validUsers(cases: readonly PullCase[], registry: PullCase['registry']): EntrySpec[] {
  return cases
    .filter((c) => c.registry === registry)
    .flatMap((c) => c.secrets.flatMap((s) => s.entries))
    .filter((e) => e.valid);
}
