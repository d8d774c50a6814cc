/**
 * The guides' examples that need neither a registry nor a cluster, run as printed: the TypeScript
 * ones with tsx (their printed output compared with what they print), the shell ones with `regcred`
 * from the sources on PATH, and the output the guides show compared with regcred's own.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { GitlabRegistrySecret } from 'regcred/cdk8s';
import { scratchDir, sourcesProject } from '../scratch';
import { sealingKeys } from '../sealing-keys';
import { AGE_KEYS } from '../age-keys';
import { sopsDecryptData } from '../sops-file';
import { ROOT, docExample, userShell } from './blocks';

jest.setTimeout(120_000);

const tsx = path.join(ROOT, 'node_modules/.bin/tsx');

/** The text of the `// ` comment lines that follow the last statement of an example: what it prints. */
const printed = (code: string): string[] =>
  code
    .trimEnd()
    .split('\n')
    .filter((l) => l.startsWith('// '))
    .map((l) => l.slice(3));

test('check-in-code prints the diagnostic its comment shows', () => {
  const dir = sourcesProject('doc-check');
  fs.writeFileSync(path.join(dir, 'main.ts'), docExample('check-in-code').code);
  const out = execFileSync(tsx, ['main.ts'], { cwd: dir, encoding: 'utf8' });
  const [shown] = printed(docExample('check-in-code').code);
  expect(shown.endsWith(' …')).toBe(true);
  expect(out.split('\n')[0].startsWith(shown.slice(0, -2))).toBe(true);
});

test('kubelet-lookup prints what its comment shows', () => {
  const dir = sourcesProject('doc-kubelet');
  fs.writeFileSync(path.join(dir, 'main.ts'), docExample('kubelet-lookup').code);
  const out = execFileSync(tsx, ['main.ts'], { cwd: dir, encoding: 'utf8' });
  const [shown] = printed(docExample('kubelet-lookup').code);
  expect(out.trim()).toBe(shown.replace(/ \(.*\)$/, ''));
});

