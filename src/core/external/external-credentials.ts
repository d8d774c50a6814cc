import { RegcredIssue, quote, requireProps } from '../errors';
import { AWS_REGION, check, duration, literalUsername, nonEmpty, registry, specOf } from './_rules';
import { gitlabDeployTokenParts } from './_gitlab';
import { dockerConfigJsonTemplate, externalSecretSpec, generatorObject } from './_render';
import type { TemplateMetadata } from './manifests';
import type { GeneratorProps, StoreCredentialsProps } from './props';
import { ExternalCredentialsSource, GENERATORS, GeneratedSource, SourceParts } from './source';
import { SecretStoreKind } from './store';

/**
 * Registry credentials that the External Secrets Operator fetches in the
 * cluster, from a secret store or a token generator. regcred writes the
 * ExternalSecret whose template renders the `.dockerconfigjson`.
 *
 * @see https://external-secrets.io/latest/guides/common-k8s-secret-types/#dockerconfigjson-example
 */
export class ExternalCredentials {
  private static readonly BRAND = Symbol.for('regcred.ExternalCredentials');

  /** True for any ExternalCredentials, also from another copy of regcred. */
  public static isExternalCredentials(x: unknown): x is ExternalCredentials {
    return typeof x === 'object' && x !== null && ExternalCredentials.BRAND in x;
  }

  /** Username and token from a SecretStore or ClusterSecretStore key. */
  public static fromStore(props: StoreCredentialsProps): ExternalCredentials {
    requireProps(props, 'ExternalCredentials.fromStore', '{ registry, store: { name }, key }');
    const issues: RegcredIssue[] = [];
    const key = registry(props.registry, 'registry', issues);
    const store = nonEmpty(props.store?.name, 'store.name', issues);
    const kind: unknown = props.store?.kind ?? SecretStoreKind.SECRET_STORE;
    if (kind !== SecretStoreKind.SECRET_STORE && kind !== SecretStoreKind.CLUSTER_SECRET_STORE) {
      issues.push({
        field: 'store.kind',
        message: `'store.kind' must be SecretStoreKind.SECRET_STORE ("SecretStore") or SecretStoreKind.CLUSTER_SECRET_STORE ("ClusterSecretStore"), got ${quote(kind as string)}.`,
      });
    }
    const path = nonEmpty(props.key, 'key', issues);
    const userProperty =
      props.username === undefined ? nonEmpty(props.usernameProperty ?? 'username', 'usernameProperty', issues) : '';
    const passwordProperty = nonEmpty(props.passwordProperty ?? 'password', 'passwordProperty', issues);
    if (props.username !== undefined) literalUsername(props.username, issues);
    duration(props.refreshInterval, 'refreshInterval', issues);
    check(issues);
    return new ExternalCredentials({
      registries: [key],
      username: props.username !== undefined ? { literal: props.username } : { data: 'username' },
      password: { data: 'password' },
      refreshInterval: props.refreshInterval ?? '1h',
      store: { name: store, kind: kind as SecretStoreKind, key: path, properties: [userProperty, passwordProperty] },
    });
  }

  /** Amazon ECR tokens from an `ECRAuthorizationToken` generator (`spec.region` required). */
  public static elasticContainerRegistry(props: GeneratorProps): ExternalCredentials {
    requireProps(props, 'ExternalCredentials.elasticContainerRegistry', "{ spec: { region: 'eu-west-1' } }");
    specOf(props);
    const issues: RegcredIssue[] = [];
    const region = nonEmpty(props.spec?.region, 'spec.region', issues);
    // The region becomes part of the registry key: only a region's shape can ever match an image.
    if (region && !AWS_REGION.test(region)) {
      issues.push({
        field: 'spec.region',
        message: `'spec.region' ${quote(region)} is not an AWS region such as "eu-west-1"; the registry key "*.dkr.ecr.<region>.amazonaws.com" made from it would match no image.`,
      });
    }
    const key =
      props.registry !== undefined ? registry(props.registry, 'registry', issues) : `*.dkr.ecr.${region}.amazonaws.com`;
    return ExternalCredentials.generated(issues, ExternalCredentialsSource.ELASTIC_CONTAINER_REGISTRY, props, {
      registries: [key],
      keyExpression: '.proxy_endpoint | trimPrefix "https://"',
      username: { data: 'username' },
      password: { data: 'password' },
    });
  }

