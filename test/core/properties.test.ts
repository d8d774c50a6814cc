import fc from 'fast-check';
import { RegcredError, RegistryCredentials, pullSecretManifest, resolvePullCredentials } from 'regcred';

const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?$/);
const host = fc.tuple(label, fc.constantFrom('com', 'io', 'example.org')).map(([a, b]) => `${a}.${b}`);
const port = fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined });
const registry = fc.tuple(host, port).map(([h, p]) => (p === undefined ? h : `${h}:${p}`));
const username = fc
  .string({ minLength: 1, maxLength: 40, unit: 'grapheme' })
  .filter((u) => !/[\s:\u0000-\u001f\u007f]/.test(u));
const token = fc
  .string({ minLength: 1, maxLength: 60, unit: 'grapheme' })
  .filter((t) => !/[\s\u0000-\u001f\u007f\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]/.test(t));
const repo = fc
  .array(
    label.filter((l) => /^[a-z0-9]+$/.test(l)),
    { minLength: 1, maxLength: 3 },
  )
  .map((parts) => parts.join('/'));

test('render then resolve returns the same username and password for any valid input', () => {
  fc.assert(
    fc.property(registry, username, token, repo, (reg, user, secret, path) => {
      const c = RegistryCredentials.basic({ registry: reg, username: user, password: secret });
      const manifest = pullSecretManifest({ name: 'pull', credentials: [c] });
      const got = resolvePullCredentials([manifest], `${reg}/${path}:1.0`);
      expect(got.found).toBe(true);
      expect(got.creds).toEqual([{ username: user, password: secret, email: '' }]);
    }),
    { numRuns: 300 },
  );
});

test('the same input always renders the same bytes', () => {
  fc.assert(
    fc.property(registry, username, token, (reg, user, secret) => {
      const make = () =>
        JSON.stringify(
          pullSecretManifest({
            name: 'pull',
            credentials: [RegistryCredentials.basic({ registry: reg, username: user, password: secret })],
          }),
        );
      expect(make()).toBe(make());
    }),
    { numRuns: 100 },
  );
});

test('no random token ever appears in an error message', () => {
  // Tokens long enough that a chance substring of the fixed message text is impossible.
  const longToken = fc.string({ minLength: 12, maxLength: 60, unit: 'grapheme' }).filter((t) => t.trim().length >= 12);
  const badRegistry = fc.constantFrom(
    '',
    'HTTPS://r.io',
    'r.io/v2',
    'R.io',
    'r.io?x',
    'a b',
    'registry-1.docker.io',
    'x:port',
  );
  const badUser = fc.constantFrom('', 'a:b', 'a b', 'ok');
  fc.assert(
    fc.property(longToken, badRegistry, badUser, fc.boolean(), (secret, reg, user, withSpace) => {
      const input = withSpace ? `${secret.slice(0, 6)} ${secret.slice(6)}` : secret;
      const attempts = [
        () => RegistryCredentials.basic({ registry: reg, username: user, password: input }),
        () => RegistryCredentials.gitlab({ registry: reg, username: user, token: input, expiresAt: 'soon' }),
        () => RegistryCredentials.github({ username: user, token: input }),
        () => RegistryCredentials.dockerHub({ username: user, token: input, registry: reg }),
      ];
      for (const attempt of attempts) {
        try {
          const c = attempt();
          for (const w of c.warnings) expect(w).not.toContain(input.trim());
          expect(String(c) + JSON.stringify(c)).not.toContain(input.trim());
        } catch (e) {
          if (!RegcredError.isRegcredError(e)) throw e;
          expect(e.message).not.toContain(input.trim());
          expect(e.message).not.toContain(secret.trim());
        }
      }
    }),
    { numRuns: 300 },
  );
});
