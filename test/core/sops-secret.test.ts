import fc from 'fast-check';
import { RegcredError, RegistryCredentials, pullSecretManifest, sopsPullSecret } from 'regcred';
import { AGE_KEYS } from '../age-keys';
import { errorOf } from '../error-of';
import { sopsDecryptData } from '../sops-file';

const [alice, bob] = AGE_KEYS;
const secret = pullSecretManifest({
  name: 'gitlab-pull',
  namespace: 'shop',
  labels: { team: 'shop' },
  credentials: [
    RegistryCredentials.gitlab({ username: 'gitlab+deploy-token-7', token: 'gldt-sopsMe7', expiresAt: '2027-01-31' }),
  ],
});

describe('sopsPullSecret', () => {
  test('keeps metadata and type clear, encrypts each data value, and its recipient opens it with the MAC intact', () => {
    const s = sopsPullSecret(secret, { age: [alice.recipient] });
    expect([s.apiVersion, s.kind, s.type]).toEqual(['v1', 'Secret', 'kubernetes.io/dockerconfigjson']);
    expect(s.metadata).toEqual({
      ...secret.metadata,
      annotations: { ...secret.metadata.annotations, 'regcred.io/registries': 'registry.gitlab.com' },
    });
    expect(s.data['.dockerconfigjson']).toMatch(/^ENC\[AES256_GCM,data:[^,]+,iv:[^,]+,tag:[^,]+,type:str\]$/);
    expect(sopsDecryptData(s, alice.identity)).toEqual(secret.data);
  });

  test('writes the sops block SOPS and Flux read: one age entry per recipient, regex, MAC, version', () => {
    const s = sopsPullSecret(secret, { age: [alice.recipient, bob.recipient] });
    expect(Object.keys(s)).toEqual(['apiVersion', 'kind', 'metadata', 'type', 'data', 'sops']);
    expect(Object.keys(s.sops)).toEqual([
      'age',
      'encrypted_regex',
      'lastmodified',
      'mac',
      'mac_only_encrypted',
      'version',
    ]);
    expect(s.sops).toMatchObject({
      encrypted_regex: '^(data|stringData)$',
      lastmodified: '1970-01-01T00:00:00Z',
      mac_only_encrypted: true,
      version: '3.13.3',
    });
    expect(s.sops.age.map((a) => a.recipient)).toEqual([alice.recipient, bob.recipient]);
    for (const a of s.sops.age) {
      expect(a.enc).toMatch(
        /^-----BEGIN AGE ENCRYPTED FILE-----\n([A-Za-z0-9+/=]{1,64}\n)+-----END AGE ENCRYPTED FILE-----\n$/,
      );
    }
    expect(sopsDecryptData(s, alice.identity, 0)).toEqual(secret.data);
    expect(sopsDecryptData(s, bob.identity, 1)).toEqual(secret.data);
    expect(() => sopsDecryptData(s, bob.identity, 0)).toThrow();
  });

  test('the same Secret and recipients give the same bytes; another token or recipient gives others', () => {
    const a = JSON.stringify(sopsPullSecret(secret, { age: [alice.recipient] }));
    expect(JSON.stringify(sopsPullSecret(secret, { age: [alice.recipient] }))).toBe(a);
    expect(JSON.stringify(sopsPullSecret(secret, { age: [bob.recipient] }))).not.toBe(a);
    const other = pullSecretManifest({
      name: 'gitlab-pull',
      namespace: 'shop',
      credentials: [RegistryCredentials.gitlab({ username: 'gitlab+deploy-token-7', token: 'gldt-sopsMe8' })],
    });
    const o = sopsPullSecret(other, { age: [alice.recipient] });
    expect(o.data['.dockerconfigjson']).not.toBe(JSON.parse(a).data['.dockerconfigjson']);
    expect(o.sops.age[0].enc).not.toBe(JSON.parse(a).sops.age[0].enc);
  });

  test('deterministic: false encrypts with fresh randomness and writes the time as lastmodified', () => {
    const now = new Date('2026-12-05T10:11:12.345Z');
    const a = sopsPullSecret(secret, { age: [alice.recipient], deterministic: false }, now);
    const b = sopsPullSecret(secret, { age: [alice.recipient], deterministic: false }, now);
    expect(a.data['.dockerconfigjson']).not.toBe(b.data['.dockerconfigjson']);
    expect(a.sops.age[0].enc).not.toBe(b.sops.age[0].enc);
    expect(a.sops.lastmodified).toBe('2026-12-05T10:11:12Z');
    for (const s of [a, b]) expect(sopsDecryptData(s, alice.identity)).toEqual(secret.data);
  });

  test('no token, auth or plain payload appears in the encrypted object', () => {
    const text = JSON.stringify(sopsPullSecret(secret, { age: [alice.recipient] }));
    for (const s of [
      'gldt-sopsMe7',
      Buffer.from('gitlab+deploy-token-7:gldt-sopsMe7').toString('base64'),
      secret.data['.dockerconfigjson'],
    ])
      expect(text).not.toContain(s);
  });

  test('any data round-trips through the recipient (property)', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.stringMatching(/^[-._a-zA-Z0-9]{1,20}$/), fc.base64String({ minLength: 4, maxLength: 400 }), {
          minKeys: 1,
          maxKeys: 3,
        }),
        fc.boolean(),
        (data, deterministic) => {
          const s = sopsPullSecret({ ...secret, data }, { age: [bob.recipient], deterministic });
          expect(sopsDecryptData(s, bob.identity)).toEqual(data);
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('sopsPullSecret refuses recipients it cannot encrypt for, naming the field', () => {
  const refused = (age: unknown): RegcredError =>
    errorOf(() => sopsPullSecret(secret, { age } as unknown as { age: string[] }));

  test('fails when the list is empty, saying a Secret needs a recipient and where to find one', () => {
    const e = refused([]);
    expect([e.code, e.field]).toEqual(['INVALID_ARGUMENT', 'age']);
    expect(e.message).toContain("'age' is empty: a SOPS Secret needs at least one age recipient");
    expect(e.message).toContain('age-keygen -y key.txt');
  });

  test('fails when an identity is pasted, without ever showing it', () => {
    const e = refused([alice.recipient, alice.identity]);
    expect(e.field).toBe('age[1]');
    expect(e.message).toContain("'age[1]' is an age identity (AGE-SECRET-KEY-…, not shown)");
    expect(e.message).not.toContain(alice.identity.slice(15));
    expect(JSON.stringify(e)).not.toContain(alice.identity.slice(15));
    expect(refused([alice.identity.toLowerCase()]).message).not.toContain(alice.identity.slice(15).toLowerCase());
  });

  test.each([
    ['a recipient with a wrong character', alice.recipient.slice(0, -1) + 'q', 'its checksum does not match'],
    ['a truncated recipient', alice.recipient.slice(0, 40), 'its checksum does not match'],
    [
      'another Bech32 prefix',
      'agf1qqqsyqcyq5rqwzqfpg9scrgwpugpzysnzs23v9ccrydpk8qarc0s43wcss',
      'it starts "agf1", not "age1"',
    ],
    ['a key of 16 bytes', 'age1qqqsyqcyq5rqwzqfpg9scrgwpunevqvv', "it holds 16 bytes, not an X25519 key's 32"],
    [
      'a point of small order',
      'age1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq5cu47z',
      'a point of small order',
    ],
    ['an SSH key', 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHx user@host', 'is an SSH public key'],
    ['a post-quantum recipient', 'age1pq1' + 'q'.repeat(60), 'is a post-quantum age recipient (age1pq1…)'],
    ['a plugin recipient', 'age1yubikey1qfmchzq4adqhxl0lkrmvx', 'is an age plugin recipient'],
    ['a comma-separated list', `${alice.recipient},${bob.recipient}`, 'separated by commas'],
    ['a recipient with a line break', `${alice.recipient}\n`, 'has spaces or a line break around it'],
    ['upper case', alice.recipient.toUpperCase(), 'it has upper-case letters'],
    ['a number', 42, 'must be an age recipient (a string starting "age1"), got a number'],
  ])('fails on %s', (_, value, says) => {
    const e = refused([value]);
    expect([e.code, e.field]).toEqual(['INVALID_ARGUMENT', 'age[0]']);
    expect(e.message).toContain(says);
  });

  test('fails on a token pasted as a recipient without showing it', () => {
    const e = refused(['glpat-notARecipient12345']);
    expect(e.message).toContain("'age[0]' (24 characters, not shown) is not an age recipient");
    expect(e.message).not.toContain('glpat');
  });

  test('fails on a recipient given twice, and reports every bad entry at once', () => {
    const e = refused([alice.recipient, 'age1nope', alice.recipient]);
    expect(e.issues.map((i) => i.field)).toEqual(['age[1]', 'age[2]']);
    expect(e.issues[1].message).toBe("'age[2]' repeats 'age[0]'; give each recipient once.");
  });

  test('fails when age is not a list, or the options or deterministic are of the wrong type', () => {
    expect(refused(alice.recipient).message).toBe(`'age' must be a list of age recipients (["age1…"]), got a string.`);
    expect(errorOf(() => sopsPullSecret(secret, undefined as never)).field).toBe('props');
    expect(
      errorOf(() => sopsPullSecret(secret, { age: [alice.recipient], deterministic: 'yes' as never })).message,
    ).toBe(`'deterministic' must be true or false, got a string.`);
  });
});
