/**
 * `npm run bench`: regcred's cost against what users would write by hand,
 * each pair measured in the same process (or back to back on the same
 * input), medians of several runs. Prints a table and writes bench/RESULTS.md.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkManifests } from '../src/core';
import { manifestJsonList, manifestObjects, manifestText } from './check';
import { sealingKeys } from '../test/sealing-keys';
import { AGE_KEYS } from '../test/age-keys';
import { handWired, plusDockerRegistryAuth, plusRegcred, regcredRaw } from './synth';

const root = path.join(__dirname, '..');
const quick = process.env.BENCH_QUICK === '1';
const gc = (): void => (globalThis as { gc?: () => void }).gc?.();

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function timeMs(f: () => unknown): number {
  gc();
  const t = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

/** Runs every variant `runs` times, interleaved, and returns the median of each. */
function compare(runs: number, variants: Record<string, () => unknown>): Record<string, number> {
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
  for (let r = 0; r < runs; r++) for (const [k, f] of Object.entries(variants)) samples[k].push(timeMs(f));
  return Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
}

const fmt = (ms: number): string => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));
const ratio = (a: number, b: number): string => `${(a / b).toFixed(2)}×`;
const lines: string[] = [];
const out = (line = ''): void => {
  lines.push(line);
  process.stdout.write(line + '\n');
};

// Warnings of the constructs (secrets matching no image) are not what is measured.
const write = process.stderr.write.bind(process.stderr);
process.stderr.write = () => true;

out('# regcred benchmarks');
out();
out(
  `- machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}`,
);
out(`- Node ${process.version}; date ${new Date().toISOString()}`);
out(
  `- command: \`npm run bench\`${quick ? ' with BENCH_QUICK=1' : ''}; every figure is a median; each ratio compares runs interleaved in one process or back to back on the same input`,
);
out();

// 1. Synth
out('## 1. cdk8s synth of N workloads across 20 namespaces');
out();
out("### 1a. In process: `Testing.synth(chart)`, the objects' JSON (no file written)");
out();
out(
  '| N | hand-wired ApiObjects (ms) | regcred auto-wiring (ms) | ratio | regcred + check at synth (ms) | ratio | cdk8s-plus DockerConfigSecret + dockerRegistryAuth (ms) | cdk8s-plus + regcred (ms) | ratio |',
);
out('|---|---|---|---|---|---|---|---|---|');
const sizes = quick ? [1000, 10000] : [1000, 10000, 50000];
const perWorkload: Record<string, Record<number, number>> = {};
for (const n of sizes) {
  const runs = n >= 50000 ? 3 : 5;
  const m = compare(runs, {
    hand: () => handWired(n),
    regcred: () => regcredRaw(n),
    checked: () => regcredRaw(n, true),
    plus: () => plusDockerRegistryAuth(n),
    plusRegcred: () => plusRegcred(n),
  });
  for (const [k, v] of Object.entries(m)) (perWorkload[k] ??= {})[n] = v / n;
  out(
    `| ${n} | ${fmt(m.hand)} | ${fmt(m.regcred)} | ${ratio(m.regcred, m.hand)} | ${fmt(m.checked)} | ${ratio(m.checked, m.hand)} | ${fmt(m.plus)} | ${fmt(m.plusRegcred)} | ${ratio(m.plusRegcred, m.plus)} |`,
  );
}
out();
out('Growth, as the time per workload at 10N over the time per workload at N (1.00× is linear):');
out();
const SYNTH_LABELS: Record<string, string> = {
  hand: 'hand-wired',
  regcred: 'regcred auto-wiring',
  checked: 'regcred + check',
  plus: 'cdk8s-plus',
  plusRegcred: 'cdk8s-plus + regcred',
};
/** One line per variant: the time per workload from 1,000 to 10,000 (and to 50,000). */
function growth(perN: Record<string, Record<number, number>>): void {
  for (const [k, g] of Object.entries(perN)) {
    out(
      `- ${SYNTH_LABELS[k]}: 1,000 → 10,000: ${ratio(g[10000], g[1000])}${g[50000] ? `; 10,000 → 50,000: ${ratio(g[50000], g[10000])}` : ''}`,
    );
  }
  out();
}
growth(perWorkload);

