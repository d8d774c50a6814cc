/**
 * `regcred verify` against registries and token services that misbehave, run
 * as real servers on 127.0.0.1: credentials go only over TLS (or to hosts named
 * with --plain-http), only to the registry and the realm it names; every
 * answer a runtime cannot use is a classified outcome, never a raw error.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cli, type CliResult } from '../cli/run-cli';
import { bearer, makeCertificates, startServer, tokenBody, type Certificates, type TestServer } from './servers';

jest.setTimeout(30_000);

const USER = 'puller';
const PASSWORD = 'verify-Secret-42';
const BASIC = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'regcred-verify-'));
let certs: Certificates;
const servers: TestServer[] = [];

beforeAll(() => {
  certs = makeCertificates();
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function server(...args: Parameters<typeof startServer>): Promise<TestServer> {
  const s = await startServer(...args);
  servers.push(s);
  return s;
}
const tlsServer = (handler: Parameters<typeof startServer>[0]) => server(handler, certs.server);

/** A Secret with the test credential for `host` (or the given user and password). */
function secretFile(host: string, user = USER, password = PASSWORD, withAuth = true): string {
  const auth = Buffer.from(`${user}:${password}`).toString('base64');
  const payload = JSON.stringify({ auths: { [host]: { username: user, password, ...(withAuth ? { auth } : {}) } } });
  const file = path.join(tmp, `secret-${host.replace(/\W/g, '-')}-${user}.json`);
  fs.writeFileSync(
    file,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'pull' },
      type: 'kubernetes.io/dockerconfigjson',
      data: { '.dockerconfigjson': Buffer.from(payload).toString('base64') },
    }),
  );
  return file;
}

interface Verified extends CliResult {
  readonly json: { outcome: string; attempts: Array<{ outcome: string; proven: boolean; detail: string }> };
}

async function verify(host: string, args: string[] = [], file = secretFile(host)): Promise<Verified> {
  const base = [
    'verify',
    '--image',
    `${host}/acme/app:1.0`,
    '--secret',
    file,
    '--ca-file',
    certs.caFile,
    '--timeout',
    '5s',
    ...args,
  ];
  const text = await cli(base);
  const json = await cli([...base, '--output', 'json']);
  const out = { ...text, json: JSON.parse(json.stdout) as Verified['json'] };
  // No credential ever reaches any output.
  for (const s of [PASSWORD, BASIC.slice(6)])
    expect(`${text.stdout}${text.stderr}${json.stdout}${json.stderr}`).not.toContain(s);
  return out;
}

/** A registry whose /v2/ and manifest answer with `challenge` until a request carries `accepted`. */
function registry(
  challenge: (self: TestServer) => string | string[] | undefined,
  accepted: (auth?: string) => boolean,
) {
  return tlsServer((req, res, self) => {
    const c = challenge(self);
    if (req.url === '/v2/' && c !== undefined && !accepted(req.headers.authorization)) {
      res.writeHead(401, { 'www-authenticate': c }).end();
    } else if (req.url === '/v2/') {
      res.writeHead(200).end('{}');
    } else if (req.url?.startsWith('/v2/acme/app/manifests/')) {
      if (c !== undefined && !accepted(req.headers.authorization)) res.writeHead(401, { 'www-authenticate': c }).end();
      else res.writeHead(200, { 'content-type': 'application/vnd.oci.image.manifest.v1+json' }).end();
    } else res.writeHead(404).end();
  });
}

describe('several challenges', () => {
  test.each([
    ['Bearer then Basic in one header', (realm: string) => `${bearer(realm)}, Basic realm="registry"`],
    ['Basic then Bearer in one header', (realm: string) => `Basic realm="registry", ${bearer(realm)}`],
    ['Basic and Bearer in two headers', (realm: string) => ['Basic realm="registry"', bearer(realm)]],
  ])('%s: the Bearer challenge is answered, as containerd does', async (_, challenge) => {
    const tokens = await tlsServer((req, res) =>
      req.headers.authorization === BASIC ? res.writeHead(200).end(tokenBody()) : res.writeHead(401).end(),
    );
    const reg = await registry(
      () => challenge(`${tokens.origin}/token`),
      (a) => a === 'Bearer registry-issued-token',
    );
    const r = await verify(reg.host);
    expect([r.json.outcome, r.code]).toEqual(['OK', 0]);
    expect(r.stdout).toContain('bearer auth');
  });
});

