/**
 * Proves pull credentials against a registry the way a container runtime
 * uses them: Docker Registry HTTP API v2 ping, Basic or Bearer token auth,
 * then a manifest request; each credential in kubelet order.
 *
 * @see https://distribution.github.io/distribution/spec/api/
 */
import {
  RegcredError,
  KeyringCredential,
  isRecord,
  own,
  SecretObject,
  nearestMiss,
  makeDockerKeyring,
  parseImageReference,
  quote,
  readPullSecretPayload,
  type ImageReference,
} from '../core/internal';
import { Challenge, parseChallenge } from './challenge';
import { HttpPolicy, HttpResponse, TransportFailure, checkUrl, httpRequest, serverText } from './http';
import { credentialMasker } from './redact';

/** How a pull attempt ended. */
export type VerifyOutcome =
  | 'OK'
  | 'NO_MATCHING_CREDENTIALS'
  | 'CREDENTIALS_REJECTED'
  | 'NOT_ALLOWED'
  | 'IMAGE_NOT_FOUND'
  | 'UNREACHABLE'
  | 'TLS_ERROR'
  | 'TIMEOUT'
  | 'INSECURE_HTTP'
  | 'REGISTRY_ERROR'
  | 'UNPROVEN';

/** One credential tried (or the anonymous attempt). */
export interface VerifyAttempt {
  /**
   * The credential, without its secret.
   * @default - absent for the anonymous attempt
   */
  readonly credential?: { readonly username: string; readonly secretName?: string; readonly registryKey: string };
  readonly outcome: VerifyOutcome;
  /**
   * Whether the registry took the credential: it answered a request that
   * carried it (a token fetched with it, or Basic auth the registry asked for).
   * False when the registry served the image without asking for credentials.
   */
  readonly proven: boolean;
  /** What happened, with HTTP statuses; never a secret or an Authorization header. */
  readonly detail: string;
}

/** The result of {@link verifyPull}. */
export interface VerifyResult {
  readonly image: string;
  readonly repoToPull: string;
  readonly outcome: VerifyOutcome;
  readonly attempts: readonly VerifyAttempt[];
  readonly message: string;
  readonly fix: string;
}

/** Options of {@link verifyPull}. */
export interface VerifyOptions {
  /**
   * Registry hosts (as in the image, with port) to speak plain HTTP to.
   * @default - none: HTTPS everywhere
   */
  readonly plainHttp?: readonly string[];
  /**
   * Time limit of the whole verification (every request, redirect and retry), in milliseconds.
   * @default 10000
   */
  readonly timeoutMs?: number;
  /**
   * Retries of a request after a network error or a 5xx/429 answer (backoff 200 ms, 400 ms, …),
   * within the time limit.
   * @default 2
   */
  readonly retries?: number;
  /**
   * PEM certificates to trust besides the system's roots (a registry with a private CA).
   * @default - the system's roots only
   */
  readonly extraCa?: readonly string[];
  /**
   * Try every credential instead of stopping at the first that works (the
   * kubelet stops), e.g. to prove a new token before the old one is revoked.
   * Every credential is presented to the registry even where anonymous pulls
   * work; the outcome is then OK only when every credential is proven.
   * @default false
   */
  readonly each?: boolean;
}

const MANIFEST_ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

