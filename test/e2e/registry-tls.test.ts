/**
 * `regcred verify` against Debian's docker-registry serving HTTPS with a
 * certificate from a private CA (as a self-managed GitLab with an internal CA):
 * trusted with --ca-file, refused without, and refused for another host name.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cli } from '../cli/run-cli';
import { makeCertificates, type Certificates } from '../registry/servers';
import { ensureTools, pushImage, startBasicRegistry, type Registry, type RegistryUser } from './harness';

jest.setTimeout(60_000);

const reader: RegistryUser = {
  username: 'gitlab+deploy-token-31',
  password: 'gldt-tlsReader31',
  scopes: ['read_registry'],
};
let certs: Certificates;
let registry: Registry;
let secret: string;

beforeAll(async () => {
  ensureTools();
  certs = makeCertificates();
  registry = await startBasicRegistry([reader], { certFile: certs.server.certFile, keyFile: certs.server.keyFile });
  await pushImage(registry.host, 'acme/app', '1.0', reader);
  const r = await cli(
    [
      'secret',
      'gitlab',
      '--name',
      'pull',
      '--registry',
      registry.host,
      '--username',
      reader.username,
      '--password-env',
      'T',
    ],
    { env: { T: reader.password } },
  );
  secret = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'regcred-tls-e2e-')), 'secret.yaml');
  fs.writeFileSync(secret, r.stdout);
});
afterAll(async () => registry.stop());

const verify = (args: string[]) =>
  cli([
    'verify',
    '--image',
    `${registry.host}/acme/app:1.0`,
    '--secret',
    secret,
    '--timeout',
    '5s',
    '--output',
    'json',
    ...args,
  ]);

test('trusted with --ca-file, the credentials pull the image', async () => {
  const r = await verify(['--ca-file', certs.caFile]);
  expect([JSON.parse(r.stdout).outcome, r.code]).toEqual(['OK', 0]);
  expect(r.stdout).not.toContain(reader.password);
});

test('without the CA, TLS_ERROR', async () => {
  const r = await verify([]);
  expect([JSON.parse(r.stdout).outcome, r.code]).toEqual(['TLS_ERROR', 1]);
});

test('--plain-http to an HTTPS registry is reported as a TLS or protocol mismatch, not OK', async () => {
  const r = await verify(['--plain-http', registry.host]);
  expect(r.code).toBe(1);
  expect(JSON.parse(r.stdout).outcome).not.toBe('OK');
});
