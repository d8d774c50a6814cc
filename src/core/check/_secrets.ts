/** The manifest check of pull Secrets: readable, safe, not expiring. */
import { own, quote } from '../errors';
import { KubeObject } from '../pod-specs';
import { SecretObject, readPullSecretPayload } from '../resolve-pull-credentials';
import { DockerConfigEntries } from '../docker-config';
import { apiServerSecretProblems } from '../secret-validation';
import { EXPIRES_AT_ANNOTATION, judgeExpiry, parseExpiryAnnotation } from '../expiry';
import { credentialProviderOf, shortLivedTokenLifetime } from '../registries/credential-providers';
import { Severity } from './diagnostic';
import { isPullSecretType } from './secret-findings';

import { EMPTY_FIX } from './_pods';
import { Context, findingsOf, keyOf, nsOf, report } from './_context';
export const TEMPLATE_FIX =
  'Write each value through toJson and auth through b64enc, as regcred does: {"auths":{"REGISTRY":{"username":{{ .username | toJson }},"password":{{ .password | toJson }},"auth":{{ printf "%s:%s" .username .password | b64enc | toJson }}}}}, or let regcred write the ExternalSecret (ExternalCredentials).';

/** Indexes a Secret (or a Secret a provider will make) by namespace and name. */
export function addSecret(ctx: Context, secret: SecretObject & { metadata: { name: string } }): void {
  const ns = nsOf(secret as KubeObject, ctx);
  const name = secret.metadata.name;
  const key = keyOf(ns, name);
  // Of objects with one namespace and name, the API server keeps the last applied (kubectl apply
  // goes through files and documents in order); the others are reported as duplicates.
  const before = ctx.secrets.get(key);
  ctx.secrets.set(key, secret);
  const list = ctx.pullSecretsByNamespace.get(ns) ?? [];
  if (before) {
    const at = list.indexOf(before);
    if (at >= 0) list.splice(at, 1);
  } else {
    const namespaces = ctx.namespacesByName.get(name);
    if (namespaces) namespaces.push(ns);
    else ctx.namespacesByName.set(name, [ns]);
  }
  if (ctx.malformed.has(secret) || !isPullSecretType(secret)) return;
  list.push(secret);
  ctx.pullSecretsByNamespace.set(ns, list);
}

export function checkSecret(ctx: Context, s: SecretObject & { metadata: { name: string } }): void {
  const o = s as KubeObject;
  if (ctx.providerOf.has(o)) {
    // What a SealedSecret or ExternalSecret makes: its payload is not here, its expiry annotation is.
    checkExpiry(ctx, s);
    return;
  }
  const malformed = ctx.malformed.get(s);
  if (malformed) {
    for (const issue of malformed) {
      report(ctx, 'SECRET_INVALID', o, issue.field, issue.message, 'Fix the Secret so the API server accepts it.');
    }
    return;
  }
  if (!isPullSecretType(s) && !ctx.referenced.has(s)) return;
  for (const issue of apiServerSecretProblems(s)) {
    report(ctx, 'SECRET_INVALID', o, issue.field, issue.message, 'Fix the Secret so the API server accepts it.');
  }
  checkExpiry(ctx, s);
  const f = findingsOf(ctx, s);
  const dataField = f.payload?.used ? `data[${f.payload.dataKey}]` : 'data';
  for (const p of f.entryProblems) report(ctx, p.code, o, dataField, p.message, p.fix);
  if (f.payload?.used) reportCredentialProviders(ctx, s, dataField, f.payload.entries);
  if (ctx.referenced.has(s)) return; // reported on the pods that use it
  if (f.unreadable)
    report(ctx, 'PULL_SECRET_UNREADABLE', o, 'data', f.unreadable, 'Regenerate the secret (regcred secret).');
  else if (f.emptyReason) {
    report(
      ctx,
      'PULL_SECRET_EMPTY',
      o,
      'data',
      `Secret ${quote(s.metadata.name)} holds no credentials: ${f.emptyReason}.`,
      EMPTY_FIX,
    );
  }
}

/** The Secret's `regcred.io/expires-at` annotation, as written (any type). */
const expiryAnnotation = (s: SecretObject): unknown => own(own(s.metadata, 'annotations'), EXPIRES_AT_ANNOTATION);

export function checkExpiry(ctx: Context, s: SecretObject & { metadata: { name: string } }): void {
  const now = ctx.options.now;
  const value = expiryAnnotation(s);
  if (!now || value === undefined) return;
  const field = `metadata.annotations[${EXPIRES_AT_ANNOTATION}]`;
  const expiries = typeof value === 'string' ? parseExpiryAnnotation(value) : undefined;
  if (!expiries) {
    report(
      ctx,
      'EXPIRY_ANNOTATION_INVALID',
      s as KubeObject,
      field,
      `${typeof value === 'string' ? quote(value) : 'A non-string value'} is not an RFC 3339 time or a list of KEY=TIME pairs.`,
      'Write it as 2027-01-31T00:00:00Z, or let regcred write it from expiresAt.',
    );
    return;
  }
  const policy = {
    now,
    ...(ctx.options.expiringWithinMs !== undefined ? { warnWithinMs: ctx.options.expiringWithinMs } : {}),
  };
  for (const e of expiries) {
    const f = judgeExpiry(s.metadata.name, e.registry ?? registryOf(s), e.expiresAt, policy);
    if (f)
      report(ctx, f.state === 'expired' ? 'TOKEN_EXPIRED' : 'TOKEN_EXPIRING', s as KubeObject, field, f.message, f.fix);
  }
}

/** The secret's registry keys, for a single-valued expiry annotation. */
export function registryOf(s: SecretObject): string {
  try {
    const p = readPullSecretPayload(s);
    return p.used ? p.entries.map(([k]) => k).join(', ') : '';
  } catch {
    return '';
  }
}

/**
 * Entries for registries a kubelet credential provider serves: worth knowing (info), and a warning
 * when the entry holds the registry's short-lived token and nothing records when it lapses.
 */
function reportCredentialProviders(
  ctx: Context,
  s: SecretObject & { metadata: { name: string } },
  field: string,
  entries: DockerConfigEntries,
): void {
  const recordsExpiry = expiryAnnotation(s) !== undefined;
  for (const [key, entry] of entries) {
    const served = credentialProviderOf(key);
    if (!served) continue;
    const { provider, matchImage } = served;
    const lifetime = shortLivedTokenLifetime(provider, entry.username);
    const lapses = lifetime !== undefined && !recordsExpiry;
    const message =
      `Entry ${quote(key)} is for ${provider.registry}, which the kubelet credential provider ${quote(provider.plugin)} serves: ` +
      "a node configured with it pulls without a stored secret, and since Kubernetes 1.34 (KEP-4412) with the pod's own service account identity." +
      (lapses
        ? ` Its token is one of those that live ${lifetime}, and the Secret records no expiry (${EXPIRES_AT_ANNOTATION}): pulls start failing when it lapses, with no warning before.`
        : '');
    const fix =
      `Configure the kubelet's CredentialProviderConfig with ${provider.plugin} (matchImages ${quote(matchImage)}) and drop this entry` +
      (lapses
        ? `; until then, refresh the token more often than every ${lifetime} and record its expiry (regcred secret --expires-at, or expiresAt).`
        : '.');
    report(ctx, 'CREDENTIAL_PROVIDER_AVAILABLE', s as KubeObject, field, message, fix, {
      ...(lapses ? { severity: Severity.WARNING } : {}),
    });
  }
}
