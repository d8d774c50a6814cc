/**
 * checkManifests over SealedSecrets, SOPS Secrets, ExternalSecrets and ClusterExternalSecrets:
 * each stands for the Secret it will make.
 */
import { DiagnosticCode, checkManifests, type KubeObject } from 'regcred';

const pod = (namespace: string, image: string, secret = 'gitlab-pull'): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'api', namespace },
  spec: { imagePullSecrets: [{ name: secret }], containers: [{ name: 'app', image }] },
});

const sealed = (
  namespace: string,
  { type = 'kubernetes.io/dockerconfigjson', registries, annotations = {} } = {} as {
    type?: string;
    registries?: string;
    annotations?: Record<string, string>;
  },
): KubeObject => ({
  apiVersion: 'bitnami.com/v1alpha1',
  kind: 'SealedSecret',
  metadata: {
    name: 'gitlab-pull',
    namespace,
    annotations: registries === undefined ? {} : { 'regcred.io/registries': registries },
  },
  spec: {
    encryptedData: { '.dockerconfigjson': 'AgB…' },
    template: { metadata: { name: 'gitlab-pull', namespace, annotations }, type },
  },
});

const external = (namespace: string, template: string, annotations: Record<string, string> = {}): KubeObject => ({
  apiVersion: 'external-secrets.io/v1',
  kind: 'ExternalSecret',
  metadata: { name: 'gitlab-pull-source', namespace, annotations },
  spec: {
    secretStoreRef: { name: 'vault', kind: 'ClusterSecretStore' },
    target: {
      name: 'gitlab-pull',
      template: {
        engineVersion: 'v2',
        type: 'kubernetes.io/dockerconfigjson',
        data: { '.dockerconfigjson': template },
      },
    },
    data: [
      { secretKey: 'username', remoteRef: { key: 'gitlab', property: 'username' } },
      { secretKey: 'password', remoteRef: { key: 'gitlab', property: 'token' } },
    ],
  },
});

const REGCRED_TEMPLATE =
  '{{ dict "auths" (dict "registry.gitlab.com" (dict "username" .username "password" .password "auth" (printf "%s:%s" .username .password | b64enc))) | toJson }}';
const IMAGE = 'registry.gitlab.com/acme/api:1';
const codes = (objects: KubeObject[], now?: Date): string[] =>
  checkManifests(objects, now ? { now } : {}).map((d) => `${d.code} ${d.object.kind}`);

describe('SealedSecret', () => {
  test('stands for its Secret: a pod that lists it and whose image its annotated registry matches has no finding', () => {
    expect(codes([sealed('shop', { registries: 'registry.gitlab.com' }), pod('shop', IMAGE)])).toEqual([]);
  });

  test('fails when its registry keys do not match the image', () => {
    expect(codes([sealed('shop', { registries: 'ghcr.io' }), pod('shop', IMAGE)])).toEqual([
      'NO_MATCHING_CREDENTIALS Pod',
    ]);
  });

  test('fails when its template type is no pull secret type', () => {
    expect(codes([sealed('shop', { type: 'Opaque', registries: 'registry.gitlab.com' }), pod('shop', IMAGE)])).toEqual([
      'PULL_SECRET_IGNORED Pod',
    ]);
  });

  test('an encoded comma in the registries annotation is part of one key, which matches no image', () => {
    const objects = [sealed('shop', { registries: 'registry.gitlab.com%2Cb.example.com' }), pod('shop', IMAGE)];
    expect(codes(objects)).toEqual(['NO_MATCHING_CREDENTIALS Pod']);
    expect(codes([sealed('shop', { registries: 'ghcr.io,registry.gitlab.com' }), pod('shop', IMAGE)])).toEqual([]);
  });

  test('without the registries annotation, its keys are unknown: no finding about matching', () => {
    expect(codes([sealed('shop'), pod('shop', IMAGE)])).toEqual([]);
  });

  test('fails when it is in another namespace than the pod', () => {
    expect(codes([sealed('shop', { registries: 'registry.gitlab.com' }), pod('jobs', IMAGE)])).toEqual([
      'PULL_SECRET_NOT_FOUND Pod',
    ]);
  });

  test('an expired token in its template annotation is reported on the SealedSecret', () => {
    const objects = [
      sealed('shop', {
        registries: 'registry.gitlab.com',
        annotations: { 'regcred.io/expires-at': '2026-01-01T00:00:00Z' },
      }),
      pod('shop', IMAGE),
    ];
    expect(codes(objects, new Date('2026-06-01T00:00:00Z'))).toEqual(['TOKEN_EXPIRED SealedSecret']);
  });
});

