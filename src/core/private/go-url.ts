/**
 * The parts of Go's `net/url`, `net` and `path/filepath` that the kubelet's
 * keyring relies on, over byte strings (see `go-bytes.ts`).
 */
import { ByteString } from './go-bytes';

/** What the keyring reads of a parsed URL: the (unescaped) host with port, and the decoded path. */
export interface GoUrl {
  readonly host: ByteString;
  readonly path: ByteString;
}

enum Mode {
  HOST,
  ZONE,
  PATH,
  USER,
  FRAGMENT,
}

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

function unhex(c: number): number {
  if (c <= 0x39) return c - 0x30;
  if (c <= 0x46) return c - 0x41 + 10;
  return c - 0x61 + 10;
}

function isAlnum(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39);
}

const HOST_EXTRA = new Set('!$&\'()*+,;=:[]<>"'.split('').map((c) => c.charCodeAt(0)));
const UNRESERVED_MARK = new Set('-_.~'.split('').map((c) => c.charCodeAt(0)));

/** `shouldEscape` for the host and zone modes, the only ones whose answer changes parsing. */
function hostNeedsEscape(c: number): boolean {
  return !(isAlnum(c) || HOST_EXTRA.has(c) || UNRESERVED_MARK.has(c));
}

class UrlError extends Error {}

/** Go's `url.unescape`: validates escapes (and host characters) and decodes `%XX`. */
function unescape(s: ByteString, mode: Mode): ByteString {
  let hasEscape = false;
  for (let i = 0; i < s.length;) {
    const c = s.charCodeAt(i);
    if (c === 0x25) {
      hasEscape = true;
      if (i + 2 >= s.length || !isHex(s.charCodeAt(i + 1)) || !isHex(s.charCodeAt(i + 2))) {
        throw new UrlError('invalid URL escape');
      }
      const esc = s.slice(i, i + 3);
      if (mode === Mode.HOST && unhex(s.charCodeAt(i + 1)) < 8 && esc !== '%25') {
        throw new UrlError('invalid URL escape');
      }
      if (mode === Mode.ZONE) {
        const v = (unhex(s.charCodeAt(i + 1)) << 4) | unhex(s.charCodeAt(i + 2));
        if (esc !== '%25' && v !== 0x20 && hostNeedsEscape(v)) throw new UrlError('invalid URL escape');
      }
      i += 3;
    } else {
      if ((mode === Mode.HOST || mode === Mode.ZONE) && c < 0x80 && hostNeedsEscape(c)) {
        throw new UrlError('invalid character in host name');
      }
      i++;
    }
  }
  if (!hasEscape) return s;
  let out = '';
  for (let i = 0; i < s.length;) {
    if (s.charCodeAt(i) === 0x25) {
      out += String.fromCharCode((unhex(s.charCodeAt(i + 1)) << 4) | unhex(s.charCodeAt(i + 2)));
      i += 3;
    } else {
      out += s[i];
      i++;
    }
  }
  return out;
}

function validOptionalPort(port: ByteString): boolean {
  if (port === '') return true;
  if (port[0] !== ':') return false;
  for (let i = 1; i < port.length; i++) {
    const c = port.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

function parseHost(host: ByteString): ByteString {
  if (host.startsWith('[')) {
    const i = host.lastIndexOf(']');
    if (i < 0) throw new UrlError("missing ']' in host");
    if (!validOptionalPort(host.slice(i + 1))) throw new UrlError('invalid port after host');
    const zone = host.slice(0, i).indexOf('%25');
    if (zone >= 0) {
      return (
        unescape(host.slice(0, zone), Mode.HOST) +
        unescape(host.slice(zone, i), Mode.ZONE) +
        unescape(host.slice(i), Mode.HOST)
      );
    }
  } else {
    const i = host.lastIndexOf(':');
    if (i !== -1 && !validOptionalPort(host.slice(i))) throw new UrlError('invalid port after host');
  }
  return unescape(host, Mode.HOST);
}

const USERINFO_EXTRA = new Set("-._:~!$&'()*+,;=%@".split('').map((c) => c.charCodeAt(0)));

function parseAuthority(authority: ByteString): ByteString {
  const at = authority.lastIndexOf('@');
  const host = parseHost(at < 0 ? authority : authority.slice(at + 1));
  if (at >= 0) {
    const userinfo = authority.slice(0, at);
    for (let i = 0; i < userinfo.length; i++) {
      const c = userinfo.charCodeAt(i);
      if (!isAlnum(c) && !USERINFO_EXTRA.has(c)) throw new UrlError('invalid userinfo');
    }
    const colon = userinfo.indexOf(':');
    if (colon < 0) unescape(userinfo, Mode.USER);
    else {
      unescape(userinfo.slice(0, colon), Mode.USER);
      unescape(userinfo.slice(colon + 1), Mode.USER);
    }
  }
  return host;
}

/**
 * Go's `url.Parse` for a string that starts with `http://` or `https://`.
 * Returns `undefined` where Go returns an error.
 */
export function goParseUrl(raw: ByteString): GoUrl | undefined {
  try {
    // Go cuts the fragment off first: control bytes are refused before '#' only.
    const hash = raw.indexOf('#');
    const withoutFragment = hash < 0 ? raw : raw.slice(0, hash);
    for (let i = 0; i < withoutFragment.length; i++) {
      const c = withoutFragment.charCodeAt(i);
      if (c < 0x20 || c === 0x7f) return undefined;
    }
    if (hash >= 0) unescape(raw.slice(hash + 1), Mode.FRAGMENT);
    const schemeEnd = withoutFragment.indexOf(':');
    let rest = withoutFragment.slice(schemeEnd + 1);
    const q = rest.indexOf('?');
    if (q >= 0) rest = rest.slice(0, q);
    if (!rest.startsWith('//')) return undefined;
    let authority = rest.slice(2);
    let path = '';
    const slash = authority.indexOf('/');
    if (slash >= 0) {
      path = authority.slice(slash);
      authority = authority.slice(0, slash);
    }
    const host = parseAuthority(authority);
    return { host, path: unescape(path, Mode.PATH) };
  } catch (e) {
    if (e instanceof UrlError) return undefined;
    throw e;
  }
}

/** Go's `net.SplitHostPort`; `undefined` where Go returns an error. */
export function goSplitHostPort(hostport: ByteString): [host: ByteString, port: ByteString] | undefined {
  const i = hostport.lastIndexOf(':');
  if (i < 0) return undefined;
  let host: ByteString;
  let j = 0;
  let k = 0;
  if (hostport[0] === '[') {
    const end = hostport.indexOf(']');
    if (end < 0) return undefined;
    if (end + 1 !== i) return undefined;
    host = hostport.slice(1, end);
    j = 1;
    k = end + 1;
  } else {
    host = hostport.slice(0, i);
    if (host.includes(':')) return undefined;
  }
  if (hostport.slice(j).includes('[')) return undefined;
  if (hostport.slice(k).includes(']')) return undefined;
  return [host, hostport.slice(i + 1)];
}
