/**
 * The HTTP client of `verify`, on `node:http`/`node:https` so that every hop is
 * regcred's decision: only `https:` (and `http:` to hosts named with
 * `--plain-http`), no user info, redirects followed by hand (at most 10, an
 * `Authorization` header dropped when the origin changes), one deadline for the
 * whole command, bodies read up to a bound.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import * as tls from 'node:tls';

/** Outcomes the transport itself can end in. */
export type TransportOutcome = 'UNREACHABLE' | 'TLS_ERROR' | 'TIMEOUT' | 'INSECURE_HTTP' | 'REGISTRY_ERROR';

/** A request that ended without a usable answer; `message` never holds a credential. */
export class TransportFailure extends Error {
  constructor(
    readonly outcome: TransportOutcome,
    message: string,
  ) {
    super(message);
  }
}

/** Where and how requests may go. */
export interface HttpPolicy {
  /** Hosts (with port, as in image references) that may be spoken to in plain HTTP. */
  readonly plainHttp: readonly string[];
  /** PEM certificates trusted besides the system's roots. */
  readonly extraCa: readonly string[];
  /** When the whole command must be done (ms since the epoch). */
  readonly deadline: number;
  /** Retries after a network error or a 5xx/429 answer, within the deadline. */
  readonly retries: number;
  /**
   * Masks the credential in server text before a message quotes it.
   * @default - server text is quoted as it is
   */
  readonly redact?: (text: string) => string;
}

/** An answer: status, lower-cased headers, and the body up to {@link MAX_BODY} bytes. */
export interface HttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** The URL that answered, after redirects. */
  readonly url: string;
}

/** Bodies are read up to this size: enough for token answers and error pages. */
const MAX_BODY = 256 * 1024;
const MAX_REDIRECTS = 10;

/**
 * Checks that `raw` may receive a request: a URL, `https:` (or `http:` to a
 * `--plain-http` host), without user info. `what` names it in messages
 * ("the token service", "a redirect").
 */
export function checkUrl(raw: string, what: string, policy: HttpPolicy): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new TransportFailure(
      'REGISTRY_ERROR',
      `${what} is ${JSON.stringify(serverText(raw, policy))}, which is not a URL`,
    );
  }
  if (url.username !== '' || url.password !== '') {
    throw new TransportFailure(
      'REGISTRY_ERROR',
      `${what} ${url.protocol}//…@${url.host} carries user information; regcred sends credentials only in an Authorization header and refuses it`,
    );
  }
  if (url.protocol === 'http:') {
    if (!policy.plainHttp.includes(url.host)) {
      throw new TransportFailure(
        'INSECURE_HTTP',
        `${what} is plain HTTP (http://${url.host}); credentials would travel in clear text, so nothing was sent`,
      );
    }
  } else if (url.protocol !== 'https:') {
    throw new TransportFailure(
      'REGISTRY_ERROR',
      `${what} has scheme "${url.protocol}"; only https: (or http: with --plain-http) is a registry URL`,
    );
  }
  return url;
}

