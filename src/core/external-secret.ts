import { RegcredError, RegcredIssue, isRecord, own, quote, requireProps } from './errors';
import { parseTime } from './private/time';
import { GitlabDeployTokenScope } from './registries/gitlab';
import { compareUtf8 } from './private/go-bytes';
import { goJsonString } from './private/go-json';
import { registryKeyProblems } from './registry-key';
import { namespaceProblems, secretNameProblems } from './pull-secret-manifest';
import { DOCKER_CONFIG_JSON_TYPE } from './resolve-pull-credentials';
import { encodeRegistriesAnnotation } from './private/registries-annotation';
import { REGISTRIES_ANNOTATION } from './sealed-secret';
import { EXPIRES_AT_ANNOTATION } from './expiry';

/** The External Secrets Operator's API version of the ExternalSecrets regcred writes. */
export const EXTERNAL_SECRETS_API_VERSION = 'external-secrets.io/v1';
/** The API version of the operator's generators regcred writes. */
export const GENERATORS_API_VERSION = 'generators.external-secrets.io/v1alpha1';

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
type GeneratedSource = Exclude<ExternalCredentialsSource, ExternalCredentialsSource.STORE>;

/**
 * Each generator: its kind in `generators.external-secrets.io`, the ClusterGenerator field that
 * holds its spec, and the refresh interval by default (a third of the token's life, so that two
 * more attempts fit before the old token expires; GitLab's from the overlap rule in docs/gitops.md).
 */
