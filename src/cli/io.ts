import { MAX_INPUT_BYTES, tooLarge } from './input-limit';
/** What a command may touch of the outside world; tests pass their own. */
export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly readStdin: () => Promise<string>;
  readonly env: Readonly<Record<string, string | undefined>>;
  /**
   * Whether standard input is a terminal (nobody is piping manifests in).
   * @default false
   */
  readonly stdinIsTerminal?: boolean;
  /**
   * The directory report paths are relative to.
   * @default process.cwd()
   */
  readonly cwd?: string;
}

/** regcred's version, from its package.json. */
export function version(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../../package.json') as { version: string }).version;
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
      let total = 0;
      for await (const chunk of process.stdin) {
        const b = Buffer.from(chunk as Buffer);
        total += b.length;
        if (total > MAX_INPUT_BYTES) {
          process.stdin.destroy();
          throw new UsageError(`<stdin>: ${tooLarge()}`);
        }
        chunks.push(b);
      }
      return Buffer.concat(chunks, total).toString('utf8');
    },
    stdinIsTerminal: process.stdin.isTTY === true,
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

/**
 * Text from manifests or servers made safe for a terminal: control characters (escape
 * sequences, carriage returns, NUL) and line separators are written as `\xNN` / `\uNNNN`.
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => {
    const n = c.charCodeAt(0);
    return n < 0x100 ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u${n.toString(16).padStart(4, '0')}`;
  });
}
