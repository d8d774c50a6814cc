/** The GitLab container registry, with a deploy token. */
import { Checker } from './checker';
import { CommonCredentialsProps, RegistryKind, RegistryPreset, TokenKind, UnknownTokenRule } from './preset';

/** A GitLab deploy token scope. A pull secret's token needs `READ_REGISTRY`. */
export enum GitlabDeployTokenScope {
  READ_REPOSITORY = 'read_repository',
  READ_REGISTRY = 'read_registry',
  WRITE_REGISTRY = 'write_registry',
  READ_PACKAGE_REGISTRY = 'read_package_registry',
  WRITE_PACKAGE_REGISTRY = 'write_package_registry',
  READ_VIRTUAL_REGISTRY = 'read_virtual_registry',
  WRITE_VIRTUAL_REGISTRY = 'write_virtual_registry',
}

/** Every GitLab deploy token scope, as GitLab spells it. */
export const GITLAB_DEPLOY_TOKEN_SCOPES: readonly string[] = Object.values(GitlabDeployTokenScope);

/** A GitLab deploy token (project or group) for the GitLab container registry. */
export interface GitlabCredentialsProps extends CommonCredentialsProps {
  /** The deploy token's username, e.g. `gitlab+deploy-token-123` or a custom name. */
  readonly username: string;
  /** The deploy token (`gldt-…`). Needs the `read_registry` scope. */
  readonly token: string;
  /**
   * The registry host, with port for a self-managed instance (`gitlab.example.com:5050`).
   * @default 'registry.gitlab.com'
   */
  readonly registry?: string;
  /**
   * The token's scopes, when known. Checked to include `read_registry`.
   * @default - not checked
   */
  readonly scopes?: GitlabDeployTokenScope[];
}

const CANNOT_PULL = 'GitLab does not accept it for registry pulls.';
const USE_DEPLOY_TOKEN =
  'Create a deploy token with the read_registry scope (Settings > Repository > Deploy tokens) and use its gldt-… token.';

/** GitLab's token prefixes, with what each means for a pull secret. */
export const GITLAB_TOKEN_KINDS: readonly TokenKind[] = [
  { prefix: 'gldt-', name: 'a GitLab deploy token', verdict: 'accept' },
  {
    prefix: 'glpat-',
    name: 'a GitLab personal, project or group access token',
    verdict: 'warn',
    why: 'it is tied to a person or project and their access, expires within a year, and GitLab ignores the username with it.',
    fix: `Prefer a deploy token: ${USE_DEPLOY_TOKEN}`,
  },
  {
    prefix: 'glcbt-',
    name: 'a GitLab CI/CD job token',
    verdict: 'refuse',
    why: 'it stops working when the job that created it ends, and every later pull fails with 401.',
    fix: USE_DEPLOY_TOKEN,
  },
  ...(
    [
      ['glrt-', 'a GitLab runner authentication token'],
      ['glrtr-', 'a GitLab runner registration token'],
      ['glptt-', 'a GitLab pipeline trigger token'],
      ['glft-', 'a GitLab feed token'],
      ['gloas-', 'a GitLab OAuth application secret'],
      ['glagent-', 'a GitLab agent for Kubernetes token'],
      ['glsoat-', 'a GitLab SCIM OAuth access token'],
      ['glffct-', 'a GitLab feature flags client token'],
      ['glwt-', 'a GitLab workspace token'],
    ] as const
  ).map(([prefix, name]): TokenKind => ({ prefix, name, verdict: 'refuse', why: CANNOT_PULL, fix: USE_DEPLOY_TOKEN })),
];

/** An unknown `gl…-` prefix on gitlab.com is no deploy token; a self-managed instance may set its own prefix. */
export function gitlabUnknownToken(token: string, registry: string): UnknownTokenRule {
  const gitlabCom = registry === 'registry.gitlab.com' || registry === 'gitlab.com' || registry === 'gitlab.com:443';
  if (gitlabCom && /^gl[a-z]+-/.test(token)) {
    return {
      verdict: 'refuse',
      why: `its prefix is not one of a token that can pull. ${CANNOT_PULL}`,
      fix: USE_DEPLOY_TOKEN,
    };
  }
  return {
    verdict: 'warn',
    why: gitlabCom
      ? 'deploy tokens made before GitLab 16.7 have no prefix and still work; any other token cannot pull.'
      : 'a self-managed instance may set its own token prefix.',
    fix: 'Check that it is a deploy token with read_registry.',
  };
}

