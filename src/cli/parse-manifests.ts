/**
 * Manifest text to objects with the line where each starts, at the size of a
 * cluster dump. JSON (what `kubectl get -o json` prints) goes through
 * `JSON.parse`; YAML through js-yaml, whose event listener yields document and
 * list-item lines in the same pass. See bench/README.md for why these parsers.
 */
import * as jsyaml from 'js-yaml';
import { CORE_SCHEMA, Type, YAMLException, loadAll } from 'js-yaml';
import { KubeObject, isRecord } from '../core/internal';
import { jsonItemSpans, jsonStream } from './json-stream';

/** How deep YAML may nest; Kubernetes objects (CRD schemas included) stay far below. */
const MAX_YAML_DEPTH = 1000;
/** How many nodes a document may expand to through aliases before it is refused. */
const MAX_ALIAS_EXPANSION = 1_000_000;

/** YAML 1.2 core types (timestamps stay strings, as the API server reads them) plus `<<` merge keys. */
const SCHEMA = CORE_SCHEMA.extend([(jsyaml as unknown as { types: { merge: Type } }).types.merge]);

/** How every YAML text of the command line is read: the schema and the nesting limit. */
export const YAML_OPTIONS = { schema: SCHEMA, maxDepth: MAX_YAML_DEPTH } as const;

/** An object of the text with its 1-based starting line and the 0-based index of its document. */
export interface LinedObject {
  readonly object: KubeObject;
  readonly line: number;
  /**
   * Offsets of the object's own text, [start, end): where its node starts (on `line`) and ends.
   * Where a List item's text cannot be told apart, its document's.
   */
  readonly start: number;
  readonly end: number;
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
    const doc = { line, start: from, end: to, documentIndex };
    if (items) objects.push(...linedItems(items, undefined, doc));
    else objects.push({ object: value as KubeObject, ...doc });
  }
  return { ok: true, objects };
}

function fromJson(text: string, start: number, value: unknown): ParsedManifests {
  const line = new LineCounter(text).at(start);
  const problem = documentProblem(value);
  if (problem) return { ok: false, line, message: problem };
  const object = value as Record<string, unknown>;
  const doc = { line, start, end: text.length, documentIndex: 0 };
  const items = listItems(object);
  if (!items) return { ok: true, objects: [{ object, ...doc }] };
  const spans = jsonItemSpans(text, start);
  const lines = new LineCounter(text);
  const located =
    spans?.length === items.length
      ? spans.map(([from, to]) => ({ line: lines.at(from), start: from, end: to }))
      : undefined;
  return { ok: true, objects: linedItems(items, located, doc) };
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

/** Where a document or item starts and ends. */
interface Place {
  readonly line: number;
  readonly start: number;
  readonly end: number;
}

function linedItems(
  items: unknown[],
  places: readonly Place[] | undefined,
  doc: Place & { readonly documentIndex: number },
): LinedObject[] {
  const out: LinedObject[] = [];
  items.forEach((item, i) => {
    const place = places?.[i] ?? doc;
    if (isRecord(item))
      out.push({
        object: item,
        line: place.line,
        start: place.start,
        end: place.end,
        documentIndex: doc.documentIndex,
      });
  });
  return out;
}

/** The parts of js-yaml's loader state the listener reads (its typings list fewer). */
interface LoaderState {
  readonly depth: number;
  readonly line: number;
  readonly position: number;
  readonly result: unknown;
  readonly anchorMap: Record<string, unknown>;
}

function fromYaml(text: string): ParsedManifests {
  // Where each document's root node opens (line, offset) and ends, in flat arrays: no object per document.
  const docLines: number[] = [];
  const docStarts: number[] = [];
  const docEnds: number[] = [];
  const docHasAnchors: boolean[] = [];
  const itemPlaces = new Map<unknown[], Place[]>();
  // The nodes under the current depth-2 node (a List's items when it is `items`), reused for every one.
  const childLines: number[] = [];
  const childStarts: number[] = [];
  const childEnds: number[] = [];
  let docs: unknown[];
  try {
    docs = loadAll(text, null, {
      ...YAML_OPTIONS,
      json: false,
      listener(event, raw) {
        const state = raw as unknown as LoaderState;
        if (event === 'open') {
          if (state.depth === 1) {
            docLines.push(state.line + 1);
            docStarts.push(state.position);
          } else if (state.depth === 2) {
            childLines.length = childStarts.length = childEnds.length = 0;
          } else if (state.depth === 3) {
            childLines.push(state.line + 1);
            childStarts.push(state.position);
          }
        } else if (state.depth === 3) {
          childEnds.push(state.position);
        } else if (state.depth === 2) {
          if (Array.isArray(state.result) && childEnds.length === childStarts.length)
            itemPlaces.set(
              state.result,
              childLines.map((line, k) => ({ line, start: childStarts[k], end: childEnds[k] })),
            );
        } else if (state.depth === 1) {
          docEnds.push(state.position);
          let anchors = false;
          for (const name in state.anchorMap) {
            anchors = name !== undefined;
            break;
          }
          docHasAnchors.push(anchors);
        }
      },
    });
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
    const doc = { line: docLines[i] ?? 1, start: docStarts[i] ?? 0, end: docEnds[i] ?? text.length, documentIndex: i };
    const problem = documentProblem(value) ?? (docHasAnchors[i] ? aliasProblem(value) : undefined);
    if (problem) return { ok: false, line: doc.line, message: problem };
    const object = value as Record<string, unknown>;
    const items = listItems(object);
    if (!items) {
      objects.push({ object, line: doc.line, start: doc.start, end: doc.end, documentIndex: i });
      continue;
    }
    const places = itemPlaces.get(items);
    for (const o of linedItems(items, places?.length === items.length ? places : undefined, doc)) objects.push(o);
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
