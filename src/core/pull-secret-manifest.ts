import { RegcredError, RegcredIssue, quote, typeName } from './errors';
import { expiryAnnotations } from './expiry';
import { RegistryCredentials } from './registry-credentials';
import { renderDockerConfigJson, renderDockercfg } from './render';
import { DOCKERCFG_TYPE, DOCKER_CONFIG_JSON_TYPE } from './resolve-pull-credentials';
import type { KubeObject } from './pod-specs';

/** The API server's limit on the sum of a Secret's data sizes (`core.MaxSecretSize`). */
export const MAX_SECRET_SIZE = 1024 * 1024;

/** The two Secret formats the kubelet reads. */
export enum PullSecretFormat {
  /** `kubernetes.io/dockerconfigjson` with `.dockerconfigjson` (what kubectl writes). */
  DOCKER_CONFIG_JSON = 'dockerconfigjson',
  /** The legacy `kubernetes.io/dockercfg` with `.dockercfg`. */
  DOCKERCFG = 'dockercfg',
}

/** Input of {@link pullSecretManifest}. */
export interface PullSecretManifestOptions {
  /** The Secret's name (a DNS-1123 subdomain). */
  readonly name: string;
  /**
   * The Secret's namespace. It must be the namespace of the pods that use it.
   * @default - no namespace in the manifest (the one applied to)
   */
  readonly namespace?: string;
  /** The credentials, one per registry key. */
  readonly credentials: RegistryCredentials[];
  /**
   * The payload format.
   * @default PullSecretFormat.DOCKER_CONFIG_JSON
   */
  readonly format?: PullSecretFormat;
  /**
   * Labels for the Secret.
   * @default - none
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Annotations for the Secret. `regcred.io/expires-at` is added for
   * credentials with `expiresAt`.
   * @default - none
   */
  readonly annotations?: Readonly<Record<string, string>>;
}

/**
 * A plain v1 Secret object.
 *
 * It is a `KubeObject`, so it can be passed to `checkManifests` with the rest of a manifest set.
 *
 * @jsii ignore a JSON object in jsii's languages.
 */
export interface PullSecretManifest extends KubeObject {
  readonly apiVersion: 'v1';
  readonly kind: 'Secret';
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly labels?: Record<string, string>;
    readonly annotations?: Record<string, string>;
  };
  readonly type: string;
  readonly data: Record<string, string>;
}

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Problems with a Secret name (DNS-1123 subdomain, at most 253 characters). */
export function secretNameProblems(name: string, field = 'name'): RegcredIssue[] {
  if (typeof name !== 'string' || name.length === 0) {
    return [{ field, message: `'${field}' is empty. Give the Secret a name such as "gitlab-pull".` }];
  }
  if (name.length > 253 || !DNS1123_SUBDOMAIN.test(name)) {
    const suggestion = name
      .toLowerCase()
      .replace(/[^-a-z0-9.]+/g, '-')
      .replace(/^[-.]+|[-.]+$/g, '')
      .slice(0, 253);
    return [
      {
        field,
        message:
          `'${field}' ${quote(name)} is not a valid Secret name: it must be a DNS-1123 subdomain ` +
          `(lowercase letters, digits, "-" and ".", starting and ending with a letter or digit, at most 253 characters). ` +
          (suggestion ? `Use ${quote(suggestion)}.` : 'Use a name such as "gitlab-pull".'),
      },
    ];
  }
  return [];
}

/** Problems with a namespace name (DNS-1123 label, at most 63 characters). */
export function namespaceProblems(namespace: string, field = 'namespace'): RegcredIssue[] {
  if (typeof namespace === 'string' && namespace.length <= 63 && DNS1123_LABEL.test(namespace)) return [];
  return [
    {
      field,
      message: `'${field}' ${typeof namespace === 'string' ? quote(namespace) : `(${typeName(namespace)})`} is not a valid namespace: it must be a DNS-1123 label (lowercase letters, digits and "-", at most 63 characters).`,
    },
  ];
}

