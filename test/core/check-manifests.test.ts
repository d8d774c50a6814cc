import * as fs from 'node:fs';
import * as path from 'node:path';
import { DIAGNOSTIC_CODES, DiagnosticCode, checkManifests, type KubeObject } from '../../src/core/internal';
import { parseManifests } from '../../src/cli/read-manifests';

const dir = path.join(__dirname, '../fixtures/check');
const load = (file: string): KubeObject[] =>
  parseManifests(fs.readFileSync(path.join(dir, file), 'utf8'), file).map((o) => o.object);
const codes = Object.keys(DIAGNOSTIC_CODES) as DiagnosticCode[];
/** The fixtures' clock: every expiry fixture is dated against it. */
const now = new Date('2026-11-23T00:00:00Z');

test('every code has a triggering fixture and a near fixture', () => {
  const files = fs.readdirSync(dir);
  for (const code of codes)
    expect([code, files.includes(`${code}.bad.yaml`), files.includes(`${code}.ok.yaml`)]).toEqual([code, true, true]);
});

describe.each(codes)('%s', (code) => {
  test('is reported for its fixture', () => {
    expect(checkManifests(load(`${code}.bad.yaml`), { now }).map((d) => d.code)).toContain(code);
  });

  test('is not reported for the near case', () => {
    expect(checkManifests(load(`${code}.ok.yaml`), { now }).map((d) => d.code)).not.toContain(code);
  });
});

test('no diagnostic carries a password, token or auth value from any fixture', () => {
  for (const file of fs.readdirSync(dir)) {
    const text = JSON.stringify(checkManifests(load(file), { now }));
    for (const secret of ['gldt-rightToken123', 'Z2l0bGFi', 'user:pass'])
      expect([file, text.includes(secret)]).toEqual([file, false]);
  }
});

describe('AUTH_MISMATCH quotes no token', () => {
  const secretWith = (entry: Record<string, string>): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'gitlab-pull', namespace: 'shop' },
    type: 'kubernetes.io/dockerconfigjson',
    data: {
      '.dockerconfigjson': Buffer.from(JSON.stringify({ auths: { 'registry.gitlab.com': entry } })).toString('base64'),
    },
  });
  const mismatch = (entry: Record<string, string>): string =>
    checkManifests([secretWith(entry)]).find((d) => d.code === DiagnosticCode.AUTH_MISMATCH)?.message ?? '(none)';
  const b64 = (s: string): string => Buffer.from(s).toString('base64');

  test('a username pasted as "ci:<token>" is quoted up to its colon only', () => {
    const token = 'glpat-pastedIntoUsername';
    const message = mismatch({ username: `ci:${token}`, password: token, auth: b64(`ci:${token}:${token}`) });
    expect(message).toContain('where "username" is "ci":***');
    expect(message).not.toContain('pastedIntoUsername');
  });

  test('a username equal to a password is not quoted', () => {
    const token = 'gldt-sameAsTheUsername';
    const message = mismatch({ username: token, password: token, auth: b64(`deploy:${token}`) });
    expect(message).toBe(
      'entry "registry.gitlab.com" has an "auth" that decodes to user "deploy" where "username" is ***; the kubelet uses "auth" and ignores the other fields.',
    );
  });
});

describe('expiry thresholds with a fixed clock', () => {
  const at = (expiresAt: string, window?: number) =>
    checkManifests(
      [
        {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: 's', namespace: 'n', annotations: { 'regcred.io/expires-at': expiresAt } },
          type: 'kubernetes.io/dockerconfigjson',
          stringData: { '.dockerconfigjson': '{"auths":{"r.io":{"username":"u","password":"p"}}}' },
        },
      ],
      { now, ...(window !== undefined ? { expiringWithinMs: window } : {}) },
    ).map((d) => d.code);
  const day = 24 * 3600 * 1000;

  test.each([
    ['one second ago', new Date(now.getTime() - 1000), 'TOKEN_EXPIRED'],
    ['exactly now', now, 'TOKEN_EXPIRED'],
    ['in one second', new Date(now.getTime() + 1000), 'TOKEN_EXPIRING'],
    ['in exactly 30 days', new Date(now.getTime() + 30 * day), 'TOKEN_EXPIRING'],
    ['in 30 days and a second', new Date(now.getTime() + 30 * day + 1000), undefined],
  ])('expiring %s gives %s', (_when, date, code) => {
    expect(at(date.toISOString())).toEqual(code ? [code] : []);
  });

  test('the window is configurable', () => {
    expect(at(new Date(now.getTime() + 10 * day).toISOString(), 7 * day)).toEqual([]);
    expect(at(new Date(now.getTime() + 5 * day).toISOString(), 7 * day)).toEqual(['TOKEN_EXPIRING']);
  });

  test('names the secret, the registry, the date and the rotation steps', () => {
    const [d] = checkManifests(load('TOKEN_EXPIRED.bad.yaml'), { now });
    expect(d.message).toBe(
      'The token of secret "gitlab-pull" for "registry.gitlab.com" expired on 2026-11-01T00:00:00Z; new pods cannot pull (running ones may hide it with cached images).',
    );
    expect(d.fix).toContain('revoke the old one');
  });

  test('without a clock, expiry is not checked', () => {
    expect(checkManifests(load('TOKEN_EXPIRED.bad.yaml'))).toEqual([]);
  });
});

