/**
 * regcred against the real `kubectl create secret docker-registry` on
 * generated inputs: same Secret type, same payload bytes, and the same
 * credentials for the same image by the kubelet's rules.
 */
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { RegistryCredentials, pullSecretManifest, resolvePullCredentials, type SecretObject } from 'regcred';

jest.setTimeout(120_000);

function kubectl(args: string[]): SecretObject {
  try {
    return JSON.parse(execFileSync('kubectl', args, { stdio: 'pipe' }).toString()) as SecretObject;
  } catch (e) {
    const err = e as { code?: string; stderr?: Buffer };
    if (err.code === 'ENOENT')
      throw new Error('kubectl is not on PATH; the differential test needs the kubectl client');
    throw new Error(`kubectl ${args.join(' ')} failed: ${err.stderr?.toString()}`);
  }
}

const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?$/);
const server = fc
  .record({
    host: fc.tuple(label, fc.constantFrom('com', 'io', 'example.org')).map(([a, b]) => `${a}.${b}`),
    port: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
    scheme: fc.constantFrom('', 'https://', 'http://'),
    suffix: fc.constantFrom('', '/', '/v2/', '/v1/'),
  })
  .map((s) => ({ ...s, domain: s.port === undefined ? s.host : `${s.host}:${s.port}` }));
const printable = (min: number) =>
  fc
    .string({ minLength: min, maxLength: 30, unit: 'grapheme-ascii' })
    .filter((t) => !/[\s\u0000-\u001f\u007f]/.test(t));
const username = printable(1).filter((u) => !u.includes(':') && !u.startsWith('-'));
const password = printable(1).filter((p) => !p.startsWith('-'));
const email = fc.option(fc.stringMatching(/^[a-z]{1,8}@[a-z]{1,8}\.(com|org)$/), { nil: undefined });

test('regcred and kubectl agree on type, bytes and resolved credentials', () => {
  fc.assert(
    fc.property(server, username, password, email, (srv, user, pass, mail) => {
      const key = `${srv.scheme}${srv.domain}${srv.suffix}`;
      const fromKubectl = kubectl([
        'create',
        'secret',
        'docker-registry',
        'pull',
        `--docker-server=${key}`,
        `--docker-username=${user}`,
        `--docker-password=${pass}`,
        ...(mail ? [`--docker-email=${mail}`] : []),
        '--dry-run=client',
        '-o',
        'json',
      ]);
      const fromRegcred = pullSecretManifest({
        name: 'pull',
        credentials: [
          RegistryCredentials.basic({
            registry: key,
            username: user,
            password: pass,
            ...(mail ? { email: mail } : {}),
          }),
        ],
      });
      expect(fromRegcred.type).toBe(fromKubectl.type);
      expect(fromRegcred.data['.dockerconfigjson']).toBe(fromKubectl.data?.['.dockerconfigjson']);
      const image = `${srv.domain}/team/app:1.0`;
      expect(resolvePullCredentials([fromRegcred], image)).toEqual(resolvePullCredentials([fromKubectl], image));
      expect(resolvePullCredentials([fromRegcred], image).creds).toEqual([
        { username: user, password: pass, email: mail ?? '' },
      ]);
    }),
    { numRuns: 60 },
  );
});
