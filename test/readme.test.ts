/**
 * Every TypeScript block of the README type-checks against the project, as a
 * user would paste it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';

const root = path.join(__dirname, '..');

function readmeBlocks(): string[] {
  const text = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  return [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
}

test('the README has TypeScript examples and each one type-checks', () => {
  const blocks = readmeBlocks();
  expect(blocks.length).toBeGreaterThanOrEqual(3);

  const configPath = path.join(root, 'tsconfig.json');
  const config = ts.parseJsonConfigFileContent(
    ts.readConfigFile(configPath, (f) => ts.sys.readFile(f)).config,
    ts.sys,
    root,
  );
  // Each block is its own module, as in a user's file.
  const virtual = new Map(
    blocks.map((b, i) => [path.join(root, 'examples', `readme-block-${i}.ts`), `${b}\nexport {};\n`]),
  );
  const host = ts.createCompilerHost(config.options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, lang, onError, create) =>
    virtual.has(name)
      ? ts.createSourceFile(name, virtual.get(name)!, lang)
      : getSourceFile(name, lang, onError, create);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => virtual.has(name) || fileExists(name);

  const program = ts.createProgram([...virtual.keys()], { ...config.options, noEmit: true }, host);
  const diagnostics = ts
    .getPreEmitDiagnostics(program)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  expect(diagnostics).toEqual([]);
});

test('the README lists every registry kind with its factory and CLI kind', async () => {
  const text = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const { REGISTRY_PRESETS } = await import('../src/core/internal');
  for (const preset of Object.values(REGISTRY_PRESETS)) {
    expect([preset.factory, text.includes(`| \`${preset.factory}\` (`)]).toEqual([preset.factory, true]);
  }
  const { SECRET_HELP } = await import('../src/cli/secret');
  for (const kind of [...text.matchAll(/\| `\w+` \(`([a-z-]+)`\) \|/g)].map((m) => m[1])) {
    expect([kind, SECRET_HELP.includes(`  ${kind} `)]).toEqual([kind, true]);
  }
});