test('a public image with no secrets anywhere produces nothing', () => {
  const pod: KubeObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web' },
    spec: { containers: [{ name: 'c', image: 'nginx' }] },
  };
  expect(checkManifests([pod])).toEqual([]);
});

test('the secret in another namespace is named, as an error', () => {
  const [d] = checkManifests(load('PULL_SECRET_NOT_FOUND.bad.yaml'));
  expect(d).toEqual({
    code: 'PULL_SECRET_NOT_FOUND',
    severity: 'error',
    object: { kind: 'Pod', namespace: 'shop', name: 'api' },
    objectIndex: 0,
    secret: 'gitlab-pull',
    field: 'spec.imagePullSecrets[0].name',
    message:
      'Secret "gitlab-pull" is not in namespace "shop" but in "apps"; a pod only reads secrets of its own namespace, so the kubelet skips it.',
    fix: 'Create the secret in namespace "shop" too.',
  });
});

test('an unreadable secret says it breaks every pull of the pod', () => {
  const d = checkManifests(load('PULL_SECRET_UNREADABLE.bad.yaml')).find(
    (x) => x.code === DiagnosticCode.PULL_SECRET_UNREADABLE,
  );
  expect(d?.message).toContain('The kubelet fails every image pull of a pod that references it');
  expect(d?.field).toBe('spec.imagePullSecrets[1].name');
});

describe('nearest miss explanations', () => {
  const podWith = (image: string, key: string): KubeObject[] => [
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'n' },
      spec: { imagePullSecrets: [{ name: 's' }], containers: [{ name: 'c', image }] },
    },
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's', namespace: 'n' },
      type: 'kubernetes.io/dockerconfigjson',
      stringData: { '.dockerconfigjson': JSON.stringify({ auths: { [key]: { username: 'u', password: 'p' } } }) },
    },
  ];
  const reason = (image: string, key: string): string => {
    const d = checkManifests(podWith(image, key)).find((x) => x.code === DiagnosticCode.NO_MATCHING_CREDENTIALS);
    return d?.message.split('Nearest miss: ')[1] ?? '(none)';
  };

  test.each([
    ['/v2 without slash', 'r.example.com/app', 'r.example.com/v2', 'ends in "/v2" without a slash'],
    ['port', 'r.example.com:5000/app', 'r.example.com', 'has no port and the image has port 5000'],
    ['case', 'r.example.com/app', 'R.example.com', 'differs from "r.example.com" in letter case'],
    ['scheme', 'r.example.com/app', 'HTTPS://r.example.com', 'starts with a scheme the kubelet does not strip'],
    ['wildcard labels', 'a.b.example.com/app', '*.example.com', 'has 3 labels and "a.b.example.com" has 4'],
    ['registry-1.docker.io', 'acme/app', 'registry-1.docker.io', "names Docker Hub's registry host"],
    ['path prefix', 'r.example.com/team/app', 'r.example.com/other', 'is limited to paths starting with "/other"'],
    ['kubectl default', 'ghcr.io/acme/app', 'https://index.docker.io/v1/', "is Docker Hub's (kubectl's default"],
  ])('%s', (_what, image, key, expected) => {
    expect(reason(image, key)).toContain(expected);
  });
});

