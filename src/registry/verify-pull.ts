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
  SecretObject,
  makeDockerKeyring,
  parseImageReference,
  quote,
  type ImageReference,
} from '../core/internal';
import { parseChallenge } from './challenge';
import { HttpPolicy, HttpResponse } from './http';
import { credentialMasker } from './redact';
import { ANONYMOUS, Auth, Failure, MANIFEST_ACCEPT, answerChallenge, answered, send, shownUser } from './_attempt';
import { explain } from './_explain';

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
