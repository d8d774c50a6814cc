/**
 * The output seam: what a pull secret becomes (a plain Secret, a SealedSecret or a SOPS Secret) is chosen once in
 * core, and the object it renders is what the core functions make of the same Secret.
 */
import {
  RegcredError,
  RegistryCredentials,
  RegistryKind,
  SealingScope,
  pullSecretManifest,
  sealPullSecret,
  sopsPullSecret,
} from 'regcred';
import { AGE_KEYS } from '../age-keys';
import { errorOf } from '../error-of';
import { secretOutput } from '../../src/core/internal';
import { sealingKeys } from '../sealing-keys';

const keys = sealingKeys();
const now = new Date(Date.now() + 60_000);
const secret = pullSecretManifest({
  name: 'gitlab-pull',
  namespace: 'shop',
  labels: { app: 'shop' },
  credentials: [
    RegistryCredentials.gitlab({
      username: 'gitlab+deploy-token-7',
      token: 'gldt-outputSeam0007',
      expiresAt: '2027-01-31',
    }),
  ],
});

/** The object an adapter emits: apiVersion, kind, metadata, then the body's fields. */
const emitted = (o: ReturnType<ReturnType<typeof secretOutput>['render']>): object => ({
  apiVersion: o.apiVersion,
  kind: o.kind,
  metadata: o.metadata,
  ...o.body,
});

test('without seal the output is the plain Secret, byte for byte, and says its data is in the clear', () => {
  const out = secretOutput({});
  expect([out.apiVersion, out.kind, out.plaintext]).toEqual(['v1', 'Secret', true]);
  const o = out.render(secret, [RegistryKind.GITLAB], now);
  expect(JSON.stringify(emitted(o))).toBe(JSON.stringify(secret));
  expect(Object.keys(o.body)).toEqual(out.bodyFields);
  expect(() => out.check(now)).not.toThrow();
});

test('with seal the output is what sealPullSecret makes, deterministic by the registry kinds as documented', () => {
  const seal = { certificate: keys.certificate, scope: SealingScope.NAMESPACE_WIDE };
  const out = secretOutput({ seal });
  expect([out.apiVersion, out.kind, out.plaintext]).toEqual(['bitnami.com/v1alpha1', 'SealedSecret', false]);
  const o = out.render(secret, [RegistryKind.GITLAB], now);
  expect(emitted(o)).toEqual(sealPullSecret(secret, { ...seal, deterministic: true }, now));
  expect(Object.keys(o.body)).toEqual(out.bodyFields);
  // A person may have chosen a basic password: sealed with fresh randomness, so two renders differ.
  const basic = [RegistryKind.BASIC];
  expect(JSON.stringify(out.render(secret, basic, now))).not.toBe(JSON.stringify(out.render(secret, basic, now)));
  // deterministic: true wins over the kind.
  const fixed = secretOutput({ seal: { ...seal, deterministic: true } });
  expect(JSON.stringify(fixed.render(secret, basic, now))).toBe(JSON.stringify(fixed.render(secret, basic, now)));
});

test('check names seal.certificate when the controller could not have the certificate', () => {
  const out = secretOutput({ seal: { certificate: sealingKeys('ec').certificate } });
  let error: unknown;
  try {
    out.check(now);
  } catch (e) {
    error = e;
  }
  expect(RegcredError.isRegcredError(error)).toBe(true);
  const e = error as RegcredError;
  expect(e.field).toBe('seal.certificate');
  expect(e.message).toMatch(/^'seal\.certificate' /);
  expect(() => out.render(secret, [RegistryKind.GITLAB], now)).toThrow(/'certificate' /);
});

test('with sops the output is what sopsPullSecret makes: a v1 Secret, not plaintext, deterministic by kind', () => {
  const sops = { age: [AGE_KEYS[0].recipient] };
  const out = secretOutput({ sops });
  expect([out.apiVersion, out.kind, out.plaintext]).toEqual(['v1', 'Secret', false]);
  const o = out.render(secret, [RegistryKind.GITLAB], now);
  expect(emitted(o)).toEqual(sopsPullSecret(secret, { ...sops, deterministic: true }, now));
  expect(Object.keys(o.body)).toEqual(out.bodyFields);
  const basic = [RegistryKind.BASIC];
  expect(JSON.stringify(out.render(secret, basic, now))).not.toBe(JSON.stringify(out.render(secret, basic, now)));
  const fixed = secretOutput({ sops: { ...sops, deterministic: true } });
  expect(JSON.stringify(fixed.render(secret, basic, now))).toBe(JSON.stringify(fixed.render(secret, basic, now)));
});

test('check and render name sops.age[N] for a recipient regcred cannot encrypt for; nothing is rendered', () => {
  const out = secretOutput({ sops: { age: [AGE_KEYS[0].recipient, AGE_KEYS[0].identity] } });
  for (const e of [errorOf(() => out.check(now)), errorOf(() => out.render(secret, [RegistryKind.GITLAB], now))]) {
    expect(e.field).toBe('sops.age[1]');
    expect(e.message).toMatch(/^'sops\.age\[1\]' is an age identity/);
  }
  expect(errorOf(() => secretOutput({ sops: { age: [] } }).check(now)).message).toMatch(/^'sops\.age' is empty/);
});

test('fails when both seal and sops are set, or sops is not an object', () => {
  const e = errorOf(() =>
    secretOutput({ seal: { certificate: keys.certificate }, sops: { age: [AGE_KEYS[0].recipient] } }),
  );
  expect([e.code, e.field]).toEqual(['INVALID_ARGUMENT', 'sops']);
  expect(e.message).toContain("'seal' and 'sops' are both set");
  expect(errorOf(() => secretOutput({ sops: 'age1x' as never })).message).toContain(
    "'sops' must be an object such as { age: ['age1…'] }",
  );
});