  /** Google OAuth access tokens from a `GCRAccessToken` generator, for `registry` (required here). */
  public static googleArtifactRegistry(props: GeneratorProps): ExternalCredentials {
    requireProps(
      props,
      'ExternalCredentials.googleArtifactRegistry',
      "{ registry: 'europe-docker.pkg.dev', spec: { projectID, auth } }",
    );
    specOf(props);
    const issues: RegcredIssue[] = [];
    const key = registry(props.registry, 'registry', issues);
    nonEmpty(props.spec?.projectID, 'spec.projectID', issues);
    return ExternalCredentials.generated(issues, ExternalCredentialsSource.GOOGLE_ARTIFACT_REGISTRY, props, {
      registries: [key],
      username: { data: 'username' },
      password: { data: 'password' },
    });
  }

  /** Azure Container Registry tokens from an `ACRAccessToken` generator (`spec.registry` required). */
  public static azureContainerRegistry(props: GeneratorProps): ExternalCredentials {
    requireProps(
      props,
      'ExternalCredentials.azureContainerRegistry',
      "{ spec: { registry: 'acme.azurecr.io', auth } }",
    );
    specOf(props);
    const issues: RegcredIssue[] = [];
    const key = registry(
      props.registry ?? props.spec?.registry,
      props.registry !== undefined ? 'registry' : 'spec.registry',
      issues,
    );
    return ExternalCredentials.generated(issues, ExternalCredentialsSource.AZURE_CONTAINER_REGISTRY, props, {
      registries: [key],
      username: { data: 'username' },
      password: { data: 'password' },
    });
  }

  /** GitHub App installation tokens for ghcr.io from a `GithubAccessToken` generator. */
  public static github(props: GeneratorProps): ExternalCredentials {
    requireProps(props, 'ExternalCredentials.github', '{ spec: { appID, installID, auth } }');
    specOf(props);
    const issues: RegcredIssue[] = [];
    nonEmpty(props.spec?.appID, 'spec.appID', issues);
    nonEmpty(props.spec?.installID, 'spec.installID', issues);
    const key = props.registry !== undefined ? registry(props.registry, 'registry', issues) : 'ghcr.io';
    // The generator's one output is named "token"; ghcr.io takes any username with it.
    return ExternalCredentials.generated(issues, ExternalCredentialsSource.GITHUB, props, {
      registries: [key],
      username: { literal: 'x-access-token' },
      password: { data: 'token' },
    });
  }

