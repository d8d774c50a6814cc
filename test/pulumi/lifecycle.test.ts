import * as pulumi from '@pulumi/pulumi';
import { inputErrorsOf, registered, setupMocks, unwrap, valueOf } from './mocks';

const created = setupMocks();

// Loaded after the mocks are set.
import { GitlabRegistrySecret } from 'regcred/pulumi';
import { resolvePullCredentials, type SecretObject } from 'regcred';

const now = '2026-11-23T12:00:00Z';
let warn: jest.SpyInstance;
beforeEach(() => {
  created.splice(0);
  // Under mocks, pulumi.log.warn writes to console.warn.
  warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => warn.mockRestore());
const warned = (): string => warn.mock.calls.map((c) => String(c[0])).join('\n');

describe('expiry', () => {
  test('expiresAt travels into every Secret as the regcred.io/expires-at annotation', async () => {
    const c = new GitlabRegistrySecret('dated', {
      username: 'u',
      token: 'gldt-x',
      expiresAt: '2027-05-01',
      expiry: { now },
    });
    await valueOf(c.secretName);
    await registered(...c.objects);
    const secret = created.find((r) => r.type === 'kubernetes:core/v1:Secret');
    expect(unwrap(secret?.inputs).metadata.annotations).toEqual({ 'regcred.io/expires-at': '2027-05-01T00:00:00Z' });
  });

  test('a known token that has expired is refused at construction: one error naming secret, registry, date and steps', () => {
    const errors = inputErrorsOf(
      () =>
        new GitlabRegistrySecret('expired', {
          username: 'u',
          token: 'gldt-x',
          expiresAt: '2026-11-01',
          expiry: { now },
        }),
    );
    expect(errors).toEqual([
      [
        'expiresAt',
        'The token of secret "expired" for "registry.gitlab.com" expired on 2026-11-01T00:00:00Z; new pods cannot pull (running ones may hide it with cached images). ' +
          'Create a new deploy token in GitLab (Settings > Repository > Deploy tokens, read_registry), deploy it with the old one as `previous`, check with regcred verify, then revoke the old token.',
      ],
    ]);
    expect(created.filter((r) => r.type === 'kubernetes:core/v1:Secret')).toEqual([]);
  });

  test('warns at preview and update when the token expires within the window', async () => {
    const c = new GitlabRegistrySecret('soon', {
      username: 'u',
      token: 'gldt-x',
      expiresAt: '2026-12-01',
      expiry: { now },
    });
    await valueOf(c.dockerConfigJson);
    expect(warned()).toContain(
      'The token of secret "soon" for "registry.gitlab.com" expires on 2026-12-01T00:00:00Z, in 8 day(s).',
    );
  });

  test('failWhenExpired false lets an expired token through, with a warning', async () => {
    let c: GitlabRegistrySecret | undefined;
    expect(() => {
      c = new GitlabRegistrySecret('allowed', {
        username: 'u',
        token: 'gldt-x',
        expiresAt: '2026-11-01',
        expiry: { now, failWhenExpired: false },
      });
    }).not.toThrow();
    // The warning comes once the credentials resolve: wait for it while console.warn is still captured.
    await registered(...c!.objects);
    expect(warned()).toContain(
      'The token of secret "allowed" for "registry.gitlab.com" expired on 2026-11-01T00:00:00Z',
    );
  });
});

describe('rotation with overlap', () => {
  const rotating = (until: string) =>
    new GitlabRegistrySecret('gitlab', {
      username: 'gitlab+deploy-token-20',
      token: pulumi.secret('gldt-new2020'),
      previous: { username: 'gitlab+deploy-token-19', token: pulumi.secret('gldt-old1919'), until },
      namespaces: ['shop'],
      expiry: { now },
    });

  test('GIVEN a previous token WHEN created THEN new and previous Secrets, referenced new first, so the kubelet tries new then old', async () => {
    const c = rotating('2026-12-01T00:00:00Z');
    const refs = await valueOf(c.imagePullSecrets);
    await registered(...c.objects);
    expect(refs).toHaveLength(2);
    expect(refs[1].name.startsWith('gitlab-previous-')).toBe(true);
    const secrets = created
      .filter((r) => r.type === 'kubernetes:core/v1:Secret')
      .map((r) => unwrap(r.inputs) as SecretObject & { metadata: { name: string } });
    const names = created
      .filter((r) => r.type === 'kubernetes:core/v1:Secret' && r.name.startsWith('gitlab'))
      .map((r) => r.name);
    expect(names.sort()).toEqual(['gitlab-previous-shop', 'gitlab-shop']);
    const inOrder = refs.map((r) => secrets.find((s) => s.metadata.name === r.name)!);
    expect(resolvePullCredentials(inOrder, 'registry.gitlab.com/acme/api').creds.map((x) => x.username)).toEqual([
      'gitlab+deploy-token-20',
      'gitlab+deploy-token-19',
    ]);
  });

  test('the transform wires both, new first', async () => {
    const c = rotating('2026-12-01T00:00:00Z');
    const refs = await valueOf(c.imagePullSecrets);
    const result = await c.transform({
      custom: true,
      type: 'kubernetes:core/v1:Pod',
      name: 'p',
      props: { spec: { containers: [{ name: 'c', image: 'registry.gitlab.com/acme/api' }] } },
      opts: {},
    });
    const wired = (result?.props as { spec: { imagePullSecrets: pulumi.Input<Array<{ name: string }>> } }).spec
      .imagePullSecrets;
    expect((await valueOf(pulumi.output(wired))).map((r) => r.name)).toEqual(refs.map((r) => r.name));
  });

  test('after until, only the new Secret is created', async () => {
    const c = rotating('2026-11-23T12:00:00Z');
    expect(await valueOf(c.imagePullSecrets)).toHaveLength(1);
    await registered(...c.objects);
    expect(warned()).toContain(
      'The rotation overlap of secret "gitlab" for "registry.gitlab.com" ended on 2026-11-23T12:00:00Z',
    );
    expect(
      created.filter((r) => r.type === 'kubernetes:core/v1:Secret' && r.name.startsWith('gitlab')).map((r) => r.name),
    ).toEqual(['gitlab-shop']);
  });

  test('fails when until is not a date: an InputPropertyError naming previous.until', () => {
    const errors = inputErrorsOf(
      () =>
        new GitlabRegistrySecret('bad', {
          username: 'u',
          token: 'gldt-x',
          previous: { token: 'gldt-y', until: 'soon' },
        }),
    );
    expect(errors).toEqual([
      [
        'previous.until',
        `'previous.until' "soon" is not a date. Use an RFC 3339 date or time, e.g. "2027-01-31" or "2027-01-31T00:00:00Z".`,
      ],
    ]);
  });
});

describe('credential warnings', () => {
  test('a token kind that may not work is logged on the component, as cdk8s prints it', async () => {
    const c = new GitlabRegistrySecret('pat', { username: 'u', token: pulumi.secret('glpat-personalSecret') });
    await valueOf(c.secretName);
    await registered(...c.objects);
    expect(warned()).toContain(
      "registry.gitlab.com: 'token' is a GitLab personal, project or group access token (glpat-…)",
    );
    expect(warned()).not.toContain('personalSecret');
  });
});
