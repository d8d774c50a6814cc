/**
 * Go text/template actions, read as Go's lexer reads them (text/template/parse/lex.go): `{{` opens
 * an action and `}}` closes it except inside a string ("…" with escapes), a raw string (`…`) or a
 * character constant ('…'); `{{/* … *\/}}` is a comment; `{{- ` and ` -}}` trim the white space
 * beside them. One pass over the text, no regular expression that can backtrack: templates come
 * from untrusted manifests.
 */

/** A piece of a template: literal text, or an action and what it writes. */
export type TemplatePiece =
  | { readonly text: string }
  | {
      /** The action's words, trim markers removed. */
      readonly action: string;
      /** What the action writes: nothing (control, declaration, comment) or a value. */
      readonly writes: 'nothing' | 'value';
      /**
       * The last command of the action's top-level pipeline (`toJson` in `.a | toJson`),
       * the function that made what is written.
       */
      readonly last: string;
    };

const CONTROL = new Set(['if', 'else', 'end', 'range', 'with', 'define', 'template', 'block', 'break', 'continue']);
const SPACE = ' \t\r\n';

/** The template as text and actions; `undefined` when an action or a string in it is not closed. */
export function templatePieces(template: string): TemplatePiece[] | undefined {
  const pieces: TemplatePiece[] = [];
  const n = template.length;
  let text = '';
  let at = 0;
  while (at < n) {
    const open = template.indexOf('{{', at);
    if (open < 0) {
      text += template.slice(at);
      break;
    }
    let before = template.slice(at, open);
    let i = open + 2;
    // "{{- " trims the white space before the action.
    if (template[i] === '-' && SPACE.includes(template[i + 1] ?? '')) {
      before = trimEnd(before);
      i += 2;
    }
    text += before;
    if (text !== '') pieces.push({ text });
    text = '';
    const end = actionEnd(template, i);
    if (end === undefined) return undefined;
    let body = template.slice(i, end.close);
    at = end.close + 2;
    if (end.trimAfter) {
      body = body.slice(0, body.length - 1); // the "-" of " -}}"
      while (at < n && SPACE.includes(template[at])) at++;
    }
    pieces.push(classify(body.trim()));
  }
  if (text !== '') pieces.push({ text });
  return pieces;
}

function trimEnd(s: string): string {
  let e = s.length;
  while (e > 0 && SPACE.includes(s[e - 1])) e--;
  return s.slice(0, e);
}

/**
 * Where the action that starts at `i` closes (the index of its `}}`), skipping strings, raw
 * strings, character constants and a leading comment; and whether it ends with " -}}".
 */
function actionEnd(t: string, i: number): { close: number; trimAfter: boolean } | undefined {
  const n = t.length;
  let j = i;
  while (j < n && SPACE.includes(t[j])) j++;
  if (t.startsWith('/*', j)) {
    const c = t.indexOf('*/', j + 2);
    if (c < 0) return undefined;
    j = c + 2;
  }
  for (; j < n; j++) {
    const ch = t[j];
    if (ch === '"' || ch === "'") {
      j++;
      while (j < n && t[j] !== ch) {
        if (t[j] === '\\') j++;
        else if (t[j] === '\n') return undefined; // Go: unterminated quoted string
        j++;
      }
      if (j >= n) return undefined;
    } else if (ch === '`') {
      const c = t.indexOf('`', j + 1);
      if (c < 0) return undefined;
      j = c;
    } else if (ch === '}' && t[j + 1] === '}') {
      const trimAfter = t[j - 1] === '-' && j - 2 >= i && SPACE.includes(t[j - 2]);
      return { close: j, trimAfter };
    }
  }
  return undefined;
}

function classify(action: string): TemplatePiece {
  const nothing = { action, writes: 'nothing' as const, last: '' };
  if (action === '' || action.startsWith('/*')) return nothing;
  const first = /^[A-Za-z_]+/.exec(action)?.[0] ?? '';
  if (CONTROL.has(first)) return nothing;
  // "$x := …" and "$x = …" declare or assign and write nothing.
  if (/^\$[A-Za-z0-9_]*\s*:?=[^=]/.test(action)) return nothing;
  return { action, writes: 'value', last: lastCommand(action) };
}

/** The first word of the last command of the top-level pipeline (`|` outside strings and parentheses). */
function lastCommand(action: string): string {
  let depth = 0;
  let start = 0;
  for (let j = 0; j < action.length; j++) {
    const ch = action[j];
    if (ch === '"' || ch === "'") {
      j++;
      while (j < action.length && action[j] !== ch) j += action[j] === '\\' ? 2 : 1;
    } else if (ch === '`') {
      const c = action.indexOf('`', j + 1);
      j = c < 0 ? action.length : c;
    } else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === '|' && depth === 0) start = j + 1;
  }
  let k = start;
  while (k < action.length && SPACE.includes(action[k])) k++;
  let e = k;
  while (e < action.length && !SPACE.includes(action[e]) && action[e] !== '(' && action[e] !== ')') e++;
  return action.slice(k, e);
}