// 1b. The same apps as `cdk8s synth` runs them: app.synth() writing the chart's YAML file
out('### 1b. The same apps as `cdk8s synth` runs them: `app.synth()` writing the YAML file');
out();
out(
  'Each run builds the app and calls `app.synth()`, which validates (regcred wires there), renders and writes `dist/test.k8s.yaml`, as the app that `cdk8s synth` starts does (the process start, the same for both, is left out).',
);
out();
out(
  '| N | hand-wired ApiObjects (ms) | regcred auto-wiring (ms) | ratio | cdk8s-plus DockerConfigSecret + dockerRegistryAuth (ms) | cdk8s-plus + regcred (ms) | ratio |',
);
out('|---|---|---|---|---|---|---|');
const synthDir = fs.mkdtempSync(path.join(os.tmpdir(), 'regcred-bench-synth-'));
const perWorkloadYaml: Record<string, Record<number, number>> = {};
for (const n of sizes) {
  const target = { outdir: synthDir };
  const m = compare(n >= 50000 ? 3 : 5, {
    hand: () => handWired(n, target),
    regcred: () => regcredRaw(n, false, {}, target),
    plus: () => plusDockerRegistryAuth(n, target),
    plusRegcred: () => plusRegcred(n, target),
  });
  for (const [k, v] of Object.entries(m)) (perWorkloadYaml[k] ??= {})[n] = v / n;
  out(
    `| ${n} | ${fmt(m.hand)} | ${fmt(m.regcred)} | ${ratio(m.regcred, m.hand)} | ${fmt(m.plus)} | ${fmt(m.plusRegcred)} | ${ratio(m.plusRegcred, m.plus)} |`,
  );
}
fs.rmSync(synthDir, { recursive: true, force: true });
out();
out('Growth, as above:');
out();
growth(perWorkloadYaml);

