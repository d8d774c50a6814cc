import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { KubeObject } from '../core';

/** An object read from a manifest, with where it came from. */
export interface SourcedObject {
  readonly object: KubeObject;
  readonly file: string;
  /** 1-based line of the document (or list item) start. */
  readonly line: number;
}

/** A file that cannot be read, with the file and line. */
export class InputError extends Error {}

const MANIFEST_FILE = /\.(ya?ml|json)$/i;

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Every manifest file under `p` (a file, or a directory searched recursively), sorted. */
function expand(p: string): string[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(p);
  } catch {
    throw new InputError(`${p}: no such file or directory`);
  }
  if (!stat.isDirectory()) return [p];
  return fs
    .readdirSync(p, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((e) => {
      const child = path.join(p, e.name);
      if (e.isDirectory()) return expand(child);
      return MANIFEST_FILE.test(e.name) ? [child] : [];
    });
}

/** Parses multi-document YAML or JSON; `kind: List` objects are flattened into their items. */
export function parseManifests(text: string, file: string): SourcedObject[] {
  const lineOf = (offset: number): number => text.slice(0, offset).split('\n').length;
  const out: SourcedObject[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) {
      const err = doc.errors[0];
      const line = err.linePos?.[0].line ?? lineOf(err.pos[0]);
      throw new InputError(`${file}:${line}: cannot parse: ${err.message.split('\n')[0]}`);
    }
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) continue;
    const line = lineOf(doc.contents?.range?.[0] ?? doc.range[0]);
    if (!isRecord(value))
      throw new InputError(
        `${file}:${line}: a manifest must be an object, not ${Array.isArray(value) ? 'a list' : typeof value}`,
      );
    if (
      value.kind === 'List' ||
      (typeof value.kind === 'string' && value.kind.endsWith('List') && Array.isArray(value.items))
    ) {
      const items = Array.isArray(value.items) ? (value.items as unknown[]) : [];
      items.forEach((item) => {
        if (isRecord(item)) out.push({ object: item, file, line });
      });
    } else {
      out.push({ object: value, file, line });
    }
  }
  return out;
}

/**
 * Reads manifests from files, directories (recursively, `*.yaml`, `*.yml`,
 * `*.json`) and `-` for standard input.
 *
 * @throws InputError naming the file (and line) that cannot be read
 */
export async function readManifests(
  inputs: readonly string[],
  readStdin: () => Promise<string>,
): Promise<SourcedObject[]> {
  const out: SourcedObject[] = [];
  for (const input of inputs) {
    if (input === '-') {
      out.push(...parseManifests(await readStdin(), '<stdin>'));
      continue;
    }
    for (const file of expand(input)) {
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch (e) {
        throw new InputError(`${file}: cannot read: ${(e as Error).message}`);
      }
      out.push(...parseManifests(text, file));
    }
  }
  return out;
}
