/**
 * The props of each preset construct's registry kind, every field set, and for each field a value
 * that breaks the kind's rules: a construct that drops or renames a field no longer fails with it.
 */
import { GitlabDeployTokenScope, RegcredError, RegistryCredentials, RegistryKind } from 'regcred';

export interface PresetCase {
  readonly kind: RegistryKind;
  /** Every field of the kind's factory, each with a value other than its default. */
  readonly full: Record<string, unknown>;
  /** Per field: a value the factory refuses, or why the field cannot be told apart from its default. */
  readonly breaking: Record<string, { readonly value: unknown } | { readonly noEffect: string }>;
}

export const PRESET_CASES: Record<'gitlab' | 'github' | 'dockerHub', PresetCase> = {
  gitlab: {
    kind: RegistryKind.GITLAB,
    full: {
      username: 'gitlab+deploy-token-41',
      token: 'glcbt-64_JobTokenOfAPipeline01',
      registry: 'gitlab.example.com:5050',
      scopes: [GitlabDeployTokenScope.READ_REGISTRY],
      expiresAt: '2099-03-01T00:00:00Z',
      acceptRefusedToken: true,
    },
    breaking: {
      username: { value: 'user:glpat-pasted' },
      token: { value: '' },
      registry: { value: 'https://gitlab.example.com:5050/v2' },
      scopes: { value: ['read_repository'] },
      expiresAt: { value: 'next year' },
      acceptRefusedToken: { value: false },
    },
  },
  github: {
    kind: RegistryKind.GITHUB,
    full: {
      username: 'octo-bot',
      token: 'ghs_InstallationToken0000000000000001',
      expiresAt: '2099-04-01',
      acceptRefusedToken: true,
    },
    breaking: {
      username: { value: '' },
      token: { value: '   ' },
      expiresAt: { value: '2099-13-45' },
      acceptRefusedToken: { value: false },
    },
  },
  dockerHub: {
    kind: RegistryKind.DOCKER_HUB,
    full: {
      username: 'acme',
      token: 'dckr_pat_ReadOnly000000000000001',
      registry: 'https://index.docker.io/v1/',
      expiresAt: '2099-05-01T12:00:00Z',
      acceptRefusedToken: true,
    },
    breaking: {
      username: { value: 'acme\n' },
      token: { value: 'dckr pat' },
      registry: { value: 'docker.io' },
      expiresAt: { value: 12 },
      acceptRefusedToken: { noEffect: 'Docker Hub refuses no token kind, so there is nothing to accept.' },
    },
  },
};

/** The full props with `field` set to `value`. */
export function withField(c: PresetCase, field: string, value: unknown): Record<string, unknown> {
  return { ...c.full, [field]: value };
}

/** The breaking cases as rows for `test.each`: [preset, field, value]. */
export function breakingRows(): Array<[keyof typeof PRESET_CASES, string, unknown]> {
  return Object.entries(PRESET_CASES).flatMap(([name, c]) =>
    Object.entries(c.breaking).flatMap(([field, b]) =>
      'value' in b
        ? [[name as keyof typeof PRESET_CASES, field, b.value] as [keyof typeof PRESET_CASES, string, unknown]]
        : [],
    ),
  );
}

/** A token each preset kind takes as it is, for the previous credentials. */
export const PREVIOUS_TOKENS: Record<keyof typeof PRESET_CASES, string> = {
  gitlab: 'gldt-PreviousDeployToken0001',
  github: 'ghp_PreviousClassicToken000000000001',
  dockerHub: 'dckr_pat_PreviousToken000000000001',
};

/** The factory's refusal of `props` for the case's kind; fails the test if the factory takes them. */
export function factoryRefusal(c: PresetCase, props: Record<string, unknown>): RegcredError {
  try {
    RegistryCredentials._fromPreset(c.kind, props);
  } catch (e) {
    if (RegcredError.isRegcredError(e)) return e;
    throw e;
  }
  throw new Error(`RegistryCredentials._fromPreset(${c.kind}) took ${JSON.stringify(props)}`);
}
