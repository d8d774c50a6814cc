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
