/**
 * `regcred check --output sarif|junit|gitlab`: the reports CI systems annotate, with the file and
 * line of each finding's object and field, checked against the official SARIF 2.1.0 schema (with
 * ajv, and with Microsoft's SARIF Multitool) and libxml2 (xmllint-wasm) for the JUnit XML.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { validateXML } from 'xmllint-wasm';
import { cli } from './run-cli';

const b64 = (s: string): string => Buffer.from(s).toString('base64');
const config = (key: string, user: string, password: string): string =>
  b64(JSON.stringify({ auths: { [key]: { username: user, password, auth: b64(`${user}:${password}`) } } }));

/** A multi-document YAML file: a Secret keyed on Docker Hub holding a GitLab token, a Pod, a List. */
const STREAM = `# staging
apiVersion: v1
kind: Secret
metadata:
  name: gitlab-pull
  namespace: shop
type: kubernetes.io/dockerconfigjson
data:
  .dockerconfigjson: ${config('https://index.docker.io/v1/', 'gitlab+deploy-token-7', 'gldt-aaaaaaaaaaaaaaaaaaaa')}
---
---
apiVersion: v1
kind: Pod
metadata:
  name: api
  namespace: shop
spec:
  imagePullSecrets:
    - name: gitlab-pull
    - name: absent
  containers:
    - name: api
      image: registry.gitlab.com/acme/api:1
---
apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Pod
  metadata: {name: first, namespace: shop}
  spec:
    containers: [{name: a, image: nginx}]
- apiVersion: v1
  kind: Pod
  metadata:
    name: second
    namespace: shop
  spec:
    imagePullSecrets: [{name: gitlab-pull}]
    containers:
    - name: b
      image: registry.gitlab.com/acme/second:1
`;

/** The same kind of list as `kubectl get -o json` prints it. */
const JSON_LIST = JSON.stringify(
  {
    apiVersion: 'v1',
    kind: 'List',
    items: [
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'web' } },
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'json-pod', namespace: 'web' },
        spec: { imagePullSecrets: [{ name: 'nowhere' }], containers: [{ name: 'c', image: 'quay.io/acme/c:1' }] },
      },
    ],
  },
  null,
  2,
);

/** 1-based line of the first line of `text` that contains `marker` after line `after`. */
function lineOf(text: string, marker: string, after = 0): number {
  const lines = text.split('\n');
  for (let i = after; i < lines.length; i++) if (lines[i].includes(marker)) return i + 1;
  throw new Error(`no line with ${marker}`);
}

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regcred-reports-'));
  fs.mkdirSync(path.join(dir, 'dist'));
  fs.writeFileSync(path.join(dir, 'dist/app.k8s.yaml'), STREAM);
  fs.writeFileSync(path.join(dir, 'dist/cluster.json'), JSON_LIST);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** `regcred check` with reports relative to the scratch directory; `dist` and `out/` name its files. */
const run = (args: string[], stdin?: string): ReturnType<typeof cli> =>
  cli(
    [
      'check',
      ...args.map((a) =>
        a === 'dist' ? path.join(dir, 'dist') : a.startsWith('out/') ? path.join(dir, a.slice(4)) : a,
      ),
    ],
    { cwd: dir, env: { REGCRED_NOW: '2026-01-01T00:00:00Z' }, ...(stdin ? { stdin } : {}) },
  );

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }>;
  partialFingerprints: Record<string, string>;
}
interface SarifLog {
  runs: Array<{ tool: { driver: { rules: Array<{ id: string; helpUri: string }> } }; results: SarifResult[] }>;
}

/** Each finding as `code file:line`, in report order. */
function sarifPlaces(log: SarifLog): string[] {
  return log.runs[0].results.map((r) => {
    const p = r.locations[0].physicalLocation;
    return `${r.ruleId} ${p.artifactLocation.uri}:${p.region.startLine}`;
  });
}

/** Where each finding of the two files must point: the line of its field. */
function expectedPlaces(): string[] {
  const pullSecretLine = lineOf(STREAM, '.dockerconfigjson:');
  return [
    `PULL_SECRET_NOT_FOUND dist/app.k8s.yaml:${lineOf(STREAM, '- name: absent')}`,
    `NO_MATCHING_CREDENTIALS dist/app.k8s.yaml:${lineOf(STREAM, 'image: registry.gitlab.com/acme/api:1')}`,
    `NO_MATCHING_CREDENTIALS dist/app.k8s.yaml:${lineOf(STREAM, 'image: registry.gitlab.com/acme/second:1')}`,
    `CREDENTIALS_FOR_ANOTHER_REGISTRY dist/app.k8s.yaml:${pullSecretLine}`,
    // nginx is Docker Hub's, where the Secret is keyed: a flow-style list keeps the line of its item.
    `UNREFERENCED_MATCHING_SECRET dist/app.k8s.yaml:${lineOf(STREAM, 'containers: [{name: a, image: nginx}]')}`,
    `PULL_SECRET_NOT_FOUND dist/cluster.json:${lineOf(JSON_LIST, '"name": "nowhere"')}`,
  ];
}

