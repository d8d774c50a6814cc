/**
 * Manifest text to objects with the line where each starts, at the size of a
 * cluster dump. JSON (what `kubectl get -o json` prints) goes through
 * `JSON.parse`; YAML through js-yaml, whose event listener yields document and
 * list-item lines in the same pass. See bench/README.md for why these parsers.
 */
import * as jsyaml from 'js-yaml';
import { CORE_SCHEMA, Type, YAMLException, loadAll } from 'js-yaml';
import { KubeObject, isRecord } from '../core/internal';
import { jsonStream } from './json-stream';

/** How deep YAML may nest; Kubernetes objects (CRD schemas included) stay far below. */
const MAX_YAML_DEPTH = 1000;
/** How many nodes a document may expand to through aliases before it is refused. */
const MAX_ALIAS_EXPANSION = 1_000_000;

/** YAML 1.2 core types (timestamps stay strings, as the API server reads them) plus `<<` merge keys. */
const SCHEMA = CORE_SCHEMA.extend([(jsyaml as unknown as { types: { merge: Type } }).types.merge]);

/** An object of the text with its 1-based starting line and the 0-based index of its document. */
export interface LinedObject {
  readonly object: KubeObject;
  readonly line: number;
  /** Which document of the stream holds it, counting empty ones (`yq`'s `document_index`). */
  readonly documentIndex: number;
}

export type ParsedManifests =
  | { readonly ok: true; readonly objects: LinedObject[] }
  | { readonly ok: false; readonly line: number; readonly message: string };

/** Counts lines up to increasing offsets in one pass over the text. */
class LineCounter {
  private offset = 0;
  private line = 1;
  constructor(private readonly text: string) {}

  /** The 1-based line of `offset`; offsets must not decrease between calls. */
  at(offset: number): number {
    for (;;) {
      const nl = this.text.indexOf('\n', this.offset);
      if (nl < 0 || nl >= offset) break;
      this.line++;
      this.offset = nl + 1;
    }
    return this.line;
  }
}

function firstNonSpace(text: string): number {
  const m = /\S/.exec(text);
  return m ? m.index : -1;
}

/**
 * Parses manifest text: one JSON value, or a YAML stream of documents. Empty
 * documents are skipped, and objects whose kind ends in `List` are replaced by
 * their items (each with its own line where the text allows it to be found).
 */
export function parseManifestText(text: string): ParsedManifests {
  const start = firstNonSpace(text);
  if (start < 0) return { ok: true, objects: [] };
  const c = text[start];
  if (c === '{' || c === '[') {
    let value: unknown;
    let parsed = true;
    try {
      value = JSON.parse(text);
    } catch {
      parsed = false; // not strict JSON: YAML reads it and reports a line
    }
    if (parsed) return fromJson(text, start, value);
    // A stream of JSON values one after another, as `jq '.items[]'` prints them.
    const spans = jsonStream(text, start);
    if (spans) return fromJsonStream(text, spans);
  }
  return fromYaml(text);
}

function fromJsonStream(text: string, spans: Array<[number, number]>): ParsedManifests {
  const objects: LinedObject[] = [];
  const lines = new LineCounter(text);
  for (const [documentIndex, [from, to]] of spans.entries()) {
    let value: unknown;
    try {
      value = JSON.parse(text.slice(from, to));
    } catch {
      return fromYaml(text); // not strict JSON after all: YAML reports the line
    }
    const line = lines.at(from);
    const problem = documentProblem(value);
    if (problem) return { ok: false, line, message: problem };
    const items = listItems(value as Record<string, unknown>);
    if (items) objects.push(...linedItems(items, undefined, line, documentIndex));
    else objects.push({ object: value as KubeObject, line, documentIndex });
  }
  return { ok: true, objects };
}

function fromJson(text: string, start: number, value: unknown): ParsedManifests {
  const line = new LineCounter(text).at(start);
  const problem = documentProblem(value);
  if (problem) return { ok: false, line, message: problem };
  const doc = value as Record<string, unknown>;
  const items = listItems(doc);
  if (!items) return { ok: true, objects: [{ object: doc, line, documentIndex: 0 }] };
  const offsets = jsonItemOffsets(text, start);
  const lines = new LineCounter(text);
  const itemLines = offsets?.length === items.length ? offsets.map((o) => lines.at(o)) : undefined;
  return { ok: true, objects: linedItems(items, itemLines, line, 0) };
}

/** Why a parsed document cannot be a manifest, if it cannot. */
function documentProblem(value: unknown): string | undefined {
  if (isRecord(value)) return undefined;
  return `a manifest must be an object, not ${Array.isArray(value) ? 'a list' : typeof value}`;
}

/** The items of a `List` (or `PodList`, …) document, or undefined for any other object. */
function listItems(doc: Record<string, unknown>): unknown[] | undefined {
  const kind = doc.kind;
  const items: unknown = doc.items;
  if (kind === 'List') return Array.isArray(items) ? (items as unknown[]) : [];
  if (typeof kind === 'string' && kind.endsWith('List') && Array.isArray(items)) return items as unknown[];
  return undefined;
}

function linedItems(
  items: unknown[],
  lines: number[] | undefined,
  fallback: number,
  documentIndex: number,
): LinedObject[] {
  const out: LinedObject[] = [];
  items.forEach((item, i) => {
    if (isRecord(item)) out.push({ object: item, line: lines?.[i] ?? fallback, documentIndex });
  });
  return out;
}

