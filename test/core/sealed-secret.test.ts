import { createDecipheriv, privateDecrypt, constants } from 'node:crypto';
import fc from 'fast-check';
import {
  RegcredError,
  RegistryCredentials,
  RegistryKind,
  SealingScope,
  pullSecretManifest,
  sealPullSecret,
  encryptsDeterministically,
} from '../../src/core/internal';
import { errorOf } from '../error-of';
import { sealingKeys } from '../sealing-keys';

const keys = sealingKeys();
// A certificate is valid from the second openssl made it: seal at a time after that.
const now = new Date();
const secret = pullSecretManifest({
  name: 'gitlab-pull',
  namespace: 'shop',
  labels: { team: 'shop' },
  credentials: [RegistryCredentials.gitlab({ username: 'gitlab+deploy-token-7', token: 'gldt-sealMe7' })],
});

/** The controller's decryption, written out with node:crypto (the Go helper runs the controller's own). */
function open(sealed: string, label: string): Buffer {
  const bytes = Buffer.from(sealed, 'base64');
  const rsaLength = bytes.readUInt16BE(0);
  const sessionKey = privateDecrypt(
    {
      key: keys.privateKey,
      padding: constants.RSA_PKCS1_OAEP_PADDING,
      oaepHash: 'sha256',
      oaepLabel: Buffer.from(label),
    },
    bytes.subarray(2, 2 + rsaLength),
  );
  const aes = bytes.subarray(2 + rsaLength);
  const decipher = createDecipheriv('aes-256-gcm', sessionKey, Buffer.alloc(12));
  decipher.setAuthTag(aes.subarray(aes.length - 16));
  return Buffer.concat([decipher.update(aes.subarray(0, aes.length - 16)), decipher.final()]);
}

