/**
 * Every input that once made a public function throw something other than
 * RegcredError (found by the fuzz tests or by hand), kept so it never does again.
 */
import corpus from '../fixtures/crash-corpus.json';
import {
  ExternalCredentials,
  RegcredError,
  RegistryCredentials,
  checkManifests,
  parseImageReference,
  resolvePullCredentials,
} from 'regcred';

const functions: Record<string, (...args: never[]) => unknown> = {
  checkManifests,
  parseImageReference,
  resolvePullCredentials,
  'RegistryCredentials.gitlab': (p: never) => RegistryCredentials.gitlab(p),
  'RegistryCredentials.basic': (p: never) => RegistryCredentials.basic(p),
  'ExternalCredentials.fromStore': (p: never) => ExternalCredentials.fromStore(p),
  'ExternalCredentials.elasticContainerRegistry': (p: never) => ExternalCredentials.elasticContainerRegistry(p),
};

test.each(corpus.map((c) => [c.note, c] as const))('%s: a result or a RegcredError', (_note, c) => {
  const f = functions[c.fn];
  expect(f).toBeDefined();
  try {
    f(...(c.args as never[]));
  } catch (e) {
    expect(RegcredError.isRegcredError(e)).toBe(true);
  }
});
