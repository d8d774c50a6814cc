/**
 * The components of the package, each served under `regcred:index:<class name>`, the type
 * token TypeScript programs register it with. ExternalRegistrySecret is not among them yet: its
 * credentials are an `ExternalCredentials` object, which Pulumi's schema cannot express.
 */
import type { ComponentResourceConstructor } from '@pulumi/pulumi/provider/experimental/provider';
import { DockerHubRegistrySecret, GithubRegistrySecret, GitlabRegistrySecret, RegistrySecret } from 'regcred/pulumi';

export { DockerHubRegistrySecret, GithubRegistrySecret, GitlabRegistrySecret, RegistrySecret };

export const COMPONENTS: ComponentResourceConstructor[] = [
  GitlabRegistrySecret,
  GithubRegistrySecret,
  DockerHubRegistrySecret,
  RegistrySecret,
];
