import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-32';
import { GitlabRegistrySecret, type GitlabRegistrySecretProps } from 'regcred/cdk8s';
import { resolvePullCredentials, type SecretObject } from 'regcred';

type Manifest = {
  kind: string;
  metadata: { name: string; namespace?: string; annotations?: Record<string, string> };
  [k: string]: any;
};

const now = new Date('2026-11-23T12:00:00Z');
let stderr: jest.SpyInstance;
beforeEach(() => {
  stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterEach(() => stderr.mockRestore());
const printed = () => stderr.mock.calls.map((c) => String(c[0])).join('');

function chartWith(props: Partial<GitlabRegistrySecretProps>): Chart {
  const chart = Testing.chart();
  new GitlabRegistrySecret(chart, 'GitlabPull', {
    name: 'gitlab-pull',
    username: 'gitlab+deploy-token-20',
    token: 'gldt-newToken2020',
    expiry: { now },
    ...props,
  });
  new kplus.Deployment(chart, 'Api', { containers: [{ image: 'registry.gitlab.com/acme/api:2' }] });
  return chart;
}

describe('expiry at synth', () => {
  test('expiresAt travels into the Secret as the regcred.io/expires-at annotation', () => {
    const out = Testing.synth(chartWith({ expiresAt: '2027-05-01' })) as Manifest[];
    expect(out.find((o) => o.kind === 'Secret')?.metadata.annotations).toEqual({
      'regcred.io/expires-at': '2027-05-01T00:00:00Z',
    });
    expect(printed()).not.toContain('expires on');
  });

  test('warns when the token expires within 30 days, naming secret, registry, date and rotation steps', () => {
    Testing.synth(chartWith({ expiresAt: '2026-12-10T00:00:00Z' }));
    expect(printed()).toContain(
      'Warning: [test/GitlabPull] The token of secret "gitlab-pull" for "registry.gitlab.com" expires on 2026-12-10T00:00:00Z, in 17 day(s). Create a new deploy token in GitLab',
    );
  });

  test('the window is configurable', () => {
    Testing.synth(chartWith({ expiresAt: '2026-12-10T00:00:00Z', expiry: { now, warnWithinDays: 7 } }));
    expect(printed()).not.toContain('expires on');
  });

  test('fails synth when the token has expired', () => {
    expect(() => Testing.synth(chartWith({ expiresAt: '2026-11-23T00:00:00Z' }))).toThrow(
      'Validation failed with the following errors:\n  [test/GitlabPull] The token of secret "gitlab-pull" for "registry.gitlab.com" expired on 2026-11-23T00:00:00Z',
    );
  });

  test('failWhenExpired false turns the failure into a warning', () => {
    expect(() =>
      Testing.synth(chartWith({ expiresAt: '2026-11-23T00:00:00Z', expiry: { now, failWhenExpired: false } })),
    ).not.toThrow();
    expect(printed()).toContain('expired on 2026-11-23T00:00:00Z');
  });
});

describe('rotation with overlap', () => {
  const rotating = (until: string) =>
    chartWith({ previous: { token: 'gldt-oldToken1919', username: 'gitlab+deploy-token-19', until } });

  test('GIVEN a previous token WHEN synthesized THEN both secrets are wired, new first, and the kubelet tries new then old', () => {
    const out = Testing.synth(rotating('2026-12-01T00:00:00Z')) as Manifest[];
    const secrets = out.filter((o) => o.kind === 'Secret');
    expect(secrets.map((s) => s.metadata.name)).toEqual(['gitlab-pull', 'gitlab-pull-previous']);
    const pod = out.find((o) => o.kind === 'Deployment')!.spec.template.spec;
    expect(pod.imagePullSecrets).toEqual([{ name: 'gitlab-pull' }, { name: 'gitlab-pull-previous' }]);
    const inPodOrder = pod.imagePullSecrets.map(
      (r: { name: string }) => secrets.find((s) => s.metadata.name === r.name) as SecretObject,
    );
    expect(resolvePullCredentials(inPodOrder, 'registry.gitlab.com/acme/api:2').creds.map((c) => c.username)).toEqual([
      'gitlab+deploy-token-20',
      'gitlab+deploy-token-19',
    ]);
  });

  test('after until, the previous secret disappears with a note to revoke it', () => {
    const out = Testing.synth(rotating('2026-11-23T12:00:00Z')) as Manifest[];
    expect(out.filter((o) => o.kind === 'Secret').map((s) => s.metadata.name)).toEqual(['gitlab-pull']);
    expect(out.find((o) => o.kind === 'Deployment')!.spec.template.spec.imagePullSecrets).toEqual([
      { name: 'gitlab-pull' },
    ]);
    expect(printed()).toContain(
      'The rotation overlap of secret "gitlab-pull" for "registry.gitlab.com" ended on 2026-11-23T12:00:00Z: the previous credentials are no longer deployed. Revoke the previous token at the registry now.',
    );
  });

  test('fails when until is not a date', () => {
    expect(() => rotating('when ready')).toThrow(`[test/GitlabPull] 'previous.until' "when ready" is not a date.`);
  });

  test.each(['Dec 1 2026', '1 December 2026'])('fails on %j: text only JavaScript reads is not RFC 3339', (until) => {
    expect(() => rotating(until)).toThrow(`'previous.until' ${JSON.stringify(until)} is not a date.`);
  });

  test.each([
    ['an empty token', { token: '' }, `'previous.token' is empty.`],
    ['a CI job token', { token: 'glcbt-64_OldJobToken0000001' }, `'previous.token' is a GitLab CI/CD job token`],
    ['a bad username', { token: 'gldt-oldToken1919', username: 'gitlab+deploy token' }, `'previous.username' `],
  ])('fails on %s in previous, naming the field as the caller wrote it', (_, previous, message) => {
    expect(() => chartWith({ previous: { until: '2030-01-01', ...previous } })).toThrow(`[test/GitlabPull] ${message}`);
  });

  test('fails on a time without a zone, saying that a zone is needed and how to give one', () => {
    expect(() => rotating('2030-12-01T00:00:00')).toThrow(
      `[test/GitlabPull] 'previous.until' "2030-12-01T00:00:00" has no time zone, so it names a different instant in each zone. Add one: "2030-12-01T00:00:00Z" for UTC, or an offset such as "2030-12-01T00:00:00+02:00".`,
    );
  });

  test('a Date from a JavaScript caller is refused with the fix', () => {
    expect(() => rotating(new Date('2026-12-01T00:00:00Z') as never)).toThrow(
      `[test/GitlabPull] 'previous.until' is a Date; it takes RFC 3339 text. Give date.toISOString() (or a date such as "2027-01-31").`,
    );
  });
});
