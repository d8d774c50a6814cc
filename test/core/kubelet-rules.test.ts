/**
 * The kubelet rules of SPEC §3-§6 and §11, one behaviour per test, on inputs
 * the upstream test tables do not cover.
 */
import {
  RegcredError,
  normalizeRegistryKey,
  parseDockerConfigJson,
  parseDockercfg,
  parseImageReference,
  resolvePullCredentials,
  type SecretObject,
} from '../../src/core/internal';

function dockerconfigjson(name: string, payload: unknown): SecretObject {
  const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
  return {
    metadata: { name },
    type: 'kubernetes.io/dockerconfigjson',
    data: { '.dockerconfigjson': Buffer.from(text).toString('base64') },
  };
}

const auth = (u: string, p: string): string => Buffer.from(`${u}:${p}`).toString('base64');

describe('key normalisation (BasicDockerKeyring.Add)', () => {
  test.each([
    ['https://index.docker.io/v1/', 'index.docker.io'],
    ['index.docker.io/v1/', 'index.docker.io'],
    ['https://index.docker.io/v2/', 'index.docker.io'],
    ['https://index.docker.io/v1', 'index.docker.io/v1'],
    ['registry.example.com/v2', 'registry.example.com/v2'],
    ['registry.example.com/v2/', 'registry.example.com'],
    ['registry.example.com/', 'registry.example.com'],
    ['registry.example.com/v2/team', 'registry.example.com/team'],
    ['registry.example.com/v3/', 'registry.example.com/v3/'],
    ['http://x', 'x'],
    ['HTTPS://x', 'HTTPS://x'],
    ['oci://x', 'oci://x'],
    ['user:pass@x', 'x'],
    ['x?q', 'x'],
    ['x#f', 'x'],
    ['x/%41bc', 'x/Abc'],
    ['reg%C3%A9.io', 'regé.io'],
    ['', ''],
  ])('%j normalises to %j', (key, normalized) => {
    expect(normalizeRegistryKey(key)).toBe(normalized);
  });

  test.each([' x', 'x ', '[a-c]r.io', 'x:port', 'x/%zz', 'a{b}.io'])('%j is dropped', (key) => {
    expect(normalizeRegistryKey(key)).toBeUndefined();
  });
});

describe('payload quirks (config.go)', () => {
  test('field names match case-insensitively, including the long s', () => {
    expect(parseDockerConfigJson('{"AUTHS":{"r.io":{"USERNAME":"u","Password":"p"}}}')).toEqual([
      ['r.io', { username: 'u', password: 'p', email: '' }],
    ]);
    expect(parseDockerConfigJson('{"auth\u017f":{"r.io":{"u\u017fername":"u"}}}')).toEqual([
      ['r.io', { username: 'u', password: '', email: '' }],
    ]);
  });

  test('two auths members merge and null clears', () => {
    expect(parseDockerConfigJson('{"auths":{"a.io":{}},"Auths":{"b.io":{}}}').map(([k]) => k)).toEqual([
      'a.io',
      'b.io',
    ]);
    expect(parseDockerConfigJson('{"auths":{"a.io":{}},"auths":null}')).toEqual([]);
  });

  test('the last duplicate field wins and null keeps the earlier value', () => {
    expect(parseDockercfg('{"r.io":{"username":"a","username":"b","password":"p","password":null}}')).toEqual([
      ['r.io', { username: 'b', password: 'p', email: '' }],
    ]);
  });

  test('a legacy shape inside .dockerconfigjson reads as no entries, without error', () => {
    expect(parseDockerConfigJson('{"registry.example.com":{"auth":"dTpw"}}')).toEqual([]);
  });

  test('an auths wrapper inside .dockercfg reads as one useless key "auths"', () => {
    expect(parseDockercfg('{"auths":{"r.io":{"auth":"dTpw"}}}')).toEqual([
      ['auths', { username: '', password: '', email: '' }],
    ]);
  });

  test.each([
    ['a non-string HttpHeaders value', '{"auths":{},"HttpHeaders":{"X":1}}'],
    ['a numeric username', '{"auths":{"r.io":{"username":123}}}'],
    ['auths as an array', '{"auths":[]}'],
    ['a top-level array', '[]'],
    ['a BOM', '\ufeff{"auths":{}}'],
    ['a trailing comma', '{"auths":{},}'],
    [
      'URL-safe base64 in auth',
      `{"auths":{"r.io":{"auth":"${auth('u', 'p?>').replace(/\+/g, '-').replace(/\//g, '_')}_"}}}`,
    ],
  ])('fails on %s', (_what, payload) => {
    expect(() => parseDockerConfigJson(payload)).toThrow();
  });

  test('accepts surrounding white space, null, and an identitytoken-only entry as empty credentials', () => {
    expect(parseDockerConfigJson(' \n{"auths":{}}\n ')).toEqual([]);
    expect(parseDockerConfigJson('null')).toEqual([]);
    expect(parseDockerConfigJson('{"auths":{"r.io":{"identitytoken":"t"}}}')).toEqual([
      ['r.io', { username: '', password: '', email: '' }],
    ]);
  });

  test('invalid UTF-8 in a string becomes U+FFFD', () => {
    const bytes = Buffer.concat([
      Buffer.from('{"auths":{"r.io":{"username":"a'),
      Buffer.from([0xff]),
      Buffer.from('b"}}}'),
    ]);
    expect(parseDockerConfigJson(bytes)[0][1].username).toBe('a\ufffdb');
  });
});

