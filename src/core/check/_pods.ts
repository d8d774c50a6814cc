/** The manifest check of pod-bearing objects: the secrets they list and whether their images match. */
import { RegcredError, own, quote } from '../errors';
import { ImageReference } from '../image-reference';
import {
  FoundPodSpec,
  KubeObject,
  LocalObjectReference,
  findPodSpecs,
  podSpecContainerImages,
  pullSecretRefs,
} from '../pod-specs';
import { SecretObject } from '../resolve-pull-credentials';
import { Severity } from './diagnostic';
import { reportMiss } from './_misses';

import { Context, findingsOf, imageOf, keyOf, keyringOf, namespaceKeyring, nsOf, report, str } from './_context';
export const EMPTY_FIX = 'Recreate it with kubectl create secret docker-registry --docker-server=… or regcred secret.';

/** Checks the pod specs of an object; false when it has none. */
export function checkPodBearing(ctx: Context, o: KubeObject): boolean {
  const found = findPodSpecs(o, ctx.options.podSpecPaths);
  for (const podSpec of found) {
    const { path, spec } = podSpec;
    const base = path.join('.');
    const ns = nsOf(o, ctx);
    const ownRefs = pullSecretRefs(spec);
    checkReferenceList(ctx, o, `${base}.imagePullSecrets`, ownRefs);
    const saName = str(own(spec, 'serviceAccountName')) || str(own(spec, 'serviceAccount')) || 'default';
    const sa = ctx.serviceAccounts.get(keyOf(ns, saName));
    const saRefs = pullSecretRefs(sa);
    const refs = ownRefs.length > 0 ? ownRefs : saRefs;
    const refField = (i: number): string =>
      ownRefs.length > 0
        ? `${base}.imagePullSecrets[${i}].name`
        : `ServiceAccount ${saName}: imagePullSecrets[${i}].name`;

    const usable: SecretObject[] = [];
    let broken = false;
    refs.forEach((ref, i) => {
      if (!ref.name) return;
      const secret = ctx.secrets.get(keyOf(ns, ref.name)) ?? ctx.anyNamespace.get(ref.name);
      if (!secret) {
        missingSecret(ctx, o, refField(i), ref.name, ns);
        return;
      }
      ctx.referenced.add(secret);
      const f = findingsOf(ctx, secret);
      const label = quote(ref.name);
      if (f.unreadable) {
        broken = true;
        report(
          ctx,
          'PULL_SECRET_UNREADABLE',
          o,
          refField(i),
          `${f.unreadable}`,
          'Regenerate the secret (regcred secret), or remove it from imagePullSecrets.',
          { secret: ref.name },
        );
      } else if (f.payload && !f.payload.used) {
        const why =
          f.payload.reason === 'type'
            ? `has type ${quote(secret.type ?? '')}, which the kubelet does not read as a pull secret`
            : f.payload.reason === 'empty'
              ? 'has an empty payload'
              : `has type ${quote(secret.type ?? '')} but not the data key that type needs (${secret.type === 'kubernetes.io/dockercfg' ? '.dockercfg' : '.dockerconfigjson'})`;
        report(
          ctx,
          'PULL_SECRET_IGNORED',
          o,
          refField(i),
          `Secret ${label} ${why}; the kubelet ignores it.`,
          'Use type kubernetes.io/dockerconfigjson with data key .dockerconfigjson (kubectl create secret docker-registry, or regcred secret).',
          { secret: ref.name },
        );
      } else if (f.emptyReason && !ctx.unknownRegistries.has(secret)) {
        report(
          ctx,
          'PULL_SECRET_EMPTY',
          o,
          refField(i),
          `Secret ${label} holds no credentials: ${f.emptyReason}.`,
          EMPTY_FIX,
          { secret: ref.name },
        );
      } else {
        usable.push(secret);
      }
    });
    const hidden = saRefs.filter((r) => r.name && !ownRefs.some((m) => m.name === r.name)).map((r) => quote(r.name));
    if (ownRefs.length > 0 && hidden.length > 0) {
      report(
        ctx,
        'SERVICE_ACCOUNT_SECRETS_HIDDEN',
        o,
        `${base}.imagePullSecrets`,
        `ServiceAccount ${quote(saName)} lists ${hidden.join(', ')}, but the pod lists its own imagePullSecrets, so the ServiceAccount's are never added.`,
        `Add ${hidden.join(', ')} to the pod's imagePullSecrets, or remove the pod's list.`,
      );
    }
    if (!broken)
      checkImages(
        ctx,
        o,
        podSpec,
        refs.filter((r) => r.name).map((r) => r.name),
        usable,
      );
  }
  return found.length > 0;
}

