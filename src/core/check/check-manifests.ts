import { RegcredError, isRecord, own, typeName } from '../errors';
import { objectShapeProblems } from './object-shape';
import { KubeObject } from '../pod-specs';
import { SecretObject } from '../resolve-pull-credentials';
import { Diagnostic } from './diagnostic';
import { providedSecrets } from './secret-providers';
import { reportDuplicates } from './_duplicates';

import { Context, keyOf, nsOf, report, str } from './_context';
import { TEMPLATE_FIX, addSecret, checkSecret } from './_secrets';
import { checkPodBearing, credentialsOnlyElsewhere, secretInOtherNamespace } from './_pods';
/** Options of {@link checkManifests}. */
export interface CheckOptions {
  /**
   * The namespace of objects whose manifest names none (the one they are applied to).
   * @default 'default'
   */
  readonly defaultNamespace?: string;
  /**
   * The current time. With it, secrets whose `regcred.io/expires-at` has passed
   * or comes within `expiringWithinMs` are reported.
   * @default - expiry is not checked
   */
  readonly now?: Date;
  /**
   * The warning window for expiring tokens, in milliseconds.
   * @default 30 days
   */
  readonly expiringWithinMs?: number;
}

/**
 * Every credentials reason a pod in `objects` would fail to pull, and every
 * unsafe pull secret, computed the way the cluster would see the set: secrets
 * are looked up in the pod's own namespace, a pod without `imagePullSecrets`
 * gets its ServiceAccount's, and each image is resolved with
 * {@link resolvePullCredentials}' rules. A public image with no secrets
 * anywhere produces nothing. No diagnostic holds a password, token or `auth`.
 */
export function checkManifests(objects: readonly KubeObject[], options: CheckOptions = {}): Diagnostic[] {
  const given: unknown = objects;
  if (!Array.isArray(given)) {
    throw new RegcredError('INVALID_ARGUMENT', {
      field: 'objects',
      message: `'objects' must be an array of Kubernetes objects, got ${typeName(objects)}.`,
    });
  }
  (given as unknown[]).forEach((o, i) => {
    if (!isRecord(o)) {
      throw new RegcredError('INVALID_ARGUMENT', {
        field: `objects[${i}]`,
        message: `'objects[${i}]' must be a Kubernetes object, got ${typeName(o)}.`,
      });
    }
  });
  const ctx: Context = {
    out: [],
    secrets: new Map(),
    serviceAccounts: new Map(),
    findings: new Map(),
    referenced: new Set(),
    defaultNamespace: options.defaultNamespace ?? 'default',
    options,
    keyrings: new Map(),
    secretIds: new Map(),
    images: new Map(),
    pullSecretsByNamespace: new Map(),
    malformed: new Map(),
    namespacesByName: new Map(),
    namespaceKeyrings: new Map(),
    credentialed: new Map(),
    uncredentialed: [],
    providerOf: new Map(),
    unknownRegistries: new Set(),
    anyNamespace: new Map(),
    indexOf: new Map(),
  };
  objects.forEach((o, i) => {
    if (!ctx.indexOf.has(o)) ctx.indexOf.set(o, i);
  });
  const namespaceLabels = new Map<string, ReadonlyMap<string, string>>();
  for (const o of objects) {
    const name = own(o.metadata, 'name');
    if (o.kind !== 'Namespace' || typeof name !== 'string') continue;
    const labels = own(o.metadata, 'labels');
    const entries = isRecord(labels)
      ? Object.entries(labels).filter((e): e is [string, string] => typeof e[1] === 'string')
      : [];
    // The API server labels every namespace with its own name (Kubernetes 1.21 and later).
    namespaceLabels.set(name, new Map([...entries, ['kubernetes.io/metadata.name', name]]));
  }
  const checkable: KubeObject[] = [];
  for (const o of objects) {
    const problems = objectShapeProblems(o);
    const isSecret = o.kind === 'Secret' && o.apiVersion === 'v1';
    if (problems.length > 0 && !(isSecret && typeof own(o.metadata, 'name') === 'string')) {
      for (const p of problems) {
        report(ctx, 'OBJECT_INVALID', o, p.field, p.message, 'Fix the field so the API server accepts the object.');
      }
      continue;
    }
    checkable.push(o);
    const provided = providedSecrets(o, nsOf(o, ctx), namespaceLabels);
    if (provided) {
      for (const p of provided.problems) report(ctx, 'TEMPLATE_INVALID', o, p.field, p.message, TEMPLATE_FIX);
      for (const { secret, unknownRegistries } of provided.secrets) {
        ctx.providerOf.set(secret as KubeObject, o);
        if (unknownRegistries) ctx.unknownRegistries.add(secret);
        if (provided.anyNamespace) ctx.anyNamespace.set(secret.metadata.name, secret);
        else addSecret(ctx, secret);
      }
      continue;
    }
    const name = str(own(o.metadata, 'name'));
    if (!name || o.apiVersion !== 'v1') continue;
    if (isSecret) {
      const secret = o as SecretObject & { metadata: { name: string } };
      if (problems.length > 0) ctx.malformed.set(secret, problems);
      addSecret(ctx, secret);
    }
    if (o.kind === 'ServiceAccount') ctx.serviceAccounts.set(keyOf(nsOf(o, ctx), name), o);
  }
  reportDuplicates(ctx, checkable);
  for (const o of checkable) checkPodBearing(ctx, o);
  for (const u of ctx.uncredentialed)
    if (!credentialsOnlyElsewhere(ctx, u.o, u.field, u.image) && !u.listsSecrets)
      secretInOtherNamespace(ctx, u.o, u.field, u.image);
  for (const s of ctx.secrets.values()) checkSecret(ctx, s);
  for (const s of ctx.anyNamespace.values()) checkSecret(ctx, s);
  return ctx.out;
}
