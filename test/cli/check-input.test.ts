/**
 * `regcred check` on the inputs a new user (or an attacker) feeds it: every
 * one ends in findings with file and line, or in exit 2 with `file:line` for
 * text that is not YAML or JSON; never in a raw JavaScript error.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cli } from './run-cli';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'regcred-check-input-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = path.join(tmp, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

const GOOD_SECRET = `apiVersion: v1
kind: Secret
metadata: { name: gitlab-pull, namespace: shop }
type: kubernetes.io/dockerconfigjson
stringData:
  .dockerconfigjson: '{"auths":{"registry.gitlab.com":{"username":"u","password":"p","auth":"dTpw"}}}'
`;
const pod = (name: string, secret = 'gitlab-pull'): string => `apiVersion: v1
kind: Pod
metadata: { name: ${name}, namespace: shop }
spec:
  imagePullSecrets: [{ name: ${secret} }]
  containers: [{ name: app, image: registry.gitlab.com/acme/app:1.0 }]
`;

describe('a Secret with bad data is a finding; every other object is still checked', () => {
  test.each([
    ['invalid base64', 'data: { .dockerconfigjson: "%%%" }'],
    ['a number', 'data: { .dockerconfigjson: 12345 }'],
    ['data as a string', 'data: "abc"'],
  ])('%s', async (_what, data) => {
    const bad = `apiVersion: v1\nkind: Secret\nmetadata: { name: broken, namespace: shop }\ntype: kubernetes.io/dockerconfigjson\n${data}\n`;
    const file = write('bad-data.yaml', [GOOD_SECRET, bad, pod('uses-broken', 'broken'), pod('fine')].join('---\n'));
    const r = await cli(['check', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(new RegExp(`${file}:8: Secret shop/broken\\n  error\\[SECRET_INVALID\\] data`));
    expect(r.stdout).toMatch(/bad-data\.yaml:\d+: Pod shop\/uses-broken\n {2}error\[PULL_SECRET_UNREADABLE\]/);
    expect(r.stdout).not.toContain('data[0]');
    expect(r.stdout).not.toContain('Pod shop/fine');
    expect(r.stdout.trim().split('\n').pop()).toMatch(/^\d+ errors?, 0 warnings, 0 info in 4 objects$/);
  });

  test('a bad value under an unrelated key is SECRET_INVALID on that key only', async () => {
    const secret = GOOD_SECRET.replace('stringData:', 'data: { note: "%%%" }\nstringData:');
    const r = await cli(['check', write('note.yaml', [secret, pod('api')].join('---\n'))]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('error[SECRET_INVALID] data[note]');
    expect(r.stdout).not.toContain('PULL_SECRET_UNREADABLE');
  });
});

test('a recursive YAML alias is refused with its line, not "Converting circular structure"', async () => {
  const file = write('alias.yaml', `${GOOD_SECRET}---\napiVersion: v1\nkind: Pod\ntype: &t {x: *t}\n`);
  const r = await cli(['check', file]);
  expect(r.code).toBe(2);
  expect(r.stderr).toBe(
    `regcred: ${file}:8: a YAML alias refers to a node that contains it; a manifest cannot be recursive\n`,
  );
});

test('aliases that expand exponentially are refused', async () => {
  const levels = Array.from({ length: 25 }, (_, i) => `l${i + 1}: &l${i + 1} [*l${i}, *l${i}]`);
  const file = write('laughs.yaml', `apiVersion: v1\nkind: ConfigMap\nl0: &l0 [x]\n${levels.join('\n')}\n`);
  const r = await cli(['check', file]);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain(`${file}:1: YAML aliases expand this document past 1000000 nodes`);
});

test('plain aliases and merge keys are read', async () => {
  const text = `apiVersion: v1\nkind: Pod\nmetadata: { name: api, namespace: shop }\nspec:\n  imagePullSecrets: &refs [{ name: gitlab-pull }]\n  containers: [{ name: app, image: registry.gitlab.com/acme/app:1.0 }]\n`;
  const r = await cli(['check', write('aliases.yaml', [GOOD_SECRET, text].join('---\n'))]);
  expect(r.stdout.trim()).toBe('0 errors, 0 warnings, 0 info in 2 objects');
});

test('property names of Object.prototype never leak into messages', async () => {
  const text = `apiVersion: v1\nkind: Secret\nmetadata: { name: proto, namespace: shop }\ntype: toString\ndata: { __proto__: "e30=", constructor: "e30=" }\n---\n${pod('api', 'toString')}`;
  const r = await cli(['check', write('proto.yaml', text)]);
  expect(r.stdout).not.toContain('native code');
  expect(r.stdout).not.toContain('function');
  expect(r.stdout).toContain('Pod shop/api');
});

test('a name or serviceAccountName of the wrong type is OBJECT_INVALID with its field', async () => {
  const text = `apiVersion: v1\nkind: Pod\nmetadata: { name: [a], namespace: shop }\nspec:\n  serviceAccountName: 7\n  containers: [{ name: app, image: nginx }]\n`;
  const r = await cli(['check', write('types.yaml', text)]);
  expect(r.code).toBe(1);
  expect(r.stdout).toContain("error[OBJECT_INVALID] metadata.name: 'metadata.name' must be a string, got an array.");
  expect(r.stdout).toContain(
    "error[OBJECT_INVALID] spec.serviceAccountName: 'spec.serviceAccountName' must be a string, got a number.",
  );
});

test('terminal escape sequences in names are printed escaped', async () => {
  const text = `apiVersion: v1\nkind: "Pod\\u001b[2J"\nmetadata: { name: "x\\u001b]0;owned\\u0007", namespace: 5 }\n`;
  const r = await cli(['check', write('escape.yaml', text)]);
  expect(r.stdout).not.toMatch(/[\u001b\u0007]/);
  expect(r.stdout).toContain('Pod\\x1b[2J default/x\\x1b]0;owned\\x07');
});

test('with no input on a terminal, check says what it needs instead of waiting', async () => {
  let stderr = '';
  const code = await (
    await import('../../src/cli/run')
  ).run(['check'], {
    stdout: () => undefined,
    stderr: (t) => (stderr += t),
    readStdin: () => new Promise(() => undefined),
    env: {},
    stdinIsTerminal: true,
  });
  expect(code).toBe(2);
  expect(stderr).toContain(
    'no manifests given: pass files or directories, pipe manifests in and use - for standard input, or read the cluster with --cluster',
  );
});

test('symbolic links to directories are followed, once per real directory', async () => {
  const real = path.join(tmp, 'real');
  write('real/pod.yaml', [GOOD_SECRET, pod('api')].join('---\n'));
  fs.symlinkSync(real, path.join(tmp, 'real', 'loop'));
  const linked = path.join(tmp, 'linked');
  fs.mkdirSync(linked);
  fs.symlinkSync(real, path.join(linked, 'team'));
  const r = await cli(['check', linked]);
  expect(r.stdout.trim()).toBe('0 errors, 0 warnings, 0 info in 2 objects');
});

test('a directory without manifests (the dist/ of a failed synth) is exit 2, not a clean check', async () => {
  const empty = path.join(tmp, 'empty-dist');
  fs.mkdirSync(path.join(empty, 'sub'), { recursive: true });
  fs.writeFileSync(path.join(empty, 'notes.txt'), 'not a manifest');
  const r = await cli(['check', empty]);
  expect([r.code, r.stdout]).toEqual([2, '']);
  expect(r.stderr).toBe(
    `regcred: ${empty}: no *.yaml, *.yml or *.json file in this directory; if it is a synth output, did the synth run and write here?\n`,
  );
});

test("a stream of JSON objects on stdin (jq '.items[]') is read object by object, each with its line", async () => {
  const pod = (name: string, image: string) =>
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: 'shop' },
      spec: { imagePullSecrets: [{ name: 'gitlab-pull' }], containers: [{ name: 'app', image }] },
    });
  const secret = JSON.stringify({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'gitlab-pull', namespace: 'shop', annotations: { note: 'a "}" in a string' } },
    type: 'kubernetes.io/dockerconfigjson',
    stringData: {
      '.dockerconfigjson': '{"auths":{"registry.gitlab.com":{"username":"u","password":"p","auth":"dTpw"}}}',
    },
  });
  const stdin = `${secret}\n${pod('good', 'registry.gitlab.com/acme/app:1')}\n\n  ${pod('bad', 'registry.gitlab.com:5050/acme/app:1')}\n`;
  const r = await cli(['check', '-'], { stdin });
  expect(r.code).toBe(1);
  expect(r.stdout).toContain('<stdin>:4: Pod shop/bad\n  error[NO_MATCHING_CREDENTIALS]');
  expect(r.stdout).not.toContain('Pod shop/good');
  expect(r.stdout.trim().split('\n').at(-1)).toBe('1 error, 0 warnings, 0 info in 3 objects');
});

test('a JSON stream cut short is exit 2 with the line, not a partial check', async () => {
  const r = await cli(['check', '-'], { stdin: '{"apiVersion":"v1","kind":"Pod"}\n{"kind":' });
  expect([r.code, r.stdout]).toEqual([2, '']);
  expect(r.stderr).toMatch(/^regcred: <stdin>:2: /);
});

test('a missing file says so', async () => {
  const r = await cli(['check', path.join(tmp, 'nope.yaml')]);
  expect(r.code).toBe(2);
  expect(r.stderr).toBe(`regcred: ${path.join(tmp, 'nope.yaml')}: no such file or directory\n`);
});

const root = path.join(__dirname, '../..');
/**
 * Runs the CLI as a process. `unprivileged` drops root's capabilities (setpriv), so that file modes
 * bind as they bind a user, while the process keeps its own user and reaches the clone wherever it is.
 */