function checkReferenceList(ctx: Context, o: KubeObject, field: string, refs: readonly LocalObjectReference[]): void {
  const seen = new Set<string>();
  refs.forEach((ref, i) => {
    const name = ref.name;
    if (name === '') {
      report(
        ctx,
        'EMPTY_PULL_SECRET_NAME',
        o,
        `${field}[${i}].name`,
        'An imagePullSecrets entry has an empty name; the kubelet skips it.',
        'Name the secret or remove the entry.',
      );
    } else if (seen.has(name)) {
      report(
        ctx,
        'DUPLICATE_PULL_SECRET_NAME',
        o,
        `${field}[${i}].name`,
        `Secret ${quote(name)} is listed twice; its credentials are tried twice.`,
        'Remove the duplicate entry.',
      );
    }
    seen.add(name);
  });
}

function missingSecret(ctx: Context, o: KubeObject, field: string, name: string, ns: string): void {
  const elsewhere = [...new Set(ctx.namespacesByName.get(name) ?? [])].filter((n) => n !== ns);
  if (elsewhere.length > 0) {
    report(
      ctx,
      'PULL_SECRET_NOT_FOUND',
      o,
      field,
      `Secret ${quote(name)} is not in namespace ${quote(ns)} but in ${elsewhere.map((n) => quote(n)).join(', ')}; a pod only reads secrets of its own namespace, so the kubelet skips it.`,
      `Create the secret in namespace ${quote(ns)} too.`,
      { severity: Severity.ERROR, secret: name },
    );
  } else {
    report(
      ctx,
      'PULL_SECRET_NOT_FOUND',
      o,
      field,
      `Secret ${quote(name)} is not among these manifests in namespace ${quote(ns)}; if it does not exist in the cluster, the kubelet skips it, and since Kubernetes 1.35 the pod may not use an image on the node that was pulled with credentials (a Secret deleted during a rotation).`,
      `Make sure secret ${quote(name)} exists in namespace ${quote(ns)}.`,
      { secret: name },
    );
  }
}

