import { parse } from 'yaml';
import { resolvePullCredentials } from 'regcred';
import { manifestYaml } from '../../src/cli/manifest-yaml';
import { cli } from './run-cli';

test('regcred secret gitlab prints a Secret the kubelet reads back, token from stdin without its newline', async () => {
  const r = await cli(
    [
      'secret',
      'gitlab',
      '--name',
      'gitlab-pull',
      '--namespace',
      'shop',
      '--username',
      'gitlab+deploy-token-1',
      '--password-stdin',
      '--expires-at',
      '2027-01-31',
    ],
    {
      stdin: 'gldt-fromStdin123\n',
    },
  );
  expect(r.code).toBe(0);
  expect(r.stderr).toBe('');
  const manifest = parse(r.stdout);
  expect(manifest.metadata).toEqual({
    name: 'gitlab-pull',
    namespace: 'shop',
    annotations: { 'regcred.io/expires-at': '2027-01-31T00:00:00Z' },
  });
  expect(resolvePullCredentials([manifest], 'registry.gitlab.com/acme/app').creds).toEqual([
    { username: 'gitlab+deploy-token-1', password: 'gldt-fromStdin123', email: '' },
  ]);
});

test('--output json, --password-env, and each kind keys on its registry', async () => {
  const env = { T: 'tok-123' };
  const keys: Record<string, string[]> = {
    github: ['ghcr.io'],
    dockerhub: ['https://index.docker.io/v1/'],
    basic: ['harbor.example.com'],
  };
  for (const [kind, expected] of Object.entries(keys)) {
    const extra = kind === 'basic' ? ['--registry', 'harbor.example.com'] : [];
    const r = await cli(
      ['secret', kind, '--name', 'pull', '--username', 'robot', '--password-env', 'T', '--output', 'json', ...extra],
      { env },
    );
    expect(r.code).toBe(0);
    const auths = JSON.parse(Buffer.from(JSON.parse(r.stdout).data['.dockerconfigjson'], 'base64').toString()).auths;
    expect(Object.keys(auths)).toEqual(expected);
  }
});

test('refuses a token on the command line unless asked explicitly', async () => {
  const refused = await cli(['secret', 'gitlab', '--name', 'x', '--username', 'u', '--password', 'gldt-abc']);
  expect(refused.code).toBe(2);
  expect(refused.stderr).toContain('--password puts the token in shell history');
  expect(refused.stderr).not.toContain('gldt-abc');
  const allowed = await cli([
    'secret',
    'gitlab',
    '--name',
    'x',
    '--username',
    'u',
    '--password',
    'gldt-abc',
    '--allow-password-arg',
  ]);
  expect(allowed.code).toBe(0);
});

test("fails with the constructs' message and exit 2 on bad input, never printing the token", async () => {
  const r = await cli(
    [
      'secret',
      'gitlab',
      '--name',
      'x',
      '--username',
      'u',
      '--registry',
      'registry.gitlab.com/v2',
      '--password-env',
      'T',
    ],
    { env: { T: 'gldt-secretValue' } },
  );
  expect(r.code).toBe(2);
  expect(r.stderr).toBe(
    `regcred: 'registry' "registry.gitlab.com/v2" ends in "/v2" without a slash; the kubelet would treat it as a path and never match. Use "registry.gitlab.com".\n`,
  );
  expect((await cli(['secret', 'quay', '--name', 'x'])).code).toBe(2);
  expect(
    (await cli(['secret', 'gitlab', '--name', 'x', '--username', 'u', '--password-env', 'MISSING'])).stderr,
  ).toContain('MISSING is not set');
});

test('a token read with interior white space is rejected; the warning for a trimmed one goes to stderr', async () => {
  const r = await cli(['secret', 'gitlab', '--name', 'x', '--username', 'u', '--password-env', 'T'], {
    env: { T: ' gldt-abc\n' },
  });
  expect(r.code).toBe(0);
  expect(r.stderr).toContain('regcred: warning: \'token\' "***" had a newline around it');
});

test('manifestYaml quotes what YAML would read as something else', () => {
  const doc = { a: 'true', b: '2027-01-31T00:00:00Z', c: 'plain-value', d: 'yes', e: '1.5', f: 'x: y', g: { h: '' } };
  expect(parse(manifestYaml(doc))).toEqual(doc);
  expect(manifestYaml({ name: 'gitlab-pull' })).toBe('name: gitlab-pull\n');
});
