/** Go's path/filepath.Match, byte for byte, as the kubelet matches registry key globs. */
import { ByteString, decodeRune } from './go-bytes';

class BadPattern extends Error {}

function getEsc(chunk: ByteString): [number, ByteString] {
  if (chunk.length === 0 || chunk[0] === '-' || chunk[0] === ']') throw new BadPattern();
  if (chunk[0] === '\\') {
    chunk = chunk.slice(1);
    if (chunk.length === 0) throw new BadPattern();
  }
  const [r, n] = decodeRune(chunk, 0);
  if (r === 0xfffd && n === 1) throw new BadPattern();
  const rest = chunk.slice(n);
  if (rest.length === 0) throw new BadPattern();
  return [r, rest];
}

function scanChunk(pattern: ByteString): [star: boolean, chunk: ByteString, rest: ByteString] {
  let star = false;
  while (pattern.length > 0 && pattern[0] === '*') {
    pattern = pattern.slice(1);
    star = true;
  }
  let inrange = false;
  let i = 0;
  scan: for (; i < pattern.length; i++) {
    switch (pattern[i]) {
      case '\\':
        if (i + 1 < pattern.length) i++;
        break;
      case '[':
        inrange = true;
        break;
      case ']':
        inrange = false;
        break;
      case '*':
        if (!inrange) break scan;
        break;
    }
  }
  return [star, pattern.slice(0, i), pattern.slice(i)];
}

function matchChunk(chunk: ByteString, s: ByteString): ByteString | undefined {
  let failed = false;
  while (chunk.length > 0) {
    if (!failed && s.length === 0) failed = true;
    const c = chunk[0];
    if (c === '[') {
      let r = 0;
      if (!failed) {
        const [rr, n] = decodeRune(s, 0);
        r = rr;
        s = s.slice(n);
      }
      chunk = chunk.slice(1);
      let negated = false;
      if (chunk.length > 0 && chunk[0] === '^') {
        negated = true;
        chunk = chunk.slice(1);
      }
      let match = false;
      let nrange = 0;
      for (;;) {
        if (chunk.length > 0 && chunk[0] === ']' && nrange > 0) {
          chunk = chunk.slice(1);
          break;
        }
        const [lo, afterLo] = getEsc(chunk);
        chunk = afterLo;
        let hi = lo;
        if (chunk[0] === '-') {
          const [h, afterHi] = getEsc(chunk.slice(1));
          hi = h;
          chunk = afterHi;
        }
        if (lo <= r && r <= hi) match = true;
        nrange++;
      }
      if (match === negated) failed = true;
    } else if (c === '?') {
      if (!failed) {
        if (s[0] === '/') failed = true;
        const [, n] = decodeRune(s, 0);
        s = s.slice(n);
      }
      chunk = chunk.slice(1);
    } else {
      if (c === '\\') {
        chunk = chunk.slice(1);
        if (chunk.length === 0) throw new BadPattern();
      }
      if (!failed) {
        if (chunk[0] !== s[0]) failed = true;
        s = s.slice(1);
      }
      chunk = chunk.slice(1);
    }
  }
  return failed ? undefined : s;
}

/** Go's `path/filepath.Match` on Unix; a malformed pattern matches nothing (the kubelet's reading of `ErrBadPattern`). */
export function goFilepathMatch(pattern: ByteString, name: ByteString): boolean {
  try {
    return filepathMatch(pattern, name);
  } catch (e) {
    if (e instanceof BadPattern) return false;
    throw e;
  }
}

function filepathMatch(pattern: ByteString, name: ByteString): boolean {
  pattern: while (pattern.length > 0) {
    const [star, chunk, rest] = scanChunk(pattern);
    pattern = rest;
    if (star && chunk === '') return !name.includes('/');
    const t = matchChunk(chunk, name);
    if (t !== undefined && (t.length === 0 || pattern.length > 0)) {
      name = t;
      continue;
    }
    if (star) {
      for (let i = 0; i < name.length && name[i] !== '/'; i++) {
        const t2 = matchChunk(chunk, name.slice(i + 1));
        if (t2 !== undefined) {
          if (pattern.length === 0 && t2.length > 0) continue;
          name = t2;
          continue pattern;
        }
      }
    }
    // The rest of the pattern must still be well formed.
    while (pattern.length > 0) {
      const [, c2, r2] = scanChunk(pattern);
      pattern = r2;
      matchChunk(c2, '');
    }
    return false;
  }
  return name.length === 0;
}
