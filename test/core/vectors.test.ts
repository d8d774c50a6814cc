/**
 * Every upstream test case in test/fixtures (copied from Kubernetes' and
 * distribution/reference's own tests) run against regcred's implementation.
 */
import keyringVectors from '../fixtures/keyring.json';
import parseVectors from '../fixtures/parse.json';
import referenceVectors from '../fixtures/reference.json';
import {
  DockerKeyring,
  decodeDockerConfigFieldAuth,
  isDefaultRegistryMatch,
  parseDockerConfigJson,
  parseDockercfg,
  parseImageReference,
  apiServerSecretProblems,
  lookupPullCredentials,
  pullCredentialHash,
  urlsMatch,
  type PullCredential,
  type SecretObject,
} from '../../src/core/internal';
import { REFERENCE_GRAMMAR, parseNormalizedNamed, parseReferenceStrict } from '../../src/core/image-reference';

interface Cred {
  username: string;
  password: string;
  email: string;
}

const plain = (c: PullCredential): Cred => ({ username: c.username, password: c.password, email: c.email });
const sortCreds = (cs: Cred[]): Cred[] => [...cs].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

/** Vector secrets carry decoded bytes; the API form is base64 in `data`. */
function apiSecret(s: { type: string; data: Record<string, string> }, name: string): SecretObject {
  const data: Record<string, string> = {};
  for (const [k, v] of Object.entries(s.data)) data[k] = Buffer.from(v, 'utf8').toString('base64');
  return { metadata: { name }, type: s.type, data };
}

describe('keyring vectors (pkg/credentialprovider)', () => {
  test.each(keyringVectors.urlsMatch.map((v) => [v.glob, v.target, v.match] as const))(
    'URLsMatchStr(%j, %j) is %j',
    (glob, target, match) => {
      expect(urlsMatch(glob, target)).toBe(match);
    },
  );

  test.each(keyringVectors.isDefaultRegistryMatch.map((v) => [v.image, v.match] as const))(
    'isDefaultRegistryMatch(%j) is %j',
    (image, match) => {
      expect(isDefaultRegistryMatch(image)).toBe(match);
    },
  );

  test.each(keyringVectors.lookup.map((v, i) => [i, v.image, v] as const))('lookup #%d of %j', (_i, image, v) => {
    const keyring = new DockerKeyring();
    const vector = v as typeof v & { config?: Record<string, Cred>; configJSON?: string; orderUnstable?: boolean };
    if (vector.configJSON !== undefined) keyring.add(parseDockercfg(vector.configJSON));
    else keyring.add(Object.entries(vector.config ?? {}));
    const got = keyring.lookup(image);
    expect(got.found).toBe(v.expected.found);
    const creds = got.creds.map(plain);
    if (vector.orderUnstable) expect(sortCreds(creds)).toEqual(sortCreds(v.expected.creds));
    else expect(creds).toEqual(v.expected.creds);
  });

  test.each(keyringVectors.makeDockerKeyring.map((v) => [v.name, v] as const))('MakeDockerKeyring: %s', (_n, v) => {
    const secrets = v.secrets.map((s, i) => apiSecret(s, `s${i}`));
    const fake = v.defaultKeyring;
    // Upstream calls Lookup with the image string verbatim.
    const got = lookupPullCredentials(
      secrets,
      v.image,
      fake ? { nodeCredentials: { lookup: () => ({ creds: fake.auth, found: fake.ok }) } } : {},
    );
    expect(got.found).toBe(v.expected.found);
    expect(got.creds.map(plain)).toEqual(v.expected.creds.map(plain));
    v.expected.creds.forEach((c, i) => {
      const hash = (c as { authConfigHash?: string }).authConfigHash;
      if (hash) expect(pullCredentialHash(got.creds[i])).toBe(hash);
    });
  });
});