const GENERATORS: Readonly<Record<GeneratedSource, { kind: string; field: string; refresh: string }>> = {
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
type Value = { readonly data: string } | { readonly literal: string };

interface SourceParts {
  /** The registry keys; a glob where the generator decides the host (ECR without an account). */
  readonly registries: readonly string[];
  /** A template expression for a key the generator returns, instead of `registries` in the payload. */
  readonly keyExpression?: string;
  readonly username: Value;
  readonly password: Value;
  /** Template lines that come first (variables). */
  readonly prelude?: string;
  readonly refreshInterval: string;
  readonly store?: {
    readonly name: string;
    readonly kind: string;
    readonly key: string;
    readonly properties: readonly [string, string];
  };
  readonly generator?: { readonly source: GeneratedSource; readonly spec: Record<string, unknown> };
  /** When every token the source gives expires (RFC 3339), for the `regcred.io/expires-at` annotation. */
  readonly expiresAt?: string;
}

/** The kind of an External Secrets store. */
export enum SecretStoreKind {
  /** A store in the ExternalSecret's own namespace. */
  SECRET_STORE = 'SecretStore',
  /** A store every namespace may read (as its conditions allow). */
  CLUSTER_SECRET_STORE = 'ClusterSecretStore',
}

/** A SecretStore or ClusterSecretStore, by name. */
export interface SecretStoreRef {
  /** The store's `metadata.name`. */
  readonly name: string;
  /**
   * `SecretStore` (in the ExternalSecret's namespace) or `ClusterSecretStore`.
   * @default SecretStoreKind.SECRET_STORE
   */
  readonly kind?: SecretStoreKind;
}

/** Store-backed credentials: where the username and token live in a SecretStore. */
export interface StoreCredentialsProps {
  /** The registry key (`registry.gitlab.com`, `ghcr.io`, `https://index.docker.io/v1/`). */
  readonly registry: string;
  /** The SecretStore or ClusterSecretStore to read from. */
  readonly store: SecretStoreRef;
  /** The store's key (path) holding the credentials. */
  readonly key: string;
  /**
   * The property of `key` holding the username.
   * @default 'username'
   */
  readonly usernameProperty?: string;
  /**
   * A fixed username instead of one read from the store (a deploy token's `gitlab+deploy-token-N`).
   * @default - read from `usernameProperty`
   */
  readonly username?: string;
  /**
   * The property of `key` holding the token or password.
   * @default 'password'
   */
  readonly passwordProperty?: string;
  /**
   * How often the operator reads the store again.
   * @default '1h'
   */
  readonly refreshInterval?: string;
}

/** A registry token generator's own spec fields (as in its CRD), and the registry it serves. */
export interface GeneratorProps {
  /** The generator's spec (auth, region, registry, appID, …), emitted as given. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- jsii's type for a JSON object
  readonly spec: { readonly [field: string]: any };
  /**
   * The registry key of the pods' images. ECR: the account's registry host
   * (`123456789012.dkr.ecr.eu-west-1.amazonaws.com`); GCR: `europe-docker.pkg.dev`, `gcr.io`, …
   * @default - ECR: `*.dkr.ecr.<region>.amazonaws.com`; ACR: `spec.registry`; GitHub: ghcr.io; Quay: `spec.url` or quay.io
   */
  readonly registry?: string;
  /**
   * How often the operator asks for a new token: a third of the token's life by default, so
   * that two more attempts fit before the old token expires.
   * @default - ECR 4h, Google 20m, Azure 1h, GitHub 20m, Quay 20m, GitLab 24h
   */
  readonly refreshInterval?: string;
}

const DURATION = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;

/** A generator's `spec` must be an object. */
function specOf(props: GeneratorProps): void {
  if (!isRecord(props.spec)) {
    throw new RegcredError('INVALID_ARGUMENT', {
      field: 'spec',
      message: `'spec' must be the generator's spec as an object (as in its CRD), got ${props.spec === null ? 'null' : typeof props.spec}.`,
    });
  }
}

function check(issues: RegcredIssue[]): void {
  if (issues.length > 0) throw new RegcredError('INVALID_ARGUMENT', issues);
}

function nonEmpty(value: unknown, field: string, issues: RegcredIssue[]): string {
  if (typeof value !== 'string' || value.trim() === '' || value !== value.trim()) {
    issues.push({
      field,
      message: `'${field}' must be a non-empty string without surrounding white space, got ${typeof value === 'string' ? quote(value) : typeof value}.`,
    });
    return '';
  }
  return value;
}

function duration(value: string | undefined, field: string, issues: RegcredIssue[]): void {
  if (value !== undefined && (typeof value !== 'string' || !DURATION.test(value) || /^0+[a-zµ]+$/.test(value))) {
    issues.push({ field, message: `'${field}' ${quote(value)} is not a Go duration such as "1h" or "20m".` });
  }
}

/** An AWS region name: `eu-west-1`, `us-gov-west-1`, `cn-north-1`. */
const AWS_REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

function registry(value: unknown, field: string, issues: RegcredIssue[]): string {
  const r = nonEmpty(value, field, issues);
  if (r) for (const message of registryKeyProblems(r, field)) issues.push({ field, message });
  // The key is written into the template's text, where "{{" would open an action.
  if (r.includes('{{') || r.includes('}}')) {
    issues.push({
      field,
      message: `'${field}' ${quote(r)} holds "{{" or "}}"; no registry key does. Give the registry host.`,
    });
  }
  return r;
}

/** A constant username goes into the template as a Go string literal, which takes valid Unicode only. */
function literalUsername(value: unknown, issues: RegcredIssue[]): void {
  const u = nonEmpty(value, 'username', issues);
  if (/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(u)) {
    issues.push({
      field: 'username',
      message: `'username' holds a lone UTF-16 surrogate, which is no character; give the username as valid text.`,
    });
  }
}

/** The shortest refresh of a GitLab deploy token generator: twice GitLab's default registry token life (5 min). */
const GITLAB_MIN_REFRESH_MS = 10 * 60_000;

const DURATION_UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1e3, m: 6e4, h: 3.6e6 };

/** A Go duration in milliseconds; NaN when it is none (reported by {@link duration}). */
function durationMs(value: string): number {
  if (typeof value !== 'string' || !DURATION.test(value)) return NaN;
  let ms = 0;
  for (const m of value.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) ms += Number(m[1]) * DURATION_UNITS[m[2]];
  return ms;
}

/** The GitLab API url of a generator spec (`undefined`: gitlab.com); an http(s) URL. */
function gitlabApiUrl(value: unknown, issues: RegcredIssue[]): URL | undefined {
  if (value === undefined || value === '') return undefined;
  let url: URL | undefined;
  try {
    url = typeof value === 'string' ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password) {
    issues.push({
      field: 'spec.url',
      message: `'spec.url' ${typeof value === 'string' ? quote(value) : `(${typeof value})`} is not a GitLab url such as "https://gitlab.example.com" (no credentials in it).`,
    });
    return undefined;
  }
  return url;
}

/**
 * The registry key of a GitLab deploy token generator: `registry` as given, else
 * registry.gitlab.com for gitlab.com; a self-managed GitLab's registry host cannot be guessed
 * from its API url.
 */
