/**
 * The tarball users install: packed as `npm publish` would, installed into a
 * scratch project, and used from CommonJS, ESM and the command line.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { load } from 'js-yaml';
import { docExample } from './docs/blocks';
import * as doors from './pipeline/doors';

jest.setTimeout(180_000);

const root = path.join(__dirname, '..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'regcred-package-'));
/** The user's app, made by the README's install example. */
const project = path.join(work, 'shop');
const version = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
let files: string[] = [];

/** Runs a shell example as printed, in `cwd`. */
const shell = (code: string, cwd: string, env: NodeJS.ProcessEnv = process.env): string =>
  execFileSync('bash', ['-euo', 'pipefail', '-c', code], { cwd, env, encoding: 'utf8', stdio: 'pipe' });

beforeAll(() => {
  // The clone the README starts from: the repository's files (committed, or new and not ignored), in a
  // directory named regcred.
  const clone = path.join(work, 'regcred');
  const tracked = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    encoding: 'utf8',
  })
    .split('\0')
    .filter(Boolean);
  for (const file of tracked.filter((f) => fs.existsSync(path.join(root, f)))) {
    fs.mkdirSync(path.dirname(path.join(clone, file)), { recursive: true });
    fs.copyFileSync(path.join(root, file), path.join(clone, file));
    fs.chmodSync(path.join(clone, file), fs.statSync(path.join(root, file)).mode);
  }
  // The README's install example as printed: npm ci and npm pack in the clone, then the app beside it.
  shell(docExample('install').code, work);
  files = execFileSync('tar', ['tzf', path.join(clone, `regcred-${version}.tgz`)], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map((f) => f.replace(/^package\//, ''));
  // The Pulumi peers, for the tests that load regcred/pulumi: linked, as a user who has them installed.
  for (const dep of ['@pulumi/pulumi', '@pulumi/kubernetes']) {
    const target = path.join(project, 'node_modules', dep);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    if (!fs.existsSync(target)) fs.symlinkSync(path.join(root, 'node_modules', dep), target);
  }
}, 600_000);
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** What pulumi-package/ holds (git ls-files pulumi-package). */
const PULUMI_PACKAGE_FILES = [
  'PulumiPlugin.yaml',
  'components.ts',
  'index.ts',
  'package.json',
  'pulumi-resource-regcred',
  'tsconfig.json',
];

const node = (args: string[]): string => execFileSync(process.execPath, args, { cwd: project, encoding: 'utf8' });

test('the tarball holds the compiled code, the sources its maps name, the license and the README, and no tests', () => {
  for (const f of [
    'LICENSE',
    'README.md',
    'CHANGELOG.md',
    'package.json',
    'lib/core/index.js',
    'lib/cli/main.js',
    'src/core/index.ts',
    'pulumi-package/PulumiPlugin.yaml',
    'pulumi-package/pulumi-resource-regcred',
  ]) {
    expect([f, files.includes(f)]).toEqual([f, true]);
  }
  expect(files.filter((f) => f.startsWith('test/') || f.includes('.test.'))).toEqual([]);
  // The multi-language package is its own files only: no SDK generated from it, no build output.
  expect(files.filter((f) => f.startsWith('pulumi-package/')).sort()).toEqual(
    PULUMI_PACKAGE_FILES.map((f) => `pulumi-package/${f}`),
  );
  const maps = files.filter((f) => f.endsWith('.map'));
  expect(maps.length).toBeGreaterThan(10);
  for (const map of maps) {
    const { sources } = JSON.parse(fs.readFileSync(path.join(project, 'node_modules/regcred', map), 'utf8')) as {
      sources: string[];
    };
    for (const s of sources) {
      const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(map), s));
      expect([map, s, files.includes(resolved)]).toEqual([map, s, true]);
    }
  }
});