// 2. regcred check as users run it: a process over a file
out('## 2. `regcred check` as a process over a file, against parsing the same file alone');
out();
out(
  'Each row: the built CLI (`node lib/cli/main.js check FILE`) and, back to back on the same file, a process that only reads and parses it (js-yaml `loadAll` for the YAML stream, `JSON.parse` for the `List`); medians of 3, peak RSS from `process.resourceUsage()`.',
);
out();
execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'pipe' });
const cli = path.join(root, 'lib/cli/main.js');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'regcred-bench-'));
const rssFile = path.join(work, 'rss');
/** Runs node with `args`, returning wall time and peak RSS (MiB). */
function nodeProcess(args: string[]): { ms: number; rssMiB: number } {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--require', path.join(__dirname, 'max-rss.js'), ...args], {
    cwd: root,
    stdio: 'pipe',
    env: { ...process.env, BENCH_RSS_FILE: rssFile },
    maxBuffer: 1 << 30,
  });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0)
    throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr.toString().slice(0, 500)}`);
  return { ms, rssMiB: Number(fs.readFileSync(rssFile, 'utf8')) / 1024 };
}
const checkSizes = quick ? [1000, 10000] : [1000, 2500, 5000, 10000, 20000, 100000];
const perObject: Record<string, Record<number, number>> = { yaml: {}, json: {} };
out(
  '| objects | format | file (MB) | parse alone (ms) | regcred check (ms) | ratio | parse alone peak RSS (MiB) | check peak RSS (MiB) | ratio |',
);
out('|---|---|---|---|---|---|---|---|---|');
for (const n of checkSizes) {
  for (const format of ['yaml', 'json'] as const) {
    const file = path.join(work, `m${n}.${format}`);
    fs.writeFileSync(file, format === 'yaml' ? manifestText(n) : manifestJsonList(n));
    const runs = { parse: [] as number[], check: [] as number[], parseRss: [] as number[], checkRss: [] as number[] };
    for (let r = 0; r < 3; r++) {
      const p = nodeProcess([path.join(__dirname, 'parse-only.js'), format, file]);
      const c = nodeProcess([cli, 'check', file]);
      runs.parse.push(p.ms);
      runs.check.push(c.ms);
      runs.parseRss.push(p.rssMiB);
      runs.checkRss.push(c.rssMiB);
    }
    const [pm, cm, pr, cr] = [median(runs.parse), median(runs.check), median(runs.parseRss), median(runs.checkRss)];
    perObject[format][n] = cm / n;
    out(
      `| ${n.toLocaleString('en')} | ${format === 'yaml' ? 'YAML stream' : 'JSON List'} | ${(fs.statSync(file).size / 1e6).toFixed(1)} | ${fmt(pm)} | ${fmt(cm)} | ${ratio(cm, pm)} | ${pr.toFixed(0)} | ${cr.toFixed(0)} | ${ratio(cr, pr)} |`,
    );
    fs.rmSync(file);
  }
}
out();
out(
  'Growth of `regcred check`, as the time per object at the larger size over the time per object at the smaller (1.00× is linear):',
);
out();
for (const format of ['yaml', 'json'] as const) {
  const g = perObject[format];
  const pairs = checkSizes
    .slice(1)
    .map(
      (n, i) => `${checkSizes[i].toLocaleString('en')} → ${n.toLocaleString('en')}: ${ratio(g[n], g[checkSizes[i]])}`,
    );
  out(`- ${format === 'yaml' ? 'YAML stream' : 'JSON List'}: ${pairs.join('; ')}`);
}
out();
const inProcess = manifestObjects(quick ? 20000 : 100000);
const only = compare(3, { check: () => checkManifests(inProcess) });
out(
  `checkManifests alone over ${inProcess.length.toLocaleString('en')} parsed objects, in process: ${fmt(only.check)} ms.`,
);
out();
fs.rmSync(work, { recursive: true, force: true });

// 3. regcred secret against kubectl
out('## 3. 100 Secrets: `regcred secret` against `kubectl create secret docker-registry --dry-run=client -o yaml`');
out();
const count = quick ? 20 : 100;
const env = { ...process.env, TOKEN: 'gldt-benchToken000000' };
function spawnMany(make: (i: number) => [string, string[]]): number {
  const t = process.hrtime.bigint();
  for (let i = 0; i < count; i++) {
    const [cmd, args] = make(i);
    const r = spawnSync(cmd, args, { env, stdio: 'pipe' });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr.toString()}`);
  }
  return Number(process.hrtime.bigint() - t) / 1e6;
}
const secretRuns = { regcred: [] as number[], kubectl: [] as number[] };
for (let r = 0; r < 3; r++) {
  secretRuns.regcred.push(
    spawnMany((i) => [
      process.execPath,
      [
        cli,
        'secret',
        'gitlab',
        '--name',
        `pull-${i}`,
        '--username',
        'gitlab+deploy-token-1',
        '--password-env',
        'TOKEN',
      ],
    ]),
  );
  secretRuns.kubectl.push(
    spawnMany((i) => [
      'kubectl',
      [
        'create',
        'secret',
        'docker-registry',
        `pull-${i}`,
        '--docker-server=registry.gitlab.com',
        '--docker-username=gitlab+deploy-token-1',
        '--docker-password=gldt-benchToken000000',
        '--dry-run=client',
        '-o',
        'yaml',
      ],
    ]),
  );
}
const [rs, ks] = [median(secretRuns.regcred), median(secretRuns.kubectl)];
out(`| ${count}× regcred secret (ms) | ${count}× kubectl create secret (ms) | ratio |`);
out('|---|---|---|');
out(`| ${fmt(rs)} | ${fmt(ks)} | ${ratio(rs, ks)} |`);
out();

// 4. Start-up
out('## 4. Start-up');
out();
function processMs(args: string[], runs = 15): number {
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'pipe' });
    if (r.status !== 0) throw new Error(`node ${args.join(' ')}: ${r.stderr.toString()}`);
    xs.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return median(xs);
}
function requireMs(setup: string, measured: string, runs = 15): number {
  const code = `${setup};const t=process.hrtime.bigint();${measured};process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`;
  const xs: number[] = [];
  for (let i = 0; i < runs; i++)
    xs.push(Number(execFileSync(process.execPath, ['-e', code], { cwd: root }).toString()));
  return median(xs);
}
const nodeBare = processMs(['-e', '0']);
const cliVersion = processMs([cli, '--version']);
const coreRequire = requireMs('', "require('./lib/core')");
const cdk8sRequire = requireMs('', "require('cdk8s')");
const adapterBeyond = requireMs("require('cdk8s')", "require('./lib/cdk8s')");
out('| measure | ms |');
out('|---|---|');
out(`| \`node -e 0\` (process) | ${fmt(nodeBare)} |`);
out(`| \`regcred --version\` (process) | ${fmt(cliVersion)} (${ratio(cliVersion, nodeBare)} of \`node -e 0\`) |`);
out(`| \`require('regcred')\` (core) | ${fmt(coreRequire)} |`);
out(`| \`require('cdk8s')\` | ${fmt(cdk8sRequire)} |`);
out(`| \`require('regcred/cdk8s')\` after \`require('cdk8s')\` | ${fmt(adapterBeyond)} |`);
out();