test('the Pulumi unit test of the guide passes, with the program beside it, under tsx --test', () => {
  const dir = sourcesProject('doc-pulumi-unit');
  fs.writeFileSync(path.join(dir, 'index.ts'), docExample('pulumi-unit-program').code);
  fs.writeFileSync(path.join(dir, 'index.test.ts'), docExample('pulumi-unit-test').code);
  const run = spawnSync(tsx, ['--test', 'index.test.ts'], { cwd: dir, encoding: 'utf8', env: { ...process.env } });
  // Node.js 20 reports in TAP (`# pass 1`) when not on a terminal, 22 and later in its spec format (`ℹ pass 1`).
  expect([run.status, run.stdout]).toEqual([0, expect.stringMatching(/^(#|ℹ) pass 1$/m)]);
  expect(run.stdout).toMatch(/^(#|ℹ) fail 0$/m);
});

test('the check output the README shows is what regcred check prints for that file', () => {
  const block = docExample('check-output').code;
  const file = /^(\S+):\d+: /.exec(block)![1];
  const run = spawnSync(tsx, [path.join(ROOT, 'src/cli/main.ts'), 'check', file], { cwd: ROOT, encoding: 'utf8' });
  expect([run.status, run.stdout]).toEqual([1, block]);
});

test("the registry error the cdk8s guide shows is the construct's", () => {
  const chart = Testing.chart();
  const [, id, registry] = /^\[\w+\/(\w+)\] 'registry' "([^"]+)"/.exec(docExample('cdk8s-registry-error').code)!;
  expect(
    () => new GitlabRegistrySecret(chart, id, { username: 'gitlab+deploy-token-1', token: 'gldt-x0000000', registry }),
  ).toThrow(
    docExample('cdk8s-registry-error')
      .code.trim()
      .replace(/^\[\w+\//, `[${chart.node.path}/`),
  );
});

test('check-run, over a clean dist/: exit 0, and JSON for scripts', () => {
  const dir = scratchDir('doc-check-run');
  const { env } = userShell(dir);
  fs.mkdirSync(path.join(dir, 'dist'));
  fs.copyFileSync(path.join(ROOT, 'examples/cdk8s/main.ts'), path.join(dir, 'main.ts'));
  execFileSync(tsx, [path.join(ROOT, 'examples/cdk8s/main.ts')], {
    cwd: ROOT,
    env: { ...process.env, CDK8S_OUTDIR: path.join(dir, 'dist') },
    stdio: 'pipe',
  });
  const out = execFileSync('bash', ['-euo', 'pipefail', '-c', docExample('check-run').code], {
    cwd: dir,
    env,
    encoding: 'utf8',
  });
  expect(out).toMatch(/^0 errors, 0 warnings, \d+ info in \d+ objects\n$/);
  expect(JSON.parse(fs.readFileSync(path.join(dir, 'findings.json'), 'utf8'))).toMatchObject({ diagnostics: [] });
});

test('seal-secret writes a SealedSecret for the certificate, and no token', () => {
  const dir = scratchDir('doc-seal');
  const { env } = userShell(dir);
  fs.writeFileSync(path.join(dir, 'sealed-secrets.pem'), sealingKeys().certificate);
  const token = 'gldt-SealedDocExample01';
  execFileSync('bash', ['-euo', 'pipefail', '-c', docExample('seal-secret').code], {
    cwd: dir,
    env: { ...env, GITLAB_DEPLOY_TOKEN: token },
  });
  const text = fs.readFileSync(path.join(dir, 'gitlab-pull.sealed.yaml'), 'utf8');
  const [sealed] = parseAllDocuments(text).map((d) => d.toJSON() as { kind: string; metadata: { name: string } });
  expect([sealed.kind, sealed.metadata.name]).toEqual(['SealedSecret', 'gitlab-pull']);
  expect(text).not.toContain(token);
  expect(text).not.toContain(Buffer.from(token).toString('base64'));
});

test('sops-secret writes a Secret encrypted for the recipient, which its identity opens, and no token', () => {
  const dir = scratchDir('doc-sops');
  const { env } = userShell(dir);
  const token = 'gldt-SopsDocExample01';
  execFileSync('bash', ['-euo', 'pipefail', '-c', docExample('sops-secret').code], {
    cwd: dir,
    env: { ...env, GITLAB_DEPLOY_TOKEN: token, AGE_RECIPIENT: AGE_KEYS[0].recipient },
  });
  const text = fs.readFileSync(path.join(dir, 'gitlab-pull.sops.yaml'), 'utf8');
  const [secret] = parseAllDocuments(text).map((d) => d.toJSON() as Parameters<typeof sopsDecryptData>[0]);
  const auths = JSON.parse(
    Buffer.from(sopsDecryptData(secret, AGE_KEYS[0].identity)['.dockerconfigjson'], 'base64').toString(),
  );
  expect(auths.auths['registry.gitlab.com'].password).toBe(token);
  expect(text).not.toContain(token);
  expect(text).not.toContain(Buffer.from(token).toString('base64'));
});

test('check-pod-spec-path reads the pod specs of a RayCluster at the paths it names', () => {
  const dir = scratchDir('doc-ray');
  const { env } = userShell(dir);
  fs.copyFileSync(path.join(ROOT, 'test/fixtures/check/POD_SPEC_NOT_CHECKED.bad.yaml'), path.join(dir, 'ray.yaml'));
  const out = execFileSync('bash', ['-euo', 'pipefail', '-c', docExample('check-pod-spec-path').code], {
    cwd: dir,
    env,
    encoding: 'utf8',
  });
  expect(out).toContain(
    'ray.yaml:2: RayCluster ml/raycluster\n  warning[PULL_SECRET_NOT_FOUND] spec.headGroupSpec.template.spec.imagePullSecrets[0].name',
  );
  expect(out).not.toContain('POD_SPEC_NOT_CHECKED');
});

test('check-reports writes each report beside the text, with the finding on its line', () => {
  const dir = scratchDir('doc-reports');
  const { env } = userShell(dir);
  fs.mkdirSync(path.join(dir, 'dist'));
  const manifest = fs.readFileSync(
    path.join(ROOT, 'test/fixtures/check/UNREFERENCED_MATCHING_SECRET.bad.yaml'),
    'utf8',
  );
  fs.writeFileSync(path.join(dir, 'dist/app.yaml'), manifest);
  const out = execFileSync('bash', ['-euo', 'pipefail', '-c', docExample('check-reports').code], {
    cwd: dir,
    env,
    encoding: 'utf8',
  });
  expect(out.match(/^0 errors, 1 warning, 0 info in 2 objects$/gm)?.length).toBe(3);
  const sarif = JSON.parse(fs.readFileSync(path.join(dir, 'regcred.sarif'), 'utf8')) as {
    runs: Array<{
      results: Array<{
        locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }>;
      }>;
    }>;
  };
  const where = sarif.runs[0].results[0].locations[0].physicalLocation;
  const imageLine = manifest.split('\n').findIndex((l) => l.includes('image:')) + 1;
  expect([where.artifactLocation.uri, where.region.startLine]).toEqual(['dist/app.yaml', imageLine]);
  expect(fs.readFileSync(path.join(dir, 'regcred-junit.xml'), 'utf8')).toContain(
    '<system-out>warning[UNREFERENCED_MATCHING_SECRET]',
  );
  const quality = JSON.parse(fs.readFileSync(path.join(dir, 'gl-code-quality-report.json'), 'utf8')) as Array<{
    location: { lines: { begin: number } };
  }>;
  expect(quality.map((q) => q.location.lines.begin)).toEqual([imageLine]);
});
