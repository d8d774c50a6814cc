/**
 * The package from Java: Pulumi's CLI reads the schema from the executable plugin, pulumi-java's own
 * code generator (pulumi-java-gen, built by scripts/engine.sh) writes the Java SDK, and Maven compiles
 * it with a Pulumi Java program that uses it (test/languages/pulumi-java), against com.pulumi:pulumi
 * from Maven Central. Compiled, not run: no Java language host is built here. No SDK is committed.
 */
import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { engineEnv } from './engine';

jest.setTimeout(600_000);

const root = path.join(__dirname, '..', '..');
const plugin = path.join(root, 'pulumi-package', 'pulumi-resource-regcred');

function run(command: string, args: readonly string[], cwd: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) =>
    execFile(
      command,
      args,
      { cwd, env: { ...process.env, ...engineEnv() }, maxBuffer: 64 * 1024 * 1024 },
      (e, out, err) => resolve({ code: e ? 1 : 0, output: `${out}${err}` }),
    ),
  );
}

test("pulumi-java-gen writes the Java SDK of the package's schema, and Maven compiles it with a program that uses it", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regcred-java-sdk-'));
  try {
    const schema = execFileSync('pulumi', ['package', 'get-schema', plugin], {
      env: { ...process.env, ...engineEnv() },
      encoding: 'utf8',
      maxBuffer: 16 * 1024 * 1024,
    });
    fs.writeFileSync(path.join(dir, 'schema.json'), schema);
    const gen = await run(
      'pulumi-java-gen',
      ['generate', '--schema', 'schema.json', '--out', 'sdk', '--build', 'none', '--version', '0.1.0'],
      dir,
    );
    expect({ code: gen.code, output: gen.code === 0 ? '' : gen.output }).toEqual({ code: 0, output: '' });
    const sources = path.join(dir, 'sdk', 'src', 'main', 'java');
    const classes = [
      'GitlabRegistrySecret',
      'GithubRegistrySecret',
      'DockerHubRegistrySecret',
      'RegistrySecret',
      'ExternalRegistrySecret',
    ];
    for (const c of classes)
      expect(fs.existsSync(path.join(sources, 'com', 'pulumi', 'regcred', `${c}.java`))).toBe(true);

    const app = path.join(dir, 'app');
    fs.cpSync(path.join(root, 'test', 'languages', 'pulumi-java'), app, { recursive: true });
    const mvn = await run('mvn', ['-q', '-B', `-Dregcred.sdk=${sources}`, 'compile'], app);
    expect({ code: mvn.code, output: mvn.code === 0 ? '' : mvn.output }).toEqual({ code: 0, output: '' });
    const built = path.join(app, 'target', 'classes');
    expect(fs.existsSync(path.join(built, 'shop', 'App.class'))).toBe(true);
    for (const c of classes)
      expect(fs.existsSync(path.join(built, 'com', 'pulumi', 'regcred', `${c}.class`))).toBe(true);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
