/** ExternalCredentials.gitlabDeployToken: the External Secrets Operator's GitlabDeployToken generator. */
import { ExternalCredentials, checkManifests, externalPullSecretManifests, type KubeObject } from 'regcred';
import { errorOf } from '../error-of';

const AUTH = { token: { secretRef: { name: 'gitlab-api-token', key: 'token' } } };
const SPEC = { projectID: 'acme/shop', name: 'cluster-pull', scopes: ['read_registry'], auth: AUTH };
const gitlab = (spec: Record<string, unknown> = {}, extra: object = {}): ExternalCredentials =>
  ExternalCredentials.gitlabDeployToken({ spec: { ...SPEC, ...spec }, ...extra });
type Obj = { kind: string; metadata: Record<string, unknown>; spec: Record<string, any> };

describe('ExternalCredentials.gitlabDeployToken', () => {
  test('keys the payload on registry.gitlab.com and refreshes daily; the generator gives username and token', () => {
    const c = gitlab();
    expect([c.registries, c.refreshInterval, c.source]).toEqual([['registry.gitlab.com'], '24h', 'gitlabDeployToken']);
    expect(c.dockerConfigJsonTemplate()).toBe(
      '{"auths":{"registry.gitlab.com":{"username":{{ .username | toJson }},"password":{{ .token | toJson }},"auth":{{ printf "%s:%s" .username .token | b64enc | toJson }}}}}',
    );
    expect(gitlab({ url: 'https://gitlab.com/' }).registries).toEqual(['registry.gitlab.com']);
  });

  test('a self-managed GitLab: the registry host (with its port) is the key, never the API url', () => {
    const c = gitlab({ url: 'https://gitlab.example.com' }, { registry: 'gitlab.example.com:5050' });
    expect(c.registries).toEqual(['gitlab.example.com:5050']);
    const e = errorOf(() => gitlab({ url: 'https://gitlab.example.com' }));
    expect([e.field, e.message]).toEqual([
      'registry',
      `'registry' is needed with 'spec.url' "https://gitlab.example.com": give the host of that GitLab's container registry (such as "registry.example.com" or "gitlab.example.com:5050", as in its image names). The API url is not where the kubelet pulls from.`,
    ]);
  });

  test.each<[string, Record<string, unknown>, object, string, string]>([
    ['no read_registry', { scopes: ['read_repository'] }, {}, 'spec.scopes', 'lacks "read_registry"'],
    [
      'an unknown scope',
      { scopes: ['read_registry', 'api'] },
      {},
      'spec.scopes',
      '"api", which is no deploy token scope',
    ],
    ['no scopes', { scopes: [] }, {}, 'spec.scopes', 'must be a list of deploy token scopes'],
    [
      'a virtual registry scope on a group',
      { projectID: undefined, groupID: 'acme', scopes: ['read_registry', 'read_virtual_registry'] },
      {},
      'spec.scopes',
      'only a project deploy token takes',
    ],
    ['both projectID and groupID', { groupID: 'acme' }, {}, 'spec.projectID', 'are both given'],
    ['neither projectID nor groupID', { projectID: undefined }, {}, 'spec.projectID', "'spec.groupID' is needed"],
    ['a numeric projectID', { projectID: 42 }, {}, 'spec.projectID', 'give "42"'],
    ['an empty name', { name: '' }, {}, 'spec.name', 'non-empty string'],
    ['no API token reference', { auth: {} }, {}, 'spec.auth.token.secretRef.name', 'non-empty string'],
    ['an expiresAt that has passed', { expiresAt: '2020-01-01' }, {}, 'spec.expiresAt', 'has passed'],
    ['an expiresAt that is no date', { expiresAt: 'next year' }, {}, 'spec.expiresAt', 'is not a date'],
    ['an API url with credentials', { url: 'https://u:p@gitlab.example.com' }, {}, 'spec.url', 'not a GitLab url'],
    ['a refresh under 10 minutes', {}, { refreshInterval: '5m' }, 'refreshInterval', 'is under 10m'],
  ])('refuses %s, naming the field', (_what, spec, extra, field, message) => {
    const e = errorOf(() => gitlab(spec, extra));
    expect(e.issues.map((i) => i.field)).toContain(field);
    expect(e.issues.find((i) => i.field === field)?.message).toContain(message);
  });

  test('reports every problem at once, and never the API token reference in what it shows', () => {
    const e = errorOf(() => gitlab({ name: '', scopes: ['read_repository'], expiresAt: '2020-01-01' }));
    expect(e.issues.map((i) => i.field)).toEqual(['spec.name', 'spec.scopes', 'spec.expiresAt']);
    expect(String(gitlab())).toBe(
      'ExternalCredentials(gitlabDeployToken registries=registry.gitlab.com refreshInterval=24h)',
    );
    expect(JSON.stringify(gitlab())).not.toContain('gitlab-api-token');
  });
});

describe('its manifests', () => {
  test('the generator with a full RFC 3339 expiresAt, and the ExternalSecret carrying it for regcred check', () => {
    const [generator, es] = externalPullSecretManifests({
      name: 'gitlab-pull',
      namespace: 'shop',
      credentials: gitlab({ expiresAt: '2099-06-01' }),
    }) as Obj[];
    expect([generator.kind, generator.metadata, generator.spec]).toEqual([
      'GitlabDeployToken',
      { name: 'gitlab-pull-token', namespace: 'shop' },
      { ...SPEC, expiresAt: '2099-06-01T00:00:00Z' },
    ]);
    expect(es.spec.refreshInterval).toBe('24h');
    expect(es.spec.target.template.metadata).toEqual({
      annotations: { 'regcred.io/expires-at': '2099-06-01T00:00:00Z' },
    });
    expect(es.spec.dataFrom[0].sourceRef.generatorRef).toEqual({
      apiVersion: 'generators.external-secrets.io/v1alpha1',
      kind: 'GitlabDeployToken',
      name: 'gitlab-pull-token',
    });
  });

  test('across namespaces: a ClusterGenerator holding gitlabDeployTokenSpec', () => {
    const objects = externalPullSecretManifests({
      name: 'gitlab-pull',
      namespaceSelector: { 'pulls-from': 'gitlab' },
      credentials: gitlab(),
    }) as Obj[];
    expect(objects.map((o) => o.kind)).toEqual(['ClusterGenerator', 'ClusterExternalSecret']);
    expect(objects[0].spec).toEqual({ kind: 'GitlabDeployToken', generator: { gitlabDeployTokenSpec: SPEC } });
  });

  test('regcred check reads them like any generator: clean for a pod that lists the Secret, expiry warned and failed', () => {
    const objects = externalPullSecretManifests({
      name: 'gitlab-pull',
      namespace: 'shop',
      credentials: gitlab({ expiresAt: '2099-06-01' }),
    }) as KubeObject[];
    const pod: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'api', namespace: 'shop' },
      spec: {
        imagePullSecrets: [{ name: 'gitlab-pull' }],
        containers: [{ name: 'api', image: 'registry.gitlab.com/acme/shop/api:1' }],
      },
    };
    const codes = (now: string): string[] =>
      checkManifests([...objects, pod], { now: new Date(now) }).map((d) => `${d.code} ${d.object.kind}`);
    expect(codes('2099-01-01T00:00:00Z')).toEqual([]);
    expect(codes('2099-05-20T00:00:00Z')).toEqual(['TOKEN_EXPIRING ExternalSecret']);
    expect(codes('2099-06-02T00:00:00Z')).toEqual(['TOKEN_EXPIRED ExternalSecret']);
  });
});
