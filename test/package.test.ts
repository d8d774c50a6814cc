/**
 * The tarball users install: packed as `npm publish` would, installed into a
 * scratch project, and used from CommonJS, ESM and the command line.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

jest.setTimeout(180_000);

const root = path.join(__dirname, '..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'regcred-package-'));
const project = path.join(work, 'app');
let files: string[] = [];

beforeAll(() => {
  const packed = execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: root, encoding: 'utf8' });
  const [info] = JSON.parse(packed.slice(packed.indexOf('['))) as Array<{
    filename: string;
    files: Array<{ path: string }>;
  }>;
  files = info.files.map((f) => f.path);
  fs.mkdirSync(path.join(project, 'node_modules'), { recursive: true });
  fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'app', private: true }));
  // Unpacked as npm installs a package (tests reach no registry); the dependency and the optional
  // peers are linked from this checkout, as a user who has them installed.
  execFileSync('tar', ['xzf', path.join(work, info.filename), '-C', work]);
  fs.renameSync(path.join(work, 'package'), path.join(project, 'node_modules/regcred'));
  for (const dep of ['js-yaml', 'cdk8s', 'constructs', '@pulumi/pulumi', '@pulumi/kubernetes']) {
    const target = path.join(project, 'node_modules', dep);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.symlinkSync(path.join(root, 'node_modules', dep), target);
  }
});
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

test('every file the README links to is in the tarball', () => {
  const readme = fs.readFileSync(path.join(__dirname, '../README.md'), 'utf8');
  const linked = [...readme.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)]
    .map((m) => m[1])
    .filter((target) => !/^[a-z]+:/.test(target));
  expect(linked.length).toBeGreaterThan(0);
  for (const target of linked) expect([target, files.includes(path.posix.normalize(target))]).toEqual([target, true]);
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

test('the README quick start, run exactly as printed against the installed tarball, wires the Deployment', () => {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const section = readme.slice(
    readme.indexOf('## Quick start'),
    readme.indexOf('\n## ', readme.indexOf('## Quick start') + 1),
  );
  const ts = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  const shell = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]);
  expect(ts).toBeDefined();
  expect(shell).toHaveLength(2);
  fs.writeFileSync(path.join(project, 'main.ts'), ts!);
  for (const dep of ['cdk8s-plus-32', 'cdk8s-cli', 'tsx']) {
    if (!fs.existsSync(path.join(project, 'node_modules', dep))) {
      fs.symlinkSync(path.join(root, 'node_modules', dep), path.join(project, 'node_modules', dep));
    }
  }
  fs.mkdirSync(path.join(project, 'node_modules/.bin'), { recursive: true });
  for (const bin of ['cdk8s', 'tsx']) {
    const link = path.join(project, 'node_modules/.bin', bin);
    if (!fs.existsSync(link)) fs.symlinkSync(fs.realpathSync(path.join(root, 'node_modules/.bin', bin)), link);
  }
  // The second block (export, synth) as printed; the install line needs the registry and is not run.
  const out = execFileSync('bash', ['-euo', 'pipefail', '-c', shell[1]], {
    cwd: project,
    encoding: 'utf8',
    env: { ...process.env, GITLAB_DEPLOY_TOKEN: '' },
  });
  expect(out).toContain('dist/shop.k8s.yaml');
  const yaml = fs.readFileSync(path.join(project, 'dist/shop.k8s.yaml'), 'utf8');
  expect(yaml).toContain('type: kubernetes.io/dockerconfigjson');
  expect(yaml).toMatch(/imagePullSecrets:\n\s+- name: shop-gitlabpull-\w+/);
});
