/**
 * `regcred check --cluster` against a scripted API server on 127.0.0.1 (HTTPS, its own CA): what it asks (list calls
 * only, paged, Secrets by type), what it makes of the answers, and how it tells a forbidden namespace
 * from an empty one. The real API server and kubelet are in test/node/check-cluster.test.ts.
 * In the peers tier (scripts/test-peers.sh), the CLI runs in a project that installs the
 * @kubernetes/client-node version under test, which it loads before its own.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import { load } from 'js-yaml';
import { CLUSTER_RESOURCES } from '../../src/cli/cluster';
import { docExample } from '../docs/blocks';
import { makeCertificates, type Certificates } from '../registry/servers';

const ROOT = path.join(__dirname, '../..');
const TOKEN = 'cluster-bearer-t0ken-never-printed';
const b64 = (s: string): string => Buffer.from(s).toString('base64');

/** A Secret as the API server lists it: data in base64, no kind in the item. */
const secret = {
  metadata: {
    name: 'gitlab-pull',
    namespace: 'shop',
    annotations: { 'regcred.io/expires-at': '2026-12-10T00:00:00Z' },
  },
  type: 'kubernetes.io/dockerconfigjson',
  data: {
    '.dockerconfigjson': b64(
      JSON.stringify({
        auths: { 'registry.gitlab.com': { username: 'gitlab+deploy-token-3', password: 'gldt-s3cretCluster0000' } },
      }),
    ),
  },
};
const pod = (name: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  metadata: { name, namespace: 'shop', ...extra },
  spec: { imagePullSecrets: [{ name: 'gitlab-pull' }], containers: [{ name: 'app', image: 'ghcr.io/acme/app:1' }] },
});
const failing = {
  ...pod('web-7c9-abcde', {
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-7c9', controller: true }],
  }),
  status: { containerStatuses: [{ name: 'app', state: { waiting: { reason: 'ImagePullBackOff', message: '401' } } }] },
};
const owned = pod('web-7c9-fghij', {
  ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-7c9', controller: true }],
});

interface Seen {
  method: string;
  path: string;
  query: URLSearchParams;
  auth: string | undefined;
}

let server: https.Server;
let port = 0;
let tls: Certificates;
const seen: Seen[] = [];

