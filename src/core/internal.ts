/**
 * Everything the core exports to regcred's own adapters, CLI and tests, public or not. Users import
 * `regcred` (./index.ts), whose named list is the public API.
 * (Not part of the public API.)
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
export * from './pod-spec-paths';
export * from './credential-matcher';
export * from './secret-validation';
export * from './check/diagnostic';
export * from './check/near-miss';
export * from './check/check-manifests';
export { identifyObject } from './check/_context';
export { pullFailures } from './check/pull-status';
export * from './sealed-secret';
export * from './sops-secret';
export { encryptsDeterministically } from './private/deterministic';
export * from './secret-output';
export * from './external';
export * from './preset-props';