test('every file the Markdown in the tarball links to is in the tarball too', () => {
  const shipped = files.filter((f) => f.endsWith('.md') && !f.startsWith('node_modules/'));
  expect(shipped).toEqual(expect.arrayContaining(['README.md', 'docs/pulumi.md', 'docs/reference/python.md']));
  const missing: string[] = [];
  for (const doc of shipped) {
    const text = fs.readFileSync(path.join(project, 'node_modules/regcred', doc), 'utf8');
    for (const [, target] of text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
      if (/^[a-z]+:/.test(target)) continue;
      const file = path.posix.normalize(path.posix.join(path.posix.dirname(doc), target));
      if (!files.includes(file) && !files.some((f) => f.startsWith(`${file}/`))) missing.push(`${doc} -> ${target}`);
    }
  }
  expect(missing).toEqual([]);
});

test('every entry point loads with require', () => {
  const out = node([
    '-e',
    `const core = require('regcred'); const c8 = require('regcred/cdk8s'); const pu = require('regcred/pulumi');
     console.log([typeof core.RegistryCredentials.gitlab, typeof c8.GitlabRegistrySecret, typeof pu.GitlabRegistrySecret].join(' '));`,
  ]);
  expect(out.trim()).toBe('function function function');
});

test('the tarball carries the jsii assembly, and the root loads its cdk8s submodule only when asked', () => {
  expect(files).toContain('.jsii');
  const assembly = JSON.parse(fs.readFileSync(path.join(project, 'node_modules/regcred/.jsii'), 'utf8')) as {
    types: Record<string, unknown>;
  };
  expect(Object.keys(assembly.types)).toEqual(
    expect.arrayContaining(['regcred.RegistryCredentials', 'regcred.Manifests', 'regcred.cdk8s.GitlabRegistrySecret']),
  );
  // A Pulumi user's project: regcred without cdk8s and constructs.
  const bare = path.join(work, 'bare');
  fs.mkdirSync(path.join(bare, 'node_modules'), { recursive: true });
  fs.cpSync(path.join(project, 'node_modules/regcred'), path.join(bare, 'node_modules/regcred'), { recursive: true });
  const out = execFileSync(
    process.execPath,
    [
      '-e',
      `const core = require('regcred');
       console.log(typeof core.RegistryCredentials.gitlab);
       try { core.cdk8s; } catch (e) { console.log(e.code); }`,
    ],
    { cwd: bare, encoding: 'utf8' },
  );
  expect(out.trim().split('\n')).toEqual(['function', 'MODULE_NOT_FOUND']);
});

test('every entry point loads with import, named exports included', () => {
  const out = node([
    '--input-type=module',
    '-e',
    `import { RegistryCredentials, checkManifests } from 'regcred';
     import { RegistrySecret } from 'regcred/cdk8s';
     import { RegistryCredentialsInput } from 'regcred/pulumi';
     console.log([typeof RegistryCredentials.quay, typeof checkManifests, typeof RegistrySecret, typeof RegistryCredentialsInput.harbor].join(' '));`,
  ]);
  expect(out.trim()).toBe('function function function function');
});

test('the regcred command runs as the bin field of package.json names it', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(project, 'node_modules/regcred/package.json'), 'utf8')) as {
    version: string;
    bin: { regcred: string };
  };
  const bin = path.join(project, 'node_modules/regcred', pkg.bin.regcred);
  expect(fs.readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  expect(node([bin, '--version']).trim()).toBe(pkg.version);
});

test('the README quick start, run as printed in the installed app, wires the Deployment and checks clean', () => {
  fs.writeFileSync(path.join(project, 'main.ts'), docExample('quick-start').code);
  const out = shell(docExample('quick-start-synth').code, project);
  expect(out).toContain('dist/shop.k8s.yaml');
  const yaml = fs.readFileSync(path.join(project, 'dist/shop.k8s.yaml'), 'utf8');
  expect(yaml).toContain('type: kubernetes.io/dockerconfigjson');
  expect(yaml).toMatch(/imagePullSecrets:\n\s+- name: shop-gitlabpull-\w+/);
  // The README's check, in the app: the synthesized set is clean.
  expect(shell(docExample('check-usage').code, project)).toMatch(/^0 errors, 0 warnings, \d+ info in 2 objects\n$/);
});

