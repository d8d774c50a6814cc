import { RegcredError, RegcredIssue, isRecord, own, quote, typeName } from '../errors';
import { objectShapeProblems } from './object-shape';
import { ImageReference, parseImageReference } from '../image-reference';
import { KubeObject, LocalObjectReference, containerImages, findPodSpecs, pullSecretRefs } from '../pod-specs';
import { DockerKeyring } from '../keyring';
import { SecretObject, readPullSecretPayload } from '../resolve-pull-credentials';
import { apiServerSecretProblems } from '../secret-validation';
import { EXPIRES_AT_ANNOTATION, judgeExpiry, parseExpiryAnnotation } from '../expiry';
import {
  DIAGNOSTIC_CODES,
  Diagnostic,
  DiagnosticCode,
  DiagnosticCodeName,
  DiagnosticObject,
  Severity,
} from './diagnostic';
import { nearestMiss } from './near-miss';
import { SecretFindings, isPullSecretType, secretFindings } from './secret-findings';
import { providedSecrets } from './secret-providers';

/** Options of {@link checkManifests}. */
export interface CheckOptions {
  /**
   * The namespace of objects whose manifest names none (the one they are applied to).
   * @default 'default'
   */
  readonly defaultNamespace?: string;
  /**
   * The current time; with it, secrets whose `regcred.io/expires-at` has passed
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

interface Context {
  readonly out: Diagnostic[];
  readonly secrets: Map<string, SecretObject & { metadata: { name: string } }>;
  readonly serviceAccounts: Map<string, KubeObject>;
  readonly findings: Map<SecretObject, SecretFindings>;
  readonly referenced: Set<SecretObject>;
  readonly defaultNamespace: string;
  readonly options: CheckOptions;
  /** Keyrings by the identity of the secrets they were built from (pods share them). */
  readonly keyrings: Map<string, DockerKeyring>;
  readonly secretIds: Map<SecretObject, number>;
  readonly images: Map<string, ImageReference | RegcredError>;
  /** Secrets with fields of the wrong type: the API server refuses them; pods that use them cannot pull. */
  readonly malformed: Map<SecretObject, RegcredIssue[]>;
  /** A keyring of all readable pull secrets per namespace. */
  readonly namespaceKeyrings: Map<string, DockerKeyring>;
  /** Namespaces of the secrets of each name, for the secret-in-another-namespace search. */
  readonly namespacesByName: Map<string, string[]>;
  /** Docker-type secrets with a usable payload, by namespace, for the unreferenced-secret search. */
  readonly pullSecretsByNamespace: Map<string, Array<SecretObject & { metadata: { name: string } }>>;
  /** Images that some pod pulls with credentials (name without tag), and the first such pod. */
  readonly credentialed: Map<string, KubeObject>;
  /** Images some pod pulls without credentials, reported once every pod is seen. */
  /** Images of pods with no credentials for them; `listsSecrets`: the pod names pull secrets (none of them match). */
  readonly uncredentialed: Array<{ o: KubeObject; field: string; image: ImageReference; listsSecrets: boolean }>;
  /** The Secrets that SealedSecrets and ExternalSecrets will make, and the object that makes each. */
  readonly providerOf: Map<KubeObject, KubeObject>;
  /** Provided Secrets whose registry keys cannot be known: they may match any image. */
  readonly unknownRegistries: Set<SecretObject>;
  /** Secrets a ClusterExternalSecret makes in namespaces the manifests do not show, by name. */
  readonly anyNamespace: Map<string, SecretObject & { metadata: { name: string } }>;
}

/** A string field of untrusted data, or '' (objects with wrong types are reported before anything reads them). */
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const nsOf = (o: KubeObject, ctx: Context): string => str(own(o.metadata, 'namespace')) || ctx.defaultNamespace;
const keyOf = (ns: string, name: string): string => `${ns}/${name}`;

function objectOf(o: KubeObject, ctx: Context): DiagnosticObject {
  return { kind: str(own(o, 'kind')), namespace: nsOf(o, ctx), name: str(own(o.metadata, 'name')) };
}

function report(
  ctx: Context,
  code: DiagnosticCodeName,
  o: KubeObject,
  field: string,
  message: string,
  fix: string,
  severity: Severity = DIAGNOSTIC_CODES[code].severity,
): void {
  ctx.out.push({
    code: code as DiagnosticCode,
    severity,
    object: objectOf(ctx.providerOf.get(o) ?? o, ctx),
    field,
    message,
    fix,
  });
}

