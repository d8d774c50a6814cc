import { RegcredError, isRecord, own, typeName } from '../errors';
import type { PullSecretManifest } from '../pull-secret-manifest';

/** What a JavaScript caller passed as a pull Secret to seal or encrypt: a Secret with a name and string data, or a RegcredError. */
export function requirePullSecret(secret: unknown): asserts secret is PullSecretManifest {
  const problem = !isRecord(secret)
    ? `got ${typeName(secret)}`
    : !isRecord(own(secret, 'metadata')) || typeof own(own(secret, 'metadata'), 'name') !== 'string'
      ? 'its metadata.name is not a string'
      : typeof own(secret, 'type') !== 'string'
        ? 'its type is not a string'
        : !isRecord(own(secret, 'data')) ||
            !Object.values(own(secret, 'data') as Record<string, unknown>).every((v) => typeof v === 'string')
          ? 'its data is not an object of base64 strings'
          : undefined;
  if (problem === undefined) return;
  throw new RegcredError('INVALID_ARGUMENT', {
    field: 'secret',
    message: `'secret' must be a pull Secret manifest (what pullSecretManifest returns), but ${problem}. Build it with pullSecretManifest({ name, namespace, credentials }).`,
  });
}
