/** The GitLab Dependency Proxy: Docker Hub images pulled through a GitLab group. */
import { goSplitHostPort } from '../private/go-url';
import { GITLAB_TOKEN_KINDS, gitlabUnknownToken } from './gitlab';
import { Checker } from './checker';
import { CommonCredentialsProps, RegistryKind, RegistryPreset } from './preset';

/** A GitLab group deploy token for the GitLab Dependency Proxy. */
export interface GitlabDependencyProxyCredentialsProps extends CommonCredentialsProps {
  /** The deploy token's username. */
  readonly username: string;
  /** The deploy token (`gldt-…`), with `read_registry` and `write_registry`. */
  readonly token: string;
  /**
   * The GitLab host itself (images look like `gitlab.com/group/dependency_proxy/containers/alpine`).
   * @default 'gitlab.com'
   */
  readonly host?: string;
}

/**
 * The keys for a Dependency Proxy host. GitLab CI prints image prefixes with
 * the port (`gitlab.com:443/group/dependency_proxy/containers`) and people write
 * them without; the kubelet does not normalise ports, so both keys are written
 * when the host has no port or port 443.
 */
export function dependencyProxyKeys(host: string): string[] {
  const split = goSplitHostPort(host);
  if (!split) return [host, `${host}:443`];
  const [name, port] = split;
  return port === '443' ? [name, host] : [host];
}

export const GITLAB_DEPENDENCY_PROXY: RegistryPreset<GitlabDependencyProxyCredentialsProps> = {
  kind: RegistryKind.GITLAB_DEPENDENCY_PROXY,
  factory: 'gitlabDependencyProxy',
  title: 'GitLab Dependency Proxy',
  defaultKey: 'gitlab.com',
  fields: { username: 'username', token: 'secret', host: 'key', expiresAt: 'expiry', acceptRefusedToken: 'setting' },
  tokenKinds: GITLAB_TOKEN_KINDS,
  tokenDocs: 'https://docs.gitlab.com/user/packages/dependency_proxy/',
  expiry: 'A group deploy token lives until the expiry date set when it was created, or until revoked.',
  rotation:
    'Create a new group deploy token in GitLab (read_registry, write_registry), deploy it with the old one as `previous`, check with regcred verify, then revoke the old token.',
  resolve(props: GitlabDependencyProxyCredentialsProps, c: Checker) {
    const host = c.optionalString(props.host, 'host') ?? GITLAB_DEPENDENCY_PROXY.defaultKey!;
    c.registryKey(host, 'host');
    c.username(props.username);
    const token = c.token(props.token, 'token');
    if (token !== undefined) {
      c.tokenKind(token, GITLAB_DEPENDENCY_PROXY, props.acceptRefusedToken, 'token', gitlabUnknownToken(token, host));
    }
    return {
      kind: RegistryKind.GITLAB_DEPENDENCY_PROXY,
      registries: dependencyProxyKeys(host),
      username: props.username,
      secret: token ?? '',
      secretField: 'token',
      ...c.expiry(props.expiresAt),
    };
  },
};
