/**
 * The failures regcred exists for, reproduced on the engine's node with a
 * GitLab-like token-auth registry, and how regcred prevents them:
 * - `kubectl create secret docker-registry` without `--docker-server`: the
 *   kubelet sends nothing and the pull fails; `regcred check` says so before
 *   the pod exists;
 * - the same deploy token through every regcred producer (`regcred secret`,
 *   `cdk8s synth`, Pulumi's `up`): the pod runs;
 * - a token the registry no longer accepts: `regcred verify` says so, and the
 *   kubelet fails the same way.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as k8s from '@pulumi/kubernetes';
import { loadAll } from 'js-yaml';
import { GitlabRegistrySecret } from 'regcred/pulumi';
import { cli } from '../cli/run-cli';
import { inlineStack, up } from '../engine/engine';
import { ensureTools, pushImage, startTokenRegistry, type Registry } from '../e2e/harness';
import {
  create,
  freshNamespace,
  gitlabPullSecret,
  kubectlAsync,
  nodeEnv,
  pod,
  pullOutcomes,
  runnableImage,
  trustPlainHttp,
} from './node';
import { scratchDir } from '../scratch';

jest.setTimeout(300_000);

const admin = { username: 'ci-admin', password: 'admin-Secret-4', scopes: ['read_registry', 'write_registry'] };
const deploy = { username: 'gitlab+deploy-token-41', password: 'gldt-seedsToken41', scopes: ['read_registry'] };
let registry: Registry;
let image: string;

beforeAll(async () => {
  nodeEnv();
  ensureTools();
  registry = await startTokenRegistry([admin, deploy]);
  trustPlainHttp(registry.host);
  await pushImage(registry.host, 'acme/app', '1', admin, runnableImage('1'));
  image = `${registry.host}/acme/app:1`;
});

afterAll(async () => {
  await registry?.stop();
});

/** Usernames the token service is asked for from request `since` on. */
const askedSince = (since: number): Array<string | undefined> =>
  registry.tokenRequests.slice(since).map((r) => r.username);

function writeManifests(objects: readonly object[]): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'regcred-seed-')), 'manifests.json');
  fs.writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }));
  return file;
}

const regcredSecret = (namespace: string): Promise<object> =>
  gitlabPullSecret('gitlab-pull', namespace, registry.host, deploy);

test('kubectl create secret without --docker-server: check flags it before the pod exists, and the kubelet pulls anonymously and fails', async () => {
  const ns = await freshNamespace('seed-kubectl');
  const secret = JSON.parse(
    execFileSync(
      'kubectl',
      [
        'create',
        'secret',
        'docker-registry',
        'gitlab-pull',
        '-n',
        ns,
        '--docker-username',
        deploy.username,
        '--docker-password',
        deploy.password,
        '--dry-run=client',
        '-o',
        'json',
      ],
      { encoding: 'utf8' },
    ),
  ) as object;
  const api = pod('api', ns, image, ['gitlab-pull']);

  const check = await cli(['check', writeManifests([secret, api])]);
  expect(check.code).toBe(1);
  expect(check.stdout).toContain('NO_MATCHING_CREDENTIALS');
  expect(check.stdout).toContain('"https://index.docker.io/v1/"');

  const since = registry.tokenRequests.length;
  await create([secret, api]);
  const outcome = (await pullOutcomes(ns)).get('api');
  expect(outcome?.state).toBe('failed');
  expect(outcome?.message).toMatch(/403 Forbidden/);
  expect(askedSince(since)).not.toContain(deploy.username);
  expect(askedSince(since)).toContain(undefined);
});

test('regcred secret | kubectl apply: check finds nothing, and the pod runs with the deploy token', async () => {
  const ns = await freshNamespace('seed-cli');
  const secret = await regcredSecret(ns);
  const api = pod('api', ns, image, ['gitlab-pull']);
  expect((await cli(['check', writeManifests([secret, api])])).stdout).toContain('0 errors, 0 warnings');

  const since = registry.tokenRequests.length;
  await create([secret, api]);
  expect((await pullOutcomes(ns)).get('api')).toEqual({ state: 'pulled' });
  expect(askedSince(since)).toEqual(expect.arrayContaining([deploy.username]));
});

