import * as pulumi from '@pulumi/pulumi';
import { DockerHubCredentialsProps, GithubCredentialsProps, GitlabCredentialsProps } from '../core';
import { Inputs, RegistryCredentialsInput } from './credentials-input';
import { RegistrySecretBase, RegistrySecretOptions } from './registry-secret';

/** Arguments of {@link GitlabRegistrySecret}: a GitLab deploy token as Inputs, and the Secret options. */
export interface GitlabRegistrySecretArgs extends Inputs<GitlabCredentialsProps>, RegistrySecretOptions {}

/** Arguments of {@link GithubRegistrySecret}. */
export interface GithubRegistrySecretArgs extends Inputs<GithubCredentialsProps>, RegistrySecretOptions {}

/** Arguments of {@link DockerHubRegistrySecret}. */
export interface DockerHubRegistrySecretArgs extends Inputs<DockerHubCredentialsProps>, RegistrySecretOptions {}

/**
 * An image pull Secret for the GitLab container registry from a deploy token
 * (`regcred:index:GitlabRegistrySecret`).
 *
 * @example new GitlabRegistrySecret('gitlab', { username: 'gitlab+deploy-token-1', token: config.requireSecret('gitlabDeployToken') })
 */
export class GitlabRegistrySecret extends RegistrySecretBase {
  public constructor(name: string, args: GitlabRegistrySecretArgs, opts?: pulumi.ComponentResourceOptions) {
    const { username, token, registry, expiresAt, scopes, ...options } = args;
    const credentials = RegistryCredentialsInput.gitlab({ username, token, registry, expiresAt, scopes });
    super('regcred:index:GitlabRegistrySecret', name, { ...options, credentials: [credentials] }, opts);
  }
}

/** An image pull Secret for `ghcr.io` (`regcred:index:GithubRegistrySecret`). */
export class GithubRegistrySecret extends RegistrySecretBase {
  public constructor(name: string, args: GithubRegistrySecretArgs, opts?: pulumi.ComponentResourceOptions) {
    const { username, token, expiresAt, ...options } = args;
    const credentials = RegistryCredentialsInput.github({ username, token, expiresAt });
    super('regcred:index:GithubRegistrySecret', name, { ...options, credentials: [credentials] }, opts);
  }
}

/** An image pull Secret for Docker Hub (`regcred:index:DockerHubRegistrySecret`). */
export class DockerHubRegistrySecret extends RegistrySecretBase {
  public constructor(name: string, args: DockerHubRegistrySecretArgs, opts?: pulumi.ComponentResourceOptions) {
    const { username, token, registry, expiresAt, ...options } = args;
    const credentials = RegistryCredentialsInput.dockerHub({ username, token, registry, expiresAt });
    super('regcred:index:DockerHubRegistrySecret', name, { ...options, credentials: [credentials] }, opts);
  }
}