describe('payload vectors (config.go)', () => {
  test.each(parseVectors.decodeAuth.map((v) => [v.input, v] as const))(
    'decodeDockerConfigFieldAuth(%j)',
    (input, v) => {
      if (v.error) {
        expect(() => decodeDockerConfigFieldAuth(input)).toThrow();
      } else {
        expect(decodeDockerConfigFieldAuth(input)).toEqual({ username: v.username, password: v.password });
      }
    },
  );

  test.each(parseVectors.dockerConfigEntry.map((v) => [v.comment, v] as const))('entry: %s', (_c, v) => {
    const doc = `{"reg.io": ${v.json}}`;
    if (v.error) expect(() => parseDockercfg(doc)).toThrow();
    else expect(parseDockercfg(doc)).toEqual([['reg.io', v.expected]]);
  });

  const configCases = [...parseVectors.dockerConfig, ...parseVectors.dockerConfigJSON].map(
    (v, i) => [i, v.decoder, v] as const,
  );
  test.each(configCases)('config #%d (%s)', (_i, decoder, v) => {
    const parse = decoder.toLowerCase().includes('json') ? parseDockerConfigJson : parseDockercfg;
    if (v.error) {
      expect(() => parse(v.json)).toThrow();
      return;
    }
    const expected = Object.entries((v as { entries: Record<string, Cred> }).entries).map(([k, e]) => [
      k,
      { username: e.username, password: e.password, email: e.email },
    ]);
    expect([...parse(v.json)].sort()).toEqual(expected.sort());
  });
});

describe('API server validation vectors (ValidateSecret)', () => {
  test.each(parseVectors.apiValidation.map((v) => [v.name, v] as const))('%s', (_name, v) => {
    const vector = v as typeof v & { secret: { data?: Record<string, string>; dataSizes?: Record<string, number> } };
    const data: Record<string, string> = { ...(vector.secret.data ?? {}) };
    for (const [k, n] of Object.entries(vector.secret.dataSizes ?? {})) data[k] = 'x'.repeat(n);
    const secret = apiSecret({ type: v.secret.type, data }, v.secret.metadata.name);
    const problems = apiServerSecretProblems({ ...secret, metadata: v.secret.metadata });
    expect(problems.length === 0).toBe(v.valid);
  });

  test('authConfigHash', () => {
    const [v] = parseVectors.authConfigHash;
    expect(pullCredentialHash({ ...v.authConfig, email: '' })).toBe(v.sha256);
  });
});

describe('image reference vectors (distribution/reference, pkg/util/parsers)', () => {
  test.each(referenceVectors.kubeletParseImageName.map((v) => [v.input, v] as const))(
    'ParseImageName(%j)',
    (input, v) => {
      if ('errorContains' in v && v.errorContains) {
        expect(() => parseImageReference(input)).toThrow(v.errorContains);
        return;
      }
      const vv = v as { repoToPull: string; tag: string; digest: string };
      const got = parseImageReference(input);
      expect(got.name).toBe(vv.repoToPull);
      expect(got.tag ?? '').toBe(vv.tag);
      expect(got.digest ?? '').toBe(vv.digest);
    },
  );

  const calls = referenceVectors.upstreamCalls
    .filter((v) => v.fn === 'ParseNormalizedNamed' || v.fn === 'Parse')
    .map((v, i) => [i, v.fn, v.input, v] as const);
  test.each(calls)('#%d %s(%j)', (_i, fn, input, v) => {
    const parse = fn === 'Parse' ? parseReferenceStrict : parseNormalizedNamed;
    if (!v.ok) {
      expect(() => parse(input)).toThrow(v.error);
      return;
    }
    const got = parse(input);
    const vv = v as { domain?: string; path?: string; tag?: string; digest?: string };
    expect(got.domain).toBe(vv.domain ?? '');
    expect(got.path).toBe(vv.path ?? '');
    expect(got.tag).toBe(vv.tag);
    expect(got.digest).toBe(vv.digest);
  });

  test.each(referenceVectors.regexpCases.map((v, i) => [i, v.regexp, v.input, v] as const))(
    'regexp case #%d %s on %j',
    (_i, name, input, v) => {
      const re = REFERENCE_GRAMMAR[name];
      expect(re).toBeDefined();
      const m = re.exec(input);
      expect(m !== null).toBe(v.match);
      const subs = (v as { submatches?: string[] }).submatches;
      if (m && subs) expect(m.slice(1).map((x) => x ?? '')).toEqual(subs);
    },
  );
});
