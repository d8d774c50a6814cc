/** Credentials the External Secrets Operator fetches or generates in the cluster, and their manifests. */
export * from './source';
export * from './store';
export * from './props';
export * from './external-credentials';
export * from './manifests';
