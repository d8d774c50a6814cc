/** The manifests that make a pull Secret through the External Secrets Operator. */
import { RegcredIssue, isRecord, quote, requireProps } from '../errors';
import { namespaceProblems, secretNameProblems } from '../pull-secret-manifest';
import { encodeRegistriesAnnotation } from '../private/registries-annotation';
import { REGISTRIES_ANNOTATION } from '../sealed-secret';
import { check } from './_rules';
import { ExternalCredentials } from './external-credentials';
import { EXTERNAL_SECRETS_API_VERSION, ExternalCredentialsSource } from './source';

/**
 * The apiVersion and kind of the object that makes the pull Secret: a ClusterExternalSecret when
 * namespaces are chosen by label, else an ExternalSecret.
 */
export function externalSecretKind(cluster: boolean): { apiVersion: string; kind: string } {
  return { apiVersion: EXTERNAL_SECRETS_API_VERSION, kind: cluster ? 'ClusterExternalSecret' : 'ExternalSecret' };
}

/** The problem with `credentials` that is not an {@link ExternalCredentials}, naming its factories. */
export function externalCredentialsProblems(credentials: unknown): RegcredIssue[] {
  if (ExternalCredentials.isExternalCredentials(credentials)) return [];
  const factories = [
    'fromStore',
    ...Object.values(ExternalCredentialsSource).filter((s) => s !== ExternalCredentialsSource.STORE),
  ];
  return [
    {
      field: 'credentials',
      message: `'credentials' must be made with ExternalCredentials.${factories.map((f) => `${f}()`).join(', ')}.`,
    },
  ];
}

/**
 * The {@link ExternalCredentials} factory named by `source`, called with `props` (how callers that
 * hold the source as data, such as Pulumi programs in other languages, make them).
 */
export function externalCredentialsFrom(source: ExternalCredentialsSource, props: never): ExternalCredentials {
  switch (source) {
    case ExternalCredentialsSource.STORE:
      return ExternalCredentials.fromStore(props);
    case ExternalCredentialsSource.ELASTIC_CONTAINER_REGISTRY:
      return ExternalCredentials.elasticContainerRegistry(props);
    case ExternalCredentialsSource.GOOGLE_ARTIFACT_REGISTRY:
      return ExternalCredentials.googleArtifactRegistry(props);
    case ExternalCredentialsSource.AZURE_CONTAINER_REGISTRY:
      return ExternalCredentials.azureContainerRegistry(props);
    case ExternalCredentialsSource.GITHUB:
      return ExternalCredentials.github(props);
    case ExternalCredentialsSource.QUAY:
      return ExternalCredentials.quay(props);
    case ExternalCredentialsSource.GITLAB_DEPLOY_TOKEN:
      return ExternalCredentials.gitlabDeployToken(props);
  }
}

/** Labels and annotations for the Secret the operator makes. */
export interface TemplateMetadata {
  /**
   * Labels.
   * @default - none
   */
  readonly labels?: Record<string, string>;
  /**
   * Annotations.
   * @default - none
   */
  readonly annotations?: Record<string, string>;
}

/** Input of {@link externalPullSecretManifests}. */
export interface ExternalPullSecretOptions {
  /** The name of the Secret the operator makes (and of the ExternalSecret). */
  readonly name: string;
  /**
   * The namespace of the ExternalSecret, its generator and the Secret.
   * @default - no namespace in the manifests (the one applied to)
   */
  readonly namespace?: string;
  /** Where the credentials come from. */
  readonly credentials: ExternalCredentials;
  /**
   * Namespaces by label, for one ClusterExternalSecret (and a ClusterGenerator) instead of a
   * namespaced ExternalSecret: the operator makes the Secret in each matching namespace.
   * @default - one ExternalSecret in `namespace`
   */
  readonly namespaceSelector?: Readonly<Record<string, string>>;
  /**
   * Labels for every object and the Secret.
   * @default - none
   */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * The External Secrets Operator objects that make an image pull Secret:
 * the ExternalSecret (or ClusterExternalSecret) whose template renders a
 * `.dockerconfigjson` the kubelet reads, and the token generator object when
 * a generator makes the token. The registry keys travel in the annotation
 * `regcred.io/registries` for `regcred check`.
 */
export function externalPullSecretManifests(options: ExternalPullSecretOptions): Array<Record<string, unknown>> {
  requireProps(options, 'externalPullSecretManifests', '{ name, credentials: ExternalCredentials.fromStore({ … }) }');
  const issues: RegcredIssue[] = [];
  for (const p of secretNameProblems(options.name)) issues.push(p);
  issues.push(...externalCredentialsProblems(options.credentials));
  if (
    options.namespaceSelector !== undefined &&
    isRecord(options.namespaceSelector) &&
    Object.keys(options.namespaceSelector).length === 0
  ) {
    issues.push({
      field: 'namespaceSelector',
      message: `'namespaceSelector' must hold at least one label, such as { 'pulls-from': 'gitlab' }.`,
    });
  }
  for (const field of ['namespaceSelector', 'labels'] as const) {
    const v: unknown = options[field];
    if (v !== undefined && (!isRecord(v) || Object.values(v).some((x) => typeof x !== 'string'))) {
      issues.push({ field, message: `'${field}' must be an object of string labels, such as { team: 'shop' }.` });
    }
  }
  if (options.namespace !== undefined) {
    if (typeof options.namespace !== 'string' || options.namespace === '') {
      issues.push({
        field: 'namespace',
        message: `'namespace' must be a non-empty string, got ${quote(options.namespace)}.`,
      });
    } else issues.push(...namespaceProblems(options.namespace));
  }
  check(issues);
  const c = options.credentials;
  const labels = options.labels ? { ...options.labels } : undefined;
  const annotations = { [REGISTRIES_ANNOTATION]: encodeRegistriesAnnotation(c.registries) };
  const cluster = options.namespaceSelector !== undefined;
  const generator = c._generatorObject(
    `${options.name}-token`,
    cluster ? undefined : (options.namespace ?? ''),
    labels,
  );
  const generatorRef = generator ? { name: `${options.name}-token`, kind: generator.kind as string } : undefined;
  const spec = c._externalSecretSpec(options.name, generatorRef, labels ? { labels } : {});
  const metadata = { name: options.name, ...(labels ? { labels } : {}), annotations };
  const main = cluster
    ? {
        ...externalSecretKind(true),
        metadata,
        spec: {
          externalSecretName: options.name,
          namespaceSelectors: [{ matchLabels: { ...options.namespaceSelector } }],
          refreshTime: c.refreshInterval,
          externalSecretSpec: spec,
        },
      }
    : {
        ...externalSecretKind(false),
        metadata: { ...metadata, ...(options.namespace ? { namespace: options.namespace } : {}) },
        spec,
      };
  return generator ? [generator, main] : [main];
}
