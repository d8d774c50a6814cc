/**
 * Fuzzing the functions that read untrusted input: whatever they are given,
 * they return a result or throw RegcredError, never a TypeError, RangeError or
 * a JSON.parse message. Runs are bounded so the suite stays fast.
 */
import fc from 'fast-check';
import {
  RegcredError,
  RegistryCredentials,
  checkManifests,
  parseImageReference,
  pullSecretManifest,
  resolvePullCredentials,
  type KubeObject,
  type SecretObject,
} from 'regcred';
import { anyValue, manifestSet, objectSet, oddString, secretObject } from './arbitraries';

/** Runs `f`; passes when it returns or throws RegcredError, fails with the raw error otherwise. */
function totalOn(f: () => unknown): void {
  try {
    f();
  } catch (e) {
    if (RegcredError.isRegcredError(e)) return;
    throw e;
  }
}

const RUNS = { numRuns: 400 };

test('checkManifests: any manifest set gives diagnostics or a RegcredError', () => {
  fc.assert(
    fc.property(manifestSet, (objects) => {
      totalOn(() => {
        const out = checkManifests(objects as KubeObject[], { now: new Date(0) });
        // Diagnostics are plain data that survives JSON.
        expect(JSON.parse(JSON.stringify(out))).toEqual(out);
      });
    }),
    RUNS,
  );
});

test('checkManifests: any set of objects with hostile fields gives diagnostics, never an exception', () => {
  fc.assert(
    fc.property(objectSet, (objects) => {
      const out = checkManifests(objects as KubeObject[], { now: new Date(0) });
      expect(JSON.parse(JSON.stringify(out))).toEqual(out);
    }),
    RUNS,
  );
});

test('resolvePullCredentials: any secrets and image give a resolution or a RegcredError', () => {
  fc.assert(
    fc.property(
      fc.array(fc.oneof(secretObject, anyValue), { maxLength: 3 }),
      fc.oneof(oddString, anyValue),
      (secrets, image) => {
        totalOn(() => resolvePullCredentials(secrets as SecretObject[], image as string));
      },
    ),
    RUNS,
  );
});

test('parseImageReference: any value gives a reference or a RegcredError', () => {
  fc.assert(
    fc.property(fc.oneof(oddString, anyValue, fc.string({ unit: 'binary', maxLength: 300 })), (image) => {
      totalOn(() => {
        const ref = parseImageReference(image as string);
        expect(ref.name.startsWith('/')).toBe(false);
      });
    }),
    RUNS,
  );
});

test('RegistryCredentials and pullSecretManifest: any props give credentials or a RegcredError', () => {
  const factories = ['gitlab', 'gitlabDependencyProxy', 'github', 'dockerHub', 'basic'] as const;
  const props = fc.oneof(
    anyValue,
    fc.record(
      {
        username: anyValue,
        token: anyValue,
        password: anyValue,
        registry: anyValue,
        host: anyValue,
        email: anyValue,
        expiresAt: anyValue,
        scopes: anyValue,
      },
      { requiredKeys: [] },
    ),
  );
  fc.assert(
    fc.property(fc.constantFrom(...factories), props, anyValue, anyValue, (factory, p, name, namespace) => {
      totalOn(() => {
        const c = (RegistryCredentials[factory] as (x: unknown) => RegistryCredentials).call(RegistryCredentials, p);
        pullSecretManifest({ name: name as string, namespace: namespace as string, credentials: [c] });
      });
    }),
    RUNS,
  );
});
