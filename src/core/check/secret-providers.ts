/**
 * Objects that make a Secret in the cluster from something else: a
 * SealedSecret (Sealed Secrets controller), an ExternalSecret or a
 * ClusterExternalSecret (External Secrets Operator), a Secret encrypted with
 * SOPS (Flux's kustomize-controller). `regcred check` sees each
 * as the Secret it will become: its name, namespace(s), type and data keys,
 * and the registry keys of its payload where they can be known (from the
 * `regcred.io/registries` annotation regcred writes, or from the literal keys
 * of a template).
 */
import { isRecord, own } from '../errors';
import type { Severity } from './diagnostic';
import { TemplatePiece, templatePieces } from './go-template';
import { selectsLabels } from './label-selector';
import { KubeObject } from '../pod-specs';
import { DOCKERCFG_TYPE, DOCKER_CONFIG_JSON_TYPE, SecretObject } from '../resolve-pull-credentials';
import { decodeRegistriesAnnotation } from '../private/registries-annotation';
import { REGISTRIES_ANNOTATION } from '../sealed-secret';
import { isSopsSecret, sopsSecret } from './sops-secrets';

/** The Secret a provider object will make, as check reads it. */
export interface ProvidedSecret {
  readonly secret: SecretObject & { metadata: { name: string; namespace: string } };
  /** The registry keys are unknown (a sealed payload without annotation, a key a template computes). */
  readonly unknownRegistries: boolean;
}

/** A problem with the provider object itself (reported on it). */
export interface ProviderProblem {
  /** @default 'TEMPLATE_INVALID' */
  readonly code?: 'TEMPLATE_INVALID' | 'SOPS_SECRET_INVALID' | 'SOPS_PAYLOAD_NOT_VERIFIED';
  readonly field: string;
  readonly message: string;
  /** @default - the code's fix for templates */
  readonly fix?: string;
  /** @default - the code's severity */
  readonly severity?: Severity;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const PLACEHOLDER = Buffer.from('provided:provided').toString('base64');

/** The payload check uses for a provided pull secret: each registry key with a placeholder credential. */
function placeholderPayload(type: string, registries: readonly string[]): string {
  const auths = Object.fromEntries(
    registries.map((r) => [r, { username: 'provided', password: 'provided', auth: PLACEHOLDER }]),
  );
  return Buffer.from(JSON.stringify(type === DOCKERCFG_TYPE ? auths : { auths }), 'utf8').toString('base64');
}

const payloadKeyOf = (type: string): string | undefined =>
  type === DOCKER_CONFIG_JSON_TYPE ? '.dockerconfigjson' : type === DOCKERCFG_TYPE ? '.dockercfg' : undefined;

export function providedSecret(
  name: string,
  namespace: string,
  type: string,
  dataKeys: readonly string[],
  registries: readonly string[] | undefined,
  metadata: unknown,
): ProvidedSecret {
  const payloadKey = payloadKeyOf(type);
  const data: Record<string, string> = {};
  for (const k of dataKeys)
    data[k] =
      k === payloadKey ? placeholderPayload(type, registries ?? []) : Buffer.from('provided').toString('base64');
  const annotations = own(metadata, 'annotations');
  return {
    secret: {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name, namespace, ...(isRecord(annotations) ? { annotations } : {}) },
      type,
      data,
    },
    unknownRegistries: registries === undefined,
  };
}

export function annotatedRegistries(o: KubeObject): string[] | undefined {
  const value = own(own(o.metadata, 'annotations'), REGISTRIES_ANNOTATION);
  if (typeof value !== 'string') return undefined;
  return decodeRegistriesAnnotation(value);
}

const isGroup = (o: KubeObject, group: string): boolean => str(o.apiVersion).startsWith(`${group}/`);