// 5. Pulumi
out('## 5. Pulumi under mocks: components against hand-written Secrets');
out();
const pulumiCount = quick ? 200 : 1000;
const pulumiRuns = { regcred: [] as number[], hand: [] as number[] };
for (let r = 0; r < 3; r++) {
  for (const variant of ['regcred', 'hand'] as const) {
    const res = execFileSync(
      process.execPath,
      ['--import', 'tsx', path.join(__dirname, 'pulumi.ts'), variant, String(pulumiCount)],
      { cwd: root, stdio: 'pipe' },
    );
    pulumiRuns[variant].push((JSON.parse(res.toString().trim().split('\n').pop() ?? '{}') as { ms: number }).ms);
  }
}
const [pr, ph] = [median(pulumiRuns.regcred), median(pulumiRuns.hand)];
out(`| ${pulumiCount} regcred components (ms) | ${pulumiCount} hand-written Secrets (ms) | ratio |`);
out('|---|---|---|');
out(`| ${fmt(pr)} | ${fmt(ph)} | ${ratio(pr, ph)} |`);
out();
out(
  'A component creates one Secret and computes a content-hashed name, validated credentials and a secret-marked payload; the hand-written Secret only base64-encodes.',
);

// 6. Pulumi's real engine (scripts/engine.sh start): pulumi up into the loopback API server
out();
out('## 6. `pulumi up` of 50 Deployments through the real engine into a Kubernetes API server');
out();
if (process.env.KUBECONFIG && process.env.PULUMI_BACKEND_URL && process.env.REGCRED_ENGINE_STATE) {
  const res = execFileSync(
    process.execPath,
    ['--import', 'tsx', path.join(__dirname, 'engine.ts'), '50', quick ? '1' : '3'],
    {
      cwd: root,
      stdio: 'pipe',
    },
  );
  const e = JSON.parse(res.toString().trim().split('\n').pop() ?? '{}') as {
    regcred: number;
    hand: number;
    runs: number;
  };
  out(`| regcred GitlabRegistrySecret + transform (ms) | hand-written Secret and imagePullSecrets (ms) | ratio |`);
  out('|---|---|---|');
  out(`| ${fmt(e.regcred)} | ${fmt(e.hand)} | ${ratio(e.regcred, e.hand)} |`);
  out();
  out(
    `Medians of ${e.runs} runs each, interleaved; every run creates the stack in a fresh namespace and destroys it after.`,
  );
} else {
  out('Not measured: the engine is not started (`eval "$(bash scripts/engine.sh start)"`).');
}

// 7. Sealed output at synth
out();
out('## 7. cdk8s synth with `seal` (SealedSecrets) and `sops` (SOPS Secrets) against plain Secrets');
out();
out('| N | regcred, Secrets (ms) | regcred, sealed (ms) | ratio | regcred, SOPS (ms) | ratio |');
out('|---|---|---|---|---|---|');
const certificate = sealingKeys().certificate;
const age = [AGE_KEYS[0].recipient, AGE_KEYS[1].recipient];
for (const n of quick ? [100, 1000] : [100, 1000, 10000]) {
  const m = compare(5, {
    plain: () => regcredRaw(n),
    sealed: () => regcredRaw(n, false, { seal: { certificate } }),
    sops: () => regcredRaw(n, false, { sops: { age } }),
  });
  out(
    `| ${n} | ${fmt(m.plain)} | ${fmt(m.sealed)} | ${ratio(m.sealed, m.plain)} | ${fmt(m.sops)} | ${ratio(m.sops, m.plain)} |`,
  );
}
out();
out(
  'N workloads across 20 namespaces: one SealedSecret per namespace, each sealed for a 4096-bit RSA key (one RSA public-key operation, HKDF and AES-GCM over the payload); or one SOPS Secret per namespace for two age recipients (two X25519 key agreements each, HKDF, AES-GCM and ChaCha20-Poly1305).',
);

process.stderr.write = write;
if (!quick) fs.writeFileSync(path.join(__dirname, 'RESULTS.md'), lines.join('\n') + '\n');
