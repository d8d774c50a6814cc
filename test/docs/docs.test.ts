/**
 * The Markdown regcred ships reads as written and cannot rot: CommonMark (markdown-it, as npm and most
 * viewers render it) finds every heading and closes every fence where the text means it to; every
 * relative link and anchor resolves; install lines name packages the project has; every TypeScript
 * block type-checks as a user would paste it; every other block of the README and the guides is an
 * example a test runs; and no date in an example is about to pass.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import MarkdownIt from 'markdown-it';
import ts from 'typescript';
import { ROOT, docBlocks, markdownFiles, userDocs, type DocBlock } from './blocks';

const read = (file: string): string => fs.readFileSync(path.join(ROOT, file), 'utf8');
const FILES = markdownFiles();

test('the Markdown files are found', () => {
  expect(FILES).toEqual(expect.arrayContaining(['README.md', 'CONTRIBUTING.md', 'docs/pulumi.md']));
});

/** The 0-based lines that start a heading, reading fences as the text means them: ``` or ~~~ opens and closes. */
function intendedHeadings(text: string): number[] {
  let fence: string | undefined;
  const out: number[] = [];
  text.split('\n').forEach((line, i) => {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (marker && (fence === undefined || marker[0] === fence[0])) fence = fence === undefined ? marker : undefined;
    else if (fence === undefined && /^#{1,6} /.test(line)) out.push(i);
  });
  return out;
}

describe.each(FILES)('%s', (file) => {
  const text = read(file);
  const tokens = new MarkdownIt().parse(text, {});

  test('every heading line is a heading', () => {
    const rendered = tokens.filter((t) => t.type === 'heading_open').map((t) => t.map![0]);
    expect(rendered).toEqual(intendedHeadings(text));
    expect(rendered.length).toBeGreaterThan(0);
  });

  test('every code fence closes', () => {
    const lines = text.split('\n');
    const unclosed = tokens
      .filter((t) => t.type === 'fence')
      .filter((t) => !lines[t.map![1] - 1]?.trim().startsWith(t.markup))
      .map((t) => `line ${t.map![0] + 1}`);
    expect(unclosed).toEqual([]);
  });

  test('every relative link and anchor resolves', () => {
    const broken = links(tokens)
      .filter((href) => !/^[a-z]+:/.test(href))
      .filter((href) => !resolves(file, href));
    expect(broken).toEqual([]);
  });
});

function links(tokens: ReturnType<MarkdownIt['parse']>): string[] {
  return tokens
    .flatMap((t) => t.children ?? [])
    .filter((t) => t.type === 'link_open')
    .map((t) => t.attrGet('href') ?? '');
}

/** GitHub's anchors for a Markdown file: headings as it slugs them, and the ids of HTML anchors. */
function anchors(file: string): Set<string> {
  const text = read(file);
  const seen = new Map<string, number>();
  const out = new Set<string>();
  const tokens = new MarkdownIt().parse(text, {});
  tokens.forEach((t, i) => {
    if (t.type !== 'heading_open') return;
    const title = tokens[i + 1].children!.filter((c) => c.type === 'text' || c.type === 'code_inline');
    const slug = title
      .map((c) => c.content)
      .join('')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    out.add(n === 0 ? slug : `${slug}-${n}`);
  });
  for (const m of text.matchAll(/\bid="([^"]+)"/g)) out.add(m[1]);
  return out;
}

function resolves(from: string, href: string): boolean {
  const [target, anchor] = href.split('#', 2);
  const file = target ? path.posix.normalize(path.posix.join(path.posix.dirname(from), target)) : from;
  if (file.startsWith('..') || !fs.existsSync(path.join(ROOT, file))) return false;
  if (anchor === undefined) return true;
  return file.endsWith('.md') && anchors(file).has(decodeURIComponent(anchor));
}

const BLOCKS: DocBlock[] = userDocs().flatMap(docBlocks);

test('install lines name only packages the project has, and the artifacts its build writes', () => {
  const pkg = JSON.parse(read('package.json')) as {
    name: string;
    version: string;
    dependencies: Record<string, string>;
    devDependencies: Record<string, string>;
    peerDependencies: Record<string, string>;
  };
  const npmNames = new Set([
    pkg.name,
    ...Object.keys(pkg.dependencies),
    ...Object.keys(pkg.devDependencies),
    ...Object.keys(pkg.peerDependencies),
  ]);
  // The PyPI packages the Python tests install beside the wheel.
  const pipNames = new Set([...read('scripts/test-languages.sh').matchAll(/\s([a-z0-9-]+)==/g)].map((m) => m[1]));
  const artifacts = new Set([`${pkg.name}-${pkg.version}.tgz`, `${pkg.name}-${pkg.version}-py3-none-any.whl`]);
  const problems: string[] = [];
  for (const block of BLOCKS.filter((b) => b.lang === 'sh')) {
    for (const [, tool, args] of block.code.matchAll(/\b(npm install|npm i|pip install)\s+([^\n#&|;]*)/g)) {
      for (const word of args
        .trim()
        .split(/\s+/)
        .filter((w) => w && !w.startsWith('-'))) {
        const known = /[/.]/.test(word.replace(/^@[\w-]+\//, ''))
          ? artifacts.has(path.posix.basename(word)) || word.endsWith('/python')
          : (tool === 'pip install' ? pipNames : npmNames).has(word);
        if (!known) problems.push(`${block.file}:${block.line}: ${tool} ${word}`);
      }
    }
  }
  expect(problems).toEqual([]);
  expect(BLOCKS.some((b) => b.code.includes(`${pkg.name}-${pkg.version}.tgz`))).toBe(true);
});

test('every TypeScript block of the README and the guides type-checks as a module of its own', () => {
  const blocks = BLOCKS.filter((b) => b.lang === 'ts');
  expect(blocks.length).toBeGreaterThanOrEqual(10);
  const config = ts.parseJsonConfigFileContent(
    ts.readConfigFile(path.join(ROOT, 'tsconfig.json'), (f) => ts.sys.readFile(f)).config,
    ts.sys,
    ROOT,
  );
  // Each block is its own module, as in a user's file; an example another imports keeps its name.
  const virtual = new Map(
    blocks.map((b, i) => [
      path.join(ROOT, 'examples', b.example === 'pulumi-unit-program' ? 'index.ts' : `doc-block-${i}.ts`),
      `${b.code}\nexport {};\n`,
    ]),
  );
  const where = new Map([...virtual.keys()].map((f, i) => [f, `${blocks[i].file}:${blocks[i].line}`]));
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
    .map((d) => `${d.file ? where.get(d.file.fileName) : ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
  expect(diagnostics).toEqual([]);
});

/** The test sources that take examples, in every language the tests are written in. */
function testSources(): string {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!['node_modules', 'target', 'fixtures'].includes(entry.name)) walk(full);
      } else if (/\.(ts|py|java|go|sh)$/.test(entry.name)) out.push(fs.readFileSync(full, 'utf8'));
    }
  };
  walk(path.join(ROOT, 'test'));
  return out.join('\n');
}

test('every block of the README and the guides other than TypeScript is an example, and a test takes each', () => {
  const sources = testSources();
  const unnamed = BLOCKS.filter((b) => b.lang !== 'ts' && b.example === undefined).map((b) => `${b.file}:${b.line}`);
  expect(unnamed).toEqual([]);
  const names = BLOCKS.flatMap((b) => (b.example ? [b.example] : []));
  expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  const untaken = names.filter((n) => !new RegExp(`(docExample|doc_example)\\((t, )?["']${n}["']\\)`).test(sources));
  expect(untaken).toEqual([]);
});

test('no date in an example passes within a year', () => {
  const soon = new Date(Date.now() + 365 * 24 * 3600 * 1000).toISOString().slice(0, 10);
  const dated = BLOCKS.filter((b) => b.lang !== 'text').flatMap((b) =>
    [...b.code.matchAll(/\b(20\d\d-\d\d-\d\d)/g)].filter((m) => m[1] < soon).map((m) => `${b.file}:${b.line}: ${m[1]}`),
  );
  expect(dated).toEqual([]);
});

test('the registry guide lists every registry kind with its factory and command-line kind', async () => {
  const text = read('docs/registries.md');
  const { REGISTRY_PRESETS } = await import('../../src/core/internal');
  for (const preset of Object.values(REGISTRY_PRESETS)) {
    expect([preset.factory, text.includes(`| \`${preset.factory}\` (`)]).toEqual([preset.factory, true]);
  }
  const { SECRET_HELP } = await import('../../src/cli/secret');
  const kinds = [...text.matchAll(/\| `\w+` \(`([a-z-]+)`\)\s+\|/g)].map((m) => m[1]);
  expect(kinds.length).toBe(Object.keys(REGISTRY_PRESETS).length);
  for (const kind of kinds) expect([kind, SECRET_HELP.includes(`  ${kind} `)]).toEqual([kind, true]);
});

test("the check guide's diagnostic table is DIAGNOSTIC_CODES: every code, its severity and meaning", async () => {
  const { DIAGNOSTIC_CODES } = await import('../../src/core/internal');
  const rows = [...read('docs/check.md').matchAll(/^\| `([A-Z_]+)` \| (\w+) \| (.*) \|$/gm)].map((m) => [
    m[1],
    m[2],
    m[3].replace(/\\\|/g, '|'),
  ]);
  expect(rows).toEqual(Object.entries(DIAGNOSTIC_CODES).map(([code, d]) => [code, d.severity, d.summary]));
});
