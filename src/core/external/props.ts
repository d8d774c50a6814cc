import type { SecretStoreRef } from './store';

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
