/**
 * A JSON reader with Go `encoding/json` semantics, for the shapes the kubelet
 * decodes pull secrets into. Objects keep every member in order (duplicates
 * included) so that the typed decoders can apply Go's "last one wins" and
 * "maps merge" rules; strings are decoded with Go's replacement of invalid
 * UTF-8 and lone surrogates.
 */
import { ByteString, decodeRune } from './go-bytes';

export type GoJsonValue =
  | { readonly kind: 'null' }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'number'; readonly text: string }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'array'; readonly items: readonly GoJsonValue[] }
  | { readonly kind: 'object'; readonly members: ReadonlyArray<readonly [string, GoJsonValue]> };

/** A syntax or type error, as Go's `json.Unmarshal` would return one. */
export class GoJsonError extends Error {}

/** Go's `maxNestingDepth`: the scanner refuses the 10,001st open object or array. */
const MAX_DEPTH = 10000;

/** Parses a whole document (Go's `checkValid` rules: RFC 8259, no BOM, surrounding white space allowed). */
export function parseGoJson(src: ByteString): GoJsonValue {
  const p = new Parser(src);
  p.ws();
  const v = p.document();
  p.ws();
  if (p.pos !== src.length) throw new GoJsonError(`invalid character after top-level value at offset ${p.pos}`);
  return v;
}

/** An open object or array while the parser descends; the parser keeps its own stack, not the JS one. */
type Frame =
  | { readonly kind: 'object'; readonly members: Array<[string, GoJsonValue]>; key: string }
  | { readonly kind: 'array'; readonly items: GoJsonValue[] };

class Parser {
  pos = 0;
  constructor(private readonly s: ByteString) {}

