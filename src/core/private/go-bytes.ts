/**
 * Go string semantics for the kubelet emulation.
 *
 * Go strings are byte sequences; the kubelet sorts, slices and compares them
 * byte by byte. Inside the keyring we therefore carry "byte strings": JS
 * strings whose every char code is one byte (0-255). These helpers convert
 * between byte strings and ordinary (UTF-16) strings the way Go would.
 */

/** A JS string holding one byte per char code. */
export type ByteString = string;

/** UTF-8 encodes an ordinary string into a byte string. */
export function toBytes(s: string): ByteString {
  return Buffer.from(s, 'utf8').toString('latin1');
}

/** A byte string from raw bytes. */
export function bytesOf(buf: Uint8Array): ByteString {
  return Buffer.from(buf).toString('latin1');
}

/**
 * Decodes one rune at `i` as Go's `utf8.DecodeRune` does: an invalid or
 * truncated sequence yields U+FFFD with width 1.
 */
export function decodeRune(s: ByteString, i: number): [rune: number, width: number] {
  const b0 = s.charCodeAt(i);
  if (b0 < 0x80) return [b0, 1];
  const cont = (k: number, lo = 0x80, hi = 0xbf): number => {
    const b = i + k < s.length ? s.charCodeAt(i + k) : -1;
    return b >= lo && b <= hi ? b & 0x3f : -1;
  };
  if (b0 >= 0xc2 && b0 <= 0xdf) {
    const c1 = cont(1);
    if (c1 >= 0) return [((b0 & 0x1f) << 6) | c1, 2];
  } else if (b0 >= 0xe0 && b0 <= 0xef) {
    const lo = b0 === 0xe0 ? 0xa0 : 0x80;
    const hi = b0 === 0xed ? 0x9f : 0xbf;
    const c1 = cont(1, lo, hi);
    const c2 = c1 >= 0 ? cont(2) : -1;
    if (c2 >= 0) return [((b0 & 0x0f) << 12) | (c1 << 6) | c2, 3];
  } else if (b0 >= 0xf0 && b0 <= 0xf4) {
    const lo = b0 === 0xf0 ? 0x90 : 0x80;
    const hi = b0 === 0xf4 ? 0x8f : 0xbf;
    const c1 = cont(1, lo, hi);
    const c2 = c1 >= 0 ? cont(2) : -1;
    const c3 = c2 >= 0 ? cont(3) : -1;
    if (c3 >= 0) return [((b0 & 0x07) << 18) | (c1 << 12) | (c2 << 6) | c3, 4];
  }
  return [0xfffd, 1];
}

/** Decodes a byte string to an ordinary string, replacing each invalid byte with U+FFFD as Go does. */
export function fromBytes(s: ByteString): string {
  let ascii = true;
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) return s;
  let out = '';
  for (let i = 0; i < s.length;) {
    const [r, w] = decodeRune(s, i);
    out += String.fromCodePoint(r);
    i += w;
  }
  return out;
}

/** Byte-wise comparison of two ordinary strings (Go's `sort.Strings` on their UTF-8 bytes). */
export function compareUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

// unicode.IsSpace: '\t', '\n', '\v', '\f', '\r', ' ', U+0085, U+00A0 and the Z* space separators.
const GO_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;

/** Go's `strings.TrimSpace` on an ordinary string. */
export function goTrimSpace(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && GO_SPACE.test(s[start])) start++;
  while (end > start && GO_SPACE.test(s[end - 1])) end--;
  return s.slice(start, end);
}

const B64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_DECODE: Int16Array = (() => {
  const table = new Int16Array(256).fill(-1);
  for (let i = 0; i < B64_ALPHABET.length; i++) table[B64_ALPHABET.charCodeAt(i)] = i;
  return table;
})();

/** Go's `base64.CorruptInputError`: the byte offset where decoding failed. */
export class Base64Error extends Error {
  constructor(readonly offset: number) {
    super(`illegal base64 data at input byte ${offset}`);
  }
}

/** Standard base64 without newlines, in whole quanta, padded only at the end (or not at all). */
const PADDED_CANONICAL = /^[A-Za-z0-9+/]*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const RAW_CANONICAL = /^[A-Za-z0-9+/]*$/;

/**
 * Go's `base64.StdEncoding.DecodeString` (`padded`) or `RawStdEncoding` (not
 * `padded`), non-strict: `\r` and `\n` are skipped anywhere, trailing bits need
 * not be zero. Throws {@link Base64Error}.
 */
export function goBase64Decode(src: ByteString, padded: boolean): ByteString {
  // Canonical input (no newline, whole quanta, padding only at the end) decodes the same with
  // Node's decoder, in native code: the common case, and a large payload's.
  if (padded ? src.length % 4 === 0 && PADDED_CANONICAL.test(src) : src.length % 4 !== 1 && RAW_CANONICAL.test(src)) {
    return Buffer.from(src, 'base64').toString('latin1');
  }
  const out: number[] = [];
  let si = 0;
  const isNewline = (c: number): boolean => c === 0x0a || c === 0x0d;
  for (;;) {
    const dbuf = [0, 0, 0, 0];
    let dlen = 4;
    let end = false;
    for (let j = 0; j < 4;) {
      if (si === src.length) {
        if (j === 0) return bytesOfNumbers(out);
        if (j === 1 || padded) throw new Base64Error(si - j);
        dlen = j;
        end = true;
        break;
      }
      const c = src.charCodeAt(si);
      si++;
      if (isNewline(c)) continue;
      const v = c < 256 ? B64_DECODE[c] : -1;
      if (v >= 0) {
        dbuf[j++] = v;
        continue;
      }
      if (c !== 0x3d || !padded) throw new Base64Error(si - 1);
      // Padding: only after two or three characters of a quantum.
      if (j === 0 || j === 1) throw new Base64Error(si - 1);
      if (j === 2) {
        while (si < src.length && isNewline(src.charCodeAt(si))) si++;
        if (si === src.length) throw new Base64Error(src.length);
        if (src.charCodeAt(si) !== 0x3d) throw new Base64Error(si - 1);
        si++;
      }
      while (si < src.length && isNewline(src.charCodeAt(si))) si++;
      if (si < src.length) throw new Base64Error(si);
      dlen = j;
      end = true;
      break;
    }
    const val = (dbuf[0] << 18) | (dbuf[1] << 12) | (dbuf[2] << 6) | dbuf[3];
    const bytes = [(val >> 16) & 0xff, (val >> 8) & 0xff, val & 0xff];
    out.push(...bytes.slice(0, dlen - 1));
    if (end) return bytesOfNumbers(out);
  }
}

function bytesOfNumbers(bytes: number[]): ByteString {
  return Buffer.from(bytes).toString('latin1');
}
