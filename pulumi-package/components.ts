/**
 * The components of the package, each served under `regcred:index:<class name>`, the type
 * token TypeScript programs register it with.
 */
import type { ComponentResourceConstructor } from '@pulumi/pulumi/provider/experimental/provider';
import {
  DockerHubRegistrySecret,
  ExternalRegistrySecret,
  GithubRegistrySecret,
  GitlabRegistrySecret,
  RegistrySecret,
} from 'regcred/pulumi';

export { DockerHubRegistrySecret, ExternalRegistrySecret, GithubRegistrySecret, GitlabRegistrySecret, RegistrySecret };

export const COMPONENTS: ComponentResourceConstructor[] = [
  GitlabRegistrySecret,
  GithubRegistrySecret,
  DockerHubRegistrySecret,
  RegistrySecret,
  ExternalRegistrySecret,
];
