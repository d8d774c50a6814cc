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

const MAX_DEPTH = 10000;

/** Parses a whole document (Go's `checkValid` rules: RFC 8259, no BOM, surrounding white space allowed). */
export function parseGoJson(src: ByteString): GoJsonValue {
  const p = new Parser(src);
  p.ws();
  const v = p.value(0);
  p.ws();
  if (p.pos !== src.length) throw new GoJsonError(`invalid character after top-level value at offset ${p.pos}`);
  return v;
}

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

  value(depth: number): GoJsonValue {
    if (depth > MAX_DEPTH) throw new GoJsonError('exceeded max depth');
    const c = this.s[this.pos];
    switch (c) {
      case '{':
        return this.object(depth + 1);
      case '[':
        return this.array(depth + 1);
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

  object(depth: number): GoJsonValue {
    this.pos++;
    const members: Array<[string, GoJsonValue]> = [];
    this.ws();
    if (this.s[this.pos] === '}') {
      this.pos++;
      return { kind: 'object', members };
    }
    for (;;) {
      this.ws();
      if (this.s[this.pos] !== '"') this.fail('looking for beginning of object key string');
      const key = this.string();
      this.ws();
      if (this.s[this.pos] !== ':') this.fail('after object key');
      this.pos++;
      this.ws();
      members.push([key, this.value(depth)]);
      this.ws();
      const c = this.s[this.pos];
      this.pos++;
      if (c === '}') return { kind: 'object', members };
      if (c !== ',') {
        this.pos--;
        this.fail('after object key:value pair');
      }
    }
  }

  array(depth: number): GoJsonValue {
    this.pos++;
    const items: GoJsonValue[] = [];
    this.ws();
    if (this.s[this.pos] === ']') {
      this.pos++;
      return { kind: 'array', items };
    }
    for (;;) {
      this.ws();
      items.push(this.value(depth));
      this.ws();
      const c = this.s[this.pos];
      this.pos++;
      if (c === ']') return { kind: 'array', items };
      if (c !== ',') {
        this.pos--;
        this.fail('after array element');
      }
    }
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