/** A response header value, joined when repeated. */
function header(res: http.IncomingMessage, name: string): string | undefined {
  const v = res.headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

function networkFailure(e: NodeJS.ErrnoException, host: string, plainHttp: boolean): TransportFailure {
  const code = e.code ?? '';
  if (
    /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|HOSTNAME|ALTNAME/i.test(code) ||
    /certificate/i.test(e.message)
  ) {
    return new TransportFailure(
      'TLS_ERROR',
      `TLS with ${host} failed (${code || e.message}); for a registry with a private CA give --ca-file, for one without TLS --plain-http ${host}`,
    );
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return new TransportFailure('UNREACHABLE', `${host} does not resolve (${code})`);
  if (code === 'EPROTO' && !plainHttp) {
    return new TransportFailure(
      'TLS_ERROR',
      `TLS with ${host} failed (${e.message}); does it speak plain HTTP? Then name it with --plain-http ${host}`,
    );
  }
  return new TransportFailure('UNREACHABLE', `cannot connect to ${host} (${code || e.message})`);
}

/** One exchange, no redirects, no retries. */
function once(url: URL, method: string, headers: Record<string, string>, policy: HttpPolicy): Promise<HttpResponse> {
  const remaining = policy.deadline - Date.now();
  if (remaining <= 0) return Promise.reject(new TransportFailure('TIMEOUT', `no time left for ${url.host}`));
  return new Promise((resolve, reject) => {
    const secure = url.protocol === 'https:';
    const options: https.RequestOptions = {
      method,
      headers: { 'User-Agent': 'regcred-verify', ...headers },
      ...(secure && policy.extraCa.length > 0 ? { ca: [...tls.rootCertificates, ...policy.extraCa] } : {}),
    };
    const req = (secure ? https : http).request(url, options, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        if (size >= MAX_BODY) return;
        chunks.push(chunk);
        size += chunk.length;
      });
      res.on('end', () => {
        clearTimeout(timer);
        const flat: Record<string, string> = {};
        for (const name of Object.keys(res.headers)) flat[name] = header(res, name) ?? '';
        resolve({
          status: res.statusCode ?? 0,
          headers: flat,
          body: Buffer.concat(chunks).subarray(0, MAX_BODY).toString('utf8'),
          url: url.toString(),
        });
      });
      res.on('error', (e) => fail(e));
    });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new TransportFailure('TIMEOUT', `${url.host} did not finish answering before the --timeout deadline`));
    }, remaining);
    const fail = (e: NodeJS.ErrnoException): void => {
      clearTimeout(timer);
      reject(networkFailure(e, url.host, !secure));
    };
    req.on('error', fail);
    req.end();
  });
}

/**
 * A request with redirects and retries under the policy. `what` names the
 * endpoint in messages. The `Authorization` header is sent only to the origin
 * of `raw`; a redirect elsewhere goes without it.
 */
export async function httpRequest(
  raw: string,
  what: string,
  method: 'GET' | 'HEAD',
  headers: Record<string, string>,
  policy: HttpPolicy,
): Promise<HttpResponse> {
  let url = checkUrl(raw, what, policy);
  const origin = url.origin;
  for (let hop = 0; ; hop++) {
    const sent = url.origin === origin ? headers : withoutAuthorization(headers);
    const res = await withRetries(() => once(url, method, sent, policy), policy);
    const location = res.headers.location;
    if (res.status < 300 || res.status >= 400 || res.status === 304 || location === undefined) return res;
    if (hop + 1 > MAX_REDIRECTS) {
      throw new TransportFailure(
        'REGISTRY_ERROR',
        `${what} redirected more than ${MAX_REDIRECTS} times (last to ${serverText(location, policy)})`,
      );
    }
    let next: string;
    try {
      next = new URL(location, url).toString();
    } catch {
      throw new TransportFailure(
        'REGISTRY_ERROR',
        `${what} redirected to ${JSON.stringify(serverText(location, policy))}, which is not a URL`,
      );
    }
    url = checkUrl(next, `a redirect of ${what}`, policy);
  }
}

function withoutAuthorization(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([k]) => k.toLowerCase() !== 'authorization'));
}

/** Retries network errors (not TLS or policy failures) and 5xx/429 answers with backoff, within the deadline. */
async function withRetries(exchange: () => Promise<HttpResponse>, policy: HttpPolicy): Promise<HttpResponse> {
  for (let attempt = 0; ; attempt++) {
    let res: HttpResponse | undefined;
    try {
      res = await exchange();
    } catch (e) {
      if (!(e instanceof TransportFailure) || e.outcome !== 'UNREACHABLE' || attempt >= policy.retries) throw e;
    }
    if (res && (attempt >= policy.retries || !(res.status >= 500 || res.status === 429))) return res;
    const wait = 200 * 2 ** attempt;
    if (Date.now() + wait >= policy.deadline) {
      if (res) return res;
      throw new TransportFailure('TIMEOUT', 'the --timeout deadline passed while retrying');
    }
    await new Promise((r) => setTimeout(r, wait));
  }
}

/** Text from a server as a message quotes it: the credential masked first, then shortened. */
export function serverText(text: string, policy: HttpPolicy): string {
  return shorten(policy.redact ? policy.redact(text) : text);
}

/** At most 200 characters of text, on one line. */
function shorten(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