export const GITLAB: RegistryPreset<GitlabCredentialsProps> = {
  kind: RegistryKind.GITLAB,
  factory: 'gitlab',
  title: 'GitLab container registry',
  defaultKey: 'registry.gitlab.com',
  fields: {
    username: 'username',
    token: 'secret',
    registry: 'key',
    scopes: 'setting',
    expiresAt: 'expiry',
    acceptRefusedToken: 'setting',
  },
  tokenKinds: GITLAB_TOKEN_KINDS,
  tokenDocs: 'https://docs.gitlab.com/user/project/deploy_tokens/',
  expiry: 'A deploy token lives until the expiry date set when it was created, or until revoked.',
  rotation:
    'Create a new deploy token in GitLab (Settings > Repository > Deploy tokens, read_registry), deploy it with the old one as `previous`, check with regcred verify, then revoke the old token.',
  resolve(props: GitlabCredentialsProps, c: Checker) {
    const registry = c.optionalString(props.registry, 'registry') ?? GITLAB.defaultKey!;
    c.registryKey(registry, 'registry');
    c.username(props.username);
    const token = c.token(props.token, 'token');
    if (token !== undefined)
      c.tokenKind(token, GITLAB, props.acceptRefusedToken, 'token', gitlabUnknownToken(token, registry));
    const scopes = checkScopes(props.scopes, c);
    return {
      kind: RegistryKind.GITLAB,
      registries: [registry],
      username: props.username,
      secret: token ?? '',
      secretField: 'token',
      ...c.expiry(props.expiresAt),
      ...(scopes ? { scopes } : {}),
    };
  },
};

function checkScopes(scopes: unknown, c: Checker): string[] | undefined {
  if (scopes === undefined) return undefined;
  const problems = deployTokenScopeProblems(scopes, 'scopes');
  for (const p of problems) c.fail(p.field, p.message);
  return problems.length === 0 ? [...(scopes as string[])] : undefined;
}

/**
 * The problems with GitLab deploy token scopes given at `field` (a token's, or a generator's that
 * makes tokens): not a non-empty list of strings, a scope GitLab does not have, a project-only scope
 * for a group's token (`target`), or no `read_registry`, without which every pull fails with 403.
 */
export function deployTokenScopeProblems(
  value: unknown,
  field: string,
  target?: 'project' | 'group',
): Array<{ field: string; message: string }> {
  if (!isStringArray(value) || value.length === 0) {
    const got = Array.isArray(value) && value.length === 0 ? 'an empty list' : describe(value);
    return [
      {
        field,
        message: `'${field}' must be a list of deploy token scopes such as ["read_registry"], got ${got}.`,
      },
    ];
  }
  const problems: Array<{ field: string; message: string }> = [];
  for (const scope of value) {
    if (!GITLAB_DEPLOY_TOKEN_SCOPES.includes(scope)) {
      problems.push({
        field,
        message: `'${field}' holds ${JSON.stringify(scope)}, which is no deploy token scope; GitLab's are ${GITLAB_DEPLOY_TOKEN_SCOPES.join(', ')}.`,
      });
    } else if (target === 'group' && scope.endsWith('_virtual_registry')) {
      problems.push({
        field,
        message: `'${field}' holds ${JSON.stringify(scope)}, which only a project deploy token takes; leave it out of a group's.`,
      });
    }
  }
  if (!value.includes(GitlabDeployTokenScope.READ_REGISTRY)) {
    problems.push({
      field,
      message: `'${field}' ${JSON.stringify(value)} lacks "read_registry"; the registry refuses pulls with such a token (403 denied). Create a deploy token with the read_registry scope.`,
    });
  }
  return problems;
}

function isStringArray(x: unknown): x is string[] {
  return Array.isArray(x) && x.every((s) => typeof s === 'string');
}

function describe(x: unknown): string {
  return Array.isArray(x) ? 'an array with non-strings' : x === null ? 'null' : `a ${typeof x}`;
}
