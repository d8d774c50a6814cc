/**
 * Structure-aware generators of hostile input: Kubernetes-shaped objects whose
 * fields hold wrong types, prototype property names, odd strings and broken
 * payloads, as a JavaScript caller or a hand-edited manifest would give them.
 */
import fc from 'fast-check';

const PROTOTYPE_NAMES = ['toString', '__proto__', 'constructor', 'hasOwnProperty', 'valueOf', 'length'];

/** Strings that have broken parsers before: control bytes, escapes, near-miss registry keys. */
export const oddString = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.constantFrom(
    ...PROTOTYPE_NAMES,
    '',
    ' ',
    '%%%',
    '\u001b[31mred\u001b[0m',
    'registry.gitlab.com',
    'https://index.docker.io/v1/',
    'registry.example.com#\u0000',
    'a_b.com/foo',
    '[a-c]r.io',
    '*.gitlab.com',
    'localhost:5000',
    'kubernetes.io/dockerconfigjson',
    'kubernetes.io/dockercfg',
    'Opaque',
  ),
);

/** Any JSON-ish value, including the wrong ones. */
export const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { depthSize: 'small' },
  oddString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.array(oddString, { maxLength: 3 }),
  fc.dictionary(fc.constantFrom(...PROTOTYPE_NAMES, 'name', 'x'), oddString, { maxKeys: 3 }),
);

const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<unknown> => fc.oneof({ weight: 4, arbitrary: arb }, anyValue);

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

/** A `.dockerconfigjson` payload: valid, near-valid or garbage, base64 or not. */
const payload = fc.oneof(
  fc
    .tuple(oddString, oddString, oddString)
    .map(([key, user, pass]) => b64(JSON.stringify({ auths: { [key]: { auth: b64(`${user}:${pass}`) } } }))),
  fc.tuple(oddString, anyValue).map(([key, v]) => b64(JSON.stringify({ auths: { [key]: v } }))),
  fc.constantFrom('%%%', 'e30=', b64('{"auths":'), b64('['.repeat(20000)), b64('null'), b64('{"auths":[]}')),
  anyValue,
);

const secretName = maybe(fc.constantFrom('pull', 'gitlab-pull', 'other'));
const namespace = maybe(fc.constantFrom('default', 'shop'));
const metadata = maybe(
  fc.record(
    { name: secretName, namespace, annotations: maybe(fc.dictionary(oddString, anyValue, { maxKeys: 2 })) },
    { requiredKeys: [] },
  ),
);

export const secretObject = fc.record(
  {
    apiVersion: maybe(fc.constant('v1')),
    kind: maybe(fc.constant('Secret')),
    metadata,
    type: maybe(fc.constantFrom('kubernetes.io/dockerconfigjson', 'kubernetes.io/dockercfg', 'Opaque')),
    data: maybe(
      fc.dictionary(fc.constantFrom('.dockerconfigjson', '.dockercfg', 'note', '__proto__', 'toString'), payload, {
        maxKeys: 2,
      }),
    ),
    stringData: fc.option(fc.dictionary(fc.constantFrom('.dockerconfigjson', 'x'), anyValue, { maxKeys: 1 })),
  },
  { requiredKeys: ['apiVersion', 'kind'] },
);

const image = maybe(
  fc.constantFrom('nginx', 'registry.gitlab.com/acme/app:1.0', 'a_b.com/foo', 'UPPER/x', 'localhost/app', ''),
);
const container = maybe(fc.record({ name: maybe(fc.constant('app')), image }, { requiredKeys: [] }));
const refs = maybe(fc.array(maybe(fc.record({ name: secretName }, { requiredKeys: [] })), { maxLength: 3 }));
const podSpec = maybe(
  fc.record(
    {
      imagePullSecrets: refs,
      serviceAccountName: maybe(fc.constantFrom('default', 'builder')),
      serviceAccount: anyValue,
      containers: maybe(fc.array(container, { maxLength: 2 })),
      initContainers: maybe(fc.array(container, { maxLength: 1 })),
    },
    { requiredKeys: [] },
  ),
);

export const podObject = fc.oneof(
  fc.record({ apiVersion: fc.constant('v1'), kind: fc.constant('Pod'), metadata, spec: podSpec }),
  fc.record({
    apiVersion: fc.constant('apps/v1'),
    kind: maybe(fc.constantFrom('Deployment', 'StatefulSet')),
    metadata,
    spec: maybe(fc.record({ template: maybe(fc.record({ spec: podSpec })) })),
  }),
);

export const serviceAccountObject = fc.record({
  apiVersion: fc.constant('v1'),
  kind: fc.constant('ServiceAccount'),
  metadata,
  imagePullSecrets: refs,
});

/** A manifest set: mostly objects, sometimes not. */
export const manifestSet = fc.array(fc.oneof(secretObject, podObject, serviceAccountObject, anyValue), {
  maxLength: 6,
});

/** A manifest set of objects only (what the CLI passes on), with hostile fields. */
export const objectSet = fc.array(fc.oneof(secretObject, podObject, serviceAccountObject), {
  minLength: 1,
  maxLength: 6,
});
