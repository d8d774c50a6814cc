import { Testing } from 'cdk8s';
import { DockerHubRegistrySecret, GithubRegistrySecret, GitlabRegistrySecret } from 'regcred/cdk8s';
import { RegistryCredentials, expiryAnnotations, renderDockerConfigJson } from '../../src/core/internal';
import { REGISTRY_PRESETS } from '../../src/core/registries';
import { PRESET_CASES, PREVIOUS_TOKENS, breakingRows, factoryRefusal, withField } from '../preset-cases';

type Manifest = {
  kind: string;
  metadata: { name: string; annotations?: Record<string, string> };
  data: Record<string, string>;
};

const CONSTRUCTS = {
  gitlab: GitlabRegistrySecret,
  github: GithubRegistrySecret,
  dockerHub: DockerHubRegistrySecret,
};
const NAMES = Object.keys(PRESET_CASES) as Array<keyof typeof PRESET_CASES>;

let stderr: jest.SpyInstance;
beforeEach(() => {
  stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterEach(() => stderr.mockRestore());

function synthPreset(name: keyof typeof PRESET_CASES, props: Record<string, unknown>): Manifest[] {
  const chart = Testing.chart();
  const Construct = CONSTRUCTS[name];
  new Construct(chart, 'Pull', { ...props, name: 'pull', autoWire: false } as never);
  return Testing.synth(chart) as Manifest[];
}

const payload = (m: Manifest | undefined) => Buffer.from(m?.data['.dockerconfigjson'] ?? '', 'base64').toString();

describe('preset constructs pass every credentials prop to their kind', () => {
  test.each(NAMES)('the %s case sets and breaks every field of its kind, no more', (name) => {
    const c = PRESET_CASES[name];
    const fields = Object.keys(REGISTRY_PRESETS[c.kind].fields).sort();
    expect(Object.keys(c.full).sort()).toEqual(fields);
    expect(Object.keys(c.breaking).sort()).toEqual(fields);
  });

  test.each(NAMES)(
    'GIVEN every %s field set and a previous token WHEN synthesized THEN both Secrets are what the factory makes of the same props',
    (name) => {
      const c = PRESET_CASES[name];
      const previous = { username: 'previous-user', token: PREVIOUS_TOKENS[name], until: '2099-01-15T00:00:00Z' };
      const out = synthPreset(name, { ...c.full, previous });

      const current = RegistryCredentials._fromPreset(c.kind, c.full);
      const secret = out.find((o) => o.kind === 'Secret' && o.metadata.name === 'pull');
      expect(payload(secret)).toBe(renderDockerConfigJson([current]));
      expect(secret?.metadata.annotations).toMatchObject(expiryAnnotations([current]));

      const { expiresAt: _expiry, ...lasting } = c.full;
      const old = RegistryCredentials._fromPreset(c.kind, {
        ...lasting,
        username: 'previous-user',
        token: previous.token,
      });
      expect(payload(out.find((o) => o.kind === 'Secret' && o.metadata.name === 'pull-previous'))).toBe(
        renderDockerConfigJson([old]),
      );
    },
  );

  test.each(breakingRows())('fails when %s gets a bad %s, with the factory’s own message', (name, field, value) => {
    const c = PRESET_CASES[name];
    const props = withField(c, field, value);
    const refusal = factoryRefusal(c, props);
    expect(() => synthPreset(name, props)).toThrow(refusal.issues[0].message);
  });

  test('GIVEN a GitLab CI job token and acceptRefusedToken WHEN the preset construct is made THEN it is taken with a warning', () => {
    const chart = Testing.chart();
    const secret = new GitlabRegistrySecret(chart, 'P', {
      username: 'gitlab+deploy-token-1',
      token: 'glcbt-64_JobTokenOfAPipeline01',
      acceptRefusedToken: true,
    });
    expect(secret.warnings.join('\n')).toMatch(
      /a GitLab CI\/CD job token \(glcbt-…\).*Used anyway because acceptRefusedToken/,
    );
  });
});
