import { RegcredError, isRecord, own, quote, typeName } from '../errors';
import { objectShapeProblems } from './object-shape';
import { KubeObject, NOT_POD_BEARING_KINDS } from '../pod-specs';
import { requirePodSpecPaths, unknownContainerPaths } from '../pod-spec-paths';
import { SecretObject } from '../resolve-pull-credentials';
import { Diagnostic } from './diagnostic';
import { providedSecrets } from './secret-providers';
import { reportDuplicates } from './_duplicates';
import { reportPullFailures } from './pull-status';

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
  /**
   * Where the pod specs of kinds regcred does not know sit: by kind, dot paths with `[]` for every
   * item of a list (`{ RayCluster: ['spec.headGroupSpec.template.spec',
   * 'spec.workerGroupSpecs[].template.spec'] }`). Kubernetes' own pod-bearing kinds are known, and
   * so is any kind with a pod spec at `spec.template.spec` or
   * `spec.jobTemplate.spec.template.spec` (Argo Rollout, OpenShift DeploymentConfig, …); other kinds
   * that hold containers are reported once each as not checked (POD_SPEC_NOT_CHECKED).
   * @default - none
   */
  readonly podSpecPaths?: { readonly [kind: string]: string[] };
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
  requirePodSpecPaths(options.podSpecPaths, 'podSpecPaths');
  // The items of a List are objects of their own, reported at the List's position.
  const listOf = new Map<KubeObject, number>();
  const flat: KubeObject[] = [];
  objects.forEach((o, i) => {
    if (o.kind !== 'List' || !Array.isArray(o.items)) {
      flat.push(o);
      return;
    }
    for (const item of o.items as unknown[]) {
      if (!isRecord(item)) continue;
      listOf.set(item, i);
      flat.push(item);
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
  for (const [item, i] of listOf) if (!ctx.indexOf.has(item)) ctx.indexOf.set(item, i);
  const namespaceLabels = new Map<string, ReadonlyMap<string, string>>();
  for (const o of flat) {
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
  for (const o of flat) {
    const problems = objectShapeProblems(o, options.podSpecPaths);
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
      for (const p of provided.problems)
        report(ctx, p.code ?? 'TEMPLATE_INVALID', o, p.field, p.message, p.fix ?? TEMPLATE_FIX, {
          ...(p.severity ? { severity: p.severity } : {}),
        });
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
  const unknownKinds = new Map<string, { o: KubeObject; paths: string[]; count: number }>();
  for (const o of checkable) {
    if (checkPodBearing(ctx, o) || typeof o.kind !== 'string' || NOT_POD_BEARING_KINDS.has(o.kind)) continue;
    const seen = unknownKinds.get(o.kind);
    if (seen) {
      seen.count++;
      continue;
    }
    const paths = unknownContainerPaths(o);
    if (paths.length > 0) unknownKinds.set(o.kind, { o, paths, count: 1 });
  }
  for (const [kind, { o, paths, count }] of unknownKinds) notChecked(ctx, kind, o, paths, count);
  for (const u of ctx.uncredentialed)
    if (!credentialsOnlyElsewhere(ctx, u.o, u.field, u.image) && !u.listsSecrets)
      secretInOtherNamespace(ctx, u.o, u.field, u.image);
  for (const s of ctx.secrets.values()) checkSecret(ctx, s);
  for (const s of ctx.anyNamespace.values()) checkSecret(ctx, s);
  reportPullFailures(ctx, checkable);
  return ctx.out;
}

/** Reports, once for its kind, an object that holds containers where regcred finds no pod spec. */
function notChecked(ctx: Context, kind: string, o: KubeObject, paths: readonly string[], count: number): void {
  const specPath = (p: string): string => p.replace(/\.containers$/, '').replace(/\[\d+\]/g, '[]');
  const suggested = [...new Set(paths.map(specPath))];
  const others = count > 1 ? ` (and ${count - 1} more ${kind} object${count > 2 ? 's' : ''})` : '';
  report(
    ctx,
    'POD_SPEC_NOT_CHECKED',
    o,
    paths[0],
    `${kind} objects hold containers at ${paths.map((p) => quote(p)).join(', ')}${others}, where regcred knows no pod spec of this kind: their images and pull secrets were not checked, and regcred does not wire them.`,
    `If ${suggested.map((p) => quote(p)).join(', ')} ${suggested.length > 1 ? 'are pod specs' : 'is a pod spec'}, name ${suggested.length > 1 ? 'them' : 'it'}: regcred check --pod-spec-path ${suggested.map((p) => `${kind}=${p}`).join(' --pod-spec-path ')}, or podSpecPaths: { ${kind}: [${suggested.map((p) => `'${p}'`).join(', ')}] } in code.`,
  );
}
