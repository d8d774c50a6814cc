/**
 * Real registries on 127.0.0.1 for the end-to-end tests: Debian's
 * docker-registry with htpasswd basic auth, and one with token auth behind a
 * small GitLab-like token service; images pushed with Debian's skopeo.
 */
import { ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { createSign, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildOciLayout } from './oci-image';

const TOOLS = ['docker-registry', 'skopeo', 'htpasswd', 'openssl', 'git', 'rsync'];
/** The one place that installs what the tests run from Debian (it lists the packages). */
export const INSTALL_COMMAND = `bash ${path.join(__dirname, '../../scripts/engine.sh')} install e2e`;

function has(tool: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

/** Installs the registry and client when missing and we are root; otherwise fails with the command that does. */
export function ensureTools(): void {
  if (TOOLS.every(has)) return;
  if (process.getuid?.() !== 0) {
    throw new Error(
      `the end-to-end tests need ${TOOLS.filter((t) => !has(t)).join(', ')}; install them with:\n  sudo ${INSTALL_COMMAND}`,
    );
  }
  execFileSync('sh', ['-c', INSTALL_COMMAND], { stdio: 'pipe', timeout: 300_000 });
  const missing = TOOLS.filter((t) => !has(t));
  if (missing.length > 0) throw new Error(`still missing after install: ${missing.join(', ')} (${INSTALL_COMMAND})`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Waits until something accepts connections on the URL's port (HTTP or HTTPS alike). */
async function waitFor(url: string, ms = 10_000): Promise<void> {
  const { hostname, port } = new URL(url);
  const deadline = Date.now() + ms;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(Number(port), hostname, () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`${url} did not come up`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A registry user: a GitLab-like deploy token with scopes. */
export interface RegistryUser {
  readonly username: string;
  readonly password: string;
  /** GitLab deploy token scopes; `read_registry` grants pull, `write_registry` push. */
  readonly scopes: readonly string[];
}

/** A running registry. */
export interface Registry {
  /** `127.0.0.1:PORT`, as it appears in image references and auths keys. */
  readonly host: string;
  readonly kind: 'basic' | 'token';
  /** Every host of it that speaks plain HTTP (the registry, and the token service), for --plain-http. */
  readonly plainHttp: readonly string[];
  /** Stops accepting a user from now on (a revoked token); token registries only. */
  revoke(username: string): void;
  /** Accepts a user from now on (a new token); token registries only. */
  admit(user: RegistryUser): void;
  /**
   * Every request to the token service, in order: the username of its Basic
   * credentials (none for anonymous) and the scopes asked; token registries only.
   */
  readonly tokenRequests: ReadonlyArray<{ readonly username?: string; readonly scopes: readonly string[] }>;
  stop(): Promise<void>;
}

function registryConfig(dir: string, port: number, auth: string, tls?: RegistryTls): string {
  return [
    'version: 0.1',
    'log:',
    '  level: error',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${dir}/data`,
    'http:',
    `  addr: 127.0.0.1:${port}`,
    '  secret: regcred-e2e-http-secret',
    ...(tls ? ['  tls:', `    certificate: ${tls.certFile}`, `    key: ${tls.keyFile}`] : []),
    'auth:',
    auth,
    '',
  ].join('\n');
}

function startProcess(config: string, dir: string): ChildProcess {
  const file = path.join(dir, 'config.yml');
  fs.writeFileSync(file, config);
  const child = spawn('docker-registry', ['serve', file], { stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr?.on('data', () => undefined);
  return child;
}

function stopProcess(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** A certificate and key (PEM files) for a registry that serves HTTPS. */
export interface RegistryTls {
  readonly certFile: string;
  readonly keyFile: string;
}

/**
 * A registry with htpasswd (bcrypt) basic auth; every listed user may pull and push.
 * With `tls`, it serves HTTPS only.
 */
export async function startBasicRegistry(users: readonly RegistryUser[], tls?: RegistryTls): Promise<Registry> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regcred-basic-'));
  const htpasswd = path.join(dir, 'htpasswd');
  fs.writeFileSync(htpasswd, '');
  for (const u of users) execFileSync('htpasswd', ['-Bb', htpasswd, u.username, u.password], { stdio: 'pipe' });
  const port = await freePort();
  const child = startProcess(
    registryConfig(dir, port, `  htpasswd:\n    realm: regcred-e2e\n    path: ${htpasswd}`, tls),
    dir,
  );
  await waitFor(`${tls ? 'https' : 'http'}://127.0.0.1:${port}/v2/`);
  return {
    host: `127.0.0.1:${port}`,
    kind: 'basic',
    plainHttp: tls ? [] : [`127.0.0.1:${port}`],
    revoke: () => {
      throw new Error('the basic registry reads htpasswd once at start');
    },
    admit: () => {
      throw new Error('the basic registry reads htpasswd once at start');
    },
    tokenRequests: [],
    stop: () => stopProcess(child),
  };
}

function base64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

/**
 * A registry with token auth and a GitLab-like token service: anonymous
 * requests for the (private) repositories get 403, wrong credentials 401, and
 * `pull` is granted only to users with `read_registry`.
 */
export async function startTokenRegistry(users: readonly RegistryUser[]): Promise<Registry> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regcred-token-'));
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '2',
      '-subj',
      '/CN=regcred-e2e-token',
    ],
    { stdio: 'pipe' },
  );
  const keyPem = fs.readFileSync(key, 'utf8');
  const certDer = fs
    .readFileSync(cert, 'utf8')
    .replace(/-----(BEGIN|END) CERTIFICATE-----/g, '')
    .replace(/\s+/g, '');
  const issuer = 'regcred-e2e-gitlab';
  const service = 'container_registry';
  const active = new Map(users.map((u) => [u.username, u]));
  const tokenRequests: Array<{ username?: string; scopes: string[] }> = [];

  const tokenServer = http.createServer((req, res) => {
    // Like GitLab's /jwt/auth: GET only. containerd tries an OAuth2 POST first and falls back to GET on 404.
    if (req.method !== 'GET') {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
      return;
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const header = req.headers.authorization ?? '';
    const scopes = url.searchParams.getAll('scope').flatMap((s) => s.split(' '));
    let user: RegistryUser | undefined;
    if (header.startsWith('Basic ')) {
      const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      tokenRequests.push({ username: decoded.slice(0, colon), scopes });
      const candidate = active.get(decoded.slice(0, colon));
      if (!candidate || candidate.password !== decoded.slice(colon + 1)) {
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"invalid credentials"}');
        return;
      }
      user = candidate;
    } else {
      tokenRequests.push({ scopes });
    }
    if (!user && scopes.length > 0) {
      res.writeHead(403, { 'content-type': 'application/json' }).end('{"error":"access forbidden"}');
      return;
    }
    const access = scopes.flatMap((scope) => {
      const [type, name, actions] = scope.split(':');
      const granted = (actions ?? '')
        .split(',')
        .filter(
          (a) =>
            (a === 'pull' && user?.scopes.includes('read_registry')) ||
            (a === 'push' && user?.scopes.includes('write_registry')),
        );
      return type === 'repository' && granted.length > 0 ? [{ type, name, actions: granted }] : [];
    });
    const now = Math.floor(Date.now() / 1000);
    const head = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', x5c: [certDer] }));
    const claims = base64url(
      JSON.stringify({
        iss: issuer,
        aud: service,
        sub: user?.username ?? '',
        iat: now,
        nbf: now - 5,
        exp: now + 300,
        jti: randomUUID(),
        access,
      }),
    );
    const signature = createSign('RSA-SHA256').update(`${head}.${claims}`).sign(keyPem);
    const token = `${head}.${claims}.${base64url(signature)}`;
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ token, access_token: token, expires_in: 300, issued_at: new Date().toISOString() }));
  });
  const tokenPort = await freePort();
  await new Promise<void>((r) => tokenServer.listen(tokenPort, '127.0.0.1', r));

  const port = await freePort();
  const auth = [
    `  token:`,
    `    realm: http://127.0.0.1:${tokenPort}/jwt/auth`,
    `    service: ${service}`,
    `    issuer: ${issuer}`,
    `    rootcertbundle: ${cert}`,
  ].join('\n');
  const child = startProcess(registryConfig(dir, port, auth), dir);
  await waitFor(`http://127.0.0.1:${port}/v2/`);
  return {
    host: `127.0.0.1:${port}`,
    kind: 'token',
    plainHttp: [`127.0.0.1:${port}`, `127.0.0.1:${tokenPort}`],
    revoke: (username) => void active.delete(username),
    admit: (user) => void active.set(user.username, user),
    tokenRequests,
    stop: async () => {
      await stopProcess(child);
      await new Promise<void>((r) => tokenServer.close(() => r()));
    },
  };
}

/**
 * Runs a command without blocking the event loop (the token service answers
 * from this same process).
 */
function run(command: string, args: readonly string[]): Promise<{ ok: boolean; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command, [...args], { timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ ok: !error, stdout: String(stdout), stderr: String(stderr) || (error ? error.message : '') });
    });
  });
}

