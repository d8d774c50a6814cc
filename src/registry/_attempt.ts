/** The steps of one pull attempt: the registry's auth challenge answered, requests sent, failures classified. */
import { KeyringCredential, isRecord, own, quote, type ImageReference } from '../core/internal';
import { Challenge } from './challenge';
import { HttpPolicy, HttpResponse, TransportFailure, checkUrl, httpRequest, serverText } from './http';
import type { VerifyOutcome } from './verify-pull';

export const MANIFEST_ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

export class Failure extends Error {
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
export function shownUser(cred: KeyringCredential): string {
  if (cred.username === cred.password) return '***';
  const colon = cred.username.indexOf(':');
  return colon < 0 ? cred.username : `${cred.username.slice(0, colon)}:***`;
}

export function basic(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}

/** How an attempt authenticated so far. */
export interface Auth {
  header?: string;
  scheme: string;
  /** True once a request carrying the credential was answered with success. */
  presented: boolean;
}

/** A request under the policy, with transport failures turned into attempt failures. */
export async function send(
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

export const ANONYMOUS = 'the registry refuses anonymous pulls';

/**
 * Answers a challenge the way containerd does: Basic sends the credential with
 * the next request; Bearer fetches a token from the realm (with the credential,
 * when there is one) for `repository:PATH:pull`.
 */
export async function answerChallenge(
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
export function checkRealm(raw: string, policy: HttpPolicy): URL {
  try {
    return checkUrl(raw, 'the token service (realm)', policy);
  } catch (e) {
    if (e instanceof TransportFailure) throw new Failure(e.outcome, e.message);
    throw e;
  }
}

/** What a server answered (its content type and body), the credential masked, then shortened. */
export function answered(res: HttpResponse, policy: HttpPolicy): string {
  const type = res.headers['content-type'] ? `(${serverText(res.headers['content-type'], policy)}) ` : '';
  return `${type}${serverText(res.body, policy) || '(empty body)'}`;
}
