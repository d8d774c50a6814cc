/**
 * The line of a diagnostic's field inside its object's text. Only objects with
 * a finding are read a second time, so a clean run pays nothing: the object's
 * own span goes through js-yaml again, whose event listener gives the line
 * where each node opens.
 */
import { load } from 'js-yaml';
import { YAML_OPTIONS } from './parse-manifests';

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

/** Where a parsed object came from: the whole text, its offsets [start, end), and the line of start. */
export interface ObjectText {
  readonly text: string;
  readonly start: number;
  readonly end: number;
  readonly line: number;
}

/** A node of the object's text: the line it opens on (0-based in the span), its value, its nodes. */
interface PositionNode {
  readonly line: number;
  value: unknown;
  readonly children: PositionNode[];
}

/** The parts of js-yaml's loader state the listener reads. */
interface LoaderState {
  readonly line: number;
  readonly result: unknown;
}

/** Every node of `text` with its line, as js-yaml composes them (a mapping's children: key, value, …). */
function positions(text: string): PositionNode | undefined {
  const stack: PositionNode[] = [];
  let root: PositionNode | undefined;
  load(text, {
    ...YAML_OPTIONS,
    // Repeated keys: the last wins, as in the object that JSON.parse or js-yaml made.
    json: true,
    listener(event, raw) {
      const state = raw as unknown as LoaderState;
      if (event === 'open') {
        const node: PositionNode = { line: state.line, value: undefined, children: [] };
        const parent = stack[stack.length - 1];
        if (parent) parent.children.push(node);
        else root ??= node;
        stack.push(node);
      } else {
        const node = stack.pop();
        if (node) node.value = state.result;
      }
    },
  });
  return root;
}

/** The node a step leads to from `node`, and the node whose line is the step's (a key, an item). */
function stepFrom(start: PositionNode, step: string): { next: PositionNode; at: PositionNode } | undefined {
  // js-yaml may compose a node inside another that holds the same value (an indented flow mapping).
  let node = start;
  while (node.children.length === 1 && node.children[0].value === node.value) node = node.children[0];
  const { value, children } = node;
  if (Array.isArray(value)) {
    // An empty item (`-` alone) has no node: positions would shift, so the path stops here.
    if (!/^\d+$/.test(step) || children.length !== value.length) return undefined;
    const item = children[Number(step)];
    return item && { next: item, at: item };
  }
  if (typeof value !== 'object' || value === null || children.length % 2 !== 0) return undefined;
  for (let i = children.length - 2; i >= 0; i -= 2) {
    if (String(children[i].value) === step) return { next: children[i + 1], at: children[i] };
  }
  return undefined;
}

/**
 * Reads an object's text once and answers the line of each field asked for: the line of the
 * deepest step of the path found in the text (a key's line for a map entry, an item's for a list
 * item), or undefined when not even the first step is there (the field is one the object lacks).
 */
export function fieldLocator(source: ObjectText): (field: string) => number | undefined {
  const { start, end } = source;
  const lineStart = source.text.lastIndexOf('\n', start - 1) + 1;
  // The object keeps its column: what precedes it on its line (`- `, `[`) becomes spaces.
  const text = ' '.repeat(start - lineStart) + source.text.slice(start, end);
  let root: PositionNode | undefined;
  try {
    root = positions(text);
  } catch {
    // The text parsed once already; should it not parse alone, findings keep the object's line.
    return () => undefined;
  }
  if (!root) return () => undefined;
  const top = root;

  const lineOfSteps = (steps: readonly string[]): { line: number | undefined; complete: boolean } => {
    let node = top;
    let line: number | undefined;
    for (const step of steps) {
      const found = stepFrom(node, step);
      if (!found) return { line, complete: false };
      line = source.line + found.at.line;
      node = found.next;
    }
    return { line, complete: true };
  };

  return (field) => {
    const steps = fieldSteps(field);
    // A Secret's `stringData` is written over its `data` by the API server: a value may sit in either.
    if (steps[0] === 'data' && steps.length > 1) {
      const written = lineOfSteps(['stringData', ...steps.slice(1)]);
      if (written.complete) return written.line;
    }
    return lineOfSteps(steps).line;
  };
}
