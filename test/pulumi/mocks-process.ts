/**
 * A Pulumi program run in a Node.js process of its own under `pulumi.runtime.setMocks`, as a
 * user's unit test runs it. What fails inside an Output ends that process with an unhandled
 * rejection, which a test in jest's own process could not watch without failing itself.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { sourcesProject } from '../scratch';
import type { Created } from './mocks';

export interface MocksRun {
  /** The process's exit status (0: the program ran to its end). */
  readonly status: number | null;
  /** Its standard output and error, together. */
  readonly output: string;
  /** What the mocks registered, in order. */
  readonly created: Created[];
}

/**
 * Runs `program` (a TypeScript module importing `regcred/pulumi`, resolved to the sources) in
 * project `project` with `config` (keys without the project prefix; those in `secret` set as
 * secrets).
 */
export function runUnderMocks(
  program: string,
  config: Record<string, string>,
  secret: readonly string[] = [],
  project = 'shop',
): MocksRun {
  const dir = sourcesProject('pulumi-mocks');
  const records = path.join(dir, 'created.jsonl');
  fs.writeFileSync(path.join(dir, 'program.ts'), program);
  const key = (k: string): string => `${project}:${k}`;
  fs.writeFileSync(
    path.join(dir, 'main.ts'),
    `import * as fs from 'node:fs';
import * as pulumi from '@pulumi/pulumi';

pulumi.runtime.setMocks(
  {
    newResource: (a) => {
      fs.appendFileSync(${JSON.stringify(records)}, JSON.stringify({ type: a.type, name: a.name, inputs: a.inputs }) + '\\n');
      return { id: a.name + '-id', state: a.inputs };
    },
    call: (a) => a.inputs,
  },
  ${JSON.stringify(project)},
  'test',
);
pulumi.runtime.setAllConfig(${JSON.stringify(Object.fromEntries(Object.entries(config).map(([k, v]) => [key(k), v])))}, ${JSON.stringify(secret.map(key))});
void import('./program');
`,
  );
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'main.ts'], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  const created = fs.existsSync(records)
    ? fs
        .readFileSync(records, 'utf8')
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as Created)
    : [];
  fs.rmSync(dir, { recursive: true, force: true });
  if (run.error) throw run.error;
  return { status: run.status, output: `${run.stdout}${run.stderr}`, created };
}
