/** What one run of the manifest check knows, and how it reports. */
import { RegcredError, RegcredIssue, own, quote } from '../errors';
import { ImageReference, parseImageReference } from '../image-reference';
import { KubeObject } from '../pod-specs';
import { DockerKeyring } from '../keyring';
import { SecretObject } from '../resolve-pull-credentials';
import {
  DIAGNOSTIC_CODES,
  Diagnostic,
  DiagnosticCode,
  DiagnosticCodeName,
  DiagnosticObject,
  Severity,
} from './diagnostic';
import { SecretFindings, secretFindings } from './secret-findings';

import type { CheckOptions } from './check-manifests';
export interface Context {
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
  /** The position of each object in the checked list (the first, for an object given twice). */
  readonly indexOf: Map<KubeObject, number>;
}

/** A string field of untrusted data, or '' (objects with wrong types are reported before anything reads them). */
export const str = (v: unknown): string => (typeof v === 'string' ? v : '');
export const nsOf = (o: KubeObject, ctx: Context): string => namespaceOf(o, ctx.defaultNamespace);
const namespaceOf = (o: KubeObject, defaultNamespace: string): string =>
  str(own(o.metadata, 'namespace')) || defaultNamespace;
export const keyOf = (ns: string, name: string): string => `${ns}/${name}`;

export function objectOf(o: KubeObject, ctx: Context): DiagnosticObject {
  return identifyObject(o, ctx.defaultNamespace);
}

/** An object's kind, namespace and name as diagnostics name it ('' for what it lacks). */
export function identifyObject(o: KubeObject, defaultNamespace: string): DiagnosticObject {
  return { kind: str(own(o, 'kind')), namespace: namespaceOf(o, defaultNamespace), name: str(own(o.metadata, 'name')) };
}

/** What a finding says besides its code, object, field, message and fix. */
export interface ReportDetails {
  /** Instead of the code's default. */
  readonly severity?: Severity;
  /** The pull secret the finding names besides the object. */
  readonly secret?: string;
}

export function report(
  ctx: Context,
  code: DiagnosticCodeName,
  o: KubeObject,
  field: string,
  message: string,
  fix: string,
  details: ReportDetails = {},
): void {
  const about = ctx.providerOf.get(o) ?? o;
  ctx.out.push({
    code: code as DiagnosticCode,
    severity: details.severity ?? DIAGNOSTIC_CODES[code].severity,
    object: objectOf(about, ctx),
    objectIndex: ctx.indexOf.get(about) ?? -1,
    field,
    message,
    fix,
    ...(details.secret !== undefined ? { secret: details.secret } : {}),
  });
}

/**
 * The keyring of readable secrets, in order; built once per distinct list
 * (the kubelet builds one per pod, but pods share their secrets).
 */
export function keyringOf(ctx: Context, secrets: readonly SecretObject[]): DockerKeyring {
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

export function imageOf(ctx: Context, image: string, field: string): ImageReference | RegcredError {
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

export function findingsOf(ctx: Context, s: SecretObject): SecretFindings {
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

/** One keyring of every readable pull secret of a namespace, to find which secrets match an image in one lookup. */
export function namespaceKeyring(ctx: Context, ns: string): DockerKeyring {
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
