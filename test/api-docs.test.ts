/**
 * The documentation rules of the public API that typedoc does not check:
 * every optional property of an exported interface or class says what happens
 * when it is left out, with `@default`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';

const src = path.join(__dirname, '../src');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'private' ? [] : sourceFiles(p);
    return e.name.endsWith('.ts') && !e.name.startsWith('_') && !p.includes(`${path.sep}cli${path.sep}`) ? [p] : [];
  });
}

const isExported = (node: ts.Node): boolean =>
  ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);

const hasTag = (node: ts.Node, tag: string): boolean => ts.getJSDocTags(node).some((t) => t.tagName.text === tag);

/** `File:Type.prop` for every optional property without `@default`. */
function missingDefaults(file: string): string[] {
  const sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const out: string[] = [];
  const visitMembers = (owner: string, members: ts.NodeArray<ts.TypeElement | ts.ClassElement>): void => {
    for (const m of members) {
      const optional = (ts.isPropertySignature(m) || ts.isPropertyDeclaration(m)) && m.questionToken !== undefined;
      const isPrivate = (ts.getModifiers(m as ts.HasModifiers) ?? []).some(
        (x) => x.kind === ts.SyntaxKind.PrivateKeyword,
      );
      if (optional && !isPrivate && !hasTag(m, 'default') && !hasTag(m, 'internal')) {
        out.push(`${path.relative(src, file)}:${owner}.${m.name.getText(sf)}`);
      }
    }
  };
  sf.forEachChild((node) => {
    if (!isExported(node) || hasTag(node, 'internal')) return;
    if (ts.isInterfaceDeclaration(node)) visitMembers(node.name.text, node.members);
    if (ts.isClassDeclaration(node) && node.name) visitMembers(node.name.text, node.members);
  });
  return out;
}

test('every optional property of the public API has @default', () => {
  const files = sourceFiles(src);
  expect(files.length).toBeGreaterThan(20);
  expect(files.flatMap(missingDefaults)).toEqual([]);
});