const regcred = (args: string[], unprivileged = false) => {
  const cmd = [process.execPath, '--import', 'tsx', path.join(root, 'src/cli/main.ts'), ...args];
  return unprivileged && process.getuid?.() === 0
    ? spawnSync('setpriv', ['--bounding-set=-all', '--inh-caps=-all', ...cmd], { cwd: root, encoding: 'utf8' })
    : spawnSync(cmd[0], cmd.slice(1), { cwd: root, encoding: 'utf8' });
};

test('a file the user may not read is "permission denied", not "no such file"', () => {
  const secretDir = fs.mkdtempSync(path.join(os.tmpdir(), 'regcred-eacces-'));
  const file = path.join(secretDir, 'private.yaml');
  fs.writeFileSync(file, GOOD_SECRET);
  fs.chmodSync(file, 0o000);
  try {
    const r = regcred(['check', file], true);
    expect(r.stderr).toBe(`regcred: ${file}: cannot read: permission denied\n`);
    expect(r.status).toBe(2);
  } finally {
    fs.rmSync(secretDir, { recursive: true, force: true });
  }
});

test('check /dev/zero ends with a bound instead of reading forever', () => {
  const r = regcred(['check', '/dev/zero']);
  expect(r.status).toBe(2);
  expect(r.stderr).toBe(
    'regcred: /dev/zero: more than 500 MiB; regcred check reads manifests, not streams without end\n',
  );
});