test('without the token, the quick start stops with the error the README shows', () => {
  const synth = docExample('quick-start-synth').code.replace(/^export GITLAB_DEPLOY_TOKEN=.*\n/m, '');
  const env = { ...process.env };
  delete env.GITLAB_DEPLOY_TOKEN;
  let stderr = '';
  try {
    shell(synth, project, env);
  } catch (e) {
    stderr = String((e as { stderr: string }).stderr);
  }
  for (const line of docExample('quick-start-error').code.trim().split('\n')) expect(stderr).toContain(line);
});

describe('the pipeline doors, as docs/ci.md includes them, installing regcred from this tarball', () => {
  const fixture = (name: string): string =>
    fs.readFileSync(path.join(root, 'test/fixtures/check', `${name}.yaml`), 'utf8');
  const tarball = (): string => path.join(work, 'regcred', `regcred-${version}.tgz`);
  const ERROR = fixture('CREDENTIALS_FOR_ANOTHER_REGISTRY.bad');
  const WARNING = fixture('UNREFERENCED_MATCHING_SECRET.bad');
  const CLEAN = fixture('CREDENTIALS_FOR_ANOTHER_REGISTRY.ok');
  /** The line of the Secret's payload in the error fixture: where every report must point. */
  const payloadLine = ERROR.split('\n').findIndex((l) => l.includes('.dockerconfigjson:')) + 1;
  /** The guide's pipeline with the component included locally, regcred from this tarball, and `inputs`. */
  const ci = (inputs: Record<string, string> = {}): string =>
    doors.localComponentCi(docExample('gitlab-component').code, { regcred: tarball(), ...inputs });

  test('the GitLab component fails the job on an error and exports JUnit and Code Quality with the line', () => {
    const dir = doors.project('gitlab', { 'dist/app.k8s.yaml': ERROR });
    const job = doors.runGitlabJob(dir, ci());
    expect(job.output).toContain('error[CREDENTIALS_FOR_ANOTHER_REGISTRY]');
    expect(job.output).toMatch(/^ *FAIL +regcred-check$/m);
    expect(job.status).toBe(1);
    const quality = JSON.parse(
      fs.readFileSync(path.join(job.reports, 'gl-code-quality-report.json'), 'utf8'),
    ) as Array<{
      check_name: string;
      severity: string;
      location: { path: string; lines: { begin: number } };
    }>;
    expect(quality.map((q) => [q.check_name, q.severity, q.location.path, q.location.lines.begin])).toEqual([
      ['CREDENTIALS_FOR_ANOTHER_REGISTRY', 'critical', 'dist/app.k8s.yaml', payloadLine],
    ]);
    const junit = fs.readFileSync(path.join(job.reports, 'regcred-junit.xml'), 'utf8');
    expect(junit).toMatch(/<testsuite name="regcred check" tests="1" failures="1"/);
    expect(junit).toContain(`dist/app.k8s.yaml:${payloadLine}: data[.dockerconfigjson]`);
    expect(junit).not.toContain('gldt-rightToken');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the GitLab component passes clean manifests, and fail_on: warning fails on a warning', () => {
    const clean = doors.project('gitlab-clean', { 'dist/app.k8s.yaml': CLEAN });
    const passed = doors.runGitlabJob(clean, ci());
    expect(passed.output).toMatch(/^ *PASS +regcred-check$/m);
    expect(passed.status).toBe(0);
    expect(fs.readFileSync(path.join(passed.reports, 'gl-code-quality-report.json'), 'utf8')).toBe('[]\n');

    const warned = doors.project('gitlab-warning', { 'manifests/app.yaml': WARNING });
    const strict = doors.runGitlabJob(warned, ci({ manifests: 'manifests/', fail_on: 'warning' }));
    expect(strict.output).toContain('warning[UNREFERENCED_MATCHING_SECRET]');
    expect(strict.status).toBe(1);
    const lenient = doors.runGitlabJob(warned, ci({ manifests: 'manifests/' }));
    expect(lenient.status).toBe(0);
    for (const dir of [clean, warned]) fs.rmSync(dir, { recursive: true, force: true });
  });

  test("the guide's workflow gives the action inputs it has; its check step writes SARIF with the line", () => {
    const workflow = load(docExample('github-workflow').code) as {
      permissions: Record<string, string>;
      jobs: Record<string, { steps: Array<{ uses?: string; with?: Record<string, string> }> }>;
    };
    expect(workflow.permissions['security-events']).toBe('write');
    const use = Object.values(workflow.jobs)
      .flatMap((j) => j.steps)
      .find((st) => st.uses?.endsWith('/regcred@main'));
    const action = load(fs.readFileSync(path.join(root, 'action.yml'), 'utf8')) as { inputs: Record<string, unknown> };
    expect(Object.keys(use?.with ?? {}).filter((k) => !(k in action.inputs))).toEqual([]);

    const dir = doors.project('action', { 'dist/app.k8s.yaml': ERROR });
    const step = doors.runActionCheckStep(dir, { ...use?.with, regcred: tarball() });
    expect(step.status).toBe(0); // the step records the status; the action's last step fails with it
    expect(step.outputs['exit-code']).toBe('1');
    expect(step.steps.at(-1)?.run).toBe('exit "${REGCRED_EXIT:-2}"');
    expect(step.steps.find((st) => st.uses)?.uses).toMatch(/^github\/codeql-action\/upload-sarif@v\d+$/);
    const log = JSON.parse(fs.readFileSync(path.join(dir, 'regcred.sarif'), 'utf8')) as {
      runs: Array<{ results: Array<{ ruleId: string; locations: Array<{ physicalLocation: object }> }> }>;
    };
    expect(log.runs[0].results.map((r) => [r.ruleId, r.locations[0].physicalLocation])).toEqual([
      [
        'CREDENTIALS_FOR_ANOTHER_REGISTRY',
        { artifactLocation: { uri: 'dist/app.k8s.yaml' }, region: { startLine: payloadLine } },
      ],
    ]);
    const clean = doors.project('action-clean', { 'dist/app.k8s.yaml': CLEAN });
    expect(doors.runActionCheckStep(clean, { ...use?.with, regcred: tarball() }).outputs['exit-code']).toBe('0');
    for (const d of [dir, clean]) fs.rmSync(d, { recursive: true, force: true });
  });

  test("the guide's pre-commit configuration runs the regcred the project installs over dist/", () => {
    const dir = doors.project('pre-commit', { 'dist/app.k8s.yaml': ERROR, 'package.json': '{"private":true}\n' });
    shell(`npm install --no-audit --no-fund --save-dev ${JSON.stringify(tarball())}`, dir);
    fs.writeFileSync(path.join(dir, '.gitignore'), 'node_modules/\n.pre-commit-home/\n');
    const config = docExample('pre-commit-config').code;
    const failed = doors.runPreCommit(dir, config);
    expect(failed.output).toMatch(/regcred check\.+Failed/);
    expect(failed.output).toContain('error[CREDENTIALS_FOR_ANOTHER_REGISTRY]');
    expect(failed.status).toBe(1);
    fs.writeFileSync(path.join(dir, 'dist/app.k8s.yaml'), CLEAN);
    const passed = doors.runPreCommit(dir, config);
    expect(passed.output).toMatch(/regcred check\.+Passed/);
    expect(passed.status).toBe(0);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
