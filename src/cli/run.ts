import { EXIT, Io, UsageError, version } from './io';

const HELP = `regcred turns registry credentials into image pull Secrets the kubelet really uses,
and reports every credentials reason a pod would fail to pull, before deploy.

Commands:
  check    report every credentials reason a pod would fail to pull, before deploy
  verify   log in to the registry with the kubelet's credentials and ask for the image
  secret   print a pull Secret manifest (pipe it to kubectl apply -f - to create or update)

Options:
  -h, --help      print this help
  -v, --version   print the version

Usage:
  regcred <command> [options]

Use "regcred <command> --help" for more information about a command.
`;

/**
 * The `regcred` command: parses `argv` (without node and script), runs the
 * command and returns the exit code. Prints nothing but to `io`.
 */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      // Each command loads its own modules, so start-up stays short.
      case 'check':
        return await (await import('./check')).runCheck(rest, io);
      case 'verify':
        return await (await import('./verify')).runVerify(rest, io);
      case 'secret':
        return await (await import('./secret')).runSecret(rest, io);
      case '--version':
      case '-v':
        io.stdout(`${version()}\n`);
        return EXIT.OK;
      case undefined:
        // No command is a usage error: help goes to standard error, as kubectl does.
        io.stderr(HELP);
        return EXIT.USAGE;
      case '--help':
      case '-h':
      case 'help':
        io.stdout(HELP);
        return EXIT.OK;
      default:
        throw new UsageError(`unknown command "${command}"\n\n${HELP}`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`regcred: ${e.message.trimEnd()}\n`);
      return EXIT.USAGE;
    }
    throw e;
  }
}
