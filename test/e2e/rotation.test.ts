/**
 * A token rotation against a real token-auth registry: the new and the old
 * deploy token are both deployed (new first), the old one is revoked in the
 * middle of the rotation, and pulls keep working with the new one.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-32';
import { stringify } from 'yaml';
import { GitlabRegistrySecret } from 'regcred/cdk8s';
import { verifyPull } from '../../src/registry';
import { cli } from '../cli/run-cli';
import { ensureTools, pushImage, skopeoInspect, startTokenRegistry, type Registry, type RegistryUser } from './harness';

jest.setTimeout(60_000);

const admin: RegistryUser = {
  username: 'ci-admin',
  password: 'admin-Secret-2',
  scopes: ['read_registry', 'write_registry'],
};
const oldToken: RegistryUser = {
  username: 'gitlab+deploy-token-19',
  password: 'gldt-oldRotation19',
  scopes: ['read_registry'],
};
const newToken: RegistryUser = {
  username: 'gitlab+deploy-token-20',
  password: 'gldt-newRotation20',
  scopes: ['read_registry'],
};
let registry: Registry;

beforeAll(async () => {
  ensureTools();
  registry = await startTokenRegistry([admin, oldToken, newToken]);
  await pushImage(registry.host, 'acme/api', '2.0', admin);
});
afterAll(() => registry.stop());

test('the old token is revoked mid-rotation and pulls still succeed with the new one', async () => {
  const image = `${registry.host}/acme/api:2.0`;
  const chart = Testing.chart();
  new GitlabRegistrySecret(chart, 'GitlabPull', {
    name: 'gitlab-pull',
    registry: registry.host,
    username: newToken.username,
    token: newToken.password,
    previous: { username: oldToken.username, token: oldToken.password, until: '2099-01-01T00:00:00Z' },
  });
  new kplus.Deployment(chart, 'Api', { containers: [{ image }] });
  const out = Testing.synth(chart) as Array<{
    kind: string;
    metadata: { name: string };
    data?: Record<string, string>;
    spec?: any;
  }>;
  const refs: Array<{ name: string }> = out.find((o) => o.kind === 'Deployment')!.spec.template.spec.imagePullSecrets;
  expect(refs.map((r) => r.name)).toEqual(['gitlab-pull', 'gitlab-pull-previous']);
  const secrets = refs.map((r) => out.find((o) => o.kind === 'Secret' && o.metadata.name === r.name)!);

  // Before revoking: both tokens work, the new one is tried first.
  const before = await verifyPull(secrets, image, { plainHttp: registry.plainHttp, each: true });
  expect(before.attempts.map((a) => [a.credential?.username, a.outcome])).toEqual([
    [newToken.username, 'OK'],
    [oldToken.username, 'OK'],
  ]);

  registry.revoke(oldToken.username);

  // The kubelet's way: the new token is tried first and works.
  const after = await verifyPull(secrets, image, { plainHttp: registry.plainHttp });
  expect(after.outcome).toBe('OK');
  expect(after.attempts.map((a) => a.credential?.username)).toEqual([newToken.username]);
  // --each shows the revoked one.
  const each = await verifyPull(secrets, image, { plainHttp: registry.plainHttp, each: true });
  expect(each.attempts.map((a) => a.outcome)).toEqual(['OK', 'CREDENTIALS_REJECTED']);
  expect(each.outcome).toBe('CREDENTIALS_REJECTED');

  // A real client pulls with the new secret, and no longer with the old one.
  const payload = (s: (typeof secrets)[number]): string =>
    Buffer.from(s.data!['.dockerconfigjson'], 'base64').toString();
  expect((await skopeoInspect(payload(secrets[0]), image)).ok).toBe(true);
  expect((await skopeoInspect(payload(secrets[1]), image)).ok).toBe(false);

  // The CLI over the same manifests says the same.
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'regcred-rotation-')), 'secrets.yaml');
  fs.writeFileSync(file, secrets.map((s) => stringify(s)).join('---\n'));
  const { code, stdout } = await cli([
    'verify',
    '--image',
    image,
    '--secret',
    file,
    ...registry.plainHttp.flatMap((h) => ['--plain-http', h]),
    '--each',
  ]);
  expect(code).toBe(1);
  expect(stdout).toContain(
    `2. user "${oldToken.username}" (secret "gitlab-pull-previous", key "${registry.host}"): CREDENTIALS_REJECTED`,
  );
  expect(stdout).not.toContain(newToken.password);
});