describe('end to end (§11 failure modes)', () => {
  test('kubectl without --docker-server: a Docker Hub secret never applies to registry.gitlab.com', () => {
    const s = dockerconfigjson('s', {
      auths: { 'https://index.docker.io/v1/': { username: 'u', password: 'p', auth: auth('u', 'p') } },
    });
    expect(resolvePullCredentials([s], 'registry.gitlab.com/acme/app:1')).toEqual({
      repoToPull: 'registry.gitlab.com/acme/app',
      found: false,
      creds: [],
    });
  });

  test('Docker Hub credentials apply to every Docker Hub image, and leak to localhost', () => {
    const s = dockerconfigjson('s', { auths: { 'https://index.docker.io/v1/': { auth: auth('u', 'p') } } });
    expect(resolvePullCredentials([s], 'nginx').found).toBe(true);
    expect(resolvePullCredentials([s], 'localhost/app').found).toBe(true);
    expect(resolvePullCredentials([s], 'localhost:5000/app').found).toBe(false);
  });

  test('a key ending in /v2 without slash never matches', () => {
    const s = dockerconfigjson('s', { auths: { 'registry.example.com/v2': { auth: auth('u', 'p') } } });
    expect(resolvePullCredentials([s], 'registry.example.com/team/app').found).toBe(false);
  });

  test('ports must be equal', () => {
    const s = dockerconfigjson('s', { auths: { 'reg.io:5000': { auth: auth('u', 'p') } } });
    expect(resolvePullCredentials([s], 'reg.io/x').found).toBe(false);
    expect(resolvePullCredentials([s], 'reg.io:5000/x').found).toBe(true);
  });

  test('auth overrides username and password', () => {
    const s = dockerconfigjson('s', {
      auths: { 'r.io': { username: 'new', password: 'fresh', auth: auth('old', 'stale') } },
    });
    expect(resolvePullCredentials([s], 'r.io/app').creds).toEqual([{ username: 'old', password: 'stale', email: '' }]);
  });

  test('a malformed auth in any referenced secret fails the whole pull', () => {
    const good = dockerconfigjson('good', { auths: { 'r.io': { auth: auth('u', 'p') } } });
    const bad = dockerconfigjson('bad', { auths: { 'other.io': { auth: 'user:pass' } } });
    let err: unknown;
    try {
      resolvePullCredentials([good, bad], 'r.io/app');
    } catch (e) {
      err = e;
    }
    expect(RegcredError.isRegcredError(err) && err.code).toBe('INVALID_PULL_SECRET');
    expect(String(err)).toContain('Secret "bad"');
    expect(String(err)).not.toContain('user:pass');
  });

  test('an Opaque secret is ignored', () => {
    const s = { ...dockerconfigjson('s', { auths: { 'r.io': { auth: auth('u', 'p') } } }), type: 'Opaque' };
    expect(resolvePullCredentials([s], 'r.io/app').found).toBe(false);
  });

  test('a username with a colon is split at the first colon', () => {
    const s = dockerconfigjson('s', { auths: { 'r.io': { auth: auth('a', 'b:c') } } });
    expect(resolvePullCredentials([s], 'r.io/app').creds[0]).toEqual({ username: 'a', password: 'b:c', email: '' });
  });

  test('keys are tried in reverse byte order across secrets; a more specific later key comes first', () => {
    const broad = dockerconfigjson('broad', { auths: { 'r.io': { auth: auth('broad', 'p') } } });
    const narrow = dockerconfigjson('narrow', { auths: { 'r.io/team': { auth: auth('narrow', 'p') } } });
    expect(resolvePullCredentials([broad, narrow], 'r.io/team/app').creds.map((c) => c.username)).toEqual([
      'narrow',
      'broad',
    ]);
  });

  test('the same key in two secrets keeps secret order', () => {
    const first = dockerconfigjson('first', { auths: { 'r.io': { auth: auth('new', 'p') } } });
    const second = dockerconfigjson('second', { auths: { 'https://r.io/v2/': { auth: auth('old', 'p') } } });
    expect(resolvePullCredentials([first, second], 'r.io/app').creds.map((c) => c.username)).toEqual(['new', 'old']);
  });

  test('a wildcard hit suppresses the Docker Hub fallback', () => {
    const s = dockerconfigjson('s', {
      auths: { '*.io': { auth: auth('glob', 'p') }, 'https://index.docker.io/v1/': { auth: auth('hub', 'p') } },
    });
    expect(resolvePullCredentials([s], 'docker.io/library/nginx').creds.map((c) => c.username)).toEqual(['glob']);
  });

  test('stringData counts like data', () => {
    const s: SecretObject = {
      type: 'kubernetes.io/dockerconfigjson',
      stringData: { '.dockerconfigjson': JSON.stringify({ auths: { 'r.io': { auth: auth('u', 'p') } } }) },
    };
    expect(resolvePullCredentials([s], 'r.io/app').found).toBe(true);
  });

  test('fails on an uppercase repository before any secret is read', () => {
    expect(() => resolvePullCredentials([], 'registry.example.com/App')).toThrow(
      `'image' "registry.example.com/App" is not a valid image reference: invalid reference format: repository name (App) must be lowercase.`,
    );
  });
});