/**
 * The keyring of readable secrets, in order; built once per distinct list
 * (the kubelet builds one per pod, but pods share their secrets).
 */
function keyringOf(ctx: Context, secrets: readonly SecretObject[]): DockerKeyring {
  const key = secrets
    .map((s) => {
      let id = ctx.secretIds.get(s);
      if (id === undefined) {
        id = ctx.secretIds.size;
        ctx.secretIds.set(s, id);
      }
      return id;
    })
    .join(',');
  let keyring = ctx.keyrings.get(key);
  if (!keyring) {
    keyring = new DockerKeyring();
    for (const s of secrets) {
      const p = findingsOf(ctx, s).payload;
      if (p?.used) keyring.add(p.entries, s.metadata?.name);
    }
    ctx.keyrings.set(key, keyring);
  }
  return keyring;
}

function imageOf(ctx: Context, image: string, field: string): ImageReference | RegcredError {
  let ref = ctx.images.get(image);
  if (!ref) {
    try {
      ref = parseImageReference(image, field);
    } catch (e) {
      if (!RegcredError.isRegcredError(e)) throw e;
      ref = e;
    }
    ctx.images.set(image, ref);
  }
  return ref;
}

function findingsOf(ctx: Context, s: SecretObject): SecretFindings {
  let f = ctx.findings.get(s);
  if (!f) {
    const malformed = ctx.malformed.get(s);
    f = malformed
      ? {
          unreadable: `Secret ${quote(str(own(s.metadata, 'name')))} cannot be created: ${malformed.map((i) => i.message).join(' ')} The API server rejects it, so the kubelet never sees it.`,
          entryProblems: [],
        }
      : secretFindings(s);
    ctx.findings.set(s, f);
  }
  return f;
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
  };
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
  for (const o of checkable) checkPodBearing(ctx, o);
  for (const u of ctx.uncredentialed)
    if (!credentialsOnlyElsewhere(ctx, u.o, u.field, u.image) && !u.listsSecrets)
      secretInOtherNamespace(ctx, u.o, u.field, u.image);
  for (const s of ctx.secrets.values()) checkSecret(ctx, s);
  for (const s of ctx.anyNamespace.values()) checkSecret(ctx, s);
  return ctx.out;
}

const TEMPLATE_FIX =
  'Write each value through toJson and auth through b64enc, as regcred does: {"auths":{"REGISTRY":{"username":{{ .username | toJson }},"password":{{ .password | toJson }},"auth":{{ printf "%s:%s" .username .password | b64enc | toJson }}}}}, or let regcred write the ExternalSecret (ExternalCredentials).';

/** Indexes a Secret (or a Secret a provider will make) by namespace and name. */
function addSecret(ctx: Context, secret: SecretObject & { metadata: { name: string } }): void {
  const ns = nsOf(secret as KubeObject, ctx);
  const name = secret.metadata.name;
  ctx.secrets.set(keyOf(ns, name), secret);
  const namespaces = ctx.namespacesByName.get(name);
  if (namespaces) namespaces.push(ns);
  else ctx.namespacesByName.set(name, [ns]);
  if (ctx.malformed.has(secret) || !isPullSecretType(secret)) return;
  const list = ctx.pullSecretsByNamespace.get(ns);
  if (list) list.push(secret);
  else ctx.pullSecretsByNamespace.set(ns, [secret]);
}

function checkSecret(ctx: Context, s: SecretObject & { metadata: { name: string } }): void {
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

function checkExpiry(ctx: Context, s: SecretObject & { metadata: { name: string } }): void {
  const now = ctx.options.now;
  const value = own(own(s.metadata, 'annotations'), EXPIRES_AT_ANNOTATION);
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
function registryOf(s: SecretObject): string {
  try {
    const p = readPullSecretPayload(s);
    return p.used ? p.entries.map(([k]) => k).join(', ') : '';
  } catch {
    return '';
  }
}

const EMPTY_FIX = 'Recreate it with kubectl create secret docker-registry --docker-server=… or regcred secret.';

function checkPodBearing(ctx: Context, o: KubeObject): void {
  for (const { path, spec } of findPodSpecs(o)) {
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
        );
      } else if (f.emptyReason && !ctx.unknownRegistries.has(secret)) {
        report(
          ctx,
          'PULL_SECRET_EMPTY',
          o,
          refField(i),
          `Secret ${label} holds no credentials: ${f.emptyReason}.`,
          EMPTY_FIX,
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
        refs.filter((r) => r.name).map((r) => r.name),
        usable,
      );
  }
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
      Severity.ERROR,
    );
  } else {
    report(
      ctx,
      'PULL_SECRET_NOT_FOUND',
      o,
      field,
      `Secret ${quote(name)} is not among these manifests in namespace ${quote(ns)}; if it does not exist in the cluster, the kubelet skips it, and since Kubernetes 1.35 the pod may not use an image on the node that was pulled with credentials (a Secret deleted during a rotation).`,
      `Make sure secret ${quote(name)} exists in namespace ${quote(ns)}.`,
    );
  }
}

