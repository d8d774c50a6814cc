/**
 * The core: registry credentials, pull Secret manifests (plain, sealed, SOPS, external), the kubelet's lookup and the manifest check. No framework.
 * @module regcred
 */

// Credentials, one factory per registry kind.
export { RegistryCredentials } from './registry-credentials';
export { RegistryKind } from './registries/preset';
export type { CommonCredentialsProps } from './registries/preset';
export type {
  AzureContainerRegistryCredentialsProps,
  BasicCredentialsProps,
  DigitalOceanCredentialsProps,
  DockerHubCredentialsProps,
  GithubCredentialsProps,
  GitlabCredentialsProps,
  GitlabDependencyProxyCredentialsProps,
  GoogleArtifactRegistryCredentialsProps,
  HarborCredentialsProps,
  QuayCredentialsProps,
} from './registries';
export { GitlabDeployTokenScope } from './registries';

// Credentials that an operator fetches or generates in the cluster.
export { ExternalCredentials, ExternalCredentialsSource, SecretStoreKind } from './external';
export type {
  ExternalPullSecretOptions,
  GeneratorProps,
  SecretStoreRef,
  StoreCredentialsProps,
  TemplateMetadata,
} from './external';

// Manifests: plain, sealed, external, and the payload alone (Manifests: the same for every language).
export { Manifests } from './manifests';
export { PullSecretFormat, pullSecretManifest } from './pull-secret-manifest';
export type { PullSecretManifest, PullSecretManifestOptions } from './pull-secret-manifest';
export { SealingScope, sealPullSecret } from './sealed-secret';
export type { SealOptions, SealedSecretManifest } from './sealed-secret';
export { sopsPullSecret } from './sops-secret';
export type { SopsOptions, SopsSecretManifest, SopsMetadata } from './sops-secret';
export { externalPullSecretManifests } from './external';
export { renderDockerConfigJson, renderDockercfg } from './render';

// Token lifecycle.
export type { ExpiryOptions, RotationWindow } from './expiry';

// The kubelet's rules (Kubelet: the same for every language).
export { Kubelet } from './kubelet';
export { parseImageReference } from './image-reference';
export type { ImageReference } from './image-reference';
export { resolvePullCredentials } from './resolve-pull-credentials';
export type {
  INodeCredentials,
  NodeCredentialsLookup,
  PullCredentialResolution,
  ResolvePullCredentialsOptions,
  SecretObject,
} from './resolve-pull-credentials';
export type { CredentialOrigin, PullCredential } from './keyring';

// The manifest check.
export { checkManifests } from './check/check-manifests';
export type { CheckOptions } from './check/check-manifests';
export { DIAGNOSTIC_CODES } from './check/diagnostic';
export { DiagnosticCode, Severity } from './check/diagnostic';
export type { Diagnostic, DiagnosticObject } from './check/diagnostic';
export { withImagePullSecrets } from './pod-specs';
export type { KubeObject } from './pod-specs';

// The error.
export { RegcredError } from './errors';
export type { RegcredErrorCode, RegcredIssue } from './errors';
