/** Every registry kind regcred knows, one module each; this table is the only list of them. */
import { AZURE_CONTAINER_REGISTRY } from './azure-container-registry';
import { BASIC } from './basic';
import { DIGITALOCEAN } from './digitalocean';
import { DOCKER_HUB } from './docker-hub';
import { GITHUB } from './github';
import { GITLAB } from './gitlab';
import { GITLAB_DEPENDENCY_PROXY } from './gitlab-dependency-proxy';
import { GOOGLE_ARTIFACT_REGISTRY } from './google-artifact-registry';
import { HARBOR } from './harbor';
import { RegistryKind, RegistryPreset } from './preset';
import { QUAY } from './quay';

/** The preset of each registry kind. */
export const REGISTRY_PRESETS: Readonly<Record<RegistryKind, RegistryPreset<never>>> = {
  [RegistryKind.GITLAB]: GITLAB,
  [RegistryKind.GITLAB_DEPENDENCY_PROXY]: GITLAB_DEPENDENCY_PROXY,
  [RegistryKind.GITHUB]: GITHUB,
  [RegistryKind.DOCKER_HUB]: DOCKER_HUB,
  [RegistryKind.QUAY]: QUAY,
  [RegistryKind.HARBOR]: HARBOR,
  [RegistryKind.GOOGLE_ARTIFACT_REGISTRY]: GOOGLE_ARTIFACT_REGISTRY,
  [RegistryKind.AZURE_CONTAINER_REGISTRY]: AZURE_CONTAINER_REGISTRY,
  [RegistryKind.DIGITALOCEAN]: DIGITALOCEAN,
  [RegistryKind.BASIC]: BASIC,
};

export { RegistryKind } from './preset';
export type { CommonCredentialsProps, RegistryPreset, TokenKind, TokenVerdict, UnknownTokenRule } from './preset';
export { GITLAB_DEPLOY_TOKEN_SCOPES, GitlabDeployTokenScope } from './gitlab';
export type { GitlabCredentialsProps } from './gitlab';
export type { GitlabDependencyProxyCredentialsProps } from './gitlab-dependency-proxy';
export type { GithubCredentialsProps } from './github';
export type { DockerHubCredentialsProps } from './docker-hub';
export type { BasicCredentialsProps } from './basic';
export type { QuayCredentialsProps } from './quay';
export type { HarborCredentialsProps } from './harbor';
export type { GoogleArtifactRegistryCredentialsProps } from './google-artifact-registry';
export type { AzureContainerRegistryCredentialsProps } from './azure-container-registry';
export type { DigitalOceanCredentialsProps } from './digitalocean';