describe('sealPullSecret', () => {
  test('seals each data value under the strict label namespace/name; the template is the Secret without data', () => {
    const sealed = sealPullSecret(secret, { certificate: keys.certificate }, now);
    expect(sealed.metadata).toEqual({
      name: 'gitlab-pull',
      namespace: 'shop',
      labels: { team: 'shop' },
      annotations: { 'regcred.io/registries': 'registry.gitlab.com' },
    });
    expect(sealed.spec.template).toEqual({ metadata: secret.metadata, type: 'kubernetes.io/dockerconfigjson' });
    expect(open(sealed.spec.encryptedData['.dockerconfigjson'], 'shop/gitlab-pull').toString('base64')).toBe(
      secret.data['.dockerconfigjson'],
    );
  });

  test.each([
    [SealingScope.NAMESPACE_WIDE, 'shop', { 'sealedsecrets.bitnami.com/namespace-wide': 'true' }],
    [SealingScope.CLUSTER_WIDE, '', { 'sealedsecrets.bitnami.com/cluster-wide': 'true' }],
  ])('scope %s seals under label %j and says so in an annotation', (scope, label, annotation) => {
    const sealed = sealPullSecret(secret, { certificate: keys.certificate, scope }, now);
    expect(sealed.metadata.annotations).toEqual({ ...annotation, 'regcred.io/registries': 'registry.gitlab.com' });
    expect(open(sealed.spec.encryptedData['.dockerconfigjson'], label).toString('base64')).toBe(
      secret.data['.dockerconfigjson'],
    );
  });

  test('the same Secret and certificate seal to the same bytes; another namespace or token to others', () => {
    const a = sealPullSecret(secret, { certificate: keys.certificate }, now);
    expect(JSON.stringify(sealPullSecret(secret, { certificate: keys.certificate }, now))).toBe(JSON.stringify(a));
    const elsewhere = sealPullSecret(
      { ...secret, metadata: { ...secret.metadata, namespace: 'jobs' } },
      { certificate: keys.certificate },
      now,
    );
    expect(elsewhere.spec.encryptedData['.dockerconfigjson']).not.toBe(a.spec.encryptedData['.dockerconfigjson']);
    const other = pullSecretManifest({
      name: 'gitlab-pull',
      namespace: 'shop',
      credentials: [RegistryCredentials.gitlab({ username: 'gitlab+deploy-token-7', token: 'gldt-sealMe8' })],
    });
    expect(
      sealPullSecret(other, { certificate: keys.certificate }, now).spec.encryptedData['.dockerconfigjson'],
    ).not.toBe(a.spec.encryptedData['.dockerconfigjson']);
  });

  test('deterministic: false seals with fresh randomness: other bytes each time, the same value inside', () => {
    const a = sealPullSecret(secret, { certificate: keys.certificate, deterministic: false }, now);
    const b = sealPullSecret(secret, { certificate: keys.certificate, deterministic: false }, now);
    expect(a.spec.encryptedData['.dockerconfigjson']).not.toBe(b.spec.encryptedData['.dockerconfigjson']);
    for (const s of [a, b])
      expect(open(s.spec.encryptedData['.dockerconfigjson'], 'shop/gitlab-pull').toString('base64')).toBe(
        secret.data['.dockerconfigjson'],
      );
  });

  test("the default: deterministic for generated tokens, random when a password may be a person's choice", () => {
    expect(encryptsDeterministically(undefined, [RegistryKind.GITLAB, RegistryKind.GITHUB])).toBe(true);
    expect(encryptsDeterministically(undefined, [RegistryKind.GITLAB, RegistryKind.BASIC])).toBe(false);
    expect(encryptsDeterministically(true, [RegistryKind.BASIC])).toBe(true);
    expect(encryptsDeterministically(false, [RegistryKind.GITLAB])).toBe(false);
  });

  test('no token or auth value appears in the sealed object', () => {
    const text = JSON.stringify(sealPullSecret(secret, { certificate: keys.certificate }, now));
    for (const s of [
      'gldt-sealMe7',
      Buffer.from('gitlab+deploy-token-7:gldt-sealMe7').toString('base64'),
      secret.data['.dockerconfigjson'],
    ])
      expect(text).not.toContain(s);
  });

  test('fails when the certificate holds no RSA key', () => {
    expect(() => sealPullSecret(secret, { certificate: sealingKeys('ec').certificate }, now)).toThrow(
      `'certificate' holds "ec" key; the Sealed Secrets controller seals with RSA only.`,
    );
  });

  test('fails when the certificate has expired, naming the date and how to fetch the current one', () => {
    const short = sealingKeys('rsa', 1);
    const later = new Date(Date.now() + 3 * 86_400_000);
    expect(() => sealPullSecret(secret, { certificate: short.certificate }, later)).toThrow(
      /'certificate' expired on \d{4}-\d\d-\d\dT.*kubeseal --fetch-cert/,
    );
  });

  test.each([512, 776, 1016, 2040])(
    'fails when the certificate holds a %i-bit RSA key, naming the size and the fix',
    (bits) => {
      const e = errorOf(() => sealPullSecret(secret, { certificate: sealingKeys('rsa', 30, bits).certificate }, now));
      expect([e.code, e.field]).toEqual(['INVALID_CERTIFICATE', 'certificate']);
      expect(e.message).toContain(
        `'certificate' holds a ${bits}-bit RSA key; regcred seals only with keys of 2048 bits or more`,
      );
      expect(e.message).toContain('kubeseal --fetch-cert > cert.pem');
    },
  );

  test('a 2048-bit key seals', () => {
    const sealed = sealPullSecret(secret, { certificate: sealingKeys('rsa', 30, 2048).certificate }, new Date());
    expect(Object.keys(sealed.spec.encryptedData)).toEqual(['.dockerconfigjson']);
  });

  test('fails when the certificate is not valid yet at now', () => {
    const e = errorOf(() =>
      sealPullSecret(secret, { certificate: keys.certificate }, new Date('2001-01-01T00:00:00Z')),
    );
    expect([e.code, e.message]).toEqual([
      'INVALID_CERTIFICATE',
      expect.stringMatching(
        /^'certificate' is valid only from \d{4}-.*, after 2001-01-01T00:00:00.000Z; it is not a key the controller uses yet/,
      ),
    ]);
  });

  test.each([
    ['now as a string', secret, { certificate: keys.certificate }, '2026-11-29', 'now', 'a string'],
    ['now as a number', secret, { certificate: keys.certificate }, 0, 'now', 'a number'],
    ['now an invalid Date', secret, { certificate: keys.certificate }, new Date('x'), 'now', 'an invalid Date'],
    ['options null', secret, null, now, 'props', 'got null'],
    ['options missing', secret, undefined, now, 'props', 'got undefined'],
    ['the secret null', null, { certificate: keys.certificate }, now, 'secret', 'got null'],
    ['the secret {}', {}, { certificate: keys.certificate }, now, 'secret', 'metadata.name is not a string'],
    [
      'no data',
      { ...secret, data: undefined },
      { certificate: keys.certificate },
      now,
      'secret',
      'data is not an object',
    ],
    [
      'a data value that is no string',
      { ...secret, data: { '.dockerconfigjson': 7 } },
      { certificate: keys.certificate },
      now,
      'secret',
      'data is not an object',
    ],
  ])('fails with a RegcredError, not a raw error, on %s from JavaScript', (_, s, options, at, field, text) => {
    const e = errorOf(() => sealPullSecret(s as never, options as never, at as never));
    expect([e.code, e.field]).toEqual(['INVALID_ARGUMENT', field]);
    expect(e.message).toContain(text);
  });

  test('fails on text that is no certificate, on a wrong type, on a bad scope, and without a namespace for strict scope', () => {
    expect(errorOf(() => sealPullSecret(secret, { certificate: keys.privateKey }, now)).code).toBe(
      'INVALID_CERTIFICATE',
    );
    expect(errorOf(() => sealPullSecret(secret, { certificate: 42 as unknown as string }, now)).message).toContain(
      'got a number',
    );
    expect(
      errorOf(() =>
        sealPullSecret(
          secret,
          { certificate: '-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----' },
          now,
        ),
      ).code,
    ).toBe('INVALID_CERTIFICATE');
    expect(
      errorOf(() => sealPullSecret(secret, { certificate: keys.certificate, scope: 'wide' as SealingScope }, now))
        .field,
    ).toBe('scope');
    const { namespace: _ns, ...noNamespace } = secret.metadata;
    expect(
      errorOf(() => sealPullSecret({ ...secret, metadata: noNamespace }, { certificate: keys.certificate }, now))
        .message,
    ).toContain('Set the namespace, or seal with scope "cluster-wide"');
  });
});

test('any text given as the certificate ends in a result or a RegcredError', () => {
  fc.assert(
    fc.property(
      fc.oneof(
        fc.string(),
        fc.string().map((s) => `-----BEGIN CERTIFICATE-----\n${s}\n-----END CERTIFICATE-----\n`),
        fc
          .uint8Array({ maxLength: 600 })
          .map((b) => `-----BEGIN CERTIFICATE-----\n${Buffer.from(b).toString('base64')}\n-----END CERTIFICATE-----\n`),
      ),
      (certificate) => {
        try {
          sealPullSecret(secret, { certificate }, now);
        } catch (e) {
          if (!RegcredError.isRegcredError(e)) throw e;
        }
      },
    ),
    { numRuns: 300 },
  );
});
