/** Positions in JSON text that `JSON.parse` does not give: the values of a stream, the items of a List. */

/** The index of the quote that ends the string opened at `open`, or -1 when it never ends. */
function stringEnd(text: string, open: number): number {
  let j = text.indexOf('"', open + 1);
  while (j >= 0) {
    let backslashes = 0;
    while (text[j - 1 - backslashes] === '\\') backslashes++;
    if (backslashes % 2 === 0) return j;
    j = text.indexOf('"', j + 1);
  }
  return -1;
}

/**
 * The [start, end) spans of JSON objects or arrays that follow each other with only white space
 * between, or undefined when the text is not such a stream of more than one. One scan without
 * recursion; strings are skipped with `indexOf`. Each span still has to pass `JSON.parse`.
 */
export function jsonStream(text: string, start: number): Array<[number, number]> | undefined {
  const spans: Array<[number, number]> = [];
  let depth = 0;
  let valueStart = start;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (depth === 0) {
      if (c === ' ' || c === '\n' || c === '\r' || c === '\t') continue;
      if (c !== '{' && c !== '[') return undefined;
      valueStart = i;
    }
    if (c === '"') {
      i = stringEnd(text, i);
      if (i < 0) return undefined;
    } else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) spans.push([valueStart, i + 1]);
    }
  }
  return depth === 0 && spans.length > 1 ? spans : undefined;
}

/**
 * The spans of the elements of the root object's `items` array, for text that
 * `JSON.parse` accepted. A single scan that skips strings with `indexOf`; the
 * last `items` member wins, as it does in `JSON.parse`.
 */
export function jsonItemSpans(text: string, start: number): Array<[number, number]> | undefined {
  let depth = 0;
  let lastString = '';
  let key = '';
  let current: Array<[number, number]> | undefined;
  let found: Array<[number, number]> | undefined;
  let expectItem = false;
  for (let i = start; i < text.length;) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
      i++;
      continue;
    }
    if (current && depth === 2 && expectItem && c !== 0x5d) {
      current.push([i, i]);
      expectItem = false;
    }
    if (c === 0x22) {
      const end = stringEnd(text, i);
      if (end < 0) return undefined;
      if (depth === 1) lastString = text.slice(i + 1, end);
      i = end + 1;
      if (current && depth === 2) current[current.length - 1][1] = i;
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
      if (current && depth === 2) current[current.length - 1][1] = i + 1;
    } else if (c === 0x3a && depth === 1) {
      key = lastString;
    } else if (c === 0x2c && depth === 2 && current) {
      expectItem = true;
    }
    i++;
  }
  return found;
}
