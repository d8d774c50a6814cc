/**
 * SOPS output through Flux for real: an age identity made by Debian's age-keygen; cdk8s synth with
 * `sops` for its recipient; `sops -d` (the sops CLI, MAC checked) opens the Secret to regcred's
 * plain Secret; then Flux's own kustomize-controller (v1.9.6, built by scripts/engine.sh, run out
 * of cluster against the engine's API server) applies the synth output with
 * `decryption.provider: sops` from an artifact served on 127.0.0.1 as a GitRepository's status
 * names it, and the node's kubelet pulls the private image with the Secret Flux made.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { ApiObject, Testing } from 'cdk8s';
import { dump, load } from 'js-yaml';
import { RegistryCredentials, pullSecretManifest } from 'regcred';
import { GitlabRegistrySecret } from 'regcred/cdk8s';
import { cli } from '../cli/run-cli';
import { docExample } from '../docs/blocks';
import { canonicalJson } from '../sops-file';
import type { Registry, RegistryUser } from '../e2e/harness';
import { freshNamespace, getWhen, kubectlAsync, nodeDeployment, pullOutcomes, registryWithImage } from './node';

jest.setTimeout(300_000);

const admin = { username: 'ci-admin', password: 'admin-Secret-8', scopes: ['read_registry', 'write_registry'] };
const deploy: RegistryUser = {
  username: 'gitlab+deploy-token-93',
  password: 'gldt-fluxSopsToken93',
  scopes: ['read_registry'],
};
let registry: Registry;
let image: string;
let dir: string;
let server: http.Server | undefined;

beforeAll(async () => {
  ({ registry, image } = await registryWithImage(admin, [deploy]));
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regcred-flux-'));
});

afterAll(async () => {
  await registry?.stop();
  server?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** An age identity from Debian's age-keygen: the key file and its recipient. */
function ageIdentity(): { keyFile: string; recipient: string } {
  const keyFile = path.join(fs.mkdtempSync(path.join(dir, 'key-')), 'age.agekey');
  execFileSync('age-keygen', ['-o', keyFile], { stdio: 'pipe' });
  return { keyFile, recipient: execFileSync('age-keygen', ['-y', keyFile], { encoding: 'utf8' }).trim() };
}

