/** Why an image matches none of a pod's pull secrets, and how sure the check is that the pull fails. */
import { quote } from '../errors';
import { ImageReference } from '../image-reference';
import { KubeObject } from '../pod-specs';
import { SecretObject } from '../resolve-pull-credentials';
import { Severity } from './diagnostic';
import { nearestMiss } from './near-miss';

import { Context, findingsOf, nsOf, report } from './_context';

/**
 * Reports why an image matches none of the pod's pull secrets, with severity from the evidence: an
 * error when a key was evidently meant for the image (another port, scheme, path or letter case) or
 * the secret's credentials were made for another vendor's registry, so the pull fails; a warning
 * when the keys are simply for other registries and the image may be public. A near miss among the
 * namespace's secrets that the pod does not list is an error too. Whether anything was reported.
 */
export function reportMiss(
  ctx: Context,
  o: KubeObject,
  u: { field: string; image: ImageReference; raw: string },
  names: readonly string[],
  usable: readonly SecretObject[],
  anyMatched: boolean,
): boolean {
  const nearest = nearestMiss(keysOf(ctx, usable), u.image);
  const wrongVendor = nearest !== undefined && madeForAnotherRegistry(ctx, nearest.secret);
  const lookedUp = `Image ${quote(u.raw)} (looked up as ${quote(u.image.name)})`;
  if (nearest && (nearest.miss.near || wrongVendor)) {
    report(
      ctx,
      'NO_MATCHING_CREDENTIALS',
      o,
      u.field,
      `${lookedUp} matches none of the pod's pull secrets (${names.map((n) => quote(n)).join(', ')}); the pull goes out anonymously. Nearest miss: secret ${quote(nearest.secret.metadata?.name ?? '')}, ${nearest.miss.reason}.`,
      nearest.miss.fix,
      { severity: Severity.ERROR, secret: nearest.secret.metadata?.name ?? '' },
    );
    return true;
  }
  const ns = nsOf(o, ctx);
  const unlisted = (ctx.pullSecretsByNamespace.get(ns) ?? []).filter((s) => !names.includes(s.metadata.name));
  const near = unlisted.length > 0 ? nearestMiss(keysOf(ctx, unlisted), u.image) : undefined;
  if (near?.miss.near) {
    const secret = quote(near.secret.metadata?.name ?? '');
    report(
      ctx,
      'NEARLY_MATCHING_SECRET',
      o,
      u.field,
      `${lookedUp} has no credentials, and secret ${secret} in namespace ${quote(ns)} was evidently written for it but cannot match, even if the pod listed it: ${near.miss.reason}.`,
      `${near.miss.fix} Then list ${secret} in the pod's imagePullSecrets (or its ServiceAccount's), unless regcred wires it.`,
      { secret: near.secret.metadata?.name ?? '' },
    );
    return true;
  }
  if (nearest && !anyMatched) {
    report(
      ctx,
      'NO_MATCHING_CREDENTIALS',
      o,
      u.field,
      `${lookedUp} matches none of the pod's pull secrets (${names.map((n) => quote(n)).join(', ')}), so it is pulled anonymously: that works only if the image is public. Nearest miss: secret ${quote(nearest.secret.metadata?.name ?? '')}, ${nearest.miss.reason}.`,
      `If the image is private: ${nearest.miss.fix}`,
      { severity: Severity.WARNING, secret: nearest.secret.metadata?.name ?? '' },
    );
    return true;
  }
  return false;
}

/** The registry keys of readable secrets, each with its secret. */
function keysOf(ctx: Context, secrets: readonly SecretObject[]): Array<{ key: string; secret: SecretObject }> {
  return secrets.flatMap((secret) => {
    const p = findingsOf(ctx, secret).payload;
    return p?.used ? p.entries.map(([key]) => ({ key, secret })) : [];
  });
}

/** Whether a secret holds credentials made for one vendor and keyed on another's registry. */
function madeForAnotherRegistry(ctx: Context, secret: SecretObject): boolean {
  return findingsOf(ctx, secret).entryProblems.some((p) => p.code === 'CREDENTIALS_FOR_ANOTHER_REGISTRY');
}