test('a pod with one matched image does not flag its public images', () => {
  const objects: KubeObject[] = [
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'n' },
      spec: {
        imagePullSecrets: [{ name: 's' }],
        containers: [
          { name: 'a', image: 'registry.gitlab.com/x/y' },
          { name: 'b', image: 'nginx' },
        ],
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's', namespace: 'n' },
      type: 'kubernetes.io/dockerconfigjson',
      stringData: { '.dockerconfigjson': '{"auths":{"registry.gitlab.com":{"username":"u","password":"p"}}}' },
    },
  ];
  expect(checkManifests(objects)).toEqual([]);
});

test('INVALID_IMAGE names the field once, before the message, and the message starts with the image', () => {
  const [d] = checkManifests(load('INVALID_IMAGE.bad.yaml'), { now }).filter(
    (x) => x.code === DiagnosticCode.INVALID_IMAGE,
  );
  expect(d.message).toMatch(/^Image "[^"]+" is not a valid image reference: /);
  expect(d.message).not.toContain(d.field);
});

test.each([DiagnosticCode.PULL_SECRET_IN_OTHER_NAMESPACE, DiagnosticCode.CREDENTIALS_ONLY_ELSEWHERE])(
  "%s: the fix says how each of regcred's tools puts a secret in the pod's namespace",
  (code) => {
    const [d] = checkManifests(load(`${code}.bad.yaml`), { now }).filter((x) => x.code === code);
    const ns = d.object.namespace;
    expect(d.fix).toContain(
      `With regcred: in cdk8s, the secret follows the pods it wires into their namespaces, so make sure it wires this workload (the same chart, or wireTo); in Pulumi, add "${ns}" to the component's namespaces; on the command line, regcred secret … --namespace ${ns}.`,
    );
  },
);

describe('severity follows the evidence', () => {
  const secret = (name: string, key: string, username = 'u', password = 'p'): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace: 'n' },
    type: 'kubernetes.io/dockerconfigjson',
    stringData: { '.dockerconfigjson': JSON.stringify({ auths: { [key]: { username, password } } }) },
  });
  const pod = (image: string, refs: string[] = ['s']): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'n' },
    spec: { imagePullSecrets: refs.map((name) => ({ name })), containers: [{ name: 'c', image }] },
  });
  const verdict = (objects: KubeObject[]): string[] =>
    checkManifests(objects).map((d) => `${d.severity} ${d.code} ${d.object.kind}`);

  test('a Docker Hub secret and a quay.io image: a warning, the image may be public', () => {
    const [d] = checkManifests([
      pod('quay.io/prometheus/node-exporter:v1'),
      secret('s', 'https://index.docker.io/v1/'),
    ]);
    expect([d.severity, d.code]).toEqual(['warning', 'NO_MATCHING_CREDENTIALS']);
    expect(d.message).toContain('works only if the image is public');
    expect(d.fix).toMatch(/^If the image is private: /);
  });

  test('a namespace-wide secret on the ServiceAccount and public images: warnings only', () => {
    const sa: KubeObject = {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'default', namespace: 'n' },
      imagePullSecrets: [{ name: 's' }],
    };
    const p = pod('quay.io/prometheus/alertmanager:v0.27.0', []);
    const objects = [sa, p, secret('s', 'registry.gitlab.com', 'gitlab+deploy-token-1', 'gldt-x')];
    expect(verdict(objects)).toEqual(['warning NO_MATCHING_CREDENTIALS Pod']);
  });

  test('a GitLab token keyed on Docker Hub and a GitLab image: an error on the pod and on the Secret', () => {
    const objects = [
      pod('registry.gitlab.com/acme/app:1'),
      secret('s', 'https://index.docker.io/v1/', 'gitlab+deploy-token-5', 'gldt-abc'),
    ];
    expect(verdict(objects).sort()).toEqual([
      'error CREDENTIALS_FOR_ANOTHER_REGISTRY Secret',
      'error NO_MATCHING_CREDENTIALS Pod',
    ]);
  });

  test('a listed key with another port: an error', () => {
    expect(verdict([pod('r.example.com:5050/app:1'), secret('s', 'r.example.com')])).toEqual([
      'error NO_MATCHING_CREDENTIALS Pod',
    ]);
  });

  test('an unlisted secret of the namespace without the port: NEARLY_MATCHING_SECRET', () => {
    const [d, ...rest] = checkManifests([
      pod('gitlab.example.com:5050/acme/api:1', []),
      secret('gitlab-pull', 'gitlab.example.com'),
    ]);
    expect(rest).toEqual([]);
    expect([d.severity, d.code, d.field]).toEqual(['error', 'NEARLY_MATCHING_SECRET', 'spec.containers[0].image']);
    expect(d.message).toContain('has no port and the image has port 5050');
    expect(d.fix).toContain('Key the credentials on "gitlab.example.com:5050"');
  });

  test('an unlisted near miss is reported even when the listed secret is for another registry', () => {
    const objects = [
      pod('r.example.com:5050/app:1', ['hub']),
      secret('hub', 'https://index.docker.io/v1/'),
      secret('near', 'r.example.com'),
    ];
    expect(verdict(objects)).toEqual(['error NEARLY_MATCHING_SECRET Pod']);
  });

  test('the key has the port and the image lacks it: the fix offers the image with the port first', () => {
    const [d] = checkManifests([pod('gitlab.example.com/acme/api:1'), secret('s', 'gitlab.example.com:5050')]);
    expect(d.fix).toBe(
      'If the registry listens on port 5050, write the image as "gitlab.example.com:5050/acme/api" (the image lacks the port); otherwise key the credentials on "gitlab.example.com".',
    );
  });

  test('a pod with one matched image and one public image of another registry: nothing', () => {
    const p: KubeObject = {
      ...pod('r.example.com/app:1'),
      spec: {
        imagePullSecrets: [{ name: 's' }],
        containers: [
          { name: 'a', image: 'r.example.com/app:1' },
          { name: 'b', image: 'busybox' },
        ],
      },
    };
    expect(verdict([p, secret('s', 'r.example.com')])).toEqual([]);
  });
});

