/**
 * The Pulumi components: registry pull Secrets with outputs and transforms that wire workloads.
 * @module regcred/pulumi
 */
export { RegistryCredentialsInput } from './credentials-input';
export type { RegistryCredentialsArgs } from './credentials-input';
export { RegistrySecret } from './registry-secret';
export type { RegistrySecretMembers } from './registry-secret';
export type {
  ExpiryArgs,
  LocalObjectReference,
  PreviousCredentialsInput,
  RegistrySecretArgs,
  RegistrySecretOptions,
  ServiceAccountWiring,
} from './registry-secret-args';
export { DockerHubRegistrySecret, GithubRegistrySecret, GitlabRegistrySecret } from './presets';
export type {
  DockerHubRegistrySecretArgs,
  GithubRegistrySecretArgs,
  GitlabRegistrySecretArgs,
  PresetOptions,
  PreviousTokenInput,
} from './presets';
export { ExternalRegistrySecret } from './external-registry-secret';
export type {
  ExternalCredentialsArgs,
  ExternalRegistrySecretArgs,
  ExternalRegistrySecretMembers,
} from './external-registry-secret';