/**
 * Offsets where the elements of the root object's `items` array start, for
 * text that `JSON.parse` accepted. A single scan that skips strings with
 * `indexOf`; the last `items` member wins, as it does in `JSON.parse`.
 */
function jsonItemOffsets(text: string, start: number): number[] | undefined {
  let depth = 0;
  let lastString = '';
  let key = '';
  let current: number[] | undefined;
  let found: number[] | undefined;
  let expectItem = false;
  for (let i = start; i < text.length;) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
      i++;
      continue;
    }
    if (current && depth === 2 && expectItem && c !== 0x5d) {
      current.push(i);
      expectItem = false;
    }
    if (c === 0x22) {
      let end = text.indexOf('"', i + 1);
      while (end > 0 && isEscaped(text, end)) end = text.indexOf('"', end + 1);
      if (end < 0) return undefined;
      if (depth === 1) lastString = text.slice(i + 1, end);
      i = end + 1;
      continue;
    }
    if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth === 2 && c === 0x5b && key === 'items') {
        current = [];
        expectItem = true;
      }
    } else if (c === 0x7d || c === 0x5d) {
      if (depth === 2 && current) {
        found = current;
        current = undefined;
        expectItem = false;
      }
      depth--;
    } else if (c === 0x3a && depth === 1) {
      key = lastString;
    } else if (c === 0x2c && depth === 2 && current) {
      expectItem = true;
    }
    i++;
  }
  return found;
}

/** Whether the quote at `at` is escaped by an odd run of backslashes. */
function isEscaped(text: string, at: number): boolean {
  let n = 0;
  for (let j = at - 1; j >= 0 && text.charCodeAt(j) === 0x5c; j--) n++;
  return n % 2 === 1;
}

/** The parts of js-yaml's loader state the listener reads (its typings list fewer). */
interface LoaderState {
  readonly depth: number;
  readonly line: number;
  readonly result: unknown;
  readonly anchorMap: Record<string, unknown>;
}

function fromYaml(text: string): ParsedManifests {
  const docLines: number[] = [];
  const docHasAnchors: boolean[] = [];
  const itemLines = new Map<unknown[], number[]>();
  let children: number[] | undefined;
  let docs: unknown[];
  try {
    docs = loadAll(text, null, {
      schema: SCHEMA,
      json: false,
      maxDepth: MAX_YAML_DEPTH,
      listener(event, raw) {
        const state = raw as unknown as LoaderState;
        if (event === 'open') {
          if (state.depth === 1) docLines.push(state.line + 1);
          else if (state.depth === 2) children = [];
          else if (state.depth === 3) children?.push(state.line + 1);
        } else if (state.depth === 2) {
          if (children && Array.isArray(state.result)) itemLines.set(state.result, children);
          children = undefined;
        } else if (state.depth === 1) {
          let anchors = false;
          for (const name in state.anchorMap) {
            anchors = name !== undefined;
            break;
          }
          docHasAnchors.push(anchors);
        }
      },
    } as Parameters<typeof loadAll>[2]);
  } catch (e) {
    if (e instanceof YAMLException) {
      return { ok: false, line: (e.mark?.line ?? 0) + 1, message: `cannot parse: ${e.reason}` };
    }
    if (e instanceof RangeError) return { ok: false, line: 1, message: 'cannot parse: nested too deeply' };
    throw e;
  }
  const objects: LinedObject[] = [];
  for (let i = 0; i < docs.length; i++) {
    const value = docs[i];
    if (value === null || value === undefined) continue;
    const line = docLines[i] ?? 1;
    const problem = documentProblem(value) ?? (docHasAnchors[i] ? aliasProblem(value) : undefined);
    if (problem) return { ok: false, line, message: problem };
    const doc = value as Record<string, unknown>;
    const items = listItems(doc);
    if (!items) {
      objects.push({ object: doc, line, documentIndex: i });
      continue;
    }
    const lines = itemLines.get(items);
    for (const o of linedItems(items, lines?.length === items.length ? lines : undefined, line, i)) objects.push(o);
  }
  return { ok: true, objects };
}

/**
 * Refuses a document whose aliases make it a cycle (`a: &a {b: *a}`) or expand
 * it past {@link MAX_ALIAS_EXPANSION} nodes (nested aliases grow exponentially).
 */
function aliasProblem(root: unknown): string | undefined {
  let budget = MAX_ALIAS_EXPANSION;
  const onPath = new Set<object>();
  const visit = (v: unknown, depth: number): string | undefined => {
    if (typeof v !== 'object' || v === null) return undefined;
    if (onPath.has(v)) return 'a YAML alias refers to a node that contains it; a manifest cannot be recursive';
    if (--budget < 0) return `YAML aliases expand this document past ${MAX_ALIAS_EXPANSION} nodes`;
    if (depth > MAX_YAML_DEPTH) return `YAML aliases nest this document deeper than ${MAX_YAML_DEPTH} levels`;
    onPath.add(v);
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      const problem = visit(child, depth + 1);
      if (problem) return problem;
    }
    onPath.delete(v);
    return undefined;
  };
  return visit(root, 0);
}