function gitlabRegistryKey(given: unknown, api: URL | undefined, url: unknown, issues: RegcredIssue[]): string {
  if (given !== undefined) return registry(given, 'registry', issues);
  if (api === undefined || api.host === 'gitlab.com') return 'registry.gitlab.com';
  issues.push({
    field: 'registry',
    message: `'registry' is needed with 'spec.url' ${quote(url as string)}: give the host of that GitLab's container registry (such as "registry.example.com" or "gitlab.example.com:5050", as in its image names). The API url is not where the kubelet pulls from.`,
  });
  return '';
}

/** Where the generator makes the token: exactly one of `projectID` and `groupID`, as text. */
function gitlabTarget(spec: Record<string, unknown>, issues: RegcredIssue[]): 'project' | 'group' | undefined {
  const given = (['projectID', 'groupID'] as const).filter((f) => spec[f] !== undefined);
  if (given.length !== 1) {
    issues.push({
      field: 'spec.projectID',
      message:
        given.length === 0
          ? `'spec.projectID' or 'spec.groupID' is needed: the project (ID or path such as "acme/shop") or group the deploy token is made in.`
          : `'spec.projectID' and 'spec.groupID' are both given; the generator takes exactly one.`,
    });
    return undefined;
  }
  const field = given[0];
  const value = spec[field];
  if (typeof value === 'number' && Number.isInteger(value)) {
    issues.push({
      field: `spec.${field}`,
      message: `'spec.${field}' must be text, as the generator's CRD declares it: give "${value}".`,
    });
    return undefined;
  }
  nonEmpty(value, `spec.${field}`, issues);
  return field === 'projectID' ? 'project' : 'group';
}

/** The scopes must be GitLab's, include `read_registry`, and fit the target (virtual registry scopes: projects only). */
function gitlabScopes(value: unknown, target: 'project' | 'group' | undefined, issues: RegcredIssue[]): void {
  const known: readonly string[] = Object.values(GitlabDeployTokenScope);
  if (!Array.isArray(value) || value.length === 0 || value.some((v) => typeof v !== 'string')) {
    issues.push({
      field: 'spec.scopes',
      message: `'spec.scopes' must be a list of deploy token scopes such as ["read_registry"].`,
    });
    return;
  }
  for (const scope of value as string[]) {
    if (!known.includes(scope)) {
      issues.push({
        field: 'spec.scopes',
        message: `'spec.scopes' holds ${quote(scope)}, which is no deploy token scope; GitLab's are ${known.join(', ')}.`,
      });
    } else if (target === 'group' && scope.endsWith('_virtual_registry')) {
      issues.push({
        field: 'spec.scopes',
        message: `'spec.scopes' holds ${quote(scope)}, which only a project deploy token takes; leave it out of a group's.`,
      });
    }
  }
  if (!(value as string[]).includes(GitlabDeployTokenScope.READ_REGISTRY)) {
    issues.push({
      field: 'spec.scopes',
      message: `'spec.scopes' lacks "read_registry": without it the tokens cannot pull images, and every pod's pull fails with 403. Add GitlabDeployTokenScope.READ_REGISTRY.`,
    });
  }
}

