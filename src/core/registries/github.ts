/** The GitHub Container Registry (`ghcr.io`). */
import { Checker } from './checker';
import { CommonCredentialsProps, RegistryKind, RegistryPreset, TokenKind } from './preset';

/** A GitHub token for the GitHub Container Registry (`ghcr.io`). */
export interface GithubCredentialsProps extends CommonCredentialsProps {
  /** The GitHub user or organisation login. */
  readonly username: string;
  /** A personal access token (classic) with `read:packages`. */
  readonly token: string;
}

const USE_CLASSIC =
  'Create a personal access token (classic) with the read:packages scope (GitHub > Settings > Developer settings) and use its ghp_… token.';
const SHORT_LIVED = (what: string): TokenKind['why'] =>
  `${what}; the pull secret stops working when it expires, and pods started later fail with 401.`;

export const GITHUB: RegistryPreset<GithubCredentialsProps> = {
  kind: RegistryKind.GITHUB,
  factory: 'github',
  title: 'GitHub Container Registry',
  defaultKey: 'ghcr.io',
  fields: { username: 'username', token: 'secret', expiresAt: 'expiry', acceptRefusedToken: 'setting' },
  tokenKinds: [
    { prefix: 'ghp_', name: 'a GitHub personal access token (classic)', verdict: 'accept' },
    {
      prefix: 'github_pat_',
      name: 'a GitHub fine-grained personal access token',
      verdict: 'warn',
      why: 'GitHub Packages has not accepted fine-grained tokens; pulls fail with 403 until it does.',
      fix: USE_CLASSIC,
    },
    {
      prefix: 'ghs_',
      name: 'a GitHub installation token (GITHUB_TOKEN or a GitHub App)',
      verdict: 'refuse',
      why: SHORT_LIVED('it lives one hour, or as long as the workflow job'),
      fix: USE_CLASSIC,
    },
    {
      prefix: 'gho_',
      name: 'a GitHub OAuth access token',
      verdict: 'refuse',
      why: SHORT_LIVED('it belongs to an OAuth app session and is revoked with it'),
      fix: USE_CLASSIC,
    },
    {
      prefix: 'ghu_',
      name: 'a GitHub App user-to-server token',
      verdict: 'refuse',
      why: SHORT_LIVED('it lives eight hours'),
      fix: USE_CLASSIC,
    },
    {
      prefix: 'ghr_',
      name: 'a GitHub refresh token',
      verdict: 'refuse',
      why: 'it only obtains other tokens; the registry does not accept it.',
      fix: USE_CLASSIC,
    },
  ],
  unknownToken: {
    verdict: 'warn',
    why: 'it does not start with "ghp_", the prefix of a classic personal access token.',
    fix: 'Check that it is a classic token with read:packages.',
  },
  tokenDocs:
    'https://docs.github.com/en/packages/working-with-a-github-packages-registry/working-with-the-container-registry',
  expiry: 'A classic token lives until the expiration chosen when it was created (or never), or until revoked.',
  rotation:
    'Create a new classic token with read:packages, deploy it with the old one as `previous`, check with regcred verify, then delete the old token.',
  resolve(props: GithubCredentialsProps, c: Checker) {
    c.username(props.username);
    const token = c.token(props.token, 'token');
    if (token !== undefined) c.tokenKind(token, GITHUB, props.acceptRefusedToken);
    return {
      kind: RegistryKind.GITHUB,
      registries: [GITHUB.defaultKey!],
      username: props.username,
      secret: token ?? '',
      secretField: 'token',
      ...c.expiry(props.expiresAt),
    };
  },
};
