/** WWW-Authenticate challenge lists, read as RFC 7235 writes them and answered as containerd chooses. */
import { parseChallenge, parseChallenges } from '../../src/registry/challenge';

test.each([
  [
    'one Bearer challenge',
    'Bearer realm="https://t/jwt",service="reg",scope="repository:a:pull"',
    [{ scheme: 'bearer', params: { realm: 'https://t/jwt', service: 'reg', scope: 'repository:a:pull' } }],
  ],
  [
    'Bearer then Basic',
    'Bearer realm="https://t",service="r", Basic realm="reg"',
    [
      { scheme: 'bearer', params: { realm: 'https://t', service: 'r' } },
      { scheme: 'basic', params: { realm: 'reg' } },
    ],
  ],
  [
    'a quoted comma and an escaped quote',
    'Basic realm="a, \\"b\\"", Bearer realm=x',
    [
      { scheme: 'basic', params: { realm: 'a, "b"' } },
      { scheme: 'bearer', params: { realm: 'x' } },
    ],
  ],
  [
    'a scheme without parameters, then one with',
    'Negotiate, Basic realm=r',
    [
      { scheme: 'negotiate', params: {} },
      { scheme: 'basic', params: { realm: 'r' } },
    ],
  ],
  [
    'a parameter before any scheme, an unclosed quote',
    'realm=x, Basic realm="open',
    [{ scheme: 'basic', params: { realm: 'open' } }],
  ],
  ['nothing', '', []],
])('%s', (_, header, expected) => {
  expect(parseChallenges(header)).toEqual(expected);
});

test('Bearer is answered before Basic whatever the order; then the first challenge', () => {
  expect(parseChallenge('Basic realm=r, Bearer realm=t')?.scheme).toBe('bearer');
  expect(parseChallenge('Negotiate, Basic realm=r')?.scheme).toBe('basic');
  expect(parseChallenge('Negotiate')?.scheme).toBe('negotiate');
  expect(parseChallenge(null)).toBeUndefined();
});

test('a long hostile header of parameters and backslashes is one challenge', () => {
  const header = `Bearer ${'a='.repeat(200_000)}"${'\\'.repeat(200_000)}`;
  const [challenge, ...rest] = parseChallenges(header);
  expect([challenge.scheme, rest]).toEqual(['bearer', []]);
});