describe('ExternalSecret', () => {
  test("regcred's template: the target Secret is found and matches by the annotated registries", () => {
    expect(
      codes([
        external('shop', REGCRED_TEMPLATE, { 'regcred.io/registries': 'registry.gitlab.com' }),
        pod('shop', IMAGE),
      ]),
    ).toEqual([]);
  });

  test('literal registry keys of a template are matched against the images', () => {
    const template = '{"auths":{"ghcr.io":{"username":{{ .username | toJson }},"password":{{ .password | toJson }}}}}';
    expect(codes([external('shop', template), pod('shop', IMAGE)])).toEqual(['NO_MATCHING_CREDENTIALS Pod']);
  });

  test('fails on a template that pastes values into JSON strings, on the ExternalSecret', () => {
    const template = '{"auths":{"registry.gitlab.com":{"auth":"{{ .auth }}","password":"{{ .password }}"}}}';
    const d = checkManifests([external('shop', template), pod('shop', IMAGE)]);
    expect(d.map((x) => [x.code, x.object.kind, x.field])).toEqual([
      ['TEMPLATE_INVALID', 'ExternalSecret', 'spec.target.template.data[.dockerconfigjson]'],
    ]);
    expect(d[0].message).toContain('a username or password holding a quote, backslash or newline renders invalid JSON');
  });

  test('fails on a template that renders no auths object', () => {
    const template = '{"registry.gitlab.com":{"username":{{ .username | toJson }}}}';
    expect(codes([external('shop', template), pod('shop', IMAGE)])).toContain('TEMPLATE_INVALID ExternalSecret');
  });
});

describe('ExternalSecret expiry', () => {
  test('an expired token in spec.target.template.metadata.annotations is reported on the ExternalSecret', () => {
    const es = external('shop', REGCRED_TEMPLATE) as { spec: { target: { template: Record<string, unknown> } } };
    es.spec.target.template.metadata = { annotations: { 'regcred.io/expires-at': '2026-01-01T00:00:00Z' } };
    expect(codes([es as KubeObject, pod('shop', IMAGE)], new Date('2026-06-01T00:00:00Z'))).toEqual([
      'TOKEN_EXPIRED ExternalSecret',
    ]);
  });
});

describe('templates read as Go reads them', () => {
  const verdict = (template: string): string[] => codes([external('shop', template), pod('shop', IMAGE)]);

  test('a "|toJson" inside a string literal escapes nothing: TEMPLATE_INVALID', () => {
    const t =
      '{"auths":{"registry.gitlab.com":{"username":{{ .username | toJson }},"password":{{ printf "\\"%s\\"%.0s" .password "|toJson " }}}}}';
    expect(verdict(t)).toEqual(['TEMPLATE_INVALID ExternalSecret']);
  });

  test('"}}" inside a string literal does not end the action: a literal username regcred writes is fine', () => {
    const t =
      '{{ dict "auths" (dict "registry.gitlab.com" (dict "username" "ro}}bot" "password" .password)) | toJson }}';
    expect(verdict(t)).toEqual([]);
    const raw =
      '{"auths":{"registry.gitlab.com":{"username":{{ `ro}}bot` | toJson }},"password":{{ .password | toJson }}}}}';
    expect(verdict(raw)).toEqual([]);
  });

  test('the whole payload from the store ({{ .mysecret | toString }}): registries unknown, not invalid', () => {
    expect(verdict('{{ .mysecret | toString }}')).toEqual([]);
    expect(verdict('  {{- .mysecret -}}\n')).toEqual([]);
  });

  test('a registry key written by an action: registries unknown, no false NO_MATCHING_CREDENTIALS', () => {
    const t =
      '{"auths":{ {{- .host | toJson -}}: {"username":{{ .username | toJson }},"password":{{ .password | toJson }}}}}';
    expect(verdict(t)).toEqual([]);
  });

  test('comments, declarations and control actions write nothing; a literal key still matches', () => {
    const t =
      '{{/* regcred: "}}" in a comment */}}{{ $u := .username }}{"auths":{"ghcr.io":{"username":{{ $u | toJson }},"password":{{ .password | toJson }}}}}';
    expect(verdict(t)).toEqual(['NO_MATCHING_CREDENTIALS Pod']);
  });

  test('an action or string left open is TEMPLATE_INVALID, saying so', () => {
    const d = checkManifests([external('shop', '{"auths": {{ .x | toJson "open }}'), pod('shop', IMAGE)]);
    expect(d.map((x) => x.code)).toEqual(['TEMPLATE_INVALID']);
    expect(d[0].message).toContain('is not closed');
  });
});

