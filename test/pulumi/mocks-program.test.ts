/**
 * Programs run as users unit-test them, under pulumi.runtime.setMocks in a process of their own:
 * the README's Pulumi program (wired with `transformations`, which the mocks run, as the README
 * says) and variants whose credentials arrive as secret config. Bad credentials must fail the
 * program, register no Secret and wire nothing.
 */
import { docExample } from '../docs/blocks';
import { unwrap } from './mocks';
import { runUnderMocks } from './mocks-process';

jest.setTimeout(120_000);

/** The README's Pulumi program, wired through `transformations` as the Pulumi guide says unit-tested programs are. */
function readmeProgram(): string {
  const block = docExample('pulumi-program').code;
  const wired = block.replace('{ transforms: [gitlab.transform] }', '{ transformations: [gitlab.transformation] }');
  expect(wired).not.toBe(block);
  return wired;
}

const kubernetes = (run: { created: Array<{ type: string }> }): string[] =>
  run.created.map((r) => r.type).filter((t) => t.startsWith('kubernetes:'));

test("the README's program under mocks: the Secret in shop and the Deployment wired to it", () => {
  const run = runUnderMocks(readmeProgram(), { gitlabDeployToken: 'gldt-mocksToken01' }, ['gitlabDeployToken']);
  expect([run.status, run.output]).toEqual([0, '']);
  const secret = run.created.find((r) => r.type === 'kubernetes:core/v1:Secret');
  const deployment = run.created.find((r) => r.type === 'kubernetes:apps/v1:Deployment');
  const name = unwrap(secret?.inputs).metadata.name as string;
  expect(name).toMatch(/^gitlab-pull-[0-9a-f]{10}$/);
  expect(unwrap(secret?.inputs).metadata.namespace).toBe('shop');
  expect(unwrap(deployment?.inputs).spec.template.spec.imagePullSecrets).toEqual([{ name }]);
});

describe("the README's program with bad credentials in its secret config fails, once, and creates nothing", () => {
  test.each([
    ['an empty token', '', "credentials[0].token: 'token' is empty."],
    ['a CI/CD job token', 'glcbt-64_jobTokenSecret', "credentials[0].token: 'token' is a GitLab CI/CD job token"],
  ])('%s', (_what, token, message) => {
    const run = runUnderMocks(readmeProgram(), { gitlabDeployToken: token }, ['gitlabDeployToken']);
    expect(run.status).toBe(1);
    expect(run.output.split(message).length - 1).toBe(1);
    expect(run.output).not.toContain('jobTokenSecret');
    // Only the component itself: no Secret, and no Deployment waiting on its name.
    expect(run.created.map((r) => r.type)).toEqual(['regcred:index:GitlabRegistrySecret']);
  });
});

test('an expired token from config fails the program; with two namespaces, a fixed name and a ServiceAccount, nothing waits', () => {
  const program = `import * as pulumi from '@pulumi/pulumi';
import { GitlabRegistrySecret } from 'regcred/pulumi';

const config = new pulumi.Config();
new GitlabRegistrySecret('gitlab-pull', {
  username: 'gitlab+deploy-token-1',
  token: config.requireSecret('token'),
  expiresAt: config.require('expiresAt'),
  expiry: { now: '2026-12-02T00:00:00Z' },
  appendHash: false,
  namespaces: ['shop', 'billing'],
  serviceAccounts: [{ name: 'default', namespace: 'shop' }],
});
`;
  const started = Date.now();
  const run = runUnderMocks(program, { token: 'gldt-expiredToken01', expiresAt: '2026-11-01' }, ['token']);
  expect(run.status).toBe(1);
  expect(Date.now() - started).toBeLessThan(60_000);
  expect(run.output.split('expired on 2026-11-01T00:00:00Z').length - 1).toBe(1);
  expect(run.output).not.toContain('expiredToken01');
  expect(kubernetes(run)).toEqual([]);
});

test('a bad previous token from config fails the program the same way, naming previous.credentials', () => {
  const program = `import * as pulumi from '@pulumi/pulumi';
import { GitlabRegistrySecret } from 'regcred/pulumi';

const config = new pulumi.Config();
new GitlabRegistrySecret('gitlab-pull', {
  username: 'gitlab+deploy-token-2',
  token: 'gldt-newToken02',
  previous: { username: 'gitlab+deploy-token-1', token: config.requireSecret('old'), until: '2027-01-01' },
  expiry: { now: '2026-12-02T00:00:00Z' },
  namespaces: ['shop'],
});
`;
  const run = runUnderMocks(program, { old: 'glcbt-64_oldJobSecret' }, ['old']);
  expect(run.status).toBe(1);
  expect(run.output.split("previous.credentials[0].token: 'token' is a GitLab CI/CD job token").length - 1).toBe(1);
  expect(run.output).not.toContain('oldJobSecret');
  expect(run.created.map((r) => r.name)).not.toContain('gitlab-pull-previous-shop');
});
