/** Where External Secrets credentials come from, and what regcred knows of each source. */

/** The External Secrets Operator's API version of the ExternalSecrets regcred writes. */
export const EXTERNAL_SECRETS_API_VERSION = 'external-secrets.io/v1';
/** The API version of the operator's generators regcred writes. */
export const GENERATORS_API_VERSION = 'generators.external-secrets.io/v1alpha1';

/**
 * Where an {@link ExternalCredentials} gets its credentials: a secret store, or one of the External
 * Secrets Operator's registry token generators. Each value is the name of the `ExternalCredentials`
 * factory that makes it (what Pulumi programs in other languages pass as `source`).
 */
export enum ExternalCredentialsSource {
  /** A secret store's entry (`ExternalCredentials.fromStore`). */
  STORE = 'store',
  /** Amazon ECR: the `ECRAuthorizationToken` generator; tokens live 12 hours. */
  ELASTIC_CONTAINER_REGISTRY = 'elasticContainerRegistry',
  /** Google Artifact Registry and Container Registry: the `GCRAccessToken` generator; 1 hour. */
  GOOGLE_ARTIFACT_REGISTRY = 'googleArtifactRegistry',
  /** Azure Container Registry: the `ACRAccessToken` generator; access tokens live 3 hours. */
  AZURE_CONTAINER_REGISTRY = 'azureContainerRegistry',
  /** GitHub App installation tokens for ghcr.io: the `GithubAccessToken` generator; 1 hour. */
  GITHUB = 'github',
  /** Quay robot account tokens by federation: the `QuayAccessToken` generator; 1 hour. */
  QUAY = 'quay',
  /**
   * GitLab project or group deploy tokens made through GitLab's API: the `GitlabDeployToken`
   * generator. The operator revokes a token once a newer one has replaced it.
   */
  GITLAB_DEPLOY_TOKEN = 'gitlabDeployToken',
}

/** The sources a generator serves. */
export type GeneratedSource = Exclude<ExternalCredentialsSource, ExternalCredentialsSource.STORE>;

/**
 * Each generator: its kind in `generators.external-secrets.io`, the ClusterGenerator field that
 * holds its spec, and the refresh interval by default (a third of the token's life, so that two
 * more attempts fit before the old token expires; GitLab's from the overlap rule in docs/gitops.md).
 */
export const GENERATORS: Readonly<Record<GeneratedSource, { kind: string; field: string; refresh: string }>> = {
  [ExternalCredentialsSource.ELASTIC_CONTAINER_REGISTRY]: {
    kind: 'ECRAuthorizationToken',
    field: 'ecrAuthorizationTokenSpec',
    refresh: '4h',
  },
  [ExternalCredentialsSource.GOOGLE_ARTIFACT_REGISTRY]: {
    kind: 'GCRAccessToken',
    field: 'gcrAccessTokenSpec',
    refresh: '20m',
  },
  [ExternalCredentialsSource.AZURE_CONTAINER_REGISTRY]: {
    kind: 'ACRAccessToken',
    field: 'acrAccessTokenSpec',
    refresh: '1h',
  },
  [ExternalCredentialsSource.GITHUB]: { kind: 'GithubAccessToken', field: 'githubAccessTokenSpec', refresh: '20m' },
  [ExternalCredentialsSource.QUAY]: { kind: 'QuayAccessToken', field: 'quayAccessTokenSpec', refresh: '20m' },
  [ExternalCredentialsSource.GITLAB_DEPLOY_TOKEN]: {
    kind: 'GitlabDeployToken',
    field: 'gitlabDeployTokenSpec',
    refresh: '24h',
  },
};

/** Where a value comes from in the template: a key of the data the operator fetched, or a constant. */
export type Value = { readonly data: string } | { readonly literal: string };

/** What an ExternalCredentials is made of: its keys, template values and store or generator. */
export interface SourceParts {
  /** The registry keys; a glob where the generator decides the host (ECR without an account). */
  readonly registries: readonly string[];
  /**
   * A template expression for a key the generator returns, instead of `registries` in the payload.
   * @default - the payload is keyed on `registries`
   */
  readonly keyExpression?: string;
  /** The username in the template. */
  readonly username: Value;
  /** The password or token in the template. */
  readonly password: Value;
  /**
   * Template lines that come first (variables).
   * @default - none
   */
  readonly prelude?: string;
  /** How often the operator fetches the credentials again. */
  readonly refreshInterval: string;
  /**
   * The store entry the credentials are read from.
   * @default - none: a generator makes them
   */
  readonly store?: {
    readonly name: string;
    readonly kind: string;
    readonly key: string;
    readonly properties: readonly [string, string];
  };
  /**
   * The generator that makes the token, and its spec.
   * @default - none: a store holds them
   */
  readonly generator?: { readonly source: GeneratedSource; readonly spec: Record<string, unknown> };
  /**
   * When every token the source gives expires (RFC 3339), for the `regcred.io/expires-at` annotation.
   * @default - not known
   */
  readonly expiresAt?: string;
}
