/**
 * `regcred check --cluster` against the engine's API server and node: pods that pull, pods that
 * cannot (a Secret keyed on Docker Hub, a Secret that is not there, an image that does not exist),
 * and a token that expires soon, read by a ServiceAccount that holds only the Role the check guide
 * prints.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { dump, load } from 'js-yaml';
import { cli } from '../cli/run-cli';
import { docExample, userShell } from '../docs/blocks';
import { type Registry } from '../e2e/harness';
import { create, dropNamespace, freshNamespace, kubectlAsync, pod, pullOutcomes, registryWithImage } from './node';

jest.setTimeout(300_000);

const ROOT = path.join(__dirname, '../..');
const admin = { username: 'ci-admin', password: 'admin-Secret-7', scopes: ['read_registry', 'write_registry'] };
const deploy = { username: 'gitlab+deploy-token-77', password: 'gldt-clusterToken77', scopes: ['read_registry'] };

let registry: Registry;
let image: string;
let ns: string;
let work: string;
let kubeconfig: string;
let serviceAccountToken: string;

/** `regcred secret gitlab` for the registry, as JSON: with `key` for the registry key and an expiry. */
async function secret(name: string, key: string, expiresAt?: string): Promise<object> {
  const r = await cli(
    [
      'secret',
      'gitlab',
      ...['--name', name, '--namespace', ns, '--registry', key, '--username', deploy.username],
      ...['--password-env', 'TOKEN', '--output', 'json'],
      ...(expiresAt ? ['--expires-at', expiresAt] : []),
    ],
    { env: { TOKEN: deploy.password } },
  );
  if (r.code !== 0) throw new Error(`regcred secret: ${r.stderr}`);
  return JSON.parse(r.stdout) as object;
}

/** The CLI as a process, as a user runs it, with `env` added. */
function regcred(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(
    process.execPath,
    [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(ROOT, 'src/cli/main.ts'), ...args],
    {
      cwd: work,
      env: { ...process.env, ...env },
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

beforeAll(async () => {
  ({ registry, image } = await registryWithImage(admin, [deploy]));
  ns = await freshNamespace('check-cluster');
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'regcred-check-cluster-'));
  const soon = new Date(Date.now() + 5 * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  await create([
    await secret('gitlab-pull', registry.host, soon),
    // What kubectl makes without --docker-server: the same token keyed on Docker Hub.
    await secret('dockerhub-pull', 'https://index.docker.io/v1/'),
    pod('pulls', ns, image, ['gitlab-pull']),
    pod('wrong-key', ns, image, ['dockerhub-pull']),
    pod('missing-secret', ns, image, ['absent']),
    pod('no-such-image', ns, `${registry.host}/acme/app:404`, ['gitlab-pull']),
  ]);
  const outcomes = await pullOutcomes(ns);
  expect(Object.fromEntries([...outcomes].map(([name, o]) => [name, o.state]))).toEqual({
    pulls: 'pulled',
    'wrong-key': 'failed',
    'missing-secret': 'failed',
    'no-such-image': 'failed',
  });

  // A ServiceAccount that holds the guide's Role in this namespace only, and a kubeconfig with its token.
  const role = load(docExample('check-cluster-role').code) as { metadata: { namespace: string } };
  role.metadata.namespace = ns;
  await create([
    role,
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'regcred-check', namespace: ns } },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'regcred-check', namespace: ns },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'regcred-check' },
      subjects: [{ kind: 'ServiceAccount', name: 'regcred-check', namespace: ns }],
    },
  ]);
  serviceAccountToken = (await kubectlAsync(['create', 'token', 'regcred-check', '-n', ns])).trim();
  const admins = JSON.parse(await kubectlAsync(['config', 'view', '--raw', '--minify', '-o', 'json'])) as {
    clusters: Array<{ name: string; cluster: object }>;
  };
  kubeconfig = path.join(work, 'kubeconfig');
  fs.writeFileSync(
    kubeconfig,
    dump({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'engine', cluster: admins.clusters[0].cluster }],
      users: [{ name: 'regcred-check', user: { token: serviceAccountToken } }],
      contexts: [{ name: 'ci', context: { cluster: 'engine', user: 'regcred-check', namespace: ns } }],
      'current-context': 'ci',
    }),
  );
});

afterAll(async () => {
  await registry?.stop();
  if (ns) await dropNamespace(ns);
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

test('each pod that cannot pull is reported with its reason, the expiring token too, and nothing secret', async () => {
  const r = await regcred(['check', '--cluster'], { KUBECONFIG: kubeconfig });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(1);
  const failing = (pod: string): string => {
    const block = r.stdout.split(/\n(?=\S)/).find((b) => b.startsWith(`Pod ${ns}/${pod}\n`)) ?? '';
    return /error\[IMAGE_PULL_FAILING\][^\n]*/.exec(block)?.[0] ?? '';
  };
  // The Secret keyed on Docker Hub, and the one of the namespace that would work (not listed).
  expect(failing('wrong-key')).toMatch(
    /The kubelet reports (ErrImagePull|ImagePullBackOff) for container "app" .* regcred's reasons: NO_MATCHING_CREDENTIALS, UNREFERENCED_MATCHING_SECRET, CREDENTIALS_FOR_ANOTHER_REGISTRY\.$/,
  );
  expect(failing('missing-secret')).toMatch(/regcred's reasons: PULL_SECRET_NOT_FOUND/);
  expect(failing('no-such-image')).toMatch(/regcred finds no credentials reason/);
  expect(failing('pulls')).toBe('');
  expect(r.stdout).toMatch(new RegExp(`Secret ${ns}/gitlab-pull\\n  warning\\[TOKEN_EXPIRING\\]`));
  expect(r.stdout.trim().split('\n').pop()).toMatch(
    new RegExp(`^\\d+ errors, \\d+ warnings, \\d+ info in \\d+ objects of context "ci", namespace "${ns}"$`),
  );
  for (const secretText of [deploy.password, Buffer.from(deploy.password).toString('base64'), serviceAccountToken])
    expect(r.stdout).not.toContain(secretText);
});

test("the guide's command over all namespaces, and a namespace the Role does not reach, are forbidden errors", async () => {
  // As printed, through a shell whose regcred runs the sources; this user's Role reaches one namespace.
  const { env } = userShell(work);
  const everywhere = spawnSync('bash', ['-c', docExample('check-cluster-live').code], {
    cwd: work,
    env: { ...env, KUBECONFIG: kubeconfig },
    encoding: 'utf8',
  });
  expect(everywhere.status).toBe(2);
  expect(everywhere.stderr).toContain("forbidden: the kubeconfig's user may not list pods in any namespace");
  const other = await regcred(['check', '--cluster', '--namespace', 'default'], { KUBECONFIG: kubeconfig });
  expect(other.code).toBe(2);
  expect(other.stderr).toContain(`forbidden: the kubeconfig's user may not list pods in namespace "default"`);
  expect(other.stderr).not.toContain(serviceAccountToken);
});
