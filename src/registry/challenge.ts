/** A parsed `WWW-Authenticate` challenge. */
export interface Challenge {
  /** `basic` or `bearer`, lowercased. */
  readonly scheme: string;
  /** Parameters such as `realm`, `service`, `scope`, `error`. */
  readonly params: Readonly<Record<string, string>>;
}

const TOKEN_CHAR = /[!#$%&'*+.^_`|~0-9A-Za-z-]/;

/**
 * Every challenge of a `WWW-Authenticate` value (RFC 7235: a comma-separated list, where a token
 * followed by `=` is a parameter of the challenge before it and any other token starts a new one),
 * as one header or several joined with ", ". One pass, no backtracking: servers are untrusted.
 */
export function parseChallenges(header: string | null | undefined): Challenge[] {
  if (!header) return [];
  const out: Array<{ scheme: string; params: Record<string, string> }> = [];
  const n = header.length;
  let i = 0;
  const skip = (chars: string): void => {
    while (i < n && chars.includes(header[i])) i++;
  };
  const token = (): string => {
    const start = i;
    while (i < n && TOKEN_CHAR.test(header[i])) i++;
    return header.slice(start, i);
  };
  while (i < n) {
    skip(' \t,');
    const name = token();
    if (name === '') {
      if (i < n) i++; // a character no challenge has: step over it
      continue;
    }
    skip(' \t');
    const current = out[out.length - 1];
    if (header[i] === '=' && current) {
      i++;
      skip(' \t');
      let value = '';
      if (header[i] === '"') {
        i++;
        while (i < n && header[i] !== '"') {
          if (header[i] === '\\' && i + 1 < n) i++;
          value += header[i++];
        }
        i++; // the closing quote
      } else {
        value = token();
      }
      current.params[name.toLowerCase()] = value;
    } else if (header[i] === '=') {
      while (i < n && header[i] !== ',') i++; // a parameter before any scheme
    } else {
      out.push({ scheme: name.toLowerCase(), params: {} });
    }
  }
  return out;
}

/**
 * The challenge a client answers, as containerd chooses: Bearer before Basic whatever their order,
 * then the first of any other scheme.
 */
export function parseChallenge(header: string | null | undefined): Challenge | undefined {
  const all = parseChallenges(header);
  return all.find((c) => c.scheme === 'bearer') ?? all.find((c) => c.scheme === 'basic') ?? all[0];
}