describe('ClusterExternalSecret', () => {
  const cluster: KubeObject = {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ClusterExternalSecret',
    metadata: { name: 'gitlab-pull', annotations: { 'regcred.io/registries': 'registry.gitlab.com' } },
    spec: {
      externalSecretName: 'gitlab-pull',
      namespaceSelectors: [{ matchLabels: { 'pulls-from': 'gitlab' } }],
      externalSecretSpec: (external('', REGCRED_TEMPLATE) as { spec: unknown }).spec,
    },
  };
  const ns = (name: string, labels: Record<string, string>): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, labels },
  });

  test('provides the Secret in the namespaces its selector matches, and only there', () => {
    const objects = [
      cluster,
      ns('shop', { 'pulls-from': 'gitlab' }),
      ns('jobs', {}),
      pod('shop', IMAGE),
      pod('jobs', IMAGE),
    ];
    expect(checkManifests(objects).map((d) => `${d.code} ${d.object.namespace}`)).toEqual([
      'PULL_SECRET_NOT_FOUND jobs',
      'CREDENTIALS_ONLY_ELSEWHERE jobs',
    ]);
  });

  const selecting = (namespaceSelectors: unknown[]): KubeObject => ({
    ...cluster,
    spec: { ...(cluster.spec as Record<string, unknown>), namespaceSelectors },
  });
  const namespaces = [
    ns('shop', { tier: 'web', 'pulls-from': 'gitlab' }),
    ns('jobs', { tier: 'batch' }),
    ns('ops', {}),
  ];
  const madeIn = (selectors: unknown[]): string[] =>
    ['shop', 'jobs', 'ops'].filter(
      (n) => !codes([selecting(selectors), ...namespaces, pod(n, IMAGE)]).includes('PULL_SECRET_NOT_FOUND Pod'),
    );

  test.each([
    [
      'matchExpressions In',
      [{ matchExpressions: [{ key: 'tier', operator: 'In', values: ['web', 'batch'] }] }],
      ['shop', 'jobs'],
    ],
    [
      'matchExpressions NotIn (a missing label satisfies it)',
      [{ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['web'] }] }],
      ['jobs', 'ops'],
    ],
    ['matchExpressions Exists', [{ matchExpressions: [{ key: 'tier', operator: 'Exists' }] }], ['shop', 'jobs']],
    ['matchExpressions DoesNotExist', [{ matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] }], ['ops']],
    [
      'matchLabels and matchExpressions together',
      [{ matchLabels: { tier: 'web' }, matchExpressions: [{ key: 'pulls-from', operator: 'Exists' }] }],
      ['shop'],
    ],
    [
      "the API server's kubernetes.io/metadata.name label",
      [{ matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['ops'] }] }],
      ['ops'],
    ],
    ['an empty selector (every namespace)', [{}], ['shop', 'jobs', 'ops']],
    [
      'several selectors (any of them)',
      [{ matchLabels: { tier: 'batch' } }, { matchLabels: { 'pulls-from': 'gitlab' } }],
      ['shop', 'jobs'],
    ],
    [
      'an unknown operator (refused by Kubernetes: nowhere)',
      [{ matchExpressions: [{ key: 'tier', operator: 'Gt', values: ['1'] }] }],
      [],
    ],
    [
      'In without values (refused by Kubernetes: nowhere)',
      [{ matchExpressions: [{ key: 'tier', operator: 'In', values: [] }] }],
      [],
    ],
  ])('namespaceSelectors with %s: the Secret is made where Kubernetes would select', (_, selectors, expected) => {
    expect(madeIn(selectors)).toEqual(expected);
  });

  test('without Namespace objects among the manifests, it may provide the Secret anywhere', () => {
    expect(codes([cluster, pod('shop', IMAGE), pod('jobs', IMAGE)])).toEqual([]);
  });
});

const sops = (
  namespace: string,
  {
    registries,
    annotations = {},
    data = { '.dockerconfigjson': 'ENC[AES256_GCM,data:eA==,iv:eA==,tag:eA==,type:str]' },
  } = {} as {
    registries?: string;
    annotations?: Record<string, string>;
    data?: Record<string, unknown>;
  },
): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: {
    name: 'gitlab-pull',
    namespace,
    annotations: { ...annotations, ...(registries === undefined ? {} : { 'regcred.io/registries': registries }) },
  },
  type: 'kubernetes.io/dockerconfigjson',
  data,
  sops: { mac: 'ENC[AES256_GCM,data:eA==,iv:eA==,tag:eA==,type:str]', lastmodified: '1970-01-01T00:00:00Z' },
});