describe('credentials only over TLS, only to the registry and its realm', () => {
  test('an HTTPS registry with a plain-HTTP realm: INSECURE_HTTP, and the HTTP server receives nothing', async () => {
    const plain = await server((_req, res) => res.writeHead(200).end(tokenBody()));
    const reg = await registry(
      () => bearer(`${plain.origin}/token`),
      (a) => a === 'Bearer registry-issued-token',
    );
    const r = await verify(reg.host);
    expect([r.json.outcome, r.code]).toEqual(['INSECURE_HTTP', 1]);
    expect(r.stdout).toContain(`the token service (realm) is plain HTTP (http://${plain.host})`);
    expect(plain.received).toEqual([]);
  });

  test('the same realm named with --plain-http is used', async () => {
    const plain = await server((req, res) =>
      req.headers.authorization === BASIC ? res.writeHead(200).end(tokenBody()) : res.writeHead(401).end(),
    );
    const reg = await registry(
      () => bearer(`${plain.origin}/token`),
      (a) => a === 'Bearer registry-issued-token',
    );
    const r = await verify(reg.host, ['--plain-http', plain.host]);
    expect([r.json.outcome, r.code]).toEqual(['OK', 0]);
    // verify runs twice (text and JSON output): the realm got the credential each time, over HTTP as named.
    expect(plain.received.map((x) => x.authorization)).toEqual([BASIC, BASIC]);
  });

  test.each(['file:///etc/passwd', 'data:text/plain,token', 'ftp://127.0.0.1/token'])(
    'a %s realm is REGISTRY_ERROR',
    async (realm) => {
      const reg = await registry(
        () => bearer(realm),
        () => false,
      );
      const r = await verify(reg.host);
      expect([r.json.outcome, r.code]).toEqual(['REGISTRY_ERROR', 1]);
      expect(r.stdout).toContain(
        `has scheme "${new URL(realm).protocol}"; only https: (or http: with --plain-http) is a registry URL`,
      );
    },
  );

  test('a realm that is not a URL is REGISTRY_ERROR', async () => {
    const reg = await registry(
      () => bearer('not a url'),
      () => false,
    );
    const r = await verify(reg.host);
    expect([r.json.outcome, r.code]).toEqual(['REGISTRY_ERROR', 1]);
    expect(r.stdout).toContain('the token service (realm) is "not a url", which is not a URL');
  });

  test('a realm with user information is refused, naming it', async () => {
    const other = await tlsServer((_req, res) => res.writeHead(200).end(tokenBody()));
    const reg = await registry(
      () => bearer(`https://admin:pw@${other.host}/token`),
      () => false,
    );
    const r = await verify(reg.host);
    expect([r.json.outcome, r.code]).toEqual(['REGISTRY_ERROR', 1]);
    expect(r.stdout).toContain('carries user information');
    expect(other.received).toEqual([]);
  });

  test('a manifest redirected to another origin goes there without Authorization', async () => {
    const blobs = await tlsServer((_req, res) => res.writeHead(200).end());
    const reg = await tlsServer((req, res) => {
      if (req.headers.authorization !== BASIC)
        return void res.writeHead(401, { 'www-authenticate': 'Basic realm="r"' }).end();
      if (req.url === '/v2/') return void res.writeHead(200).end();
      res.writeHead(307, { location: `${blobs.origin}${req.url}` }).end();
    });
    const r = await verify(reg.host);
    expect([r.json.outcome, r.code]).toEqual(['OK', 0]);
    expect(blobs.received).toEqual(Array(2).fill({ method: 'HEAD', url: '/v2/acme/app/manifests/1.0' }));
  });

  test('a token request redirected to another origin goes there without Authorization', async () => {
    const elsewhere = await tlsServer((_req, res) => res.writeHead(401).end());
    const tokens = await tlsServer((_req, res) => res.writeHead(302, { location: `${elsewhere.origin}/token` }).end());
    const reg = await registry(
      () => bearer(`${tokens.origin}/token`),
      () => false,
    );
    await verify(reg.host);
    expect(tokens.received.map((x) => x.authorization)).toEqual([BASIC, BASIC]);
    expect(elsewhere.received.length).toBeGreaterThan(0);
    expect(elsewhere.received.every((x) => x.authorization === undefined)).toBe(true);
  });

  test('a ping redirected to another origin is followed', async () => {
    const target = await tlsServer((_req, res) => res.writeHead(200).end('{}'));
    const reg = await tlsServer((req, res) => {
      if (req.url === '/v2/') return void res.writeHead(301, { location: `${target.origin}/v2/` }).end();
      if (req.headers.authorization !== BASIC)
        return void res.writeHead(401, { 'www-authenticate': 'Basic realm="r"' }).end();
      res.writeHead(200).end();
    });
    const r = await verify(reg.host);
    expect([r.json.outcome, r.code]).toEqual(['OK', 0]);
    expect(target.received).toEqual(Array(2).fill({ method: 'GET', url: '/v2/' }));
  });

  test('a redirect from HTTPS to HTTP on the same host is INSECURE_HTTP, and nothing goes over HTTP', async () => {
    const plain = await server((_req, res) => res.writeHead(200).end());
    const reg = await tlsServer((req, res) => {
      if (req.headers.authorization !== BASIC)
        return void res.writeHead(401, { 'www-authenticate': 'Basic realm="r"' }).end();
      if (req.url === '/v2/') return void res.writeHead(200).end();
      res.writeHead(301, { location: `http://127.0.0.1:${plain.host.split(':')[1]}${req.url}` }).end();
    });
    const r = await verify(reg.host);
    expect([r.json.outcome, r.code]).toEqual(['INSECURE_HTTP', 1]);
    expect(plain.received).toEqual([]);
  });

  test('a redirect to a URL with user information is refused, naming it', async () => {
    const reg = await tlsServer((req, res) => {
      if (req.url === '/v2/') return void res.writeHead(200).end();
      res.writeHead(302, { location: `https://user:pw@${req.headers.host}/elsewhere` }).end();
    });
    const r = await verify(reg.host);
    expect([r.json.outcome, r.code]).toEqual(['REGISTRY_ERROR', 1]);
    expect(r.stdout).toContain('a redirect of the registry https://…@');
  });

  test('a redirect loop is REGISTRY_ERROR "redirected more than 10 times"', async () => {
    const reg = await tlsServer((req, res) => res.writeHead(302, { location: req.url }).end());
    const r = await verify(reg.host);
    expect([r.json.outcome, r.code]).toEqual(['REGISTRY_ERROR', 1]);
    expect(r.stdout).toContain('the registry redirected more than 10 times');
  });
});