/** What a SealedSecret unseals to. */
function sealedSecret(o: KubeObject, namespace: string): ProvidedSecret[] {
  const spec = own(o, 'spec');
  const template = own(spec, 'template');
  const type = str(own(template, 'type')) || 'Opaque';
  const encrypted = own(spec, 'encryptedData');
  const templated = own(template, 'data');
  const keys = [
    ...(isRecord(encrypted) ? Object.keys(encrypted) : []),
    ...(isRecord(templated) ? Object.keys(templated) : []),
  ];
  return [
    providedSecret(
      str(own(o.metadata, 'name')),
      namespace,
      type,
      keys,
      annotatedRegistries(o),
      own(template, 'metadata'),
    ),
  ];
}

/** What an action escaped with toJson renders as in the hostile rendering: a JSON string no registry key holds. */
const ACTION_VALUE = '\u0001regcred-action\u0001';
const ACTION_JSON = JSON.stringify(ACTION_VALUE);

/**
 * A template of the External Secrets Operator (engine v2, Go text/template) with every action that
 * writes a value replaced by what a hostile value renders as: a password holding `"`, `\` and a
 * newline, unless the action's last command escapes it (`toJson`, `toRawJson`, `toPrettyJson`:
 * a JSON string; `b64enc`: base64). Actions that write nothing (control, declarations, comments)
 * vanish. What a JSON parser makes of the result says whether the template renders valid JSON for
 * every value. `undefined` when an action or a string in one is not closed.
 */
export function hostileRendering(template: string): string | undefined {
  const pieces = templatePieces(template);
  return pieces && renderHostile(pieces);
}

function renderHostile(pieces: readonly TemplatePiece[]): string {
  let out = '';
  for (const p of pieces) {
    if ('text' in p) out += p.text;
    else if (p.writes === 'value') out += substitute(p.last);
  }
  return out;
}

function substitute(last: string): string {
  if (last === 'toJson' || last === 'toRawJson' || last === 'toPrettyJson') return ACTION_JSON;
  if (last === 'b64enc') return 'dj0=';
  return 'pass"word\\\n';
}

/**
 * The registry keys a `.dockerconfigjson`/`.dockercfg` template writes, or a problem with it.
 * No `registries` (unknown) when the whole payload, or a registry key, is written by an action.
 */
export function templatePayload(template: string, type: string): { registries?: string[]; problem?: string } {
  const pieces = templatePieces(template);
  if (!pieces) {
    return {
      problem:
        'has an action ("{{") or a string inside one that is not closed; the operator cannot render it. Close every "{{" with "}}" and every quote.',
    };
  }
  // The whole payload from one action (a store value, or regcred's own dict … | toJson): its keys are not visible.
  const values = pieces.filter((p) => !('text' in p) && p.writes === 'value');
  if (values.length === 1 && pieces.every((p) => !('text' in p) || p.text.trim() === '')) return {};
  const rendered = renderHostile(pieces);
  let doc: unknown;
  try {
    doc = JSON.parse(rendered);
  } catch {
    return {
      problem:
        'inserts values into JSON without escaping them: a username or password holding a quote, backslash or newline renders invalid JSON, which the kubelet cannot read. Build the payload with toJson (as regcred does).',
    };
  }
  if (doc === ACTION_VALUE) return {};
  const auths = type === DOCKER_CONFIG_JSON_TYPE ? own(doc, 'auths') : doc;
  if (!isRecord(auths)) {
    return {
      problem:
        type === DOCKER_CONFIG_JSON_TYPE
          ? 'renders no "auths" object; the kubelet reads no credentials from it.'
          : 'renders no object of registry keys; the kubelet reads no credentials from it.',
    };
  }
  const keys = Object.keys(auths);
  // A key an action writes is known only to the operator.
  if (keys.some((k) => k.includes(ACTION_VALUE))) return {};
  return { registries: keys };
}