beforeAll(async () => {
  tls = makeCertificates();
  server = https.createServer({ cert: tls.server.cert, key: tls.server.key }, (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    seen.push({
      method: req.method ?? '',
      path: url.pathname,
      query: url.searchParams,
      auth: req.headers.authorization,
    });
    const send = (status: number, body: object): void => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname.startsWith('/api/v1/namespaces/locked/')) {
      return send(403, { kind: 'Status', status: 'Failure', reason: 'Forbidden', code: 403, message: 'forbidden' });
    }
    const list = (items: object[], next?: string): void =>
      send(200, { kind: 'List', apiVersion: 'v1', metadata: next ? { continue: next } : {}, items });
    if (url.pathname === '/api/v1/namespaces/shop/pods') {
      // Two pages: the second only with the first's continue token.
      if (url.searchParams.get('continue') === 'page-2') return list([failing, owned]);
      return list([pod('api')], 'page-2');
    }
    if (url.pathname === '/api/v1/namespaces/shop/secrets') {
      return list(url.searchParams.get('fieldSelector') === 'type=kubernetes.io/dockerconfigjson' ? [secret] : []);
    }
    return list([]);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function kubeconfig(dir: string): string {
  const file = path.join(dir, 'kubeconfig');
  fs.writeFileSync(
    file,
    `apiVersion: v1
kind: Config
clusters:
  - name: scripted
    cluster: { server: "https://127.0.0.1:${port}", certificate-authority: ${JSON.stringify(tls.caFile)} }
users:
  - name: ci
    user: { token: ${TOKEN} }
contexts:
  - name: scripted
    context: { cluster: scripted, user: ci, namespace: shop }
  - name: elsewhere
    context: { cluster: scripted, user: ci, namespace: locked }
current-context: scripted
`,
  );
  return file;
}

/**
 * The CLI as a process (the client is an ES module), with the kubeconfig given, in a project
 * directory; `client` is the @kubernetes/client-node that project installs.
 */
function check(
  args: string[],
  client = process.env.REGCRED_PEERS
    ? path.join(process.env.REGCRED_PEERS, 'node_modules/@kubernetes/client-node')
    : undefined,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regcred-cluster-'));
  if (client) {
    fs.mkdirSync(path.join(dir, 'node_modules/@kubernetes'), { recursive: true });
    fs.symlinkSync(client, path.join(dir, 'node_modules/@kubernetes/client-node'), 'dir');
  }
  const env = { ...process.env, KUBECONFIG: kubeconfig(dir), REGCRED_NOW: '2026-12-01T00:00:00Z', HOME: dir };
  const child = spawn(
    process.execPath,
    [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(ROOT, 'src/cli/main.ts'), 'check', ...args],
    {
      cwd: dir,
      env,
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  return new Promise((resolve) =>
    child.on('close', (code) => {
      fs.rmSync(dir, { recursive: true, force: true });
      resolve({ code, stdout, stderr });
    }),
  );
}

test('reads the context namespace with list calls only, page by page, Secrets by type', async () => {
  seen.length = 0;
  const r = await check(['--cluster']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(1);
  // The owned pod that pulls is left to its controller; the one in ImagePullBackOff is kept.
  expect(r.stdout).toContain('Pod shop/api\n');
  expect(r.stdout).toContain('Pod shop/web-7c9-abcde\n');
  expect(r.stdout).not.toContain('web-7c9-fghij');
  expect(r.stdout).toContain(
    'error[IMAGE_PULL_FAILING] spec.containers[0].image: The kubelet reports ImagePullBackOff for container "app" (image "ghcr.io/acme/app:1"): 401. regcred\'s reasons: NO_MATCHING_CREDENTIALS.',
  );
  expect(r.stdout).toContain('warning[TOKEN_EXPIRING]');
  expect(r.stdout.trim().split('\n').pop()).toBe(
    '1 error, 3 warnings, 0 info in 3 objects of context "scripted", namespace "shop"',
  );
  for (const text of [r.stdout, r.stderr]) {
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain('gldt-s3cretCluster0000');
  }
  expect(new Set(seen.map((s) => s.method))).toEqual(new Set(['GET']));
  expect(seen.every((s) => s.auth === `Bearer ${TOKEN}` && s.query.get('limit') === '500')).toBe(true);
  expect(seen.filter((s) => s.path.endsWith('/pods')).map((s) => s.query.get('continue'))).toEqual([null, 'page-2']);
  expect(seen.filter((s) => s.path.endsWith('/secrets')).map((s) => s.query.get('fieldSelector'))).toEqual([
    'type=kubernetes.io/dockerconfigjson',
    'type=kubernetes.io/dockercfg',
  ]);
  expect(seen.map((s) => s.path).sort()).toEqual(
    [
      '/api/v1/namespaces/shop/pods',
      '/api/v1/namespaces/shop/pods',
      '/api/v1/namespaces/shop/serviceaccounts',
      '/api/v1/namespaces/shop/replicationcontrollers',
      '/apis/apps/v1/namespaces/shop/deployments',
      '/apis/apps/v1/namespaces/shop/statefulsets',
      '/apis/apps/v1/namespaces/shop/daemonsets',
      '/apis/apps/v1/namespaces/shop/replicasets',
      '/apis/batch/v1/namespaces/shop/jobs',
      '/apis/batch/v1/namespaces/shop/cronjobs',
      '/api/v1/namespaces/shop/secrets',
      '/api/v1/namespaces/shop/secrets',
    ].sort(),
  );
}, 60_000);

test('reports of cluster objects name the object, with no file', async () => {
  const r = await check(['--cluster', '--output', 'sarif']);
  const log = JSON.parse(r.stdout) as {
    runs: Array<{
      results: Array<{
        locations: Array<{ physicalLocation?: object; logicalLocations: Array<{ fullyQualifiedName: string }> }>;
      }>;
    }>;
  };
  const locations = log.runs[0].results.map((x) => x.locations[0]);
  expect(locations.every((l) => l.physicalLocation === undefined)).toBe(true);
  expect(locations.map((l) => l.logicalLocations[0].fullyQualifiedName)).toContain(
    'Pod shop/web-7c9-abcde/spec.containers[0].image',
  );
  const junit = await check(['--cluster', '--output', 'junit']);
  expect(junit.stdout).toContain('<testcase name="Pod shop/api" classname="regcred.check.Pod" time="0">');
}, 60_000);

test('a forbidden namespace is an error naming what is needed; an empty one is 0 objects', async () => {
  const forbidden = await check(['--cluster', '--context', 'elsewhere']);
  expect(forbidden.code).toBe(2);
  expect(forbidden.stderr).toContain(
    `forbidden: the kubeconfig's user may not list pods in namespace "locked"; regcred check --cluster needs list on pods`,
  );
  const empty = await check(['--cluster', '--namespace', 'quiet']);
  expect(empty.code).toBe(0);
  expect(empty.stdout).toBe('0 errors, 0 warnings, 0 info in 0 objects of context "scripted", namespace "quiet"\n');
}, 60_000);

test('all namespaces, and the usage mistakes', async () => {
  seen.length = 0;
  const all = await check(['--cluster', '-A', '--output', 'json']);
  expect(all.code).toBe(0);
  expect(seen.map((s) => s.path)).toContain('/api/v1/pods');
  expect(seen.every((s) => !s.path.includes('/namespaces/'))).toBe(true);

  const usage = async (args: string[], message: string): Promise<void> => {
    const r = await check(args);
    expect([r.code, r.stderr]).toEqual([2, expect.stringContaining(message)]);
  };
  await usage(
    ['--cluster', '--context', 'nope'],
    '--context "nope" is not in the kubeconfig; it has "scripted", "elsewhere"',
  );
  await usage(['--cluster', 'dist/'], '--cluster reads the cluster, not files; drop "dist/"');
  await usage(
    ['--cluster', '-A', '--namespace', 'shop'],
    '--namespace and --all-namespaces name the namespaces to read twice',
  );
  await usage(['--context', 'scripted', 'dist/'], '--context goes with --cluster');
}, 120_000);

test('an unreachable API server is named, with what went wrong', async () => {
  const closed = http.createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const unused = (closed.address() as { port: number }).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  const saved = port;
  port = unused;
  try {
    const r = await check(['--cluster']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`cannot reach the API server at https://127.0.0.1:${unused}: ECONNREFUSED`);
    expect(r.stderr).not.toContain(TOKEN);
  } finally {
    port = saved;
  }
}, 60_000);

test("the project's own @kubernetes/client-node is the one used", async () => {
  const fake = fs.mkdtempSync(path.join(os.tmpdir(), 'regcred-fake-client-'));
  fs.writeFileSync(
    path.join(fake, 'package.json'),
    '{"name":"@kubernetes/client-node","version":"1.0.0","main":"index.js"}',
  );
  fs.writeFileSync(
    path.join(fake, 'index.js'),
    "exports.KubeConfig = class { loadFromDefault() { throw new Error('the project client was loaded'); } };",
  );
  try {
    const r = await check(['--cluster'], fake);
    expect([r.code, r.stderr]).toEqual([2, 'regcred: cannot read the kubeconfig: the project client was loaded\n']);
  } finally {
    fs.rmSync(fake, { recursive: true, force: true });
  }
}, 60_000);

test("the check guide's Role grants list on exactly what --cluster lists", () => {
  const role = load(docExample('check-cluster-role').code) as {
    kind: string;
    rules: Array<{ apiGroups: string[]; resources: string[]; verbs: string[] }>;
  };
  expect(role.kind).toBe('Role');
  const granted = new Map(role.rules.map((r) => [r.apiGroups.join(), [...r.resources].sort()]));
  expect(granted).toEqual(new Map([...CLUSTER_RESOURCES].map(([group, resources]) => [group, [...resources].sort()])));
  for (const r of role.rules) expect([...r.verbs].sort()).toEqual(['get', 'list']);
});