/** The payload of a pull Secret in `format`: the `.dockerconfigjson`, or the legacy `.dockercfg`. */
export function renderPayload(credentials: readonly RegistryCredentials[], format: PullSecretFormat): string {
  return format === PullSecretFormat.DOCKERCFG ? renderDockercfg(credentials) : renderDockerConfigJson(credentials);
}

/** Problems with a pull Secret format. */
function formatProblems(format: unknown): RegcredIssue[] {
  if (format === PullSecretFormat.DOCKER_CONFIG_JSON || format === PullSecretFormat.DOCKERCFG) return [];
  return [
    {
      field: 'format',
      message: `'format' ${typeof format === 'string' ? quote(format) : `(${typeName(format)})`} is not a pull secret format. Use PullSecretFormat.DOCKER_CONFIG_JSON ("dockerconfigjson") or PullSecretFormat.DOCKERCFG ("dockercfg").`,
    },
  ];
}

/** What a pull Secret holds apart from its name and namespace. */
export interface PullSecretBody {
  readonly metadata: {
    readonly labels?: Record<string, string>;
    readonly annotations?: Record<string, string>;
  };
  readonly type: string;
  readonly data: Record<string, string>;
}

/**
 * The type, data, labels and annotations of a pull Secret of `options` (its name and namespace
 * are the caller's): for adapters whose framework names the object.
 *
 * @throws RegcredError for no credentials, two credentials for one registry key, a payload the API server refuses, or a bad format
 */
export function pullSecretBody(options: Omit<PullSecretManifestOptions, 'name' | 'namespace'>): PullSecretBody {
  const format = options.format ?? PullSecretFormat.DOCKER_CONFIG_JSON;
  const problems = formatProblems(format);
  if (problems.length > 0) throw new RegcredError('INVALID_ARGUMENT', problems);
  const legacy = format === PullSecretFormat.DOCKERCFG;
  const payload = renderPayload(options.credentials, format);
  const size = Buffer.byteLength(payload, 'utf8');
  if (size > MAX_SECRET_SIZE) {
    throw new RegcredError('INVALID_CREDENTIALS', {
      field: 'credentials',
      message: `'credentials' make a payload of ${size} bytes; the API server rejects a Secret holding more than ${MAX_SECRET_SIZE} bytes (the rule regcred check reports as SECRET_INVALID). A registry token is far shorter: check what was passed as the token.`,
    });
  }
  const annotations = { ...expiryAnnotations(options.credentials), ...(options.annotations ?? {}) };
  return {
    metadata: {
      ...(options.labels ? { labels: sortedRecord(options.labels) } : {}),
      ...(Object.keys(annotations).length > 0 ? { annotations: sortedRecord(annotations) } : {}),
    },
    type: legacy ? DOCKERCFG_TYPE : DOCKER_CONFIG_JSON_TYPE,
    data: { [legacy ? '.dockercfg' : '.dockerconfigjson']: Buffer.from(payload, 'utf8').toString('base64') },
  };
}

/**
 * A plain v1 Secret holding the credentials in the format the kubelet reads.
 * The same input always gives the same object.
 *
 * @throws RegcredError for an invalid name or namespace, no credentials, or two credentials for one registry key
 * @see https://kubernetes.io/docs/tasks/configure-pod-container/pull-image-private-registry/
 */
export function pullSecretManifest(options: PullSecretManifestOptions): PullSecretManifest {
  const issues = [
    ...secretNameProblems(options.name),
    ...(options.namespace !== undefined ? namespaceProblems(options.namespace) : []),
    ...formatProblems(options.format ?? PullSecretFormat.DOCKER_CONFIG_JSON),
  ];
  if (issues.length > 0) throw new RegcredError('INVALID_ARGUMENT', issues);
  const body = pullSecretBody(options);
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: options.name,
      ...(options.namespace !== undefined ? { namespace: options.namespace } : {}),
      ...body.metadata,
    },
    type: body.type,
    data: body.data,
  };
}

function sortedRecord(r: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
