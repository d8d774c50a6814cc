/**
 * The Markdown regcred ships and the code blocks in it. A block whose info string names an example
 * (```` ```sh example=install ````) is run by a test, which takes it with `docExample('install')`;
 * test/docs/docs.test.ts fails on an example no test takes, and type-checks every TypeScript block.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import MarkdownIt from 'markdown-it';

export const ROOT = path.join(__dirname, '..', '..');

/** The reference pages jsii-docgen writes (docs/reference/<language>.md): generated, not written. */
export const GENERATED = /^docs\/reference\/(typescript|python|java|go)\.md$/;

/** Every Markdown file of the repository that people write, relative to the root. */
export function markdownFiles(): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const rel = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        // Hidden directories (.git, a .venv) and build output hold no Markdown of the project's.
        const skipped = ['node_modules', 'build', 'dist', 'lib', 'cdk8s.out', 'api', 'sdks', 'target'];
        if (!entry.name.startsWith('.') && !skipped.includes(entry.name)) walk(rel);
      } else if (entry.name.endsWith('.md') && !GENERATED.test(rel) && !rel.startsWith('api/')) found.push(rel);
    }
  };
  walk('');
  return found.sort();
}

/** The user-facing documents: the README and the guides. Their examples must all be run or type-checked. */
export function userDocs(): string[] {
  return markdownFiles().filter((f) => f === 'README.md' || f.startsWith('docs/'));
}

export interface DocBlock {
  /** The file, relative to the repository root. */
  readonly file: string;
  /** The 1-based line of the opening fence. */
  readonly line: number;
  /** The first word of the info string (`ts`, `sh`, `yaml`, …). */
  readonly lang: string;
  /** The name after `example=`, when the block is an example a test runs. */
  readonly example?: string;
  /** The block's text, as a reader copies it (without the list indentation around it). */
  readonly code: string;
}

const parser = new MarkdownIt();

export function docBlocks(file: string): DocBlock[] {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  return parser
    .parse(text, {})
    .filter((t) => t.type === 'fence')
    .map((t) => {
      const [lang = '', ...rest] = t.info.trim().split(/\s+/);
      const example = rest.map((w) => /^example=([\w-]+)$/.exec(w)?.[1]).find((n) => n !== undefined);
      return { file, line: t.map![0] + 1, lang, ...(example ? { example } : {}), code: t.content };
    });
}

/** The example `name` of the README or a guide: exactly one block carries it. */
export function docExample(name: string): DocBlock {
  const found = userDocs()
    .flatMap(docBlocks)
    .filter((b) => b.example === name);
  if (found.length !== 1) {
    throw new Error(`example=${name}: ${found.length} blocks in the README and docs/ carry it, where one must`);
  }
  return found[0];
}

/**
 * A directory with a `regcred` command that runs the CLI from the sources, for shell examples: on
 * `bin/` (put first on PATH in the returned environment) and, unless `dir` already has a
 * `node_modules`, in `node_modules/.bin`, where `npx regcred` finds it as it finds an installed one.
 */
export function userShell(dir: string): { readonly env: NodeJS.ProcessEnv } {
  const shim = `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'))} ${JSON.stringify(path.join(ROOT, 'src/cli/main.ts'))} "$@"\n`;
  const bins = [path.join(dir, 'bin')];
  if (!fs.existsSync(path.join(dir, 'node_modules'))) bins.push(path.join(dir, 'node_modules', '.bin'));
  for (const bin of bins) {
    fs.mkdirSync(bin, { recursive: true });
    fs.writeFileSync(path.join(bin, 'regcred'), shim, { mode: 0o755 });
  }
  return { env: { ...process.env, PATH: `${bins[0]}:${process.env.PATH ?? ''}` } };
}