test('cdk8s synth: the Pod in the chart lists the Secret, and it runs', async () => {
  const ns = await freshNamespace('seed-cdk8s');
  const dir = scratchDir('synth');
  const src = path.join(__dirname, '../../src/cdk8s');
  fs.writeFileSync(
    path.join(dir, 'main.ts'),
    `import { App, ApiObject, Chart } from 'cdk8s';
import { GitlabRegistrySecret } from ${JSON.stringify(src)};

const app = new App();
const chart = new Chart(app, 'shop', { namespace: ${JSON.stringify(ns)} });
new GitlabRegistrySecret(chart, 'GitlabPull', {
  registry: ${JSON.stringify(registry.host)},
  username: ${JSON.stringify(deploy.username)},
  token: process.env.GITLAB_DEPLOY_TOKEN ?? '',
});
new ApiObject(chart, 'Api', ${JSON.stringify({ ...pod('api', ns, image, []), metadata: { name: 'api' } })});
app.synth();
`,
  );
  execFileSync(
    path.join(__dirname, '../../node_modules/.bin/cdk8s'),
    ['synth', '--app', `${path.join(__dirname, '../../node_modules/.bin/tsx')} main.ts`, '--check-upgrade=false'],
    { cwd: dir, env: { ...process.env, GITLAB_DEPLOY_TOKEN: deploy.password }, stdio: 'pipe' },
  );
  const manifests = path.join(dir, 'dist', 'shop.k8s.yaml');
  const objects = loadAll(fs.readFileSync(manifests, 'utf8')) as Array<{
    kind: string;
    metadata: { name: string };
    spec?: { imagePullSecrets?: Array<{ name: string }> };
  }>;
  const secretName = objects.find((o) => o.kind === 'Secret')!.metadata.name;
  expect(objects.find((o) => o.kind === 'Pod')?.spec?.imagePullSecrets).toEqual([{ name: secretName }]);
  expect((await cli(['check', manifests])).stdout).toContain('0 errors, 0 warnings');

  await kubectlAsync(['create', '-f', manifests]);
  expect((await pullOutcomes(ns)).get('api')).toEqual({ state: 'pulled' });
  fs.rmSync(dir, { recursive: true, force: true });
});

test("Pulumi up: the component's transform wires the Pod, and it runs", async () => {
  const ns = await freshNamespace('seed-pulumi');
  const stack = await inlineStack(`seed-${Date.now().toString(36)}`, () => {
    const gitlab = new GitlabRegistrySecret('gitlab-pull', {
      registry: registry.host,
      username: deploy.username,
      token: deploy.password,
      namespaces: [ns],
    });
    const spec = (pod('api', ns, image, []) as { spec: k8s.types.input.core.v1.PodSpec }).spec;
    new k8s.core.v1.Pod(
      'api',
      { metadata: { name: 'api', namespace: ns, annotations: { 'pulumi.com/skipAwait': 'true' } }, spec },
      { transforms: [gitlab.transform] },
    );
  });
  try {
    await up(stack);
    expect((await pullOutcomes(ns)).get('api')).toEqual({ state: 'pulled' });
  } finally {
    await stack.destroy();
    await stack.workspace.removeStack(stack.name);
  }
});

test('a token the registry no longer accepts: verify says CREDENTIALS_REJECTED, and the kubelet fails the same way', async () => {
  const ns = await freshNamespace('seed-expired');
  const revoked = { username: 'gitlab+deploy-token-42', password: 'gldt-seedsRevoked42', scopes: ['read_registry'] };
  registry.admit(revoked);
  const secret = await gitlabPullSecret('gitlab-pull', ns, registry.host, revoked);
  const file = writeManifests([secret]);
  const verify = (): Promise<{ code: number; stdout: string }> =>
    cli(['verify', '--image', image, '--secret', file, ...registry.plainHttp.flatMap((h) => ['--plain-http', h])]);
  expect((await verify()).stdout).toContain('OK');

  registry.revoke(revoked.username);
  const after = await verify();
  expect(after.code).toBe(1);
  expect(after.stdout).toContain('CREDENTIALS_REJECTED');

  await create([secret, pod('api', ns, image, ['gitlab-pull'])]);
  const outcome = (await pullOutcomes(ns)).get('api');
  expect(outcome?.state).toBe('failed');
  expect(outcome?.message).toMatch(/401 Unauthorized/);
});
