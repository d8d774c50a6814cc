/** DigitalOcean Container Registry, with an API token as both username and password. */
import { Checker } from './checker';
import { CommonCredentialsProps, RegistryKind, RegistryPreset } from './preset';

/** A DigitalOcean API token, as `doctl registry docker-config` writes it. */
export interface DigitalOceanCredentialsProps extends CommonCredentialsProps {
  /** A DigitalOcean personal access token (`dop_v1_…`) with registry read access. */
  readonly token: string;
}

const USE_PAT =
  'Create a personal access token with registry read scope (API > Tokens), or run doctl registry docker-config --read-write=false.';

export const DIGITALOCEAN: RegistryPreset<DigitalOceanCredentialsProps> = {
  kind: RegistryKind.DIGITALOCEAN,
  factory: 'digitalOcean',
  title: 'DigitalOcean Container Registry',
  defaultKey: 'registry.digitalocean.com',
  fields: { token: 'secret', expiresAt: 'expiry', acceptRefusedToken: 'setting' },
  tokenKinds: [
    { prefix: 'dop_v1_', name: 'a DigitalOcean personal access token', verdict: 'accept' },
    {
      prefix: 'doo_v1_',
      name: 'a DigitalOcean OAuth token',
      verdict: 'warn',
      why: 'it belongs to an OAuth application and lives 30 days.',
      fix: USE_PAT,
    },
    {
      prefix: 'dor_v1_',
      name: 'a DigitalOcean OAuth refresh token',
      verdict: 'refuse',
      why: 'it only obtains other tokens; the registry does not accept it.',
      fix: USE_PAT,
    },
  ],
  unknownToken: {
    verdict: 'warn',
    why: 'it does not start with "dop_v1_", the prefix of DigitalOcean personal access tokens.',
    fix: 'Check that it is an API token with registry read access.',
  },
  tokenDocs: 'https://docs.digitalocean.com/products/container-registry/how-to/use-registry-docker-kubernetes/',
  expiry: 'A personal access token lives until the expiration chosen when it was created, or until revoked.',
  rotation:
    'Create a new personal access token with registry read scope, deploy it with the old one as `previous`, check with regcred verify, then delete the old token.',
  resolve(props: DigitalOceanCredentialsProps, c: Checker) {
    const token = c.token(props.token, 'token');
    if (token !== undefined) c.tokenKind(token, DIGITALOCEAN, props.acceptRefusedToken);
    return {
      kind: RegistryKind.DIGITALOCEAN,
      registries: [DIGITALOCEAN.defaultKey!],
      // The registry takes the token as the user name as well.
      username: token ?? '',
      secret: token ?? '',
      secretField: 'token',
      ...c.expiry(props.expiresAt),
    };
  },
};
