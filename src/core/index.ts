/**
 * The core: registry credentials, pull Secret manifests (plain, sealed, external), the kubelet's lookup and the manifest check. No framework.
 * @module regcred
 */
export * from './errors';
export * from './registry-key';
export * from './registry-credentials';
export * from './render';
export * from './pull-secret-manifest';
export * from './expiry';
export * from './image-reference';
export * from './docker-config';
export * from './keyring';
export * from './resolve-pull-credentials';
export * from './pod-specs';
export * from './credential-matcher';
export * from './secret-validation';
export * from './check/diagnostic';
export * from './check/near-miss';
export * from './check/check-manifests';
export * from './sealed-secret';
export * from './external-secret';
export * from './preset-props';
