import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DIAGNOSTIC_CODES } from '../../src/core/internal';
import { cli } from './run-cli';

const root = path.join(__dirname, '../..');
const fixtures = path.join(root, 'test/fixtures');

test('the kubectl-without-docker-server seed fails with the nearest miss', async () => {
  const r = await cli(['check', path.join(fixtures, 'seeds/kubectl-without-docker-server.yaml')]);
  expect(r.code).toBe(1);
  expect(r.stdout).toContain('error[NO_MATCHING_CREDENTIALS] spec.containers[0].image');
  expect(r.stdout).toContain("kubectl's default when --docker-server is left out");
  expect(r.stdout).toMatch(/kubectl-without-docker-server\.yaml:\d+: Pod shop\/api/);
  // The Secret itself is wrong too, whether or not a pod lists it: a GitLab token keyed on Docker Hub.
  expect(r.stdout).toMatch(
    /kubectl-without-docker-server\.yaml:\d+: Secret shop\/gitlab-pull\n {2}error\[CREDENTIALS_FOR_ANOTHER_REGISTRY\] data\[\.dockerconfigjson\]: entry "https:\/\/index\.docker\.io\/v1\/" holds a GitLab deploy token \(gldt-…\)/,
  );
  expect(r.stdout).not.toContain('gldt-rightToken123');
  expect(r.stdout.trim().split('\n').pop()).toBe('2 errors, 0 warnings, 0 info in 2 objects');
});

test('the rotation seed reports the auth mismatch without the token', async () => {
  const r = await cli(['check', path.join(fixtures, 'seeds/rotation-auth-from-secret-name.yaml')]);
  expect(r.code).toBe(1);
  expect(r.stdout).toContain(
    'error[AUTH_MISMATCH] data[.dockerconfigjson]: entry "registry.gitlab.com" has an "auth" that decodes to user "gitlab-pull"',
  );
  expect(r.stdout).not.toContain('gldt-rightToken123');
});

test('--fail-on warning turns a warning into exit 1; the default does not', async () => {
  const file = path.join(fixtures, 'check/UNREFERENCED_MATCHING_SECRET.bad.yaml');
  expect((await cli(['check', file])).code).toBe(0);
  expect((await cli(['check', '--fail-on', 'warning', file])).code).toBe(1);
});

test('--output json is stable for scripts', async () => {
  const r = await cli(['check', '--output', 'json', path.join(fixtures, 'check/DUPLICATE_PULL_SECRET_NAME.bad.yaml')]);
  const parsed = JSON.parse(r.stdout);
  expect(parsed.summary).toEqual({ errors: 0, warnings: 1, info: 0, objects: 2 });
  expect(parsed.diagnostics[0]).toEqual({
    code: 'DUPLICATE_PULL_SECRET_NAME',
    severity: 'warning',
    object: { kind: 'Pod', namespace: 'shop', name: 'api' },
    field: 'spec.imagePullSecrets[1].name',
    message: 'Secret "gitlab-pull" is listed twice; its credentials are tried twice.',
    fix: 'Remove the duplicate entry.',
    source: {
      file: path.join(fixtures, 'check/DUPLICATE_PULL_SECRET_NAME.bad.yaml'),
      line: 2,
      documentIndex: 0,
      fieldLine: 6,
    },
  });
});

describe('every diagnostic is placed on its own object', () => {
  const secret = (token: string): string =>
    `apiVersion: v1
kind: Secret
metadata: { name: gitlab-pull, namespace: shop }
type: kubernetes.io/dockerconfigjson
stringData:
  .dockerconfigjson: '{"auths":{"registry.gitlab.com:5050":{"username":"gitlab+deploy-token-1","password":"${token}"}}}'
`;
  const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: { name: api, namespace: shop }
spec:
  template:
    spec:
      imagePullSecrets: [{ name: gitlab-pull }]
      containers: [{ name: api, image: registry.gitlab.com/acme/api:1 }]
`;

  test('staging and prod folders with the same objects: each file and line, and the conflicting Secrets', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regcred-placed-'));
    fs.mkdirSync(path.join(dir, 'prod'));
    fs.mkdirSync(path.join(dir, 'staging'));
    fs.writeFileSync(path.join(dir, 'prod/all.yaml'), `${secret('gldt-prodToken')}---\n${deployment}`);
    fs.writeFileSync(
      path.join(dir, 'staging/all.yaml'),
      `# staging\n---\n${deployment}---\n${secret('gldt-stagingToken')}`,
    );
    const r = await cli(['check', '--output', 'json', dir]);
    const found = JSON.parse(r.stdout).diagnostics.map(
      (d: { code: string; object: { kind: string }; source: { file: string; line: number; documentIndex: number } }) =>
        `${d.code} ${d.object.kind} ${path.relative(dir, d.source.file)}:${d.source.line}#${d.source.documentIndex}`,
    );
    expect(found.sort()).toEqual(
      [
        'DUPLICATE_OBJECT Secret prod/all.yaml:1#0',
        'DUPLICATE_OBJECT Secret staging/all.yaml:12#1',
        'NO_MATCHING_CREDENTIALS Deployment prod/all.yaml:8#1',
        'NO_MATCHING_CREDENTIALS Deployment staging/all.yaml:3#0',
      ].sort(),
    );
    expect(r.stdout).not.toMatch(/prodToken|stagingToken/);
  });

  test('a Secret given twice with the same content is not a duplicate, and its unlisted match is reported once', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regcred-same-'));
    const pod = `apiVersion: v1
kind: Pod
metadata: { name: api, namespace: shop }
spec:
  containers: [{ name: api, image: registry.gitlab.com:5050/acme/api:1 }]
`;
    fs.writeFileSync(path.join(dir, 'a.yaml'), `${secret('gldt-same')}---\n${pod}`);
    fs.writeFileSync(path.join(dir, 'b.yaml'), secret('gldt-same'));
    const r = await cli(['check', '--output', 'json', dir]);
    expect(JSON.parse(r.stdout).diagnostics.map((d: { code: string }) => d.code)).toEqual([
      'UNREFERENCED_MATCHING_SECRET',
    ]);
  });
});

