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
  explainMiss,
  makeDockerKeyring,
  parseImageReference,
  quote,
  readPullSecretPayload,
  type ImageReference,
} from '../core';
import { parseChallenge } from './challenge';

/** How a pull attempt ended. */
export type VerifyOutcome =
  | 'OK'
  | 'NO_MATCHING_CREDENTIALS'
  | 'CREDENTIALS_REJECTED'
  | 'NOT_ALLOWED'
  | 'IMAGE_NOT_FOUND'
  | 'UNREACHABLE'
  | 'TLS_ERROR'
  | 'TIMEOUT';

/** One credential tried (or the anonymous attempt). */
export interface VerifyAttempt {
  /**
   * The credential, without its secret.
   * @default - absent for the anonymous attempt
   */
  readonly credential?: { readonly username: string; readonly secretName?: string; readonly registryKey: string };
  readonly outcome: VerifyOutcome;
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
   * Time limit of each HTTP request, in milliseconds.
   * @default 10000
   */
  readonly timeoutMs?: number;
  /**
   * Retries of a request after a network error or a 5xx/429 answer.
   * @default 2
   */
  readonly retries?: number;
  /**
   * Try every credential instead of stopping at the first that works (the
   * kubelet stops), e.g. to prove a new token before the old one is revoked.
   * The outcome is then OK only when every credential works.
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

function networkFailure(e: unknown, url: string): Failure {
  const err = e as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  const host = new URL(url).host;
  if (err.name === 'TimeoutError' || err.name === 'AbortError')
    return new Failure('TIMEOUT', `no answer from ${host} in time`);
  const code = err.cause?.code ?? '';
  if (
    /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/i.test(code) ||
    /certificate|ssl|tls/i.test(err.cause?.message ?? '')
  ) {
    return new Failure(
      'TLS_ERROR',
      `TLS with ${host} failed (${code || err.cause?.message}); for a registry without TLS, name it with --plain-http ${host}`,
    );
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return new Failure('UNREACHABLE', `${host} does not resolve (${code})`);
  return new Failure('UNREACHABLE', `cannot connect to ${host} (${code || err.cause?.message || err.message})`);
}

async function request(url: string, init: RequestInit, options: Required<VerifyOptions>): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    let res: Response | undefined;
    try {
      res = await fetch(url, { ...init, redirect: 'follow', signal: AbortSignal.timeout(options.timeoutMs) });
    } catch (e) {
      const failure = networkFailure(e, url);
      if (attempt >= options.retries || failure.outcome === 'TLS_ERROR') throw failure;
    }
    if (res && !(res.status >= 500 || res.status === 429)) return res;
    if (res && attempt >= options.retries) return res;
    await new Promise((r) => setTimeout(r, 200 * 2 ** attempt));
  }
}

function basic(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}

/** One pull attempt; throws Failure for anything but OK. */
async function tryPull(
  ref: ImageReference,
  cred: KeyringCredential | undefined,
  options: Required<VerifyOptions>,
): Promise<string> {
  const host = ref.domain === 'docker.io' ? 'registry-1.docker.io' : ref.domain;
  const base = `${options.plainHttp.includes(ref.domain) ? 'http' : 'https'}://${host}`;
  const anonymous = 'the registry refuses anonymous pulls';
  const ping = await request(`${base}/v2/`, { method: 'GET' }, options);
  let authorization: string | undefined;
  let scheme = 'none';
  if (ping.status === 401) {
    const challenge = parseChallenge(ping.headers.get('www-authenticate'));
    scheme = challenge?.scheme ?? 'unknown';
    if (challenge?.scheme === 'basic') {
      if (!cred) throw new Failure('NO_MATCHING_CREDENTIALS', `${anonymous} (GET /v2/ answered 401, Basic)`);
      authorization = basic(cred.username, cred.password);
    } else if (challenge?.scheme === 'bearer' && challenge.params.realm) {
      const realm = new URL(challenge.params.realm);
      if (challenge.params.service) realm.searchParams.set('service', challenge.params.service);
      realm.searchParams.set('scope', `repository:${ref.path}:pull`);
      const headers: Record<string, string> = cred ? { Authorization: basic(cred.username, cred.password) } : {};
      const tokenRes = await request(realm.toString(), { method: 'GET', headers }, options);
      if (tokenRes.status === 401 || tokenRes.status === 403) {
        if (!cred)
          throw new Failure(
            'NO_MATCHING_CREDENTIALS',
            `${anonymous}: ${tokenRes.status} failed to fetch anonymous token`,
          );
        if (tokenRes.status === 401)
          throw new Failure('CREDENTIALS_REJECTED', `the token service answered 401 to user ${quote(cred.username)}`);
        throw new Failure(
          'NOT_ALLOWED',
          `the token service answered 403 to user ${quote(cred.username)} for ${ref.path}`,
        );
      }
      if (!tokenRes.ok) throw new Failure('UNREACHABLE', `the token service answered ${tokenRes.status}`);
      const body = (await tokenRes.json()) as { token?: string; access_token?: string };
      const token = body.token ?? body.access_token;
      if (!token) throw new Failure('UNREACHABLE', 'the token service answered without a token');
      authorization = `Bearer ${token}`;
    } else {
      throw new Failure('UNREACHABLE', `GET /v2/ answered 401 with an unsupported challenge (${scheme})`);
    }
  } else if (!ping.ok) {
    throw new Failure('UNREACHABLE', `GET ${base}/v2/ answered ${ping.status}; is this a registry?`);
  }

  const reference = ref.digest ?? ref.tag ?? 'latest';
  const headers: Record<string, string> = {
    Accept: MANIFEST_ACCEPT,
    ...(authorization ? { Authorization: authorization } : {}),
  };
  const manifest = await request(`${base}/v2/${ref.path}/manifests/${reference}`, { method: 'HEAD', headers }, options);
  const who = cred ? `user ${quote(cred.username)}` : 'anonymous';
  if (manifest.ok) return `HEAD manifest ${reference} answered ${manifest.status} (${scheme} auth, ${who})`;
  if (manifest.status === 404)
    throw new Failure(
      'IMAGE_NOT_FOUND',
      `HEAD manifest ${reference} answered 404: ${ref.name}:${reference} does not exist`,
    );
  const error = parseChallenge(manifest.headers.get('www-authenticate'))?.params.error;
  if (!cred && (manifest.status === 401 || manifest.status === 403)) {
    throw new Failure('NO_MATCHING_CREDENTIALS', `${anonymous} (HEAD manifest answered ${manifest.status})`);
  }
  if (manifest.status === 403 || error === 'insufficient_scope') {
    throw new Failure(
      'NOT_ALLOWED',
      `HEAD manifest answered ${manifest.status}${error ? ` (${error})` : ''}: ${who} may not pull ${ref.path}`,
    );
  }
  if (manifest.status === 401) throw new Failure('CREDENTIALS_REJECTED', `HEAD manifest answered 401 to ${who}`);
  throw new Failure('UNREACHABLE', `HEAD manifest answered ${manifest.status}`);
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
      const misses = keys.map((k) => ({ ...k, miss: explainMiss(k.key, ref) }));
      const nearest = misses.find((m) => m.miss.near) ?? misses[0];
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
        fix: 'Retry, or raise --timeout.',
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
  const opts: Required<VerifyOptions> = {
    plainHttp: options.plainHttp ?? [],
    timeoutMs: options.timeoutMs ?? 10000,
    retries: options.retries ?? 2,
    each: options.each ?? false,
  };
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
          username: cred.username,
          registryKey: cred.origin.registryKey,
          ...(cred.origin.secretName !== undefined ? { secretName: cred.origin.secretName } : {}),
        }
      : undefined;
    try {
      const detail = await tryPull(ref, cred, opts);
      attempts.push({ ...(credential ? { credential } : {}), outcome: 'OK', detail });
      if (!opts.each) break;
    } catch (e) {
      if (!(e instanceof Failure)) throw e;
      attempts.push({ ...(credential ? { credential } : {}), outcome: e.outcome, detail: e.message });
    }
  }
  const failed = attempts.find((a) => a.outcome !== 'OK');
  const outcome = opts.each
    ? (failed?.outcome ?? 'OK')
    : attempts.some((a) => a.outcome === 'OK')
      ? 'OK'
      : attempts[0].outcome;
  return { image, repoToPull: ref.name, outcome, attempts, ...explain(outcome, ref, secrets) };
}