/** Pushes a hand-built image (a new one by default) to `host/repo:tag` with skopeo, as `user` if given. */
export async function pushImage(
  host: string,
  repo: string,
  tag: string,
  user: RegistryUser | undefined,
  layout = buildOciLayout(tag),
): Promise<void> {
  const r = await run('skopeo', [
    'copy',
    '--quiet',
    '--dest-tls-verify=false',
    ...(user ? ['--dest-creds', `${user.username}:${user.password}`] : []),
    `oci:${layout}:${tag}`,
    `docker://${host}/${repo}:${tag}`,
  ]);
  if (!r.ok) throw new Error(`skopeo copy to ${host}/${repo}:${tag} failed: ${r.stderr}`);
}

/** `skopeo inspect --authfile` with a docker config payload: what a real client makes of the credentials. */
export async function skopeoInspect(dockerConfigJson: string, image: string): Promise<{ ok: boolean; output: string }> {
  const authfile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'regcred-auth-')), 'config.json');
  fs.writeFileSync(authfile, dockerConfigJson, { mode: 0o600 });
  try {
    const r = await run('skopeo', ['inspect', '--tls-verify=false', '--authfile', authfile, `docker://${image}`]);
    return { ok: r.ok, output: r.ok ? r.stdout : r.stderr };
  } finally {
    fs.rmSync(path.dirname(authfile), { recursive: true, force: true });
  }
}
