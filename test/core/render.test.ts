import kubectlVectors from '../fixtures/kubectl.json';
import {
  PullSecretFormat,
  RegcredError,
  RegistryCredentials,
  pullSecretManifest,
  renderDockerConfigJson,
  renderDockercfg,
  resolvePullCredentials,
} from 'regcred';

const gitlab = RegistryCredentials.gitlab({ username: 'gitlab+deploy-token-7', token: 'gldt-aaaabbbbccccdddd' });
const github = RegistryCredentials.github({ username: 'octocat', token: 'ghp_1234567890abcdef' });

describe('renderDockerConfigJson', () => {
  test('writes username, password, email only when given, and auth, in kubectl order', () => {
    expect(renderDockerConfigJson([gitlab])).toBe(
      '{"auths":{"registry.gitlab.com":{"username":"gitlab+deploy-token-7","password":"gldt-aaaabbbbccccdddd","auth":"Z2l0bGFiK2RlcGxveS10b2tlbi03OmdsZHQtYWFhYWJiYmJjY2NjZGRkZA=="}}}',
    );
  });

  test('is byte-identical to kubectl create secret docker-registry for every upstream case', () => {
    const ok = kubectlVectors.create.filter((v) => 'secret' in v.expected);
    expect(ok.length).toBeGreaterThan(0);
    for (const v of ok) {
      const c = RegistryCredentials.basic({
        registry: v.args.dockerServer,
        username: v.args.dockerUsername,
        password: v.args.dockerPassword,
        ...(v.args.dockerEmail ? { email: v.args.dockerEmail } : {}),
      });
      const expected = (v.expected as { secret: { data: Record<string, string> } }).secret.data['.dockerconfigjson'];
      expect(renderDockerConfigJson([c])).toBe(expected);
    }
  });

  test('escapes HTML characters as Go does', () => {
    const c = RegistryCredentials.basic({ registry: 'r.example.com', username: 'a<b>', password: 'x&y' });
    expect(renderDockerConfigJson([c])).toContain('"username":"a\\u003cb\\u003e","password":"x\\u0026y"');
  });

  test('holds several credentials, sorted by key, the same bytes whatever the input order', () => {
    const a = renderDockerConfigJson([gitlab, github]);
    expect(a).toBe(renderDockerConfigJson([github, gitlab]));
    expect(Object.keys(JSON.parse(a).auths)).toEqual(['ghcr.io', 'registry.gitlab.com']);
  });

  test('fails when two credentials share a key as the kubelet reads it', () => {
    const other = RegistryCredentials.basic({ registry: 'https://registry.gitlab.com/', username: 'u', password: 'p' });
    expect(() => renderDockerConfigJson([gitlab, other])).toThrow(
      `'credentials[1]' has registry "https://registry.gitlab.com/", which the kubelet reads as the same key ("registry.gitlab.com") as 'credentials[0]'; within one secret their order is random. Put them in separate secrets, listed in imagePullSecrets in the order they should be tried.`,
    );
  });

  test('renderDockercfg puts keys at the top level', () => {
    expect(Object.keys(JSON.parse(renderDockercfg([gitlab])))).toEqual(['registry.gitlab.com']);
  });
});

describe('pullSecretManifest', () => {
  test.each([
    ['an object without a prototype', Object.create(null) as unknown, '(an object)'],
    ['a symbol', Symbol('ns') as unknown, '(a symbol)'],
    ['a number', 5, '(a number)'],
  ])(
    'fails with a RegcredError naming the field, not a raw error, on a namespace and a format that are %s',
    (_, bad, shown) => {
      for (const field of ['namespace', 'format']) {
        let thrown: unknown;
        try {
          pullSecretManifest({ name: 'gitlab-pull', credentials: [gitlab], [field]: bad });
        } catch (e) {
          thrown = e;
        }
        expect(RegcredError.isRegcredError(thrown)).toBe(true);
        expect((thrown as RegcredError).field).toBe(field);
        expect((thrown as RegcredError).message).toContain(`'${field}' ${shown} is not`);
      }
    },
  );

  test('GIVEN gitlab credentials WHEN rendered THEN a dockerconfigjson Secret the kubelet reads back', () => {
    const m = pullSecretManifest({ name: 'gitlab-pull', namespace: 'apps', credentials: [gitlab] });
    expect(m.type).toBe('kubernetes.io/dockerconfigjson');
    expect(m.metadata).toEqual({ name: 'gitlab-pull', namespace: 'apps' });
    const got = resolvePullCredentials([m], 'registry.gitlab.com/acme/app:1.2');
    expect(got.creds).toEqual([{ username: 'gitlab+deploy-token-7', password: 'gldt-aaaabbbbccccdddd', email: '' }]);
  });

  test('writes the legacy dockercfg format when asked', () => {
    const m = pullSecretManifest({ name: 'legacy', credentials: [gitlab], format: PullSecretFormat.DOCKERCFG });
    expect(m.type).toBe('kubernetes.io/dockercfg');
    expect(Object.keys(m.data)).toEqual(['.dockercfg']);
    expect(resolvePullCredentials([m], 'registry.gitlab.com/acme/app').found).toBe(true);
  });

  test('fails when the name is not a DNS-1123 subdomain, naming a fix', () => {
    expect(() => pullSecretManifest({ name: 'GitLab_Pull', credentials: [gitlab] })).toThrow(
      `'name' "GitLab_Pull" is not a valid Secret name: it must be a DNS-1123 subdomain (lowercase letters, digits, "-" and ".", starting and ending with a letter or digit, at most 253 characters). Use "gitlab-pull".`,
    );
  });

  test('fails when no credentials are given', () => {
    let err: unknown;
    try {
      pullSecretManifest({ name: 'x', credentials: [] });
    } catch (e) {
      err = e;
    }
    expect(RegcredError.isRegcredError(err) && err.code).toBe('INVALID_ARGUMENT');
  });
});