describe('parseImageReference', () => {
  test.each([
    ['nginx', { domain: 'docker.io', path: 'library/nginx', name: 'docker.io/library/nginx', tag: 'latest' }],
    ['index.docker.io/acme/app:2', { domain: 'docker.io', path: 'acme/app', name: 'docker.io/acme/app', tag: '2' }],
    [
      'registry-1.docker.io/acme/app',
      { domain: 'registry-1.docker.io', path: 'acme/app', name: 'registry-1.docker.io/acme/app', tag: 'latest' },
    ],
    ['localhost/app', { domain: 'localhost', path: 'app', name: 'localhost/app', tag: 'latest' }],
    [
      'gitlab.example.com:5050/g/p/app:1.0',
      { domain: 'gitlab.example.com:5050', path: 'g/p/app', name: 'gitlab.example.com:5050/g/p/app', tag: '1.0' },
    ],
  ])('%j', (image, expected) => {
    expect(parseImageReference(image)).toEqual(expected);
  });

  test.each([
    ['sha512 with a short hex', `app@sha512:${'a'.repeat(64)}`, 'invalid checksum digest length'],
    ['an unknown algorithm', `app@md5:${'a'.repeat(32)}`, 'unsupported digest algorithm'],
    ['uppercase hex', `app@sha256:${'A'.repeat(64)}`, 'invalid checksum digest format'],
  ])('fails on %s', (_what, image, reason) => {
    expect(() => parseImageReference(image)).toThrow(reason);
  });
});

describe('cases where regcred once disagreed with the kubelet', () => {
  test('a first component with a dot that is no valid domain is part of the path, and the name has no domain', () => {
    const secret = dockerconfigjson('pull', { auths: { 'a_b.com': { auth: auth('u', 'p') } } });
    const got = resolvePullCredentials([secret], 'a_b.com/foo:1.0');
    expect(got.repoToPull).toBe('a_b.com/foo');
    expect(got.found).toBe(true);
    expect(parseImageReference('x_y.z/sub').domain).toBe('');
    expect(parseImageReference('x_y.z/sub').path).toBe('x_y.z/sub');
  });

  test('control characters after "#" in a key are part of the dropped fragment', () => {
    expect(normalizeRegistryKey('registry.example.com#\u0000')).toBe('registry.example.com');
    const secret = dockerconfigjson('pull', { auths: { 'registry.example.com#\u0001x': { auth: auth('u', 'p') } } });
    expect(resolvePullCredentials([secret], 'registry.example.com/app').creds).toEqual([
      { username: 'u', password: 'p', email: '' },
    ]);
  });

  test('a control character before "#" still drops the key', () => {
    expect(normalizeRegistryKey('registry.example.com\u0000#x')).toBeUndefined();
  });

  const nested = (depth: number): string => `{"auths":{},"extra":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`;

  test('JSON nested 10,000 levels deep is read, as Go reads it', () => {
    const got = resolvePullCredentials([dockerconfigjson('deep', nested(10000))], 'nginx');
    expect(got.found).toBe(false);
  });

  test('fails with INVALID_PULL_SECRET on the 10,001st level, where Go stops', () => {
    const run = () => resolvePullCredentials([dockerconfigjson('deep', nested(10001))], 'nginx');
    expect(run).toThrow(RegcredError);
    expect(run).toThrow(/exceeded max depth/);
  });

  test('nesting far beyond the JS stack ends in INVALID_PULL_SECRET, not a RangeError', () => {
    const run = () => resolvePullCredentials([dockerconfigjson('deep', '['.repeat(500000))], 'nginx');
    expect(run).toThrow(RegcredError);
  });
});