class Failure extends Error {
  constructor(
    readonly outcome: VerifyOutcome,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The user name for output: `***` where it is the token itself (DigitalOcean writes the token as
 * both), and never what follows a ":" (a pasted `user:token`).
 */
function shownUser(cred: KeyringCredential): string {
  if (cred.username === cred.password) return '***';
  const colon = cred.username.indexOf(':');
  return colon < 0 ? cred.username : `${cred.username.slice(0, colon)}:***`;
}

function basic(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}

/** How an attempt authenticated so far. */
interface Auth {
  header?: string;
  scheme: string;
  /** True once a request carrying the credential was answered with success. */
  presented: boolean;
}

/** A request under the policy, with transport failures turned into attempt failures. */
async function send(
  url: string,
  what: string,
  method: 'GET' | 'HEAD',
  headers: Record<string, string>,
  policy: HttpPolicy,
): Promise<HttpResponse> {
  try {
    return await httpRequest(url, what, method, headers, policy);
  } catch (e) {
    if (e instanceof TransportFailure) throw new Failure(e.outcome, e.message);
    throw e;
  }
}

const ANONYMOUS = 'the registry refuses anonymous pulls';

/**
 * Answers a challenge the way containerd does: Basic sends the credential with
 * the next request; Bearer fetches a token from the realm (with the credential,
 * when there is one) for `repository:PATH:pull`.
 */
async function answerChallenge(
  challenge: Challenge | undefined,
  where: string,
  ref: ImageReference,
  cred: KeyringCredential | undefined,
  policy: HttpPolicy,
): Promise<Auth> {
  const scheme = challenge?.scheme ?? 'none';
  if (challenge?.scheme === 'basic') {
    if (!cred) throw new Failure('NO_MATCHING_CREDENTIALS', `${ANONYMOUS} (${where} answered 401, Basic)`);
    return { header: basic(cred.username, cred.password), scheme, presented: false };
  }
  if (challenge?.scheme !== 'bearer' || challenge.params.realm === undefined) {
    throw new Failure('REGISTRY_ERROR', `${where} answered 401 without a challenge regcred can answer (${scheme})`);
  }
  const realm = checkRealm(challenge.params.realm, policy);
  if (challenge.params.service) realm.searchParams.set('service', challenge.params.service);
  realm.searchParams.set('scope', `repository:${ref.path}:pull`);
  const headers: Record<string, string> = cred ? { Authorization: basic(cred.username, cred.password) } : {};
  const res = await send(realm.toString(), `the token service ${realm.origin}`, 'GET', headers, policy);
  if (res.status === 401 || res.status === 403) {
    if (!cred)
      throw new Failure('NO_MATCHING_CREDENTIALS', `${ANONYMOUS}: ${res.status} failed to fetch anonymous token`);
    if (res.status === 401) {
      throw new Failure('CREDENTIALS_REJECTED', `the token service answered 401 to user ${quote(shownUser(cred))}`);
    }
    throw new Failure(
      'NOT_ALLOWED',
      `the token service answered 403 to user ${quote(shownUser(cred))} for ${ref.path}`,
    );
  }
  if (res.status < 200 || res.status >= 300) {
    throw new Failure('REGISTRY_ERROR', `the token service answered ${res.status}: ${answered(res, policy)}`);
  }
  let body: unknown;
  try {
    body = JSON.parse(res.body);
  } catch {
    throw new Failure(
      'REGISTRY_ERROR',
      `the token service answered ${res.status} with something that is not JSON: ${answered(res, policy)}`,
    );
  }
  const token = isRecord(body) ? (own(body, 'token') ?? own(body, 'access_token')) : undefined;
  if (typeof token !== 'string' || token === '') {
    throw new Failure('REGISTRY_ERROR', `the token service answered ${res.status} without a token`);
  }
  return { header: `Bearer ${token}`, scheme, presented: cred !== undefined };
}

/** A realm as a URL the credential may go to; the reason it may not otherwise. */
function checkRealm(raw: string, policy: HttpPolicy): URL {
  try {
    return checkUrl(raw, 'the token service (realm)', policy);
  } catch (e) {
    if (e instanceof TransportFailure) throw new Failure(e.outcome, e.message);
    throw e;
  }
}

/** What a server answered (its content type and body), the credential masked, then shortened. */
function answered(res: HttpResponse, policy: HttpPolicy): string {
  const type = res.headers['content-type'] ? `(${serverText(res.headers['content-type'], policy)}) ` : '';
  return `${type}${serverText(res.body, policy) || '(empty body)'}`;
}

/** One pull attempt; throws Failure for anything but OK. Returns the detail and whether the credential was proven. */
async function tryPull(
  ref: ImageReference,
  cred: KeyringCredential | undefined,
  policy: HttpPolicy,
  each: boolean,
): Promise<{ detail: string; proven: boolean }> {
  const host = ref.domain === 'docker.io' ? 'registry-1.docker.io' : ref.domain;
  const base = `${policy.plainHttp.includes(ref.domain) ? 'http' : 'https'}://${host}`;
  const ping = await send(`${base}/v2/`, 'the registry', 'GET', {}, policy);
  let auth: Auth = { scheme: 'none', presented: false };
  if (ping.status === 401) {
    auth = await answerChallenge(
      parseChallenge(ping.headers['www-authenticate'] ?? null),
      'GET /v2/',
      ref,
      cred,
      policy,
    );
  } else if (ping.status < 200 || ping.status >= 300) {
    throw new Failure(
      'REGISTRY_ERROR',
      `GET ${base}/v2/ answered ${ping.status}; is this a registry? ${answered(ping, policy)}`,
    );
  }

  const reference = ref.digest ?? ref.tag ?? 'latest';
  const manifestUrl = `${base}/v2/${ref.path}/manifests/${reference}`;
  const head = (a: Auth): Promise<HttpResponse> =>
    send(
      manifestUrl,
      'the registry',
      'HEAD',
      { Accept: MANIFEST_ACCEPT, ...(a.header ? { Authorization: a.header } : {}) },
      policy,
    );
  let manifest = await head(auth);
  // A 401 to the manifest carries its own challenge (public ping, private repository): answer it once, then retry.
  if (manifest.status === 401 && auth.header === undefined) {
    auth = await answerChallenge(
      parseChallenge(manifest.headers['www-authenticate'] ?? null),
      'HEAD manifest',
      ref,
      cred,
      policy,
    );
    manifest = await head(auth);
  }
  const who = cred ? `user ${quote(shownUser(cred))}` : 'anonymous';
  if (manifest.status >= 200 && manifest.status < 300) {
    const proven = cred !== undefined && auth.header !== undefined;
    if (cred && !proven && each) {
      throw new Failure(
        'UNPROVEN',
        `HEAD manifest ${reference} answered ${manifest.status} without asking for credentials; ${who} was not tested`,
      );
    }
    return { detail: `HEAD manifest ${reference} answered ${manifest.status} (${auth.scheme} auth, ${who})`, proven };
  }
  if (manifest.status === 404) {
    throw new Failure(
      'IMAGE_NOT_FOUND',
      `HEAD manifest ${reference} answered 404: ${ref.name}:${reference} does not exist`,
    );
  }
  const error = parseChallenge(manifest.headers['www-authenticate'] ?? null)?.params.error;
  if (!cred && (manifest.status === 401 || manifest.status === 403)) {
    throw new Failure('NO_MATCHING_CREDENTIALS', `${ANONYMOUS} (HEAD manifest answered ${manifest.status})`);
  }
  if (manifest.status === 403 || error === 'insufficient_scope') {
    throw new Failure(
      'NOT_ALLOWED',
      `HEAD manifest answered ${manifest.status}${error ? ` (${error})` : ''}: ${who} may not pull ${ref.path}`,
    );
  }
  if (manifest.status === 401) throw new Failure('CREDENTIALS_REJECTED', `HEAD manifest answered 401 to ${who}`);
  throw new Failure('REGISTRY_ERROR', `HEAD manifest answered ${manifest.status}: ${answered(manifest, policy)}`);
}

function explain(
  outcome: VerifyOutcome,
  ref: ImageReference,
  secrets: readonly SecretObject[],
): { message: string; fix: string } {
  switch (outcome) {
    case 'OK':
      return { message: `${ref.name} can be pulled.`, fix: 'Nothing to fix.' };
    case 'NO_MATCHING_CREDENTIALS': {
      const keys = secrets.flatMap((s) => {
        const p = readPullSecretPayload(s);
        return p.used ? p.entries.map(([k]) => ({ key: k, secret: s.metadata?.name ?? '' })) : [];
      });
      const nearest = nearestMiss(keys, ref);
      return {
        message:
          `No pull secret has credentials for ${quote(ref.name)}, so the runtime pulls anonymously and the registry refuses.` +
          (nearest ? ` Nearest miss: secret ${quote(nearest.secret)}, ${nearest.miss.reason}.` : ''),
        fix: nearest
          ? nearest.miss.fix
          : `Create a pull secret for ${quote(ref.domain)} (regcred secret … | kubectl apply -f -) and list it in imagePullSecrets.`,
      };
    }
    case 'CREDENTIALS_REJECTED':
      return {
        message: `The registry rejected the credentials (401): the token is wrong, expired or revoked.`,
        fix: 'Create a new token and update the secret (regcred secret … | kubectl apply -f -).',
      };
    case 'NOT_ALLOWED':
      return {
        message: `The credentials are valid but may not pull ${quote(ref.path)}.`,
        fix: 'Give the token pull access to this repository (a GitLab deploy token needs the read_registry scope and access to the project).',
      };
    case 'IMAGE_NOT_FOUND':
      return { message: `${quote(ref.name)} has no such tag or digest.`, fix: 'Check the image name and tag.' };
    case 'UNREACHABLE':
      return {
        message: `The registry ${quote(ref.domain)} cannot be reached.`,
        fix: 'Check the host, port and network, or the registry itself.',
      };
    case 'TLS_ERROR':
      return {
        message: `TLS with ${quote(ref.domain)} failed.`,
        fix: 'Fix the registry certificate, or name the host with --plain-http if it serves plain HTTP.',
      };
    case 'TIMEOUT':
      return {
        message: `The registry ${quote(ref.domain)} did not answer in time.`,
        fix: 'Retry, or raise --timeout (the limit of the whole command, retries included).',
      };
    case 'INSECURE_HTTP':
      return {
        message: `The registry or its token service asked for credentials over plain HTTP; regcred sent nothing there.`,
        fix: `Serve the token service (realm) over HTTPS, or, for a registry you trust on a private network, name each plain-HTTP host with --plain-http.`,
      };
    case 'REGISTRY_ERROR':
      return {
        message: `The registry ${quote(ref.domain)} or its token service answered something a container runtime cannot use.`,
        fix: 'Check the registry (and a proxy in front of it): the detail names the request and the answer.',
      };
    case 'UNPROVEN':
      return {
        message: `The registry serves ${quote(ref.name)} without asking for credentials, so at least one credential was not tested.`,
        fix: 'Pods pull this image anonymously; to prove a token, verify an image the registry keeps private.',
      };
  }
}

/**
 * Tries to pull `image` with the credentials the kubelet would use from
 * `secrets` (in kubelet order, stopping at the first that works, with no
 * anonymous retry), or anonymously when none matches, and classifies the
 * outcome. Only `OK` means a pod would pull.
 *
 * @throws RegcredError for an invalid image or a secret the kubelet cannot read
 */
export async function verifyPull(
  secrets: readonly SecretObject[],
  image: string,
  options: VerifyOptions = {},
): Promise<VerifyResult> {
  const timeoutMs = options.timeoutMs ?? 10000;
  const policy: HttpPolicy = {
    plainHttp: options.plainHttp ?? [],
    extraCa: options.extraCa ?? [],
    deadline: Date.now() + timeoutMs,
    retries: options.retries ?? 2,
  };
  const each = options.each ?? false;
  const ref = parseImageReference(image);
  if (ref.domain === '') {
    // distribution/reference reads the whole name as a path: no registry to ask.
    throw new RegcredError('INVALID_IMAGE_REFERENCE', {
      field: 'image',
      message: `'image' ${quote(image)} names no registry: its first component is not a valid host name, so the kubelet looks it up as ${quote(ref.name)} and the runtime has no registry to pull it from. Write the registry host without "_" (e.g. "registry.example.com/app").`,
    });
  }
  const keyring = makeDockerKeyring(secrets);
  const creds = keyring?.lookup(ref.name).creds ?? [];
  const attempts: VerifyAttempt[] = [];
  for (const cred of creds.length > 0 ? creds : [undefined]) {
    const credential = cred
      ? {
          username: shownUser(cred),
          registryKey: cred.origin.registryKey,
          ...(cred.origin.secretName !== undefined ? { secretName: cred.origin.secretName } : {}),
        }
      : undefined;
    // Every message of this attempt that quotes a server is masked for its credential.
    const mask = credentialMasker(cred);
    try {
      const { detail, proven } = await tryPull(ref, cred, { ...policy, redact: mask }, each);
      attempts.push({ ...(credential ? { credential } : {}), outcome: 'OK', proven, detail });
      if (!each) break;
    } catch (e) {
      if (!(e instanceof Failure)) throw e;
      attempts.push({
        ...(credential ? { credential } : {}),
        outcome: e.outcome,
        proven: false,
        detail: mask(e.message),
      });
    }
  }
  const failed = attempts.find((a) => a.outcome !== 'OK');
  const outcome = each
    ? (failed?.outcome ?? 'OK')
    : attempts.some((a) => a.outcome === 'OK')
      ? 'OK'
      : attempts[0].outcome;
  return { image, repoToPull: ref.name, outcome, attempts, ...explain(outcome, ref, secrets) };
}