  /** Quay robot account tokens by federation from a `QuayAccessToken` generator. */
  public static quay(props: GeneratorProps): ExternalCredentials {
    requireProps(props, 'ExternalCredentials.quay', '{ spec: { robotAccount, serviceAccountRef } }');
    specOf(props);
    const issues: RegcredIssue[] = [];
    nonEmpty(props.spec?.robotAccount, 'spec.robotAccount', issues);
    const url = typeof props.spec?.url === 'string' ? props.spec.url.replace(/^https:\/\//, '') : 'quay.io';
    const key = registry(props.registry ?? url, 'registry', issues);
    // The generator returns "registry" and "auth" (base64 of robot:token); the template splits it back.
    return ExternalCredentials.generated(issues, ExternalCredentialsSource.QUAY, props, {
      registries: [key],
      keyExpression: '.registry',
      prelude: '{{- $robot := splitn ":" 2 (b64dec .auth) -}}',
      username: { data: '$robot._0' },
      password: { data: '$robot._1' },
    });
  }

  /**
   * GitLab deploy tokens that the operator makes through GitLab's API with a `GitlabDeployToken`
   * generator, a new one each `refreshInterval`, revoking the one it replaced. No person handles
   * the deploy token. `spec` is the generator's: `projectID` or `groupID` (not both), `name`,
   * `scopes` (with `read_registry`), `auth.token.secretRef` (a Secret holding a GitLab access token
   * with the `api` scope, Maintainer on the project or Owner on the group), and optionally `url`
   * (a self-managed GitLab's API), `username` and `expiresAt`. The `.dockerconfigjson` is keyed on
   * `registry`: the GitLab container registry's host, not the API url.
   */
  public static gitlabDeployToken(props: GeneratorProps): ExternalCredentials {
    requireProps(
      props,
      'ExternalCredentials.gitlabDeployToken',
      "{ spec: { projectID: 'acme/shop', name: 'pull', scopes: ['read_registry'], auth: { token: { secretRef: { name, key } } } } }",
    );
    specOf(props);
    const issues: RegcredIssue[] = [];
    const { emitted, parts } = gitlabDeployTokenParts(props, issues);
    return ExternalCredentials.generated(issues, ExternalCredentialsSource.GITLAB_DEPLOY_TOKEN, emitted, parts);
  }

  /** Checks the refresh interval, throws the issues found, and makes the generator's credentials. */
  private static generated(
    issues: RegcredIssue[],
    source: GeneratedSource,
    props: GeneratorProps,
    parts: Omit<SourceParts, 'refreshInterval' | 'generator'>,
  ): ExternalCredentials {
    duration(props.refreshInterval, 'refreshInterval', issues);
    check(issues);
    return new ExternalCredentials({
      ...parts,
      refreshInterval: props.refreshInterval ?? GENERATORS[source].refresh,
      generator: { source, spec: { ...props.spec } },
    });
  }

  /** The registry keys the pods' images are matched against. */
  public readonly registries: string[];
  /** How often the operator fetches the credentials again. */
  public readonly refreshInterval: string;
  /** Where the credentials come from: a secret store, or which generator makes the token. */
  public readonly source: ExternalCredentialsSource;

  private constructor(private readonly parts: SourceParts) {
    this.registries = Object.freeze([...parts.registries]) as string[];
    this.refreshInterval = parts.refreshInterval;
    this.source = parts.generator?.source ?? ExternalCredentialsSource.STORE;
    Object.defineProperty(this, ExternalCredentials.BRAND, { value: true });
  }

  /**
   * The `.dockerconfigjson` template (engine v2): the JSON the kubelet reads, each value
   * through `toJson` so that any username or password stays valid JSON, and `auth` as
   * base64 of `username:password`, in the field order `kubectl` and regcred write.
   */
  public dockerConfigJsonTemplate(): string {
    return dockerConfigJsonTemplate(this.parts);
  }

  /**
   * The ExternalSecret spec (store or generator, and the target template) for a Secret named `name`.
   * @internal
   */
  public _externalSecretSpec(
    name: string,
    generator: { name: string; kind: string } | undefined,
    metadata: TemplateMetadata,
  ): Record<string, unknown> {
    return externalSecretSpec(this.parts, name, generator, metadata);
  }

  /**
   * The generator object: namespaced, or a ClusterGenerator for a ClusterExternalSecret.
   * @internal
   */
  public _generatorObject(
    name: string,
    namespace: string | undefined,
    labels: Record<string, string> | undefined,
  ): Record<string, unknown> | undefined {
    return generatorObject(this.parts, name, namespace, labels);
  }

  /** Never the generator's secrets or store paths in a log: only what it is. */
  public toJSON(): object {
    return {
      registries: this.registries,
      refreshInterval: this.refreshInterval,
      source: this.source,
    };
  }

  /** `ExternalCredentials(elasticContainerRegistry registries=… refreshInterval=4h)`: what {@link toJSON} shows. */
  public toString(): string {
    const view = this.toJSON() as { registries: string[]; refreshInterval: string; source: string };
    return `ExternalCredentials(${view.source} registries=${view.registries.join(' ')} refreshInterval=${view.refreshInterval})`;
  }

  /** @internal */
  public [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}