  ws(): void {
    while (this.pos < this.s.length) {
      const c = this.s.charCodeAt(this.pos);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) this.pos++;
      else break;
    }
  }

  fail(what: string): never {
    if (this.pos >= this.s.length) throw new GoJsonError('unexpected end of JSON input');
    throw new GoJsonError(`invalid character at offset ${this.pos} ${what}`);
  }

  /**
   * One value with everything nested in it. Nesting is tracked on an explicit
   * stack, so the depth Go accepts (10,000) does not depend on the JS stack.
   */
  document(): GoJsonValue {
    const stack: Frame[] = [];
    for (;;) {
      // Read the start of a value: a scalar is complete, a container opens a frame.
      let done: GoJsonValue | undefined;
      const c = this.s[this.pos];
      if (c === '{' || c === '[') {
        if (stack.length >= MAX_DEPTH) throw new GoJsonError(`exceeded max depth at offset ${this.pos}`);
        this.pos++;
        this.ws();
        if (c === '{') {
          if (this.s[this.pos] === '}') {
            this.pos++;
            done = { kind: 'object', members: [] };
          } else {
            stack.push({ kind: 'object', members: [], key: this.key() });
          }
        } else if (this.s[this.pos] === ']') {
          this.pos++;
          done = { kind: 'array', items: [] };
        } else {
          stack.push({ kind: 'array', items: [] });
        }
      } else {
        done = this.scalar();
      }
      if (done === undefined) continue;
      // Attach the finished value to its parent, closing every container that ends here.
      for (;;) {
        const top = stack[stack.length - 1];
        if (top === undefined) return done;
        if (top.kind === 'object') top.members.push([top.key, done]);
        else top.items.push(done);
        this.ws();
        const next = this.s[this.pos];
        if (next === ',') {
          this.pos++;
          this.ws();
          if (top.kind === 'object') top.key = this.key();
          break;
        }
        if (next === (top.kind === 'object' ? '}' : ']')) {
          this.pos++;
          stack.pop();
          done = top.kind === 'object' ? { kind: 'object', members: top.members } : { kind: 'array', items: top.items };
          continue;
        }
        this.fail(top.kind === 'object' ? 'after object key:value pair' : 'after array element');
      }
    }
  }

  /** An object key and its colon, leaving the position at the value. */
  key(): string {
    if (this.s[this.pos] !== '"') this.fail('looking for beginning of object key string');
    const key = this.string();
    this.ws();
    if (this.s[this.pos] !== ':') this.fail('after object key');
    this.pos++;
    this.ws();
    return key;
  }

  scalar(): GoJsonValue {
    switch (this.s[this.pos]) {
      case '"':
        return { kind: 'string', value: this.string() };
      case 't':
        return this.literal('true', { kind: 'bool', value: true });
      case 'f':
        return this.literal('false', { kind: 'bool', value: false });
      case 'n':
        return this.literal('null', { kind: 'null' });
      default:
        return this.number();
    }
  }

  literal<T extends GoJsonValue>(word: string, v: T): T {
    if (this.s.startsWith(word, this.pos)) {
      this.pos += word.length;
      return v;
    }
    for (let i = 0; i < word.length; i++) {
      if (this.s[this.pos] !== word[i]) this.fail(`in literal ${word}`);
      this.pos++;
    }
    return v;
  }

  number(): GoJsonValue {
    const re = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
    re.lastIndex = this.pos;
    const m = re.exec(this.s);
    if (!m || m[0] === '' || m[0] === '-') this.fail('looking for beginning of value');
    this.pos += m[0].length;
    return { kind: 'number', text: m[0] };
  }

  string(): string {
    const s = this.s;
    this.pos++;
    let out = '';
    for (;;) {
      if (this.pos >= s.length) this.fail('in string literal');
      const c = s.charCodeAt(this.pos);
      if (c === 0x22) {
        this.pos++;
        return out;
      }
      if (c < 0x20) this.fail('in string literal');
      if (c === 0x5c) {
        const e = s[this.pos + 1];
        const simple: Record<string, string> = {
          '"': '"',
          '\\': '\\',
          '/': '/',
          b: '\b',
          f: '\f',
          n: '\n',
          r: '\r',
          t: '\t',
        };
        if (e !== undefined && e in simple) {
          out += simple[e];
          this.pos += 2;
          continue;
        }
        if (e !== 'u') {
          this.pos++;
          this.fail('in string escape code');
        }
        const hi = this.hex4(this.pos + 2);
        this.pos += 6;
        if (hi >= 0xd800 && hi < 0xdc00) {
          // A high surrogate combines only with a following \u low surrogate.
          if (s[this.pos] === '\\' && s[this.pos + 1] === 'u') {
            const lo = this.hex4(this.pos + 2);
            if (lo >= 0xdc00 && lo < 0xe000) {
              out += String.fromCharCode(hi, lo);
              this.pos += 6;
              continue;
            }
          }
          out += '\ufffd';
        } else if (hi >= 0xdc00 && hi < 0xe000) {
          out += '\ufffd';
        } else {
          out += String.fromCharCode(hi);
        }
        continue;
      }
      if (c < 0x80) {
        out += s[this.pos];
        this.pos++;
        continue;
      }
      const [r, w] = decodeRune(s, this.pos);
      out += String.fromCodePoint(r);
      this.pos += w;
    }
  }

  hex4(at: number): number {
    const h = this.s.slice(at, at + 4);
    if (!/^[0-9a-fA-F]{4}$/.test(h)) {
      this.pos = at + Math.max(0, h.search(/[^0-9a-fA-F]|$/));
      this.fail('in \\u hexadecimal character escape');
    }
    return parseInt(h, 16);
  }
}

/**
 * Go's case-insensitive struct field key: ASCII letters upper-cased, and the
 * two non-ASCII runes whose simple case folding reaches an ASCII letter
 * (U+017F LONG S to `S`, U+212A KELVIN SIGN to `K`).
 */
export function foldFieldName(key: string): string {
  let out = '';
  for (const ch of key) {
    if (ch >= 'a' && ch <= 'z') out += ch.toUpperCase();
    else if (ch === '\u017f') out += 'S';
    else if (ch === '\u212a') out += 'K';
    else out += ch;
  }
  return out;
}

/**
 * A JSON string literal as Go's `json.Marshal` writes it (HTML characters and
 * U+2028/U+2029 escaped), so regcred's bytes equal kubectl's for the same input.
 */
export function goJsonString(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
