/** Runs the `regcred` command in-process with its own streams, stdin and environment. */
import { run } from '../../src/cli/run';
import type { Io } from '../../src/cli/io';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function cli(
  argv: string[],
  options: { stdin?: string; env?: Record<string, string>; cwd?: string } = {},
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    readStdin: () => Promise.resolve(options.stdin ?? ''),
    env: options.env ?? {},
    ...(options.cwd ? { cwd: options.cwd } : {}),
  };
  return { code: await run(argv, io), stdout, stderr };
}
