/**
 * Scratch directories for tests that write programs (a cdk8s app, a Pulumi project) and run them:
 * under the system's temporary directory, never inside the source tree, with the repository's
 * packages reachable as from the repository itself.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..');

/**
 * A new directory `regcred-PREFIX-*` whose `node_modules` is the repository's own (a symlink), so
 * that a program written there imports cdk8s, @pulumi/pulumi, tsx, ... as the repository does.
 */
export function scratchDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `regcred-${prefix}-`));
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

/**
 * A new project directory like {@link scratchDir}, except that `node_modules` is a directory of its
 * own (each of the repository's packages linked into it), where a test installs regcred itself.
 */
export function scratchProject(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `regcred-${prefix}-`));
  const modules = path.join(dir, 'node_modules');
  fs.mkdirSync(modules);
  for (const entry of fs.readdirSync(path.join(ROOT, 'node_modules'))) {
    if (entry === 'regcred' || entry === '.bin') continue;
    fs.symlinkSync(path.join(ROOT, 'node_modules', entry), path.join(modules, entry), 'dir');
  }
  return dir;
}

/**
 * A {@link scratchDir} whose tsconfig maps `regcred`, `regcred/cdk8s` and `regcred/pulumi` to the
 * sources, so that a program written there (run with tsx) imports regcred as a user's project
 * imports the installed package.
 */
export function sourcesProject(prefix: string): string {
  const dir = scratchDir(prefix);
  const entry = (sub: string): string[] => [path.join(ROOT, 'src', sub, 'index.ts')];
  fs.writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        module: 'commonjs',
        esModuleInterop: true,
        baseUrl: '.',
        paths: { regcred: entry('core'), 'regcred/cdk8s': entry('cdk8s'), 'regcred/pulumi': entry('pulumi') },
      },
    }),
  );
  return dir;
}