function checkImages(
  ctx: Context,
  o: KubeObject,
  podSpec: FoundPodSpec,
  names: string[],
  usable: SecretObject[],
): void {
  const unmatched: Array<{ field: string; image: ImageReference; raw: string }> = [];
  let anyMatched = false;
  for (const { field, image } of podSpecContainerImages(podSpec)) {
    const ref = imageOf(ctx, image, field);
    if (RegcredError.isRegcredError(ref)) {
      report(ctx, 'INVALID_IMAGE', o, field, ref.message.replace(/^'[^']*'/, 'Image'), 'Fix the image reference.');
      continue;
    }
    if (usable.some((s) => ctx.unknownRegistries.has(s))) anyMatched = true;
    else if (usable.length > 0 && keyringOf(ctx, usable).lookup(ref.name).found) {
      anyMatched = true;
      if (!ctx.credentialed.has(ref.name)) ctx.credentialed.set(ref.name, o);
    } else unmatched.push({ field, image: ref, raw: image });
  }
  for (const u of unmatched) {
    const reported = reportMiss(ctx, o, u, names, usable, anyMatched);
    if (!unreferencedMatch(ctx, o, u.field, u.image, names) && !reported)
      ctx.uncredentialed.push({ o, ...u, listsSecrets: names.length > 0 });
  }
}

/**
 * KEP-2535 (KubeletEnsureSecretPulledImages, on by default since 1.35): a pod
 * may use an image on the node that another pod pulled with credentials only
 * with matching credentials of its own; otherwise the kubelet pulls again
 * with the pod's (none), which fails unless the image is public.
 */
export function credentialsOnlyElsewhere(ctx: Context, o: KubeObject, field: string, image: ImageReference): boolean {
  const other = ctx.credentialed.get(image.name);
  if (!other) return false;
  const ns = nsOf(o, ctx);
  const by = `${str(other.kind)} ${quote(str(own(other.metadata, 'name')))} in namespace ${quote(nsOf(other, ctx))}`;
  report(
    ctx,
    'CREDENTIALS_ONLY_ELSEWHERE',
    o,
    field,
    `Image ${quote(image.name)} is pulled with credentials by ${by}, but this pod has none for it. Since Kubernetes 1.35 (KubeletEnsureSecretPulledImages) the kubelet checks a pod's own credentials even when the image is on the node: unless the image is public, this pod fails with ErrImagePull on every node (before 1.35 it started only where another pod had pulled the image).`,
    `Give the pod a pull secret for ${quote(image.domain)} in namespace ${quote(ns)} (its imagePullSecrets or its ServiceAccount's). ${regcredInNamespace(ns)}`,
  );
  return true;
}

/** How each of regcred's tools puts a pull secret into namespace `ns`. */
function regcredInNamespace(ns: string): string {
  return `With regcred: in cdk8s, the secret follows the pods it wires into their namespaces, so make sure it wires this workload (the same chart, or wireTo); in Pulumi, add ${quote(ns)} to the component's namespaces; on the command line, regcred secret … --namespace ${ns}.`;
}

/**
 * A pod without credentials for an image that a Secret of another namespace covers: a pod can use
 * only the Secrets of its own namespace, so it pulls anonymously (a second chart of a cdk8s app,
 * say, that the secret's own chart does not reach).
 */
export function secretInOtherNamespace(ctx: Context, o: KubeObject, field: string, image: ImageReference): void {
  const ns = nsOf(o, ctx);
  for (const [other, secrets] of [...ctx.pullSecretsByNamespace].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (other === ns) continue;
    const matching = namespaceKeyring(ctx, other).secretsMatching(image.name);
    const secret = secrets.find((s) => matching.has(s.metadata.name));
    if (!secret) continue;
    report(
      ctx,
      'PULL_SECRET_IN_OTHER_NAMESPACE',
      o,
      field,
      `Secret ${quote(secret.metadata.name)} in namespace ${quote(other)} has credentials for ${quote(image.name)}, but a pod can use only the Secrets of its own namespace (${quote(ns)}), and this pod has none for it: the pull goes out anonymously and fails unless the image is public.`,
      `Create a pull secret for ${quote(image.domain)} in namespace ${quote(ns)} and list it. ${regcredInNamespace(ns)}`,
    );
    return;
  }
}

/** Reports the secrets of the pod's namespace that match the image but that the pod does not list; whether any did. */
function unreferencedMatch(
  ctx: Context,
  o: KubeObject,
  field: string,
  image: ImageReference,
  names: string[],
): boolean {
  const ns = nsOf(o, ctx);
  const matching = namespaceKeyring(ctx, ns).secretsMatching(image.name);
  if (matching.size === 0) return false;
  let reported = false;
  for (const s of ctx.pullSecretsByNamespace.get(ns) ?? []) {
    if (names.includes(s.metadata.name) || !matching.has(s.metadata.name)) continue;
    report(
      ctx,
      'UNREFERENCED_MATCHING_SECRET',
      o,
      field,
      `Secret ${quote(s.metadata.name)} in namespace ${quote(ns)} has credentials for ${quote(image.name)}, but the pod does not reference it. Since Kubernetes 1.35 the kubelet checks the pod's own credentials even when the image is on the node, so the pod cannot start from another pod's pull.`,
      `Add { name: ${quote(s.metadata.name)} } to the pod's imagePullSecrets.`,
      { secret: s.metadata.name },
    );
    reported = true;
  }
  return reported;
}