test('objects that share kind, namespace and name are told apart by objectIndex', () => {
  const pod = (image: string): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'api', namespace: 'n' },
    spec: { containers: [{ name: 'c', image }] },
  });
  const found = checkManifests([pod('ok'), pod('a b'), pod('c d')]).map((d) => `${d.code} ${d.objectIndex}`);
  expect(found).toEqual([
    'DUPLICATE_OBJECT 0',
    'DUPLICATE_OBJECT 1',
    'DUPLICATE_OBJECT 2',
    'INVALID_IMAGE 1',
    'INVALID_IMAGE 2',
  ]);
});

describe('pod-bearing kinds beyond the built-in list', () => {
  const hubSecret: KubeObject = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'gitlab-pull', namespace: 'shop' },
    type: 'kubernetes.io/dockerconfigjson',
    stringData: {
      '.dockerconfigjson': JSON.stringify({
        auths: { 'https://index.docker.io/v1/': { username: 'gitlab+deploy-token-5', password: 'gldt-abc' } },
      }),
    },
  };
  const template = {
    spec: {
      imagePullSecrets: [{ name: 'gitlab-pull' }],
      containers: [{ name: 'api', image: 'registry.gitlab.com/acme/api:1' }],
    },
  };
  const verdict = (objects: KubeObject[], options = {}): string[] =>
    checkManifests(objects, options).map((d) => `${d.severity} ${d.code} ${d.object.kind} ${d.field}`);

  test.each([
    ['argoproj.io/v1alpha1', 'Rollout', { spec: { template } }, 'spec.template.spec'],
    ['apps.openshift.io/v1', 'DeploymentConfig', { spec: { template } }, 'spec.template.spec'],
    ['kubeflow.org/v1', 'Notebook', { spec: { template } }, 'spec.template.spec'],
    [
      'example.io/v1',
      'ScheduledTask',
      { spec: { jobTemplate: { spec: { template } } } },
      'spec.jobTemplate.spec.template.spec',
    ],
  ])('a %s %s with a wrongly keyed secret is checked by shape', (apiVersion, kind, body, path) => {
    const o = { apiVersion, kind, metadata: { name: 'api', namespace: 'shop' }, ...body } as KubeObject;
    expect(verdict([o, hubSecret])).toEqual([
      `error NO_MATCHING_CREDENTIALS ${kind} ${path}.containers[0].image`,
      'error CREDENTIALS_FOR_ANOTHER_REGISTRY Secret data[.dockerconfigjson]',
    ]);
  });

  const ray = (name: string): KubeObject => ({
    apiVersion: 'ray.io/v1',
    kind: 'RayCluster',
    metadata: { name, namespace: 'shop' },
    spec: {
      headGroupSpec: { template },
      workerGroupSpecs: [
        { groupName: 'a', template },
        { groupName: 'b', template },
      ],
    },
  });

  test('an unknown kind that holds containers is reported once for the kind, with the paths to name', () => {
    const found = checkManifests([ray('one'), ray('two'), hubSecret]);
    const info = found.filter((d) => d.code === DiagnosticCode.POD_SPEC_NOT_CHECKED);
    expect(info).toHaveLength(1);
    expect([info[0].severity, info[0].object.name, info[0].field]).toEqual([
      'info',
      'one',
      'spec.headGroupSpec.template.spec.containers',
    ]);
    expect(info[0].message).toContain('(and 1 more RayCluster object)');
    expect(info[0].fix).toBe(
      'If "spec.headGroupSpec.template.spec", "spec.workerGroupSpecs[].template.spec" are pod specs, name them: regcred check --pod-spec-path RayCluster=spec.headGroupSpec.template.spec --pod-spec-path RayCluster=spec.workerGroupSpecs[].template.spec, or podSpecPaths: { RayCluster: [\'spec.headGroupSpec.template.spec\', \'spec.workerGroupSpecs[].template.spec\'] } in code.',
    );
  });

  test('podSpecPaths names them: every pod spec of every item is checked, with its own field', () => {
    const podSpecPaths = { RayCluster: ['spec.headGroupSpec.template.spec', 'spec.workerGroupSpecs[].template.spec'] };
    expect(verdict([ray('one'), hubSecret], { podSpecPaths })).toEqual([
      'error NO_MATCHING_CREDENTIALS RayCluster spec.headGroupSpec.template.spec.containers[0].image',
      'error NO_MATCHING_CREDENTIALS RayCluster spec.workerGroupSpecs.0.template.spec.containers[0].image',
      'error NO_MATCHING_CREDENTIALS RayCluster spec.workerGroupSpecs.1.template.spec.containers[0].image',
      'error CREDENTIALS_FOR_ANOTHER_REGISTRY Secret data[.dockerconfigjson]',
    ]);
  });

  test.each([
    ['not a map', 'RayCluster', "'podSpecPaths' must map kinds to lists of pod spec paths, got a string."],
    [
      'an empty list',
      { RayCluster: [] },
      '\'podSpecPaths.RayCluster\' must be a non-empty list of paths such as "spec.template.spec", got an empty list.',
    ],
    [
      'a path with a slash',
      { RayCluster: ['spec/template'] },
      "'podSpecPaths.RayCluster[0]' must be a dot path to a pod spec",
    ],
    ['a number', { RayCluster: [3] }, 'got a number.'],
  ])('podSpecPaths that is %s is refused naming the field', (_what, podSpecPaths, message) => {
    expect(() => checkManifests([], { podSpecPaths } as never)).toThrow(message);
  });

  test('the items of a List are checked, each reported at the List', () => {
    const list: KubeObject = {
      apiVersion: 'v1',
      kind: 'List',
      items: [
        hubSecret,
        { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'shop' }, spec: template.spec },
      ],
    };
    expect(checkManifests([list]).map((d) => `${d.code} ${d.object.kind} ${d.objectIndex}`)).toEqual([
      'NO_MATCHING_CREDENTIALS Pod 0',
      'CREDENTIALS_FOR_ANOTHER_REGISTRY Secret 0',
    ]);
  });
});

test('an object of an unknown kind that refers to itself from JavaScript ends', () => {
  const spec: Record<string, unknown> = { kind: 'Loop', apiVersion: 'example.io/v1', metadata: { name: 'x' } };
  for (let i = 0; i < 12; i++) spec[`k${i}`] = spec;
  expect(checkManifests([spec as KubeObject])).toEqual([]);
});

test('DUPLICATE_OBJECT is an error for pull Secrets, a warning for ServiceAccounts, info for other kinds', () => {
  const sa = (secret: string): KubeObject => ({
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: 'default', namespace: 'n' },
    imagePullSecrets: [{ name: secret }],
  });
  const cm = (v: string): KubeObject => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'c', namespace: 'n' },
    data: { v },
  });
  const found = checkManifests([...load('DUPLICATE_OBJECT.bad.yaml'), sa('a'), sa('b'), cm('1'), cm('2')])
    .filter((d) => d.code === DiagnosticCode.DUPLICATE_OBJECT)
    .map((d) => `${d.severity} ${d.object.kind}`);
  expect(found).toEqual([
    'error Secret',
    'error Secret',
    'warning ServiceAccount',
    'warning ServiceAccount',
    'info ConfigMap',
    'info ConfigMap',
  ]);
});
