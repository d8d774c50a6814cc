/** Docker Hub, under the key the kubelet reads as Docker Hub. */
import { quote } from '../errors';
import { DOCKER_HUB_KEY } from '../registry-key';
import { Checker } from './checker';
import { CommonCredentialsProps, RegistryKind, RegistryPreset } from './preset';

/** A Docker Hub personal or organisation access token. */
export interface DockerHubCredentialsProps extends CommonCredentialsProps {
  /** The Docker ID. For an organization access token, the organization's name. */
  readonly username: string;
  /** An access token (`dckr_pat_…` personal, `dckr_oat_…` organization) with read access. */
  readonly token: string;
  /**
   * The auths key. Only `https://index.docker.io/v1/` is accepted; the field
   * exists so that a config written for another key fails loudly.
   * @default 'https://index.docker.io/v1/'
   */
  readonly registry?: string;
}

export const DOCKER_HUB: RegistryPreset<DockerHubCredentialsProps> = {
  kind: RegistryKind.DOCKER_HUB,
  factory: 'dockerHub',
  title: 'Docker Hub',
  defaultKey: DOCKER_HUB_KEY,
  fields: {
    username: 'username',
    token: 'secret',
    registry: 'key',
    expiresAt: 'expiry',
    acceptRefusedToken: 'setting',
  },
  tokenKinds: [
    { prefix: 'dckr_pat_', name: 'a Docker Hub personal access token', verdict: 'accept' },
    { prefix: 'dckr_oat_', name: 'a Docker Hub organization access token', verdict: 'accept' },
  ],
  unknownToken: {
    verdict: 'warn',
    why: 'it does not start with "dckr_pat_" or "dckr_oat_", so it looks like an account password, which fails with two-factor authentication and grants everything the account can do.',
    fix: 'Use a Docker Hub access token with read-only scope.',
  },
  tokenDocs: 'https://docs.docker.com/security/for-developers/access-tokens/',
  expiry: 'An access token lives until the expiration chosen when it was created (or never), or until revoked.',
  rotation:
    'Create a new Docker Hub access token, deploy it with the old one as `previous`, check with regcred verify, then delete the old token.',
  resolve(props: DockerHubCredentialsProps, c: Checker) {
    const registry = c.optionalString(props.registry, 'registry');
    if (registry !== undefined && registry !== DOCKER_HUB_KEY) {
      c.fail(
        'registry',
        `'registry' ${quote(registry)} is not the Docker Hub key; the kubelet applies Docker Hub credentials only under ${quote(DOCKER_HUB_KEY)}. Leave 'registry' out, or use RegistryCredentials.basic for another registry.`,
      );
    }
    c.username(props.username);
    const token = c.token(props.token, 'token');
    if (token !== undefined) c.tokenKind(token, DOCKER_HUB, props.acceptRefusedToken);
    return {
      kind: RegistryKind.DOCKER_HUB,
      registries: [DOCKER_HUB_KEY],
      username: props.username,
      secret: token ?? '',
      secretField: 'token',
      ...c.expiry(props.expiresAt),
    };
  },
};
