/**
 * The cost of crafted files: `regcred check` as a process over a Secret with N registry keys and
 * over an ExternalSecret whose template has N actions, each against a process that only reads and
 * parses the same file (JSON.parse), medians of 3 back to back. Writes bench/CRAFTED.md (part of
 * `npm run bench`; alone: `npm run bench:crafted`).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.join(__dirname, '..');
const quick = process.env.BENCH_QUICK === '1';
const cli = process.env.BENCH_CLI ?? path.join(root, 'lib/cli/main.js');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'regcred-bench-crafted-'));

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const lines: string[] = [];
const out = (line = ''): void => {
  lines.push(line);
  process.stdout.write(line + '\n');
};

/** Wall time of `node ARGS` (exit codes 0 and 1, findings, both count as done). */
function processMs(args: string[]): number {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'pipe', maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0 && r.status !== 1)
    throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr.toString().slice(0, 300)}`);
  return ms;
}

const pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'api', namespace: 'shop' },
  spec: {
    imagePullSecrets: [{ name: 'pull' }],
    containers: [{ name: 'app', image: 'registry.gitlab.com/acme/api:1' }],
  },
};

/** A Secret whose `.dockerconfigjson` has `n` registry keys. */
function manyKeys(n: number): object[] {
  const auth = Buffer.from('robot:token').toString('base64');
  const auths = Object.fromEntries(Array.from({ length: n }, (_, i) => [`r${i}.example.com`, { auth }]));
  const data = { '.dockerconfigjson': Buffer.from(JSON.stringify({ auths })).toString('base64') };
  return [
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'pull', namespace: 'shop' },
      type: 'kubernetes.io/dockerconfigjson',
      data,
    },
    pod,
  ];
}

/** An ExternalSecret whose template writes `n` registry keys with two actions each. */
function manyActions(n: number): object[] {
  const entries = Array.from(
    { length: n / 2 },
    (_, i) => `"r${i}.example.com":{"username":{{ .user${i} | toJson }},"password":{{ .password | toJson }}}`,
  ).join(',');
  return [
    {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: { name: 'pull', namespace: 'shop' },
      spec: {
        target: {
          name: 'pull',
          template: {
            engineVersion: 'v2',
            type: 'kubernetes.io/dockerconfigjson',
            data: { '.dockerconfigjson': `{"auths":{${entries}}}` },
          },
        },
      },
    },
    pod,
  ];
}

execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'pipe' });
out('# Crafted files');
out();
out('## 8. Crafted files: `regcred check` over many registry keys and many template actions');
out();
out(
  `Each row: \`node lib/cli/main.js check FILE\` and, back to back on the same file, a process that only reads it and runs JSON.parse; medians of 3. Node ${process.version}, ${os.cpus().length} cores; ${new Date().toISOString()}.`,
);
out();
out('| input | N | file (MB) | parse alone (ms) | regcred check (ms) | ratio | check per unit (µs) |');
out('|---|---|---|---|---|---|---|');
const cases: Array<[string, string, (n: number) => object[], number[]]> = [
  ['Secret with N registry keys', 'key', manyKeys, quick ? [1000, 10000] : [1000, 10000, 100000]],
  ['ExternalSecret template with N actions', 'action', manyActions, quick ? [20000] : [20000, 200000, 400000]],
];
const growth: string[] = [];
for (const [label, unit, make, sizes] of cases) {
  const perUnit: number[] = [];
  for (const n of sizes) {
    const file = path.join(work, `${unit}-${n}.json`);
    fs.writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: make(n) }));
    const parse: number[] = [];
    const check: number[] = [];
    for (let r = 0; r < 3; r++) {
      parse.push(processMs([path.join(__dirname, 'parse-only.js'), 'json', file]));
      check.push(processMs([cli, 'check', file]));
    }
    const [p, c] = [median(parse), median(check)];
    perUnit.push(((c - p) * 1000) / n);
    out(
      `| ${label} | ${n.toLocaleString('en')} | ${(fs.statSync(file).size / 1e6).toFixed(1)} | ${p.toFixed(0)} | ${c.toFixed(0)} | ${(c / p).toFixed(2)}× | ${(((c - p) * 1000) / n).toFixed(1)} |`,
    );
    fs.rmSync(file);
  }
  growth.push(
    `- ${label}: ${sizes
      .slice(1)
      .map(
        (n, i) =>
          `${sizes[i].toLocaleString('en')} → ${n.toLocaleString('en')}: ${(perUnit[i + 1] / perUnit[i]).toFixed(2)}×`,
      )
      .join('; ')}`,
  );
}
out();
out(
  '"check per unit" is (check − parse alone) / N. Growth, as that cost per unit at the larger size over the smaller (1.00× is linear):',
);
out();
for (const g of growth) out(g);
fs.rmSync(work, { recursive: true, force: true });
if (!quick && !process.env.BENCH_CLI) fs.writeFileSync(path.join(__dirname, 'CRAFTED.md'), lines.join('\n') + '\n');
