/** What a command may touch of the outside world; tests pass their own. */
export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly readStdin: () => Promise<string>;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** Exit codes shared by every command. */
export const EXIT = { OK: 0, FINDINGS: 1, USAGE: 2 } as const;

/** A usage or input problem: printed to stderr, exit 2. */
export class UsageError extends Error {}

/** The process's own streams and environment. */
export function processIo(): Io {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Buffer));
      return Buffer.concat(chunks).toString('utf8');
    },
    env: process.env,
  };
}

/**
 * The current time for commands: `REGCRED_NOW` (RFC 3339) when set, so that
 * scripts and CI are deterministic, else the system clock.
 */
export function now(io: Io): Date {
  const fixed = io.env.REGCRED_NOW;
  if (fixed === undefined || fixed === '') return new Date();
  const t = Date.parse(fixed);
  if (Number.isNaN(t)) throw new UsageError(`REGCRED_NOW must be an RFC 3339 time, got "${fixed}"`);
  return new Date(t);
}