describe('outcomes that match what the runtime would see', () => {
  test('a public ping and a private manifest: the manifest challenge is answered with the credential, then OK', async () => {
    const reg = await tlsServer((req, res, self) => {
      if (req.url === '/v2/') return void res.writeHead(200).end('{}');
      if (req.url?.startsWith('/token')) {
        return void (req.headers.authorization === BASIC
          ? res.writeHead(200).end(tokenBody())
          : res.writeHead(401).end());
      }
      if (req.headers.authorization === 'Bearer registry-issued-token') return void res.writeHead(200).end();
      res
        .writeHead(401, { 'www-authenticate': bearer(`${self.origin}/token`, ',scope="repository:acme/app:pull"') })
        .end();
    });
    const r = await verify(reg.host);
    expect([r.json.outcome, r.code]).toEqual(['OK', 0]);
    expect(r.json.attempts[0].proven).toBe(true);
    expect(reg.received.find((x) => x.url.startsWith('/token'))?.authorization).toBe(BASIC);
  });

  describe('--each with a public image behind token auth presents every credential', () => {
    async function publicBehindTokens(): Promise<TestServer> {
      return tlsServer((req, res, self) => {
        if (req.url?.startsWith('/token')) {
          const a = req.headers.authorization;
          return void (a === undefined || a === BASIC ? res.writeHead(200).end(tokenBody()) : res.writeHead(401).end());
        }
        if (req.headers.authorization === 'Bearer registry-issued-token') return void res.writeHead(200).end();
        res.writeHead(401, { 'www-authenticate': bearer(`${self.origin}/token`) }).end();
      });
    }

    test('a good token is proven', async () => {
      const reg = await publicBehindTokens();
      const r = await verify(reg.host, ['--each']);
      expect([r.json.outcome, r.code, r.json.attempts[0].proven]).toEqual(['OK', 0, true]);
      expect(r.stdout).toContain('OK [credential proven]');
    });

    test('a wrong token is CREDENTIALS_REJECTED even though anonymous pulls work', async () => {
      const reg = await publicBehindTokens();
      const r = await verify(reg.host, ['--each'], secretFile(reg.host, USER, 'wrong-secret'));
      expect([r.json.outcome, r.code]).toEqual(['CREDENTIALS_REJECTED', 1]);
    });
  });

  test('an image served to anyone: OK without --each (the pod pulls), UNPROVEN with it', async () => {
    const reg = await tlsServer((_req, res) => res.writeHead(200).end('{}'));
    const plain = await verify(reg.host);
    expect([plain.json.outcome, plain.code, plain.json.attempts[0].proven]).toEqual(['OK', 0, false]);
    expect(plain.stdout).toContain('OK [credential not tested]');
    const each = await verify(reg.host, ['--each']);
    expect([each.json.outcome, each.code]).toEqual(['UNPROVEN', 1]);
    expect(each.stdout).toContain(`without asking for credentials; user "${USER}" was not tested`);
  });

  test.each([
    [
      'HTML',
      200,
      'text/html',
      '<html><body>Sign in</body></html>',
      'not JSON: (text/html) <html><body>Sign in</body></html>',
    ],
    ['invalid JSON', 200, 'application/json', '{"token": ', 'not JSON'],
    ['JSON without a token', 200, 'application/json', '{"expires_in": 300}', 'without a token'],
    ['a 502 page', 502, 'text/html', '<h1>Bad gateway</h1>', 'answered 502: (text/html) <h1>Bad gateway</h1>'],
  ])(
    'a token service answering %s is REGISTRY_ERROR with what it answered',
    async (_what, status, type, body, words) => {
      const reg = await tlsServer((req, res, self) => {
        if (req.url?.startsWith('/token')) return void res.writeHead(status, { 'content-type': type }).end(body);
        res.writeHead(401, { 'www-authenticate': bearer(`${self.origin}/token`) }).end();
      });
      const r = await verify(reg.host, ['--timeout', '3s']);
      expect([r.json.outcome, r.code]).toEqual(['REGISTRY_ERROR', 1]);
      expect(r.stdout).toContain(words);
    },
  );

  test('a token service that echoes the Authorization header never gets it printed', async () => {
    const reg = await tlsServer((req, res, self) => {
      if (req.url?.startsWith('/token'))
        return void res.writeHead(500).end(`bad credentials: ${req.headers.authorization}`);
      res.writeHead(401, { 'www-authenticate': bearer(`${self.origin}/token`) }).end();
    });
    const r = await verify(reg.host, ['--timeout', '2s']);
    expect(r.json.outcome).toBe('REGISTRY_ERROR');
    expect(r.stdout).toContain('bad credentials: Basic ***');
  });

  test('a body that trickles past the deadline is TIMEOUT, and the deadline holds for the whole command', async () => {
    const reg = await tlsServer((req, res, self) => {
      if (!req.url?.startsWith('/token'))
        return void res.writeHead(401, { 'www-authenticate': bearer(`${self.origin}/token`) }).end();
      res.writeHead(200, { 'content-type': 'application/json' });
      const drip = setInterval(() => res.write(' '), 100);
      res.on('close', () => clearInterval(drip));
    });
    const started = Date.now();
    const r = await cli([
      'verify',
      '--image',
      `${reg.host}/acme/app:1.0`,
      '--secret',
      secretFile(reg.host),
      '--ca-file',
      certs.caFile,
      '--timeout',
      '1s',
    ]);
    const elapsed = Date.now() - started;
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('TIMEOUT');
    // One deadline for the command: before, each of three tries had the full limit.
    expect(elapsed).toBeLessThan(2500);
  });
});

