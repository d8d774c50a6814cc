/**
 * The Markdown users read renders as written: CommonMark (markdown-it, as npm and most viewers
 * render it) finds a heading at every line the text means as one, so no code fence is left open
 * and swallows the prose after it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import MarkdownIt from 'markdown-it';

const root = path.join(__dirname, '..');
const FILES = ['README.md', 'CHANGELOG.md', 'CONTRIBUTING.md', 'bench/README.md']
  .concat(
    fs
      .readdirSync(path.join(root, 'docs'))
      .filter((f) => f.endsWith('.md'))
      .map((f) => `docs/${f}`),
  )
  .filter((f) => fs.existsSync(path.join(root, f)));

/** The 0-based lines that start a heading, reading fences as the text means them: ``` or ~~~ opens and closes. */
function intendedHeadings(text: string): number[] {
  let fence: string | undefined;
  const out: number[] = [];
  text.split('\n').forEach((line, i) => {
    const marker = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (marker && (fence === undefined || marker[0] === fence[0])) fence = fence === undefined ? marker : undefined;
    else if (fence === undefined && /^#{1,6} /.test(line)) out.push(i);
  });
  return out;
}

test.each(FILES)('%s: every heading line is a heading, and every fence closes where it is meant to', (file) => {
  const text = fs.readFileSync(path.join(root, file), 'utf8');
  const tokens = new MarkdownIt().parse(text, {});
  const rendered = tokens.filter((t) => t.type === 'heading_open').map((t) => t.map![0]);
  expect(rendered).toEqual(intendedHeadings(text));
  expect(rendered.length).toBeGreaterThan(0);
});
