/**
 * The real Pulumi engine and Kubernetes API server that `scripts/engine.sh start`
 * runs, for tests that deploy through them: stacks with inline programs (the
 * Automation API), `kubectl` against the API server, and what the engine wrote.
 */
import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LocalWorkspace, type EngineEvent, type Stack } from '@pulumi/pulumi/automation';

const REQUIRED = [
  'KUBECONFIG',
  'PULUMI_HOME',
  'PULUMI_BACKEND_URL',
  'PULUMI_CONFIG_PASSPHRASE',
  'REGCRED_ENGINE_STATE',
];

export const ENGINE_MISSING = `The engine tests deploy through Pulumi's engine into a Kubernetes API server on 127.0.0.1.
Build them once (about 25 minutes, needs Go) and start them before npm test:
  bash scripts/engine.sh build
  eval "$(bash scripts/engine.sh start)"
  npm test
  bash scripts/engine.sh stop`;

/** The engine's environment; fails with how to start it when it is not running. */
export function engineEnv(): Record<string, string> {
  const missing = REQUIRED.filter((k) => !process.env[k]);
  if (missing.length > 0) throw new Error(`${missing.join(', ')} not set.\n${ENGINE_MISSING}`);
  return Object.fromEntries(REQUIRED.map((k) => [k, process.env[k]!]));
}

/** The directory of Pulumi's state files (the file backend). */
export function backendDir(): string {
  return engineEnv().PULUMI_BACKEND_URL.replace(/^file:\/\//, '');
}

export function kubectl(args: string[], input?: string): string {
  return execFileSync('kubectl', args, {
    encoding: 'utf8',
    input,
    env: { ...process.env, KUBECONFIG: engineEnv().KUBECONFIG },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** A fresh namespace for one test. */
export function namespace(prefix: string): string {
  const ns = `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
  kubectl(['create', 'namespace', ns]);
  return ns;
}

/** A stack of an inline program, in the engine's file backend. */
export async function inlineStack(
  name: string,
  program: () => Record<string, unknown> | void,
  config: Record<string, { value: string; secret?: boolean }> = {},
): Promise<Stack> {
  engineEnv();
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: name, projectName: 'regcred-engine-tests', program: () => Promise.resolve(program() ?? undefined) },
    { envVars: engineEnv() },
  );
  for (const [key, v] of Object.entries(config))
    await stack.setConfig(key, { value: v.value, secret: v.secret ?? false });
  return stack;
}

/** Runs `up`, recording the engine's events and its printed output. */
export async function up(
  stack: Stack,
): Promise<{ events: EngineEvent[]; output: string; outputs: Record<string, unknown> }> {
  const events: EngineEvent[] = [];
  let output = '';
  const res = await stack.up({ onEvent: (e) => events.push(e), onOutput: (o) => (output += o), color: 'never' });
  const outputs = Object.fromEntries(Object.entries(res.outputs).map(([k, v]) => [k, v.value as unknown]));
  return { events, output, outputs };
}

/** Every file the engine wrote for this project (state, backups, history), as one string. */
export function stateText(): string {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(fs.readFileSync(p, 'latin1'));
    }
  };
  walk(backendDir());
  return out.join('\n');
}

/** The forms a secret value takes in Kubernetes objects and in `auth`. */
export function secretForms(username: string, token: string): string[] {
  const b64 = (s: string): string => Buffer.from(s).toString('base64');
  return [token, b64(token), b64(`${username}:${token}`)];
}

/** Resource operations in order, from `resourcePreEvent`s: `[op, type, name]`. */
export function operations(events: readonly EngineEvent[]): Array<[string, string, string]> {
  return events
    .filter((e) => e.resourcePreEvent)
    .map((e) => {
      const m = e.resourcePreEvent!.metadata;
      return [m.op, m.type, m.urn.split('::').pop() ?? ''];
    });
}

/**
 * Runs Pulumi's CLI in the project `dir` without blocking this process (whose registries' token
 * services answer the node while a program runs); `env` adds to the engine's environment.
 */
export function pulumiCli(
  dir: string,
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      'pulumi',
      [...args, '--non-interactive'],
      { cwd: dir, env: { ...process.env, ...engineEnv(), ...env }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => resolve({ code: error ? ((error.code as number) ?? 1) : 0, output: stdout + stderr }),
    );
  });
}
