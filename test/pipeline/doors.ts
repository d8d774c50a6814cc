/**
 * The pipeline doors run as their CI systems run them, with regcred installed from a tarball:
 * the GitLab CI/CD template by gitlab-ci-local (shell executor), the pre-commit hook by pre-commit
 * (from PyPI), and the GitHub Action's check step by bash with the environment a runner gives it
 * (GitHub's runner and its upload-sarif action do not run here).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { load } from 'js-yaml';

const ROOT = path.join(__dirname, '../..');

export interface DoorRun {
  readonly status: number | null;
  readonly output: string;
  /** The directory that holds the job's or step's report files. */
  readonly reports: string;
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): DoorRun {
  const r = spawnSync(command, args, { cwd, env, encoding: 'utf8', stdio: 'pipe', timeout: 300_000 });
  return { status: r.status, output: `${r.stdout}${r.stderr}`, reports: cwd };
}

/** A git repository with `files` committed, as CI checks a project out. */
export function project(prefix: string, files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `regcred-${prefix}-`));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  git(dir, 'init', '-q', '-b', 'main');
  commit(dir, 'manifests');
  return dir;
}

function git(dir: string, ...args: string[]): void {
  const r = spawnSync('git', ['-c', 'user.name=regcred', '-c', 'user.email=ci@regcred.invalid', ...args], {
    cwd: dir,
    stdio: 'pipe',
  });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr.toString()}`);
}

/** Commits every change in the project (a CI system checks out commits). */
function commit(dir: string, message: string): void {
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '--allow-empty', '-m', message);
}

/**
 * A .gitlab-ci.yml that includes the component as `example` does, with the `component:` line read
 * as a local include of templates/check.yml (there is no GitLab server here) and `inputs` set besides
 * (each replacing the example's own).
 */
export function localComponentCi(example: string, inputs: Record<string, string>): string {
  const lines = example.split('\n');
  const at = lines.findIndex((l) => /^\s*- component: .*\/check@/.test(l));
  if (at < 0) throw new Error('the example includes no check component');
  lines[at] = lines[at].replace(/component: .*/, 'local: templates/check.yml');
  const inputsAt = lines.findIndex((l, i) => i > at && /^\s+inputs:\s*$/.test(l));
  if (inputsAt < 0) throw new Error('the example gives the component no inputs');
  const indent = `${/^\s*/.exec(lines[inputsAt])?.[0] ?? ''}  `;
  for (const [k, v] of Object.entries(inputs)) {
    const own = lines.findIndex((l, i) => i > inputsAt && l.startsWith(`${indent}${k}:`));
    const line = `${indent}${k}: ${JSON.stringify(v)}`;
    if (own >= 0) lines[own] = line;
    else lines.splice(inputsAt + 1, 0, line);
  }
  return lines.join('\n');
}

/**
 * Writes `ci` as the project's .gitlab-ci.yml beside templates/check.yml, commits, and runs the
 * component's job with gitlab-ci-local; the reports are the job's exported artifacts.
 */
export function runGitlabJob(dir: string, ci: string, job = 'regcred-check'): DoorRun {
  fs.mkdirSync(path.join(dir, 'templates'), { recursive: true });
  fs.copyFileSync(path.join(ROOT, 'templates/check.yml'), path.join(dir, 'templates/check.yml'));
  fs.writeFileSync(path.join(dir, '.gitlab-ci.yml'), ci);
  commit(dir, 'pipeline');
  const bin = path.join(ROOT, 'node_modules/.bin/gitlab-ci-local');
  const r = run(bin, ['--force-shell-executor', '--no-color', job], dir);
  return { ...r, reports: path.join(dir, '.gitlab-ci-local/artifacts', job) };
}

interface ActionStep {
  id?: string;
  shell?: string;
  env?: Record<string, string>;
  run?: string;
  uses?: string;
}

/**
 * Runs action.yml's check step as a runner would: its `env` with `${{ inputs.NAME }}` replaced by
 * the inputs (or their defaults), RUNNER_TEMP and GITHUB_OUTPUT set, `bash -e` as `shell: bash`.
 * Returns the step's outputs too.
 */
export function runActionCheckStep(
  dir: string,
  inputs: Record<string, string>,
): DoorRun & { outputs: Record<string, string>; steps: ActionStep[] } {
  const action = load(fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { default?: string }>;
    runs: { using: string; steps: ActionStep[] };
  };
  const step = action.runs.steps.find((s) => s.id === 'check');
  if (!step?.run || step.shell !== 'bash') throw new Error('action.yml has no bash step with id check');
  const value = (name: string): string => inputs[name] ?? action.inputs[name]?.default ?? '';
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [k, v] of Object.entries(step.env ?? {})) {
    env[k] = v.replace(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g, (_, name: string) => value(name));
  }
  const runnerTemp = fs.mkdtempSync(path.join(os.tmpdir(), 'regcred-runner-'));
  env.RUNNER_TEMP = runnerTemp;
  env.GITHUB_OUTPUT = path.join(runnerTemp, 'output');
  fs.writeFileSync(env.GITHUB_OUTPUT, '');
  // GitHub runs `shell: bash` as `bash --noprofile --norc -eo pipefail {0}`.
  const script = path.join(runnerTemp, 'step.sh');
  fs.writeFileSync(script, step.run);
  const r = run('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], dir, env);
  const outputs = Object.fromEntries(
    fs
      .readFileSync(env.GITHUB_OUTPUT, 'utf8')
      .split('\n')
      .filter((l) => l.includes('='))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  fs.rmSync(runnerTemp, { recursive: true, force: true });
  return { ...r, outputs, steps: action.runs.steps };
}

let preCommitBin: string | undefined;
/** pre-commit from PyPI, in a virtual environment of its own (made once per test process). */
function preCommit(): string {
  if (preCommitBin) return preCommitBin;
  const venv = fs.mkdtempSync(path.join(os.tmpdir(), 'regcred-pre-commit-'));
  for (const [command, args] of [
    ['python3', ['-m', 'venv', venv]],
    [path.join(venv, 'bin/pip'), ['install', '--quiet', '--disable-pip-version-check', 'pre-commit==4.7.0']],
  ] as const) {
    const r = spawnSync(command, [...args], { stdio: 'pipe', encoding: 'utf8', timeout: 300_000 });
    if (r.status !== 0) throw new Error(`${command} ${args.join(' ')}: ${r.stderr}`);
  }
  preCommitBin = path.join(venv, 'bin/pre-commit');
  return preCommitBin;
}

/**
 * Runs `pre-commit run --all-files` in a project whose .pre-commit-config.yaml is `config` with its
 * `repo:` and `rev:` pointed at a local commit of this repository's .pre-commit-hooks.yaml (the
 * hook's own repository is not reachable here).
 */
export function runPreCommit(dir: string, config: string): DoorRun {
  const hooks = project('hooks', {
    '.pre-commit-hooks.yaml': fs.readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8'),
  });
  const rev = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: hooks, encoding: 'utf8' }).stdout.trim();
  const local = config.replace(/^(\s*- repo: ).*$/m, `$1${hooks}`).replace(/^(\s*rev: ).*$/m, `$1${rev}`);
  if (!local.includes(hooks) || !local.includes(rev)) throw new Error('the configuration names no repo and rev');
  fs.writeFileSync(path.join(dir, '.pre-commit-config.yaml'), local);
  // pre-commit reads the staged configuration and runs over the files git tracks.
  git(dir, 'add', '-A');
  const env = { ...process.env, PRE_COMMIT_HOME: path.join(dir, '.pre-commit-home') };
  const r = run(preCommit(), ['run', '--all-files', '--color', 'never'], dir, env);
  fs.rmSync(hooks, { recursive: true, force: true });
  return r;
}