describe('SOPS Secret', () => {
  const findings = (objects: KubeObject[], now?: Date): string[] =>
    checkManifests(objects, now ? { now } : {})
      .filter((d) => d.code !== DiagnosticCode.SOPS_PAYLOAD_NOT_VERIFIED)
      .map((d) => `${d.code} ${d.object.kind}`);

  test('stands for the Secret Flux makes: its annotated registry matches the image, so no finding; it says what it cannot verify', () => {
    const d = checkManifests([sops('shop', { registries: 'registry.gitlab.com' }), pod('shop', IMAGE)]);
    expect(d.map((x) => `${x.severity} ${x.code} ${x.field}`)).toEqual(['info SOPS_PAYLOAD_NOT_VERIFIED data']);
  });

  test('its ciphertext is never read as base64: another registry is a miss, not an unreadable payload', () => {
    expect(findings([sops('shop', { registries: 'ghcr.io' }), pod('shop', IMAGE)])).toEqual([
      'NO_MATCHING_CREDENTIALS Pod',
    ]);
  });

  test('without the registries annotation it may match any image, and the info says so', () => {
    const d = checkManifests([sops('shop'), pod('shop', IMAGE)]);
    expect(d.map((x) => x.code)).toEqual(['SOPS_PAYLOAD_NOT_VERIFIED']);
    expect(d[0].message).toContain('has no regcred.io/registries annotation');
  });

  test('an expired token in its annotation is reported on the Secret', () => {
    const objects = [
      sops('shop', {
        registries: 'registry.gitlab.com',
        annotations: { 'regcred.io/expires-at': '2026-01-01T00:00:00Z' },
      }),
      pod('shop', IMAGE),
    ];
    expect(findings(objects, new Date('2026-06-01T00:00:00Z'))).toEqual(['TOKEN_EXPIRED Secret']);
  });

  test.each([
    [
      'a value of type int',
      { '.dockerconfigjson': 'ENC[AES256_GCM,data:eA==,iv:eA==,tag:eA==,type:int]' },
      'decrypts to a value of type int',
    ],
    [
      'a list',
      { '.dockerconfigjson': ['ENC[AES256_GCM,data:eA==,iv:eA==,tag:eA==,type:str]'] },
      'is a list, not a string',
    ],
  ])('fails on %s under data, as Flux would', (_, data, says) => {
    const d = checkManifests([sops('shop', { registries: 'registry.gitlab.com', data }), pod('shop', IMAGE)]);
    const invalid = d.filter((x) => x.code === DiagnosticCode.SOPS_SECRET_INVALID);
    expect(invalid.map((x) => [x.severity, x.field])).toEqual([['error', 'data[.dockerconfigjson]']]);
    expect(invalid[0].message).toContain(says);
  });

  test.each([
    ['sops a string', 'x'],
    ['sops null', null],
    ['mac a number', { mac: 5 }],
  ])('%s: the missing mac is an error, no exception', (_, value) => {
    const o = { ...sops('shop', { registries: 'registry.gitlab.com' }), sops: value } as KubeObject;
    const d = checkManifests([o, pod('shop', IMAGE)]).filter((x) => x.code === DiagnosticCode.SOPS_SECRET_INVALID);
    expect(d.map((x) => x.severity)).toEqual(['error']);
  });
});

describe('hostile provider objects', () => {
  test('a template of 5 MB of white space after "{{" is read in one pass', () => {
    const d = checkManifests([external('shop', `{{${' '.repeat(5_000_000)}`), pod('shop', IMAGE)]);
    expect(d.map((x) => x.code)).toEqual(['TEMPLATE_INVALID']);
  });

  test.each([
    ['spec a string', { spec: 'x' }],
    ['target a number', { spec: { target: 7 } }],
    [
      'template data an array',
      { spec: { target: { template: { type: 'kubernetes.io/dockerconfigjson', data: [1] } } } },
    ],
    ['namespaceSelectors of numbers', { kind: 'ClusterExternalSecret', spec: { namespaceSelectors: [1, null] } }],
    ['encryptedData null', { apiVersion: 'bitnami.com/v1alpha1', kind: 'SealedSecret', spec: { encryptedData: null } }],
    [
      'annotations with a number',
      { metadata: { name: 'x', namespace: 'shop', annotations: { 'regcred.io/registries': 5 } } },
    ],
  ])('%s: a result, no exception', (_label, patch) => {
    const o = { ...external('shop', REGCRED_TEMPLATE), ...patch } as KubeObject;
    expect(Array.isArray(checkManifests([o, pod('shop', IMAGE)]))).toBe(true);
  });
});