test('reads stdin, kind: List and directories', async () => {
  const list = JSON.stringify({
    apiVersion: 'v1',
    kind: 'List',
    items: [
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'p' },
        spec: { imagePullSecrets: [{ name: '' }], containers: [{ name: 'c', image: 'nginx' }] },
      },
    ],
  });
  const fromStdin = await cli(['check', '-'], { stdin: list });
  expect(fromStdin.stdout).toContain('<stdin>:1: Pod default/p');
  expect(fromStdin.stdout).toContain('warning[EMPTY_PULL_SECRET_NAME]');
  const dir = await cli(['check', path.join(fixtures, 'check')]);
  expect(dir.code).toBe(1);
  expect(dir.stdout).toMatch(/in \d+ objects\n$/);
});

test('exits 2 with the file and line for unreadable input', async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'regcred-check-'));
  const bad = path.join(tmp, 'bad.yaml');
  fs.writeFileSync(bad, 'apiVersion: v1\nkind: Pod\nmetadata: { name: [\n');
  const r = await cli(['check', bad]);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(new RegExp(`^regcred: ${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+: cannot parse`));
  expect((await cli(['check', path.join(tmp, 'missing.yaml')])).stderr).toContain(
    'missing.yaml: no such file or directory',
  );
  expect((await cli(['check', '--fail-on', 'sometimes'])).code).toBe(2);
});

test('--help documents every code', async () => {
  const r = await cli(['check', '--help']);
  expect(r.code).toBe(0);
  for (const code of Object.keys(DIAGNOSTIC_CODES)) expect(r.stdout).toContain(code);
});

test('regcred check over the example dist/ is clean', async () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'regcred-dist-'));
  execFileSync(process.execPath, [require.resolve('tsx/cli'), 'examples/cdk8s/main.ts'], {
    cwd: root,
    env: { ...process.env, CDK8S_OUTDIR: outdir },
    stdio: 'pipe',
  });
  const r = await cli(['check', '--fail-on', 'warning', outdir]);
  expect(r.stdout).toBe('0 errors, 0 warnings, 0 info in 5 objects\n');
  expect(r.code).toBe(0);
});

describe('--pod-spec-path', () => {
  const ray = path.join(fixtures, 'check/POD_SPEC_NOT_CHECKED.bad.yaml');

  test('without it, a RayCluster is reported once as not checked, with the option to give', async () => {
    const r = await cli(['check', ray]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('info[POD_SPEC_NOT_CHECKED] spec.headGroupSpec.template.spec.containers');
    expect(r.stdout).toContain('--pod-spec-path RayCluster=spec.headGroupSpec.template.spec');
  });

  test('with it, the pod specs it names are checked', async () => {
    const r = await cli([
      'check',
      '--pod-spec-path',
      'RayCluster=spec.headGroupSpec.template.spec',
      '--pod-spec-path=RayCluster=spec.workerGroupSpecs[].template.spec',
      ray,
    ]);
    expect(r.stdout).not.toContain('info[POD_SPEC_NOT_CHECKED]');
    expect(r.stdout).toContain(
      'warning[PULL_SECRET_NOT_FOUND] spec.headGroupSpec.template.spec.imagePullSecrets[0].name',
    );
  });

  test.each([
    ['RayCluster', '--pod-spec-path must look like KIND=PATH'],
    ['=spec', '--pod-spec-path must look like KIND=PATH'],
    ['RayCluster=spec/template', "--pod-spec-path: 'podSpecPaths.RayCluster[0]' must be a dot path"],
    ['__proto__=spec.template.spec', '--pod-spec-path: \'podSpecPaths.__proto__\': "__proto__" is not a kind'],
  ])('%s is a usage error', async (value, message) => {
    const r = await cli(['check', '--pod-spec-path', value, ray]);
    expect([r.code, r.stderr]).toEqual([2, expect.stringContaining(message)]);
  });
});
