/**
 * The line of a diagnostic's field inside its object's text. Only objects with
 * a finding are read a second time, so a clean run pays nothing: the object's
 * own span is parsed with the `yaml` package, whose nodes keep their ranges.
 */
import type { Node as YamlNode } from 'yaml';
import type { Span } from './parse-manifests';

/** A dot path with `[N]` items and `[key]` keys (`data[.dockerconfigjson]`) as its steps. */
export function fieldSteps(field: string): string[] {
  const steps: string[] = [];
  let i = 0;
  while (i < field.length) {
    if (field[i] === '[') {
      const close = field.indexOf(']', i + 1);
      if (close < 0) return steps;
      steps.push(field.slice(i + 1, close));
      i = close + 1;
    } else if (field[i] === '.') {
      i++;
    } else {
      let end = i;
      while (end < field.length && field[end] !== '.' && field[end] !== '[') end++;
      steps.push(field.slice(i, end));
      i = end;
    }
  }
  return steps;
}

/** Where a parsed object came from: the whole text, its span, and the line its span starts on. */
export interface ObjectText {
  readonly text: string;
  readonly span: Span;
  readonly line: number;
}

type YamlModule = typeof import('yaml');
let yamlModule: YamlModule | undefined;
function loadYaml(): YamlModule {
  // Loaded on the first finding: a clean run never pays for it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  yamlModule ??= require('yaml') as YamlModule;
  return yamlModule;
}

/**
 * Reads an object's text once and answers the line of each field asked for: the line of the
 * deepest step of the path found in the text (a key's line for a map entry, an item's for a list
 * item), or undefined when not even the first step is there (the field is one the object lacks).
 */
export function fieldLocator(source: ObjectText): (field: string) => number | undefined {
  const yaml = loadYaml();
  const [start, end] = source.span;
  const lineStart = source.text.lastIndexOf('\n', start - 1) + 1;
  // The object keeps its column: what precedes it on its line (`- `, `[`) becomes spaces.
  const text = ' '.repeat(start - lineStart) + source.text.slice(start, end);
  const lines = new yaml.LineCounter();
  let doc: ReturnType<typeof yaml.parseDocument>;
  try {
    doc = yaml.parseDocument(text, { lineCounter: lines, uniqueKeys: false, merge: true });
  } catch {
    // js-yaml read this text already; should this parser refuse it, findings keep the object's line.
    return () => undefined;
  }
  const lineOf = (offset: number): number => source.line + lines.linePos(offset).line - 1;

  return (field) => {
    const steps = fieldSteps(field);
    // A Secret's `stringData` is written over its `data` by the API server: a value may sit in either.
    if (steps[0] === 'data' && steps.length > 1) {
      const written = lineOfSteps(['stringData', ...steps.slice(1)]);
      if (written.complete) return written.line;
    }
    return lineOfSteps(steps).line;
  };

  function lineOfSteps(steps: readonly string[]): { line: number | undefined; complete: boolean } {
    let node: unknown = doc.contents;
    let line: number | undefined;
    for (const step of steps) {
      if (yaml.isAlias(node)) node = node.resolve(doc);
      let next: { node: unknown; at: YamlNode | null | undefined } | undefined;
      if (yaml.isMap(node)) {
        // The last of repeated keys wins, as in the parsed object.
        for (let i = node.items.length - 1; i >= 0 && !next; i--) {
          const pair = node.items[i];
          const key = yaml.isScalar(pair.key) ? String(pair.key.value) : pair.key;
          if (key === step) next = { node: pair.value, at: pair.key as YamlNode };
        }
      } else if (yaml.isSeq(node) && /^\d+$/.test(step)) {
        const item = node.items[Number(step)];
        if (item !== undefined) next = { node: item, at: item as YamlNode };
      }
      if (!next) return { line, complete: false };
      const offset = next.at?.range?.[0];
      if (offset !== undefined) line = lineOf(offset);
      node = next.node;
    }
    return { line, complete: true };
  }
}
