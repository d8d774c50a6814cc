/**
 * The cdk8s constructs: registry pull Secrets that wire themselves into the pods of their chart.
 * @module regcred/cdk8s
 */
export { RegistrySecret } from './registry-secret';
export type { PreviousCredentials, PreviousToken, RegistrySecretOptions, RegistrySecretProps } from './registry-secret';
export { GitlabRegistrySecret } from './gitlab-registry-secret';
export type { GitlabRegistrySecretProps } from './gitlab-registry-secret';
export { GithubRegistrySecret } from './github-registry-secret';
export type { GithubRegistrySecretProps } from './github-registry-secret';
export { DockerHubRegistrySecret } from './docker-hub-registry-secret';
export type { DockerHubRegistrySecretProps } from './docker-hub-registry-secret';
export { ExternalRegistrySecret } from './external-registry-secret';
export type { ExternalRegistrySecretProps } from './external-registry-secret';
export type { SealOptions } from '../core';
