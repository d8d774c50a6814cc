/**
 * Every way regcred writes a pull secret, proven against real registries
 * (Debian's docker-registry, basic and token auth) with a real client
 * (Debian's skopeo), and `regcred verify` classifying each outcome.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Testing } from 'cdk8s';
import { parse } from 'yaml';
import { registered, setupMocks, unwrap, valueOf } from '../pulumi/mocks';
import {
  ensureTools,
  pushImage,
  skopeoInspect,
  startBasicRegistry,
  startTokenRegistry,
  type Registry,
  type RegistryUser,
} from './harness';

const created = setupMocks();

// Loaded after the mocks are set.
import { RegistryCredentials, renderDockerConfigJson } from 'regcred';
import { GitlabRegistrySecret } from 'regcred/cdk8s';
import { GitlabRegistrySecret as PulumiGitlabRegistrySecret } from 'regcred/pulumi';
import { cli } from '../cli/run-cli';

jest.setTimeout(60_000);

const admin: RegistryUser = {
  username: 'ci-admin',
  password: 'admin-Secret-1',
  scopes: ['read_registry', 'write_registry'],
};
const reader: RegistryUser = {
  username: 'gitlab+deploy-token-11',
  password: 'gldt-e2eReaderToken11',
  scopes: ['read_registry'],
};
const noScope: RegistryUser = {
  username: 'gitlab+deploy-token-12',
  password: 'gldt-e2eNoScopeToken12',
  scopes: ['read_repository'],
};

const registries: Record<'basic' | 'token', Registry> = {} as never;

beforeAll(async () => {
  ensureTools();
  registries.basic = await startBasicRegistry([admin, reader, noScope]);
  registries.token = await startTokenRegistry([admin, reader, noScope]);
  for (const r of Object.values(registries)) await pushImage(r.host, 'acme/app', '1.0', admin);
});

afterAll(async () => {
  for (const r of Object.values(registries)) await r.stop();
});

const decode = (data: Record<string, string>): string => Buffer.from(data['.dockerconfigjson'], 'base64').toString();

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'regcred-e2e-'));
function writeTemp(name: string, content: string): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, content);
  return file;
}

/** A Secret manifest from `regcred secret gitlab` for `user` (with `token` in place of its own, if given). */
async function secretFile(name: string, host: string, user: RegistryUser, token = user.password): Promise<string> {
  const r = await cli(
    ['secret', 'gitlab', '--name', 'pull', '--registry', host, '--username', user.username, '--password-env', 'TOKEN'],
    { env: { TOKEN: token } },
  );
  expect(r.code).toBe(0);
  return writeTemp(name, r.stdout);
}

async function verify(
  file: string,
  image: string,
  plainHttp: readonly string[],
): Promise<{ code: number; outcome: string; text: string }> {
  const args = ['verify', '--image', image, '--secret', file, ...plainHttp.flatMap((h) => ['--plain-http', h])];
  const text = await cli([...args, '--timeout', '5s']);
  const json = await cli([...args, '--timeout', '5s', '--output', 'json']);
  return { code: text.code, outcome: (JSON.parse(json.stdout) as { outcome: string }).outcome, text: text.stdout };
}

/** The four ways regcred writes a secret, each returning the .dockerconfigjson payload. */
const writers: Record<string, (host: string, user: RegistryUser) => Promise<string>> = {
  'core render': (host, user) =>
    Promise.resolve(
      renderDockerConfigJson([
        RegistryCredentials.gitlab({ registry: host, username: user.username, token: user.password }),
      ]),
    ),
  'cdk8s synth': (host, user) => {
    const chart = Testing.chart();
    const quiet = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    new GitlabRegistrySecret(chart, 'Pull', {
      registry: host,
      username: user.username,
      token: user.password,
      check: false,
    });
    const secret = Testing.synth(chart).find((o: { kind: string }) => o.kind === 'Secret');
    quiet.mockRestore();
    return Promise.resolve(decode(secret.data));
  },
  'Pulumi under mocks': async (host, user) => {
    created.splice(0);
    const c = new PulumiGitlabRegistrySecret('pull', { registry: host, username: user.username, token: user.password });
    await valueOf(c.secretName);
    await registered(...c.objects);
    return decode(unwrap(created.find((r) => r.type === 'kubernetes:core/v1:Secret')?.inputs).data);
  },
  'regcred secret': async (host, user) => {
    const r = await cli(
      [
        'secret',
        'gitlab',
        '--name',
        'pull',
        '--registry',
        host,
        '--username',
        user.username,
        '--password-env',
        'TOKEN',
      ],
      { env: { TOKEN: user.password } },
    );
    expect(r.code).toBe(0);
    return decode(parse(r.stdout).data);
  },
};

