/**
 * The presets whose registry form a local registry can take (a host of our
 * choosing), proven against Debian's docker-registry with skopeo: the rendered
 * secret pulls, and `regcred secret` keeps a Harbor robot's "$" intact.
 */
import { parse } from 'yaml';
import { RegistryCredentials, renderDockerConfigJson } from 'regcred';
import { cli } from '../cli/run-cli';
import { ensureTools, pushImage, skopeoInspect, startBasicRegistry, type Registry, type RegistryUser } from './harness';

jest.setTimeout(60_000);

const quayRobot: RegistryUser = {
  username: 'acme+puller',
  password: 'QUAYROBOTTOKEN0123456789',
  scopes: ['read_registry'],
};
const harborRobot: RegistryUser = {
  username: 'robot$shop+puller',
  password: 'harborRobotSecret1',
  scopes: ['read_registry'],
};
const admin: RegistryUser = {
  username: 'admin',
  password: 'admin-Secret-1',
  scopes: ['read_registry', 'write_registry'],
};
let registry: Registry;

beforeAll(async () => {
  ensureTools();
  registry = await startBasicRegistry([admin, quayRobot, harborRobot]);
  await pushImage(registry.host, 'shop/app', '1.0', admin);
});
afterAll(async () => registry.stop());

test('a Quay robot account pulls with the rendered secret', async () => {
  const payload = renderDockerConfigJson([
    RegistryCredentials.quay({ registry: registry.host, username: quayRobot.username, token: quayRobot.password }),
  ]);
  expect((await skopeoInspect(payload, `${registry.host}/shop/app:1.0`)).ok).toBe(true);
});

test('a Harbor robot account pulls with the secret regcred secret prints, "$" and all', async () => {
  const r = await cli(
    [
      'secret',
      'harbor',
      '--name',
      'harbor-pull',
      '--registry',
      registry.host,
      '--username',
      harborRobot.username,
      '--password-env',
      'TOKEN',
    ],
    { env: { TOKEN: harborRobot.password } },
  );
  expect(r.code).toBe(0);
  expect(r.stderr).toBe('');
  const manifest = parse(r.stdout) as { data: Record<string, string> };
  const payload = Buffer.from(manifest.data['.dockerconfigjson'], 'base64').toString();
  expect(JSON.parse(payload)).toEqual({
    auths: {
      [registry.host]: {
        username: 'robot$shop+puller',
        password: harborRobot.password,
        auth: Buffer.from(`robot$shop+puller:${harborRobot.password}`).toString('base64'),
      },
    },
  });
  expect((await skopeoInspect(payload, `${registry.host}/shop/app:1.0`)).ok).toBe(true);
});

test('the same robot with a wrong token does not pull', async () => {
  const payload = renderDockerConfigJson([
    RegistryCredentials.harbor({ registry: registry.host, username: harborRobot.username, token: 'wrong-secret' }),
  ]);
  expect((await skopeoInspect(payload, `${registry.host}/shop/app:1.0`)).ok).toBe(false);
});
