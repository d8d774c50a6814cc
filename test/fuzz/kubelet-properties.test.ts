/**
 * Invariants of resolvePullCredentials that need no oracle, over generated
 * cases of the kinds the kubelet oracle sample holds: near-miss keys and
 * images, Go base64 and JSON quirks, odd hosts, globs, ports and paths.
 */
import fc from 'fast-check';
import { RegcredError, resolvePullCredentials, type SecretObject } from 'regcred';

const host = fc.oneof(
  fc.constantFrom(
    'registry.gitlab.com',
    'ghcr.io',
    'index.docker.io',
    'docker.io',
    'localhost',
    '127.0.0.1',
    'a_b.com',
    'x_y.z',
    'Registry.Example.com',
    '[::1]',
  ),
  fc.constantFrom('*.gitlab.com', '*.io', 'reg[a-c].io', '[a-c]r.io', '*', 'a.*.com'),
);
const port = fc.constantFrom('', ':5000', ':443', ':80', ':0', ':05000', ':x', ':');
const keyPath = fc.constantFrom(
  '',
  '/',
  '/v1/',
  '/v2/',
  '/v2',
  '/v1',
  '/team',
  '/team/',
  '/v2/team',
  '/%41bc',
  '/%zz',
  '/%00',
);
const scheme = fc.constantFrom('', 'https://', 'http://', 'HTTPS://', 'oci://', 'user:pass@');
const suffix = fc.constantFrom('', '#frag', '#\u0000', '#\u0001x', '?q', ' ', '\u0000');
const registryKey = fc.tuple(scheme, host, port, keyPath, suffix).map((p) => p.join(''));

const imageHost = fc.constantFrom(
  '',
  'registry.gitlab.com/',
  'ghcr.io/',
  'index.docker.io/',
  'docker.io/',
  'localhost/',
  'localhost:5000/',
  'a_b.com/',
  'x_y.z/',
  'MyRegistry/',
  'reg.io:5000/',
  'registry-1.docker.io/',
);
const imagePath = fc.constantFrom('nginx', 'team/app', 'teamz/app', 'v2/x', 'library/nginx', 'App', 'a/b/c/d');
const imageRef = fc.constantFrom(
  '',
  ':1.0',
  ':latest',
  '@sha256:' + 'a'.repeat(64),
  ':UPPER',
  '@sha256:ABC',
  ':' + 'x'.repeat(130),
);
const image = fc.tuple(imageHost, imagePath, imageRef).map((p) => p.join(''));

const b64 = (s: string, pad: boolean): string => {
  const e = Buffer.from(s, 'utf8').toString('base64');
  return pad ? e : e.replace(/=+$/, '');
};
const authField = fc.oneof(
  fc
    .tuple(fc.constantFrom('u', 'user', 'a:b', ''), fc.constantFrom('p', 'secret', ''), fc.boolean())
    .map(([u, p, pad]) => b64(`${u}:${p}`, pad)),
  fc.constantFrom('user:pass', 'dTpw ', 'dTpw\n', 'Zm9vOmJhcl==', '-_-_', 'nocolon', ''),
);
const entry = fc
  .record(
    {
      fieldCase: fc.constantFrom('auth', 'AUTH', 'Auth', 'username', 'USERNAME'),
      auth: authField,
      username: fc.constantFrom('u1', 'u 2', ''),
      password: fc.constantFrom('p1', 'p\\2', ''),
    },
    { requiredKeys: ['fieldCase', 'auth'] },
  )
  .map((e) => {
    const body: Record<string, string> = {};
    if (e.username !== undefined) body.username = e.username;
    if (e.password !== undefined) body.password = e.password;
    body[e.fieldCase] = e.auth;
    return body;
  });
const nesting = fc.constantFrom(0, 3, 9999, 10000, 10001);
const payload = fc
  .tuple(
    fc.array(fc.tuple(registryKey, entry), { maxLength: 4 }),
    fc.constantFrom('auths', 'Auths', 'AUTHS', 'ſuths'),
    nesting,
    fc.boolean(),
  )
  .map(([entries, authsName, depth, legacy]) => {
    const map = `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`;
    const extra = depth > 0 ? `,"extra":${'['.repeat(depth)}${']'.repeat(depth)}` : '';
    return legacy ? { legacy, text: map } : { legacy, text: `{"${authsName}":${map}${extra}}` };
  });
const secret = fc.tuple(payload, fc.constantFrom('ok', 'opaque', 'swapped')).map(([p, shape]): SecretObject => {
  const key = p.legacy ? '.dockercfg' : '.dockerconfigjson';
  const type = p.legacy ? 'kubernetes.io/dockercfg' : 'kubernetes.io/dockerconfigjson';
  const data = {
    [shape === 'swapped' ? (p.legacy ? '.dockerconfigjson' : '.dockercfg') : key]: Buffer.from(p.text).toString(
      'base64',
    ),
  };
  return { type: shape === 'opaque' ? 'Opaque' : type, data };
});

type Outcome = { repoToPull: string; found: boolean; creds: unknown[] } | { error: string; message: string };

function outcome(secrets: SecretObject[], img: string): Outcome {
  try {
    const r = resolvePullCredentials(secrets, img);
    return { repoToPull: r.repoToPull, found: r.found, creds: r.creds.map((c) => ({ ...c })) };
  } catch (e) {
    if (!RegcredError.isRegcredError(e)) throw e;
    return { error: e.code, message: e.message };
  }
}

test('only RegcredError escapes; repoToPull never starts with "/"; found means credentials; same input, same output', () => {
  fc.assert(
    fc.property(fc.array(secret, { maxLength: 3 }), image, (secrets, img) => {
      const first = outcome(secrets, img);
      if ('repoToPull' in first) {
        expect(first.repoToPull.startsWith('/')).toBe(false);
        expect(first.found).toBe(first.creds.length > 0);
      }
      expect(outcome(secrets, img)).toEqual(first);
    }),
    { numRuns: 300 },
  );
});
