import * as pulumi from '@pulumi/pulumi';
import { inputErrorsOf, registered, setupMocks, unwrap, valueOf } from './mocks';

const created = setupMocks();

// Mocks are set before the components under test are loaded.
import {
  DockerHubRegistrySecret,
  GithubRegistrySecret,
  GitlabRegistrySecret,
  RegistryCredentialsInput,
} from 'regcred/pulumi';
import { RegistryCredentials, RegistryKind, renderDockerConfigJson } from 'regcred';
import { REGISTRY_PRESETS } from '../../src/core/registries';
import { KINDS } from '../../src/cli/secret';
import { PRESET_CASES, PREVIOUS_TOKENS, breakingRows, factoryRefusal, withField } from '../preset-cases';
import type { DockerHubCredentialsProps, GithubCredentialsProps, GitlabCredentialsProps } from 'regcred';
import type {
  DockerHubRegistrySecretArgs,
  GithubRegistrySecretArgs,
  GitlabRegistrySecretArgs,
  PresetOptions,
} from 'regcred/pulumi';

/** `true` only when A and B have the same fields with the same types. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** The credentials fields of a preset's args (everything but the Secret options), optional or not. */
type CredentialArgs<A> = Required<Omit<A, keyof PresetOptions>>;
// Each preset's args hold exactly the fields of its core props, as Inputs (a compile-time check).
type Inputs<T> = { readonly [K in keyof T]: pulumi.Input<T[K]> };
const sameFields: [
  Same<CredentialArgs<GitlabRegistrySecretArgs>, Inputs<Required<GitlabCredentialsProps>>>,
  Same<CredentialArgs<GithubRegistrySecretArgs>, Inputs<Required<GithubCredentialsProps>>>,
  Same<CredentialArgs<DockerHubRegistrySecretArgs>, Inputs<Required<DockerHubCredentialsProps>>>,
] = [true, true, true];

const COMPONENTS = {
  gitlab: GitlabRegistrySecret,
  github: GithubRegistrySecret,
  dockerHub: DockerHubRegistrySecret,
};
const NAMES = Object.keys(PRESET_CASES) as Array<keyof typeof PRESET_CASES>;

beforeEach(() => created.splice(0));

function secretNamed(name: string): { data: Record<string, string> } | undefined {
  const found = created.find(
    (r) =>
      r.type === 'kubernetes:core/v1:Secret' &&
      (unwrap(r.inputs) as { metadata: { name: string } }).metadata.name === name,
  );
  return found && (unwrap(found.inputs) as { data: Record<string, string> });
}
const payload = (s: { data: Record<string, string> } | undefined) =>
  Buffer.from(s?.data['.dockerconfigjson'] ?? '', 'base64').toString();

describe('preset components pass every credentials arg to their kind', () => {
  test.each(NAMES)(
    'GIVEN every %s field set, the token secret, and a previous token WHEN created THEN both Secrets are what the factory makes of the same props',
    async (name) => {
      const c = PRESET_CASES[name];
      const Component = COMPONENTS[name];
      const previous = { username: 'previous-user', token: PREVIOUS_TOKENS[name], until: '2099-01-15T00:00:00Z' };
      const component = new Component(name, {
        ...c.full,
        token: pulumi.secret(c.full.token as string),
        secretName: 'pull',
        appendHash: false,
        previous,
      } as never);
      await valueOf(component.secretName);
      await registered(...component.objects);

      const current = RegistryCredentials._fromPreset(c.kind, c.full);
      expect(await valueOf(component.dockerConfigJson)).toBe(renderDockerConfigJson([current]));
      expect(payload(secretNamed('pull'))).toBe(renderDockerConfigJson([current]));
      const { expiresAt: _expiry, ...lasting } = c.full;
      const old = RegistryCredentials._fromPreset(c.kind, {
        ...lasting,
        username: 'previous-user',
        token: previous.token,
      });
      expect(payload(secretNamed('pull-previous'))).toBe(renderDockerConfigJson([old]));
    },
  );

  test.each(breakingRows())('fails when %s gets a bad %s, with the factory’s own message', (name, field, value) => {
    const c = PRESET_CASES[name];
    const props = withField(c, field, value);
    const refusal = factoryRefusal(c, props);
    const errors = inputErrorsOf(() => new COMPONENTS[name](`${name}-${field}`, props as never));
    // A secret field's path says its value is not shown (Pulumi's CLI prints the value it finds there).
    const { field: at, message } = refusal.issues[0];
    expect(errors).toContainEqual([at === 'token' ? `${at} (value not shown)` : at, message]);
  });
});

test('each preset args interface spells out its core props (checked by the compiler)', () => {
  expect(sameFields).toEqual([true, true, true]);
});

describe('every registry kind reaches every adapter', () => {
  test.each(Object.values(RegistryKind))(
    '%s has a credentials factory, a Pulumi input factory and a CLI kind',
    (kind) => {
      const factory = REGISTRY_PRESETS[kind].factory;
      expect(typeof (RegistryCredentials as unknown as Record<string, unknown>)[factory]).toBe('function');
      expect(typeof (RegistryCredentialsInput as unknown as Record<string, unknown>)[factory]).toBe('function');
      expect(Object.values(KINDS).map((k) => k.kind)).toContain(kind);
    },
  );
});
