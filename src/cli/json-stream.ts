/** Streams of JSON values written one after another, as `jq '.items[]'` prints them. */

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
