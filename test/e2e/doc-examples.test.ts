/**
 * The `regcred secret` and `regcred verify` examples of the README and the verify guide, run as
 * printed against Debian's docker-registry over HTTPS. One substitution: the examples' registry,
 * `gitlab.example.com:5050`, becomes the local registry's 127.0.0.1:PORT, whose private CA the
 * process trusts through NODE_EXTRA_CA_CERTS as a machine trusts its company's CA.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { docExample, userShell, type DocBlock } from '../docs/blocks';
import { makeCertificates, type Certificates } from '../registry/servers';
import { ensureTools, pushImage, startBasicRegistry, type Registry, type RegistryUser } from './harness';

jest.setTimeout(120_000);

const reader: RegistryUser = {
  username: 'gitlab+deploy-token-1234567',
  password: 'gldt-DocExamples0000001',
  scopes: ['read_registry'],
};
let certs: Certificates;
let registry: Registry;

beforeAll(async () => {
  ensureTools();
  certs = makeCertificates();
  registry = await startBasicRegistry([reader], { certFile: certs.server.certFile, keyFile: certs.server.keyFile });
  await pushImage(registry.host, 'acme/shop/api', '1.4.2', reader);
});
afterAll(async () => registry.stop());

/** Runs an example in a fresh directory with `regcred` and `npx regcred` at hand; `token` as the token. */
function run(
  examples: DocBlock[],
  token: string,
): { status: number | null; stdout: string; stderr: string; dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regcred-doc-e2e-'));
  const { env } = userShell(dir);
  const code = examples.map((b) => b.code.replaceAll('gitlab.example.com:5050', registry.host)).join('\n');
  const r = spawnSync('bash', ['-uo', 'pipefail', '-c', code], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...env, GITLAB_DEPLOY_TOKEN: token, NODE_EXTRA_CA_CERTS: certs.caFile },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, dir };
}

test("the README's secret and verify: the Secret pulls the image, and verify says OK", () => {
  const r = run([docExample('secret-and-verify')], reader.password);
  expect([r.status, r.stderr]).toEqual([0, '']);
  expect(r.stdout).toMatch(/^result: OK: /m);
  const secret = fs.readFileSync(path.join(r.dir, 'gitlab-pull.yaml'), 'utf8');
  expect(secret).toContain('type: kubernetes.io/dockerconfigjson');
  expect(r.stdout + secret).not.toContain(reader.password);
});

test('the same steps with a wrong token: verify exits 1 with CREDENTIALS_REJECTED', () => {
  const r = run([docExample('secret-and-verify')], 'gldt-NotTheRightToken01');
  expect(r.status).toBe(1);
  expect(r.stdout).toMatch(/^result: CREDENTIALS_REJECTED: /m);
});

test("the verify guide's steps: both commands succeed, the second trying each credential", () => {
  const r = run([docExample('secret-run'), docExample('verify-run')], reader.password);
  expect([r.status, r.stderr]).toEqual([0, '']);
  const json = r.stdout.slice(r.stdout.indexOf('{'));
  expect(JSON.parse(json)).toMatchObject({ outcome: 'OK' });
  expect(
    execFileSync('grep', ['-c', 'kubernetes.io/dockerconfigjson', path.join(r.dir, 'gitlab-pull.yaml')], {
      encoding: 'utf8',
    }).trim(),
  ).toBe('1');
});