/** What an ExternalSecret's spec makes: its target Secret (name, type, data keys, registries) and problems. */
function externalSpec(
  spec: unknown,
  fallbackName: string,
  field: string,
): { name: string; type: string; keys: string[]; registries?: string[]; problems: ProviderProblem[] } {
  const target = own(spec, 'target');
  const template = own(target, 'template');
  const type = str(own(template, 'type')) || 'Opaque';
  const name = str(own(target, 'name')) || fallbackName;
  const problems: ProviderProblem[] = [];
  const templateData = own(template, 'data');
  let registries: string[] | undefined;
  let keys: string[];
  if (isRecord(templateData)) {
    keys = Object.keys(templateData);
    const payloadKey = payloadKeyOf(type);
    const payload = payloadKey ? own(templateData, payloadKey) : undefined;
    if (typeof payload === 'string') {
      const r = templatePayload(payload, type);
      if (r.problem)
        problems.push({ field: `${field}.target.template.data[${payloadKey}]`, message: `The template ${r.problem}` });
      registries = r.registries;
    }
  } else {
    const data = own(spec, 'data');
    keys = Array.isArray(data) ? data.map((d) => str(own(d, 'secretKey'))).filter(Boolean) : [];
  }
  return { name, type, keys, ...(registries ? { registries } : {}), problems };
}

function namespacesOf(
  spec: unknown,
  namespaceLabels: ReadonlyMap<string, ReadonlyMap<string, string>>,
): string[] | undefined {
  const listed = own(spec, 'namespaces');
  const selectors = [
    own(spec, 'namespaceSelector'),
    ...(Array.isArray(own(spec, 'namespaceSelectors')) ? (own(spec, 'namespaceSelectors') as unknown[]) : []),
  ].filter(isRecord);
  const out = new Set(Array.isArray(listed) ? listed.map(str).filter(Boolean) : []);
  if (selectors.length > 0 && namespaceLabels.size === 0) return undefined;
  for (const sel of selectors) {
    for (const [ns, labels] of namespaceLabels) if (selectsLabels(sel, labels)) out.add(ns);
  }
  return [...out];
}

/**
 * The Secrets `o` makes if it is a SealedSecret, ExternalSecret,
 * ClusterExternalSecret or SOPS-encrypted Secret, with problems of the object; undefined for any other
 * object. `namespaceLabels` are the Namespace objects among the manifests, for
 * ClusterExternalSecret selectors (`undefined` namespaces: every namespace).
 */
export function providedSecrets(
  o: KubeObject,
  namespace: string,
  namespaceLabels: ReadonlyMap<string, ReadonlyMap<string, string>>,
): { secrets: ProvidedSecret[]; problems: ProviderProblem[]; anyNamespace?: boolean } | undefined {
  if (o.kind === 'SealedSecret' && isGroup(o, 'bitnami.com'))
    return { secrets: sealedSecret(o, namespace), problems: [] };
  if (isSopsSecret(o)) return sopsSecret(o, namespace);
  if (!isGroup(o, 'external-secrets.io')) return undefined;
  const metadataName = str(own(o.metadata, 'name'));
  if (o.kind === 'ExternalSecret') {
    const e = externalSpec(own(o, 'spec'), metadataName, 'spec');
    const registries = annotatedRegistries(o) ?? e.registries;
    return {
      secrets: [
        providedSecret(
          e.name,
          namespace,
          e.type,
          e.keys,
          registries,
          own(own(own(own(o, 'spec'), 'target'), 'template'), 'metadata'),
        ),
      ],
      problems: e.problems,
    };
  }
  if (o.kind === 'ClusterExternalSecret') {
    const spec = own(o, 'spec');
    const esName = str(own(spec, 'externalSecretName')) || metadataName;
    const e = externalSpec(own(spec, 'externalSecretSpec'), esName, 'spec.externalSecretSpec');
    const registries = annotatedRegistries(o) ?? e.registries;
    const namespaces = namespacesOf(spec, namespaceLabels);
    const template = own(own(own(spec, 'externalSecretSpec'), 'target'), 'template');
    return {
      secrets: (namespaces ?? ['']).map((ns) =>
        providedSecret(e.name, ns, e.type, e.keys, registries, own(template, 'metadata')),
      ),
      problems: e.problems,
      ...(namespaces === undefined ? { anyNamespace: true } : {}),
    };
  }
  return undefined;
}