describe('a server that echoes the credential: masked before any message quotes or cuts it', () => {
  const b64 = (x: string): string => Buffer.from(x).toString('base64');
  const b64url = (x: string): string => b64(x).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  /**
   * Every form of the credential a server could echo, and the first six characters of each that
   * holds the password from its start (a raw `user:password` begins with the user name, which is shown).
   */
  const leaks = (user: string, password: string): string[] => {
    const full = [password, `${user}:${password}`].flatMap((x) => [
      x,
      b64(x),
      b64url(x),
      JSON.stringify(x).slice(1, -1),
    ]);
    return [...full, ...full.filter((f) => f.length > 6 && !f.startsWith(`${user}:`)).map((f) => f.slice(0, 6))];
  };
  const expectMasked = (r: Verified, user: string, password: string): void => {
    const all = `${r.stdout}${r.stderr}${JSON.stringify(r.json)}`;
    for (const leak of leaks(user, password)) expect([leak, all.includes(leak)]).toEqual([leak, false]);
  };
  /** A token service answering 500 with `body(user, password)`, for a Secret with that credential. */
  async function echoing(user: string, password: string, body: (u: string, p: string) => string): Promise<Verified> {
    const reg = await tlsServer((req, res, self) => {
      if (req.url?.startsWith('/token')) return void res.writeHead(500).end(body(user, password));
      res.writeHead(401, { 'www-authenticate': bearer(`${self.origin}/token`) }).end();
    });
    return verify(reg.host, ['--timeout', '2s'], secretFile(reg.host, user, password));
  }

  test.each([
    ['the password across the 200-character cut', (_u: string, p: string) => `${'x'.repeat(195)}${p}`],
    ['the base64 of the password alone', (_u: string, p: string) => `token ${b64(p)} refused`],
    ['base64url of user:password without padding', (u: string, p: string) => `seen ${b64url(`${u}:${p}`)}`],
    ['the JSON-escaped password', (_u: string, p: string) => JSON.stringify({ error: `bad ${p}` })],
  ])('%s', async (_, body) => {
    const r = await echoing(USER, 'pa"ss\\word+/=42', body);
    expect(r.json.outcome).toBe('REGISTRY_ERROR');
    expectMasked(r, USER, 'pa"ss\\word+/=42');
    expect(r.stdout).toContain('***');
  });

  test('a password of three characters is masked too', async () => {
    const r = await echoing('robot', 'q7z', (_u, p) => `wrong password ${p}`);
    expect(r.stdout).toContain('wrong password ***');
    expect(r.stdout).not.toContain('q7z');
  });

  test('a Location that is not a URL, and the last of too many redirects, are masked', async () => {
    const password = 'Zq9-hidden-Pw';
    const token = b64(`${USER}:${password}`);
    const notUrl = await tlsServer((_req, res) => res.writeHead(302, { location: `http://[${token}` }).end());
    const bad = await verify(notUrl.host, [], secretFile(notUrl.host, USER, password));
    expect(bad.stdout).toContain('redirected to "http://[***", which is not a URL');
    expectMasked(bad, USER, password);
    const loop = await tlsServer((req, res) =>
      res.writeHead(302, { location: `/${token}/${req.url?.length ?? 0}` }).end(),
    );
    const r = await verify(loop.host, [], secretFile(loop.host, USER, password));
    expect(r.stdout).toContain('redirected more than 10 times (last to /***/');
    expectMasked(r, USER, password);
  });

  test('a realm that is not a URL is masked', async () => {
    const reg = await registry(
      () => bearer(`not a url ${b64(PASSWORD)}`),
      () => false,
    );
    const r = await verify(reg.host);
    expect(r.stdout).toContain('the token service (realm) is "not a url ***", which is not a URL');
  });

  test('a username pasted as user:token is shown up to its colon', async () => {
    const reg = await tlsServer((req, res, self) => {
      if (req.url?.startsWith('/token')) return void res.writeHead(401).end();
      res.writeHead(401, { 'www-authenticate': bearer(`${self.origin}/token`) }).end();
    });
    // Without "auth", the kubelet takes the username field as it is.
    const r = await verify(reg.host, [], secretFile(reg.host, 'ci:glpat-pastedToken', 'x', false));
    expect(r.stdout).toContain('user "ci:***"');
    expect(r.stdout).not.toContain('pastedToken');
  });
});