/** Serves the files of `dir` by name on 127.0.0.1 (one server for the file's tests) and gives the URL of `file`. */
async function serve(file: string): Promise<string> {
  if (!server) {
    const s = http.createServer((req, res) => {
      const name = path.basename(req.url ?? '');
      const f = path.join(dir, name);
      if (!name.endsWith('.tar.gz') || !fs.existsSync(f)) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'application/gzip' }).end(fs.readFileSync(f));
    });
    server = s;
    await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  }
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/${path.basename(file)}`;
}

type Condition = { type: string; status: string; reason?: string; message?: string };
type Obj = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } };

/**
 * Flux's kustomize-controller applies `repo` in `ns` with SOPS decryption by the age key in
 * `keyFile`: the files tarred and served on 127.0.0.1, named by a GitRepository's status as
 * source-controller would name them. Gives the Kustomization's Ready condition once decided.
 */
async function fluxReady(ns: string, repo: string, keyFile: string): Promise<Condition | undefined> {
  const tarball = path.join(dir, `${ns}.tar.gz`);
  execFileSync('tar', ['-czf', tarball, '-C', repo, '.']);
  const digest = `sha256:${createHash('sha256').update(fs.readFileSync(tarball)).digest('hex')}`;
  const url = await serve(tarball);
  await kubectlAsync(
    ['apply', '-f', '-'],
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'List',
      items: [
        {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: 'sops-age', namespace: ns },
          stringData: { 'age.agekey': fs.readFileSync(keyFile, 'utf8') },
        },
        {
          apiVersion: 'source.toolkit.fluxcd.io/v1',
          kind: 'GitRepository',
          metadata: { name: 'manifests', namespace: ns },
          spec: { url: 'https://git.example.invalid/manifests.git', interval: '1h', ref: { branch: 'main' } },
        },
      ],
    }),
  );
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  await kubectlAsync([
    'patch',
    'gitrepository',
    'manifests',
    '-n',
    ns,
    '--subresource=status',
    '--type=merge',
    '-p',
    JSON.stringify({
      status: {
        observedGeneration: 1,
        artifact: { path: 'manifests.tar.gz', url, revision: 'main@sha1:0000000', digest, lastUpdateTime: now },
        conditions: [
          { type: 'Ready', status: 'True', reason: 'Succeeded', message: 'served', lastTransitionTime: now },
        ],
      },
    }),
  ]);
  await kubectlAsync(
    ['apply', '-f', '-'],
    JSON.stringify({
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name: 'app', namespace: ns },
      spec: {
        interval: '10m',
        path: './',
        prune: false,
        sourceRef: { kind: 'GitRepository', name: 'manifests' },
        // The guide's decryption block, as printed.
        decryption: (load(docExample('flux-kustomization').code) as { spec: { decryption: unknown } }).spec.decryption,
      },
    }),
  );
  const kustomization = await getWhen<{ status?: { conditions?: Condition[] } }>(
    ['kustomization', 'app', '-n', ns],
    (k) => (k.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status !== 'Unknown'),
    120_000,
  );
  return kustomization.status?.conditions?.find((c) => c.type === 'Ready');
}

/** A chart with regcred's GitLab pull Secret in `ns`, encrypted with SOPS for `recipient`. */
function sopsChart(ns: string, recipient: string, check = true): ReturnType<typeof Testing.chart> {
  const chart = Testing.chart();
  new GitlabRegistrySecret(chart, 'GitlabPull', {
    name: 'gitlab-pull',
    namespace: ns,
    registry: registry.host,
    username: deploy.username,
    token: deploy.password,
    sops: { age: [recipient] },
    check,
  });
  return chart;
}

/** The plain Secret regcred makes of the same credentials. */
function plainSecret(ns: string): ReturnType<typeof pullSecretManifest> {
  return pullSecretManifest({
    name: 'gitlab-pull',
    namespace: ns,
    credentials: [
      RegistryCredentials.gitlab({ registry: registry.host, username: deploy.username, token: deploy.password }),
    ],
  });
}

test("cdk8s synth with sops: sops -d opens it to regcred's Secret, Flux decrypts and applies it, the kubelet pulls with it", async () => {
  const ns = await freshNamespace('flux');
  // The guide's key, made as printed: the key file, Flux's Secret in flux-system, the recipient.
  const keyDir = fs.mkdtempSync(path.join(dir, 'guide-'));
  await kubectlAsync(['create', 'namespace', 'flux-system']).catch(() => '');
  await kubectlAsync(['delete', 'secret', 'sops-age', '-n', 'flux-system', '--ignore-not-found']);
  const printed = execFileSync('bash', ['-euo', 'pipefail', '-c', docExample('flux-age-key').code], {
    cwd: keyDir,
    encoding: 'utf8',
  });
  const keyFile = path.join(keyDir, 'age.agekey');
  const recipient = printed.trim().split('\n').pop()!;
  expect(recipient).toMatch(/^age1[0-9a-z]{58}$/);
  const fluxKey = JSON.parse(await kubectlAsync(['get', 'secret', 'sops-age', '-n', 'flux-system', '-o', 'json'])) as {
    data: Record<string, string>;
  };
  expect(Buffer.from(fluxKey.data['age.agekey'], 'base64').toString('utf8')).toBe(fs.readFileSync(keyFile, 'utf8'));

  const chart = sopsChart(ns, recipient);
  new ApiObject(chart, 'Api', nodeDeployment('api', ns, image, 2) as never);
  const objects = Testing.synth(chart) as Obj[];
  expect(objects.map((o) => o.kind)).toEqual(['Secret', 'Deployment']);
  expect(JSON.stringify(objects)).not.toContain(deploy.password);

  // The files a repository holds: one per object, as `cdk8s synth` writes them with a file per resource.
  const repo = path.join(dir, 'repo');
  fs.mkdirSync(repo);
  fs.writeFileSync(path.join(repo, 'secret.yaml'), dump(objects[0]));
  fs.writeFileSync(path.join(repo, 'deployment.yaml'), dump(objects[1]));

  // sops -d, with the MAC checked, opens it to regcred's plain Secret (and the registries annotation).
  const plain = plainSecret(ns);
  const decrypted = execFileSync('sops', ['-d', '--output-type', 'json', path.join(repo, 'secret.yaml')], {
    encoding: 'utf8',
    env: { ...process.env, SOPS_AGE_KEY_FILE: keyFile },
  });
  const expected = {
    ...plain,
    metadata: { ...plain.metadata, annotations: { 'regcred.io/registries': registry.host } },
  };
  expect(canonicalJson(JSON.parse(decrypted))).toBe(canonicalJson(expected));
  // The check reads the encrypted files: nothing stops Flux, and the payload it cannot verify is said.
  const check = await cli(['check', repo]);
  expect(check.stdout.trim().split('\n').pop()).toBe('0 errors, 0 warnings, 1 info in 2 objects');
  expect(check.stdout).toContain('info[SOPS_PAYLOAD_NOT_VERIFIED]');

  expect(await fluxReady(ns, repo, keyFile)).toMatchObject({ status: 'True' });

  // Flux made regcred's Secret, and the kubelet pulls with it.
  const secret = await getWhen<{ type: string; data: Record<string, string>; sops?: unknown }>(
    ['secret', 'gitlab-pull', '-n', ns],
    () => true,
  );
  expect([secret.type, secret.data, secret.sops]).toEqual([plain.type, plain.data, undefined]);
  const outcomes = await pullOutcomes(ns);
  expect([...outcomes.values()].map((o) => o.state)).toEqual(['pulled', 'pulled']);

  // What the cluster now holds checks clean.
  const live = path.join(dir, 'cluster.yaml');
  fs.writeFileSync(live, await kubectlAsync(['get', 'secrets,deployments,pods', '-n', ns, '-o', 'yaml']));
  expect((await cli(['check', live])).stdout.trim().split('\n').pop()).toMatch(/^0 errors, 0 warnings/);
  expect(load(fs.readFileSync(path.join(repo, 'secret.yaml'), 'utf8'))).toMatchObject({
    sops: { mac_only_encrypted: true },
  });
});

type Edit = (
  secret: Record<string, unknown>,
  recipient: string,
  plain: Record<string, unknown>,
) => Record<string, unknown>;
const withMac =
  (mac: unknown): Edit =>
  (o) => ({ ...o, sops: { ...(o.sops as object), mac } });
/** The plain Secret's payload under stringData, encrypted by the sops CLI itself. */
const stringData =
  (shape: 'string' | 'mapping'): Edit =>
  (_, recipient, secret) => {
    const { data, ...rest } = secret;
    const plain: unknown = JSON.parse(
      Buffer.from(Object.values(data as object)[0] as string, 'base64').toString('utf8'),
    );
    const file = path.join(fs.mkdtempSync(path.join(dir, 'plain-')), 'secret.yaml');
    fs.writeFileSync(
      file,
      dump({ ...rest, stringData: { '.dockerconfigjson': shape === 'string' ? JSON.stringify(plain) : plain } }),
    );
    const out = execFileSync(
      'sops',
      ['encrypt', '--age', recipient, '--encrypted-regex', '^(data|stringData)$', file],
      {
        encoding: 'utf8',
      },
    );
    return load(out) as Record<string, unknown>;
  };

/** What the check and Flux made of one SOPS Secret: the check's findings, the Ready condition, the Secret made. */
interface Outcome {
  readonly findings: string[];
  readonly ready: 'True' | 'False';
  readonly flux: RegExp;
  readonly secretMade: boolean;
  /** Whether `sops -d` (MAC checked) opens the file. */
  readonly sopsOpens: boolean;
}

test.each<[string, Edit, Outcome]>([
  [
    'no sops.mac',
    withMac(undefined),
    {
      findings: ['error[SOPS_SECRET_INVALID] sops.mac'],
      ready: 'False',
      flux: /is SOPS encrypted, configuring decryption is required for this secret to be reconciled/,
      secretMade: false,
      sopsOpens: false,
    },
  ],
  [
    'an empty sops.mac',
    withMac(''),
    {
      findings: ['warning[SOPS_SECRET_INVALID] sops.mac'],
      ready: 'True',
      flux: /^Applied revision/,
      secretMade: true,
      sopsOpens: false,
    },
  ],
  [
    'its payload under stringData as one string (sops encrypt)',
    stringData('string'),
    { findings: [], ready: 'True', flux: /^Applied revision/, secretMade: true, sopsOpens: true },
  ],
  [
    'its payload under stringData as a mapping (sops encrypt)',
    stringData('mapping'),
    {
      findings: ['error[SOPS_SECRET_INVALID] stringData[.dockerconfigjson]'],
      ready: 'False',
      flux: /dry-run failed.*\.stringData\.\.dockerconfigjson: expected string/,
      secretMade: false,
      sopsOpens: true,
    },
  ],
])('a SOPS Secret with %s: check says what Flux does', async (_, edit, expected) => {
  const ns = await freshNamespace('flux-edge');
  const { keyFile, recipient } = ageIdentity();
  const [secret] = Testing.synth(sopsChart(ns, recipient, false)) as Array<Record<string, unknown>>;
  const plain = plainSecret(ns);
  const repo = fs.mkdtempSync(path.join(dir, 'repo-'));
  fs.writeFileSync(path.join(repo, 'secret.yaml'), dump(edit(secret, recipient, plain)));

  const opens = (): boolean => {
    try {
      execFileSync('sops', ['-d', path.join(repo, 'secret.yaml')], {
        stdio: 'pipe',
        env: { ...process.env, SOPS_AGE_KEY_FILE: keyFile },
      });
      return true;
    } catch {
      return false;
    }
  };
  expect(opens()).toBe(expected.sopsOpens);
  const check = await cli(['check', repo]);
  const findings = check.stdout
    .split('\n')
    .flatMap((l) => /^\s+((?:error|warning)\[[A-Z_]+\] \S+):/.exec(l)?.[1] ?? []);
  expect(findings).toEqual(expected.findings);
  expect(check.code).toBe(expected.findings.some((f) => f.startsWith('error')) ? 1 : 0);

  const ready = await fluxReady(ns, repo, keyFile);
  expect(ready?.status).toBe(expected.ready);
  expect(ready?.message).toMatch(expected.flux);
  const made = await kubectlAsync(['get', 'secret', 'gitlab-pull', '-n', ns, '-o', 'json']).then(
    (t) => (JSON.parse(t) as { data: Record<string, string> }).data,
    () => undefined,
  );
  expect(made).toEqual(expected.secretMade ? plain.data : undefined);
});