describe.each(['basic', 'token'] as const)('%s-auth registry', (kind) => {
  const image = () => `${registries[kind].host}/acme/app:1.0`;

  test.each(Object.keys(writers))('a secret from %s lets skopeo pull; a wrong token does not', async (writer) => {
    const host = registries[kind].host;
    const good = await skopeoInspect(await writers[writer](host, reader), image());
    expect([writer, good.ok, good.ok ? '' : good.output]).toEqual([writer, true, '']);
    const bad = await skopeoInspect(await writers[writer](host, { ...reader, password: 'gldt-wrongToken' }), image());
    expect([writer, bad.ok]).toEqual([writer, false]);
  });

  test('verify: good credentials are OK, and no token is printed', async () => {
    const r = await verify(
      await secretFile(`good-${kind}.yaml`, registries[kind].host, reader),
      image(),
      registries[kind].plainHttp,
    );
    expect([r.outcome, r.code]).toEqual(['OK', 0]);
    expect(r.text).not.toContain(reader.password);
  });

  test('verify: a wrong token is CREDENTIALS_REJECTED', async () => {
    const file = await secretFile(`wrong-${kind}.yaml`, registries[kind].host, reader, 'gldt-wrongToken');
    const r = await verify(file, image(), registries[kind].plainHttp);
    expect([r.outcome, r.code]).toEqual(['CREDENTIALS_REJECTED', 1]);
    expect(r.text).not.toContain('gldt-wrongToken');
  });

  test('verify: a missing image is IMAGE_NOT_FOUND', async () => {
    const file = await secretFile(`missing-${kind}.yaml`, registries[kind].host, reader);
    const r = await verify(file, `${registries[kind].host}/acme/app:9.9`, registries[kind].plainHttp);
    expect([r.outcome, r.code]).toEqual(['IMAGE_NOT_FOUND', 1]);
  });

  test('verify: a kubectl secret made without --docker-server is NO_MATCHING_CREDENTIALS, naming the miss', async () => {
    const manifest = execFileSync('kubectl', [
      'create',
      'secret',
      'docker-registry',
      'pull',
      `--docker-username=${reader.username}`,
      `--docker-password=${reader.password}`,
      '--dry-run=client',
      '-o',
      'json',
    ]).toString();
    const r = await verify(writeTemp(`kubectl-${kind}.json`, manifest), image(), registries[kind].plainHttp);
    expect([r.outcome, r.code]).toEqual(['NO_MATCHING_CREDENTIALS', 1]);
    expect(r.text).toContain("kubectl's default when --docker-server is left out");
    expect(r.text).toContain(kind === 'token' ? '403 failed to fetch anonymous token' : 'answered 401, Basic');
  });
});

test('verify: a deploy token without read_registry is NOT_ALLOWED (token registry)', async () => {
  const host = registries.token.host;
  const r = await verify(
    await secretFile('noscope.yaml', host, noScope),
    `${host}/acme/app:1.0`,
    registries.token.plainHttp,
  );
  expect([r.outcome, r.code]).toEqual(['NOT_ALLOWED', 1]);
  const payload = renderDockerConfigJson([
    RegistryCredentials.basic({ registry: host, username: noScope.username, password: noScope.password }),
  ]);
  expect((await skopeoInspect(payload, `${host}/acme/app:1.0`)).ok).toBe(false);
});

test('verify: a stopped registry is UNREACHABLE', async () => {
  const reg = await startBasicRegistry([reader]);
  await reg.stop();
  const r = await verify(await secretFile('stopped.yaml', reg.host, reader), `${reg.host}/acme/app:1.0`, reg.plainHttp);
  expect([r.outcome, r.code]).toEqual(['UNREACHABLE', 1]);
  expect(r.text).toContain('ECONNREFUSED');
});