describe('--timeout', () => {
  test.each([['0'], ['0s'], ['3000000s'], ['25h'], ['soon']])('%s is a usage error', async (value) => {
    const r = await cli([
      'verify',
      '--image',
      '127.0.0.1:1/acme/app',
      '--secret',
      secretFile('127.0.0.1:1'),
      '--timeout',
      value,
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--timeout must/);
  });
});

describe('TLS', () => {
  test('a registry whose certificate no trusted CA signed is TLS_ERROR, and OK with --ca-file', async () => {
    const reg = await tlsServer((req, res) =>
      req.headers.authorization === BASIC
        ? res.writeHead(200).end()
        : res.writeHead(401, { 'www-authenticate': 'Basic realm="r"' }).end(),
    );
    const file = secretFile(reg.host);
    const untrusted = await cli(['verify', '--image', `${reg.host}/acme/app:1.0`, '--secret', file, '--timeout', '3s']);
    expect(untrusted.code).toBe(1);
    expect(untrusted.stdout).toContain('TLS_ERROR');
    expect(untrusted.stdout).toContain('give --ca-file');
    expect((await verify(reg.host)).json.outcome).toBe('OK');
  });

  test('a certificate for another host name is TLS_ERROR', async () => {
    const reg = await server((_req, res) => res.writeHead(200).end(), certs.otherName);
    const r = await verify(reg.host, ['--timeout', '3s']);
    expect([r.json.outcome, r.code]).toEqual(['TLS_ERROR', 1]);
    expect(r.stdout).toMatch(/ERR_TLS_CERT_ALTNAME_INVALID/);
  });

  test('--ca-file without a certificate is a usage error', async () => {
    const empty = path.join(tmp, 'empty.pem');
    fs.writeFileSync(empty, 'nothing here');
    const r = await cli([
      'verify',
      '--image',
      '127.0.0.1:1/a',
      '--secret',
      secretFile('127.0.0.1:1'),
      '--ca-file',
      empty,
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no PEM certificate');
  });
});

test('a --docker-config file that cannot be read is described as a docker config, not a Secret', async () => {
  const file = path.join(tmp, 'config.json');
  fs.writeFileSync(file, JSON.stringify({ auths: { 'r.io': { auth: 'not base64!' } } }));
  const r = await cli(['verify', '--image', 'r.io/a', '--docker-config', file]);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain(`${file}: cannot be read as a docker config.json`);
  expect(r.stderr).not.toContain('Secret');
  expect(r.stderr).not.toContain('of a pod');
});