test('SARIF: each finding on the line of its field, in multi-document YAML, a List and a JSON List', async () => {
  const r = await run(['--output', 'sarif', 'dist']);
  expect(r.code).toBe(1);
  const log = JSON.parse(r.stdout) as SarifLog;
  expect([...sarifPlaces(log)].sort()).toEqual([...expectedPlaces()].sort());
  // Rules: exactly the codes used, each with help and a link into the docs; ruleIndex points at its rule.
  const rules = log.runs[0].tool.driver.rules;
  expect(rules.map((x) => x.id)).toEqual([...new Set(log.runs[0].results.map((x) => x.ruleId))].sort());
  for (const res of log.runs[0].results) expect(rules[res.ruleIndex].id).toBe(res.ruleId);
  expect(rules[0].helpUri).toMatch(/^https:\/\/.*\/docs\/check\.md#diagnostics-and-their-severity$/);
  expect(r.stdout).not.toContain('gldt-aaaa');
});

test('SARIF validates against the official SARIF 2.1.0 schema (ajv) and Microsoft SARIF Multitool', async () => {
  const r = await run(['--output', 'sarif', 'dist']);
  const pkg = path.dirname(require.resolve('@microsoft/sarif-multitool-linux/package.json'));
  const schema = JSON.parse(fs.readFileSync(path.join(pkg, 'sarif-2.1.0.json'), 'utf8')) as object;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  const ok = validate(JSON.parse(r.stdout));
  expect(validate.errors ?? []).toEqual([]);
  expect(ok).toBe(true);
  // The schema is strict: a level outside its enum is refused, so the check can fail.
  const broken = JSON.parse(r.stdout) as SarifLog;
  broken.runs[0].results[0].level = 'fatal';
  expect(validate(broken)).toBe(false);

  const tool = path.join(pkg, 'Sarif.Multitool');
  fs.chmodSync(tool, 0o755); // its postinstall does this; npm may not have run it
  const input = path.join(dir, 'report.sarif');
  const output = path.join(dir, 'validation.sarif');
  fs.writeFileSync(input, r.stdout);
  fs.rmSync(output, { force: true });
  execFileSync(tool, ['validate', input, '-o', output], {
    env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1', DOTNET_CLI_TELEMETRY_OPTOUT: '1' },
    stdio: 'pipe',
  });
  const validation = JSON.parse(fs.readFileSync(output, 'utf8')) as {
    runs: Array<{ results?: Array<{ level?: string; ruleId: string; message: { text?: string } }> }>;
  };
  const complaints = (validation.runs[0].results ?? []).filter((x) => x.level === 'error' || x.level === 'warning');
  expect(complaints).toEqual([]);
}, 120_000);

test('SARIF, JUnit and GitLab reports are the same bytes on every run; fingerprints survive moved lines', async () => {
  for (const format of ['sarif', 'junit', 'gitlab']) {
    const a = await run(['--output', format, 'dist']);
    const b = await run(['--output', format, 'dist']);
    expect(a.stdout).toBe(b.stdout);
  }
  const before = JSON.parse((await run(['--output', 'gitlab', 'dist'])).stdout) as Array<{
    fingerprint: string;
    location: { lines: { begin: number } };
  }>;
  const file = path.join(dir, 'dist/app.k8s.yaml');
  fs.writeFileSync(file, `# a comment\n# and another\n${STREAM}`);
  try {
    const after = JSON.parse((await run(['--output', 'gitlab', 'dist'])).stdout) as typeof before;
    expect(after.map((x) => x.fingerprint)).toEqual(before.map((x) => x.fingerprint));
    const moved = after.filter((x, i) => x.location.lines.begin !== before[i].location.lines.begin);
    expect(moved.length).toBe(5); // the YAML file's five findings moved two lines; the JSON one did not
    for (const [i, x] of after.entries())
      if (moved.includes(x)) expect(x.location.lines.begin).toBe(before[i].location.lines.begin + 2);
  } finally {
    fs.writeFileSync(file, STREAM);
  }
});

test('GitLab Code Quality: the fields GitLab reads, its severities, unique fingerprints', async () => {
  const r = await run(['--output', 'gitlab', 'dist']);
  const issues = JSON.parse(r.stdout) as Array<{
    description: string;
    check_name: string;
    fingerprint: string;
    severity: string;
    location: { path: string; lines: { begin: number } };
  }>;
  expect(issues.map((x) => `${x.check_name} ${x.location.path}:${x.location.lines.begin}`).sort()).toEqual(
    [...expectedPlaces()].sort(),
  );
  for (const x of issues) {
    expect(['info', 'minor', 'major', 'critical', 'blocker']).toContain(x.severity);
    expect(x.description.length).toBeGreaterThan(20);
    expect(x.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  }
  expect(new Set(issues.map((x) => x.fingerprint)).size).toBe(issues.length);
  expect(issues.find((x) => x.check_name === 'CREDENTIALS_FOR_ANOTHER_REGISTRY')?.severity).toBe('critical');
  expect(issues.find((x) => x.check_name === 'PULL_SECRET_NOT_FOUND')?.severity).toBe('minor');
});

test('JUnit: well-formed for libxml2, one test case per object, a failure per error', async () => {
  const r = await run(['--output', 'junit', 'dist']);
  const result = await validateXML({ xml: [{ fileName: 'report.xml', contents: r.stdout }], normalization: 'c14n' });
  expect(result.errors).toEqual([]);
  const cases = r.stdout.match(/<testcase /g) ?? [];
  expect(cases.length).toBe(6); // Secret, Pod, two List Pods, and the JSON List's two items
  const failures = r.stdout.match(/<failure /g) ?? [];
  expect(failures.length).toBe(3); // the errors: the wrong registry, the two image misses
  expect(r.stdout).toMatch(/<testsuite name="regcred check" tests="6" failures="3"/);
  expect(r.stdout).toContain(
    `<testcase name="Pod shop/api" classname="regcred.check.Pod" file="dist/app.k8s.yaml" time="0">`,
  );
  expect(r.stdout).toContain(
    `dist/app.k8s.yaml:${lineOf(STREAM, 'image: registry.gitlab.com/acme/api:1')}: spec.containers[0].image`,
  );
  expect(r.stdout).toContain(
    '<testcase name="ServiceAccount web/default" classname="regcred.check.ServiceAccount" file="dist/cluster.json" time="0"/>',
  );
  // Warnings are shown, not failed.
  expect(r.stdout).toMatch(/<system-out>warning\[PULL_SECRET_NOT_FOUND\] spec\.imagePullSecrets\[1\]\.name/);
});

test('JUnit escapes what a manifest may hold', async () => {
  const hostile = `apiVersion: v1
kind: Pod
metadata:
  name: "a<b>&\\"c'\\u0001\\ud800"
spec:
  imagePullSecrets: [{name: "]]></failure><x"}]
  containers: [{name: c, image: "registry.gitlab.com/x:1"}]
`;
  const r = await run(['--output', 'junit', '-'], hostile);
  expect(r.code).toBe(0);
  const result = await validateXML({ xml: [{ fileName: 'report.xml', contents: r.stdout }], normalization: 'c14n' });
  expect(result.errors).toEqual([]);
  expect(r.stdout).not.toContain('<x');
  expect(r.stdout).toContain('file="&lt;stdin&gt;"');
});

test('standard input keeps its lines', async () => {
  const r = await run(['--output', 'sarif', '-'], STREAM);
  const places = sarifPlaces(JSON.parse(r.stdout) as SarifLog);
  expect(places).toContain(`PULL_SECRET_NOT_FOUND %3Cstdin%3E:${lineOf(STREAM, '- name: absent')}`);
});

test('--output-file writes the report and prints the text; mistakes are usage errors', async () => {
  const r = await run(['--output', 'sarif', '--output-file', 'out/regcred.sarif', 'dist']);
  expect(r.code).toBe(1);
  expect(r.stdout).toContain(
    `${path.join(dir, 'dist/app.k8s.yaml')}:${lineOf(STREAM, 'apiVersion: v1')}: Secret shop/gitlab-pull`,
  );
  expect(r.stdout.trim().split('\n').pop()).toBe('3 errors, 3 warnings, 0 info in 6 objects');
  const log = JSON.parse(fs.readFileSync(path.join(dir, 'regcred.sarif'), 'utf8')) as SarifLog;
  expect(log.runs[0].results.length).toBe(6);

  const usage = async (args: string[], message: RegExp): Promise<void> => {
    const u = await run(args);
    expect(u.code).toBe(2);
    expect(u.stderr).toMatch(message);
  };
  await usage(['--output', 'xml', 'dist'], /--output must be one of text, json, sarif, junit, gitlab, got "xml"/);
  await usage(['--output-file', 'x.txt', 'dist'], /--output-file writes the --output format beside the text/);
  await usage(
    ['--output', 'gitlab', '--output-file', 'out/no/such/x.json', 'dist'],
    /--output-file .*no\/such\/x\.json: cannot write: ENOENT/,
  );
});