test('the built-in line numbers are exact for documents and List items, YAML and JSON', async () => {
  const list = {
    apiVersion: 'v1',
    kind: 'List',
    items: [
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'a', namespace: 'shop' },
        spec: { imagePullSecrets: [{ name: 'missing' }], containers: [{ name: 'c', image: 'nginx' }] },
      },
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'b', namespace: 'shop' },
        spec: { imagePullSecrets: [{ name: 'missing' }], containers: [{ name: 'c', image: 'nginx' }] },
      },
    ],
  };
  const json = JSON.stringify(list, null, 4);
  const lineOf = (text: string, needle: string): number => text.slice(0, text.indexOf(needle)).split('\n').length;
  const rj = await cli(['check', write('list.json', json)]);
  expect(rj.stdout).toContain(`list.json:${lineOf(json, '{\n            "apiVersion"')}: Pod shop/a`);
  const second = json.indexOf('{\n            "apiVersion"', json.indexOf('"name": "a"'));
  expect(rj.stdout).toContain(`list.json:${json.slice(0, second).split('\n').length}: Pod shop/b`);
  const yaml = execFileSync('node', ['-e', `process.stdout.write(require('js-yaml').dump(${JSON.stringify(list)}))`], {
    cwd: root,
    encoding: 'utf8',
  });
  const ry = await cli(['check', write('list.yaml', `# a comment\n---\n${yaml}`)]);
  expect(ry.stdout).toContain(`list.yaml:${lineOf(`# a comment\n---\n${yaml}`, '- apiVersion')}: Pod shop/a`);
  const yamlText = `# a comment\n---\n${yaml}`;
  const secondItem = yamlText.indexOf('- apiVersion', yamlText.indexOf('- apiVersion') + 1);
  expect(ry.stdout).toContain(`list.yaml:${yamlText.slice(0, secondItem).split('\n').length}: Pod shop/b`);
});

describe('command-line conventions', () => {
  test('regcred with no command prints the help to standard error and exits 2', async () => {
    const r = await cli([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('-h, --help      print this help');
  });

  test('regcred --help prints to standard output and exits 0', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Use "regcred <command> --help" for more information about a command.');
  });

  test("check's usage line lists every option", async () => {
    const r = await cli(['check', '--help']);
    const usage = r.stdout.slice(0, r.stdout.indexOf('\n\n'));
    for (const flag of ['--fail-on', '--output', '--namespace', '--expiring-within']) expect(usage).toContain(flag);
  });
});
