/** What a verify outcome means for a pod, and the fix, in words. */
import { SecretObject, nearestMiss, quote, readPullSecretPayload, type ImageReference } from '../core/internal';
import type { VerifyOutcome } from './verify-pull';

export function explain(
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