function checkImages(ctx: Context, o: KubeObject, names: string[], usable: SecretObject[]): void {
  const unmatched: Array<{ field: string; image: ImageReference; raw: string }> = [];
  let anyMatched = false;
  for (const { field, image } of containerImages(o)) {
    const ref = imageOf(ctx, image, field);
    if (RegcredError.isRegcredError(ref)) {
      report(ctx, 'INVALID_IMAGE', o, field, ref.message.replace(/^'[^']*'/, `'${field}'`), 'Fix the image reference.');
      continue;
    }
    if (usable.some((s) => ctx.unknownRegistries.has(s))) anyMatched = true;
    else if (usable.length > 0 && keyringOf(ctx, usable).lookup(ref.name).found) {
      anyMatched = true;
      if (!ctx.credentialed.has(ref.name)) ctx.credentialed.set(ref.name, o);
    } else unmatched.push({ field, image: ref, raw: image });
  }
  for (const u of unmatched) {
    const keys = usable.flatMap((s) => {
      const p = findingsOf(ctx, s).payload;
      return p?.used ? p.entries.map(([k]) => ({ key: k, secret: s.metadata?.name ?? '' })) : [];
    });
    const nearest = nearestMiss(keys, u.image);
    const noMatch = nearest !== undefined && (!anyMatched || nearest.miss.near);
    if (nearest && noMatch) {
      report(
        ctx,
        'NO_MATCHING_CREDENTIALS',
        o,
        u.field,
        `Image ${quote(u.raw)} (looked up as ${quote(u.image.name)}) matches none of the pod's pull secrets (${names.map((n) => quote(n)).join(', ')}); the pull goes out anonymously. Nearest miss: secret ${quote(nearest.secret)}, ${nearest.miss.reason}.`,
        nearest.miss.fix,
      );
    }
    if (!unreferencedMatch(ctx, o, u.field, u.image, names) && !noMatch)
      ctx.uncredentialed.push({ o, ...u, listsSecrets: names.length > 0 });
  }
}

/**
 * KEP-2535 (KubeletEnsureSecretPulledImages, on by default since 1.35): a pod
 * may use an image on the node that another pod pulled with credentials only
 * with matching credentials of its own; otherwise the kubelet pulls again
 * with the pod's (none), which fails unless the image is public.
 */
function credentialsOnlyElsewhere(ctx: Context, o: KubeObject, field: string, image: ImageReference): boolean {
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
    `Give the pod a pull secret for ${quote(image.domain)} in namespace ${quote(ns)} (its imagePullSecrets or its ServiceAccount's); with regcred, add ${quote(ns)} to the secret's namespaces.`,
  );
  return true;
}

/**
 * A pod without credentials for an image that a Secret of another namespace covers: a pod can use
 * only the Secrets of its own namespace, so it pulls anonymously (a second chart of a cdk8s app,
 * say, that the secret's own chart does not reach).
 */
function secretInOtherNamespace(ctx: Context, o: KubeObject, field: string, image: ImageReference): void {
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
      `Create a pull secret for ${quote(image.domain)} in namespace ${quote(ns)} and list it (regcred: add ${quote(ns)} to the secret's namespaces; with cdk8s, a regcred secret in the workload's own chart).`,
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
    );
    reported = true;
  }
  return reported;
}

/** One keyring of every readable pull secret of a namespace, to find which secrets match an image in one lookup. */
function namespaceKeyring(ctx: Context, ns: string): DockerKeyring {
  let keyring = ctx.namespaceKeyrings.get(ns);
  if (!keyring) {
    keyring = new DockerKeyring();
    for (const s of ctx.pullSecretsByNamespace.get(ns) ?? []) {
      const f = findingsOf(ctx, s);
      if (!f.unreadable && f.payload?.used) keyring.add(f.payload.entries, s.metadata.name);
    }
    ctx.namespaceKeyrings.set(ns, keyring);
  }
  return keyring;
}