/**
 * Registry credentials that the External Secrets Operator fetches in the
 * cluster, from a secret store or a token generator; regcred writes the
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
   * generator, a new one each `refreshInterval`, revoking the one it replaced; no person handles
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
    const spec = props.spec;
    const api = gitlabApiUrl(spec.url, issues);
    const key = gitlabRegistryKey(props.registry, api, spec.url, issues);
    const target = gitlabTarget(spec, issues);
    nonEmpty(spec.name, 'spec.name', issues);
    gitlabScopes(spec.scopes, target, issues);
    if (spec.username !== undefined) nonEmpty(spec.username, 'spec.username', issues);
    nonEmpty(own(own(own(spec.auth, 'token'), 'secretRef'), 'name'), 'spec.auth.token.secretRef.name', issues);
    nonEmpty(own(own(own(spec.auth, 'token'), 'secretRef'), 'key'), 'spec.auth.token.secretRef.key', issues);
    let expiresAt: string | undefined;
    if (spec.expiresAt !== undefined) {
      const t = parseTime(spec.expiresAt, 'spec.expiresAt');
      if ('problem' in t) issues.push({ field: 'spec.expiresAt', message: t.problem });
      else if (t.date.getTime() <= Date.now()) {
        issues.push({
          field: 'spec.expiresAt',
          message: `'spec.expiresAt' ${quote(spec.expiresAt as string)} has passed: every token the generator makes would expire at that moment, so no pod could pull. Give a later date, or leave it out (the operator revokes each token once a newer one replaces it).`,
        });
      } else expiresAt = t.date.toISOString().replace(/\.000Z$/, 'Z');
    }
    if (props.refreshInterval !== undefined && durationMs(props.refreshInterval) < GITLAB_MIN_REFRESH_MS) {
      issues.push({
        field: 'refreshInterval',
        message: `'refreshInterval' ${quote(props.refreshInterval)} is under 10m: each refresh makes a GitLab deploy token, and the one it replaces is revoked soon after, while a long image pull may still need it. Give 10m or more (the default is 24h; see docs/gitops.md).`,
      });
    }
    // The CRD's expiresAt is a metav1.Time, which reads only a full RFC 3339 time.
    const emitted = expiresAt !== undefined ? { ...props, spec: { ...spec, expiresAt } } : props;
    return ExternalCredentials.generated(issues, ExternalCredentialsSource.GITLAB_DEPLOY_TOKEN, emitted, {
      registries: [key],
      username: { data: 'username' },
      password: { data: 'token' },
      ...(expiresAt !== undefined ? { expiresAt } : {}),
    });
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
    const expr = (v: Value): string =>
      'data' in v ? (v.data.startsWith('$') ? v.data : `.${v.data}`) : goJsonString(v.literal);
    const user = expr(this.parts.username);
    const pass = expr(this.parts.password);
    const entry = `{"username":{{ ${user} | toJson }},"password":{{ ${pass} | toJson }},"auth":{{ printf "%s:%s" ${user} ${pass} | b64enc | toJson }}}`;
    const auths = this.parts.keyExpression
      ? ` {{- ${this.parts.keyExpression} | toJson }}:${entry}`
      : [...this.parts.registries]
          .sort(compareUtf8)
          .map((k) => `${goJsonString(k)}:${entry}`)
          .join(',');
    return `${this.parts.prelude ?? ''}{"auths":{${auths}}}`;
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
    const p = this.parts;
    return {
      refreshInterval: p.refreshInterval,
      ...(p.store ? { secretStoreRef: { name: p.store.name, kind: p.store.kind } } : {}),
      target: {
        name,
        creationPolicy: 'Owner',
        template: {
          engineVersion: 'v2',
          type: DOCKER_CONFIG_JSON_TYPE,
          ...(metadata.labels || metadata.annotations || p.expiresAt
            ? {
                metadata: {
                  ...metadata,
                  ...(p.expiresAt
                    ? { annotations: { ...metadata.annotations, [EXPIRES_AT_ANNOTATION]: p.expiresAt } }
                    : {}),
                },
              }
            : {}),
          data: { '.dockerconfigjson': this.dockerConfigJsonTemplate() },
        },
      },
      ...(p.store
        ? {
            data: [
              ...(p.store.properties[0]
                ? [{ secretKey: 'username', remoteRef: { key: p.store.key, property: p.store.properties[0] } }]
                : []),
              { secretKey: 'password', remoteRef: { key: p.store.key, property: p.store.properties[1] } },
            ],
          }
        : {}),
      ...(generator
        ? {
            dataFrom: [
              {
                sourceRef: {
                  generatorRef: { apiVersion: GENERATORS_API_VERSION, kind: generator.kind, name: generator.name },
                },
              },
            ],
          }
        : {}),
    };
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
    const g = this.parts.generator;
    if (!g) return undefined;
    const metadata = { name, ...(namespace ? { namespace } : {}), ...(labels ? { labels } : {}) };
    const { kind, field } = GENERATORS[g.source];
    if (namespace !== undefined) return { apiVersion: GENERATORS_API_VERSION, kind, metadata, spec: g.spec };
    return {
      apiVersion: GENERATORS_API_VERSION,
      kind: 'ClusterGenerator',
      metadata,
      spec: { kind, generator: { [field]: g.spec } },
    };
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
        apiVersion: EXTERNAL_SECRETS_API_VERSION,
        kind: 'ClusterExternalSecret',
        metadata,
        spec: {
          externalSecretName: options.name,
          namespaceSelectors: [{ matchLabels: { ...options.namespaceSelector } }],
          refreshTime: c.refreshInterval,
          externalSecretSpec: spec,
        },
      }
    : {
        apiVersion: EXTERNAL_SECRETS_API_VERSION,
        kind: 'ExternalSecret',
        metadata: { ...metadata, ...(options.namespace ? { namespace: options.namespace } : {}) },
        spec,
      };
  return generator ? [generator, main] : [main];
}
