import { inspect } from 'node:util';
import { ExternalCredentials, externalPullSecretManifests } from 'regcred';
import { errorOf } from '../error-of';

const store = (registry = 'registry.gitlab.com', extra: object = {}): ExternalCredentials =>
  ExternalCredentials.fromStore({ registry, store: { name: 'vault' }, key: 'gitlab/deploy-token', ...extra });

describe('ExternalCredentials', () => {
  test.each([
    ['fromStore', store(), ['registry.gitlab.com'], '1h'],
    [
      'elasticContainerRegistry',
      ExternalCredentials.elasticContainerRegistry({ spec: { region: 'eu-west-1' } }),
      ['*.dkr.ecr.eu-west-1.amazonaws.com'],
      '4h',
    ],
    [
      'googleArtifactRegistry',
      ExternalCredentials.googleArtifactRegistry({ registry: 'gcr.io', spec: { projectID: 'p' } }),
      ['gcr.io'],
      '20m',
    ],
    [
      'azureContainerRegistry',
      ExternalCredentials.azureContainerRegistry({ spec: { registry: 'acme.azurecr.io' } }),
      ['acme.azurecr.io'],
      '1h',
    ],
    ['github', ExternalCredentials.github({ spec: { appID: '1', installID: '2' } }), ['ghcr.io'], '20m'],
    ['quay', ExternalCredentials.quay({ spec: { robotAccount: 'acme+r' } }), ['quay.io'], '20m'],
  ])('%s: registry keys and a refresh interval of a third of the token life', (_k, c, registries, refresh) => {
    expect([c.registries, c.refreshInterval]).toEqual([registries, refresh]);
  });

  test('fails when a registry key holds a comma, or an ECR region is not a region (it becomes the key)', () => {
    expect(errorOf(() => store('a.example.com,b.example.com')).message).toContain(
      'contains ","; no image reference has one',
    );
    const e = errorOf(() =>
      ExternalCredentials.elasticContainerRegistry({ spec: { region: 'eu-west-1,reg.example.com' } }),
    );
    expect([e.field, e.message]).toEqual([
      'spec.region',
      `'spec.region' "eu-west-1,reg.example.com" is not an AWS region such as "eu-west-1"; the registry key "*.dkr.ecr.<region>.amazonaws.com" made from it would match no image.`,
    ]);
    for (const region of ['us-gov-west-1', 'cn-north-1', 'ap-southeast-3', 'il-central-1'])
      expect(ExternalCredentials.elasticContainerRegistry({ spec: { region } }).registries).toEqual([
        `*.dkr.ecr.${region}.amazonaws.com`,
      ]);
  });

  test('fails when a registry key holds template braces, naming the field', () => {
    expect(errorOf(() => store('reg.io/{{x}}')).message).toBe(
      `'registry' "reg.io/{{x}}" holds "{{" or "}}"; no registry key does. Give the registry host.`,
    );
  });

  test('fails on a constant username with a lone surrogate, a bad refresh interval, a store kind that does not exist', () => {
    expect(errorOf(() => store('ghcr.io', { username: 'u\ud800' })).field).toBe('username');
    expect(errorOf(() => store('ghcr.io', { refreshInterval: 'soon' })).message).toContain(
      `'refreshInterval' "soon" is not a Go duration`,
    );
    expect(
      errorOf(() =>
        ExternalCredentials.fromStore({ registry: 'ghcr.io', store: { name: 's', kind: 'Vault' as never }, key: 'k' }),
      ).field,
    ).toBe('store.kind');
    expect(errorOf(() => ExternalCredentials.elasticContainerRegistry({ spec: {} })).field).toBe('spec.region');
  });

  test.each([
    ['fromStore', store(), ['gitlab/deploy-token', 'vault']],
    [
      'elasticContainerRegistry',
      ExternalCredentials.elasticContainerRegistry({
        spec: {
          region: 'eu-west-1',
          auth: { secretRef: { accessKeyIDSecretRef: { name: 'aws-creds', key: 'id' } } },
        },
      }),
      ['aws-creds'],
    ],
    [
      'github',
      ExternalCredentials.github({
        spec: {
          appID: '1',
          installID: '2',
          auth: { privateKey: { secretRef: { name: 'gh-app', key: 'pem' } } },
        },
      }),
      ['gh-app', 'installID'],
    ],
  ])('util.inspect and String of %s show what toJSON shows, not the store key or generator spec', (_k, c, hidden) => {
    for (const shown of [inspect(c, { depth: 10, showHidden: true }), String(c)]) {
      expect(shown).toMatch(/^ExternalCredentials\(/);
      for (const part of hidden) expect(shown).not.toContain(part);
    }
  });

  test('JSON.stringify shows what the credentials are, not the store path', () => {
    expect(JSON.stringify(store())).toBe(
      '{"registries":["registry.gitlab.com"],"refreshInterval":"1h","source":"store"}',
    );
  });
});

describe('externalPullSecretManifests', () => {
  test('namespaced: the generator object and an ExternalSecret that refers to it, keys in the annotation', () => {
    const [generator, es] = externalPullSecretManifests({
      name: 'ecr-pull',
      namespace: 'shop',
      credentials: ExternalCredentials.elasticContainerRegistry({ spec: { region: 'eu-west-1' } }),
    }) as Array<{ kind: string; metadata: Record<string, unknown>; spec: Record<string, unknown> }>;
    expect([generator.kind, generator.metadata]).toEqual([
      'ECRAuthorizationToken',
      { name: 'ecr-pull-token', namespace: 'shop' },
    ]);
    expect(es.kind).toBe('ExternalSecret');
    expect(es.metadata).toEqual({
      name: 'ecr-pull',
      namespace: 'shop',
      annotations: { 'regcred.io/registries': '*.dkr.ecr.eu-west-1.amazonaws.com' },
    });
    expect(es.spec.dataFrom).toEqual([
      {
        sourceRef: {
          generatorRef: {
            apiVersion: 'generators.external-secrets.io/v1alpha1',
            kind: 'ECRAuthorizationToken',
            name: 'ecr-pull-token',
          },
        },
      },
    ]);
  });

  test('with a namespace selector: a ClusterGenerator and a ClusterExternalSecret', () => {
    const objects = externalPullSecretManifests({
      name: 'ecr-pull',
      namespaceSelector: { team: 'shop' },
      credentials: ExternalCredentials.elasticContainerRegistry({ spec: { region: 'eu-west-1' } }),
    }) as Array<{ kind: string; spec: Record<string, unknown> }>;
    expect(objects.map((o) => o.kind)).toEqual(['ClusterGenerator', 'ClusterExternalSecret']);
    expect(objects[0].spec).toEqual({
      kind: 'ECRAuthorizationToken',
      generator: { ecrAuthorizationTokenSpec: { region: 'eu-west-1' } },
    });
    expect(objects[1].spec.namespaceSelectors).toEqual([{ matchLabels: { team: 'shop' } }]);
  });

  test('fails on a bad Secret name, an empty selector and credentials not made by ExternalCredentials', () => {
    expect(errorOf(() => externalPullSecretManifests({ name: 'Bad_Name', credentials: store() })).field).toBe('name');
    expect(
      errorOf(() => externalPullSecretManifests({ name: 'x', credentials: store(), namespaceSelector: {} })).field,
    ).toBe('namespaceSelector');
    expect(errorOf(() => externalPullSecretManifests({ name: 'x', credentials: {} as never })).field).toBe(
      'credentials',
    );
  });

  test('GIVEN a namespace that is not a DNS-1123 label WHEN the manifests are made THEN it fails at namespace, as the API server would refuse them', () => {
    for (const namespace of ['Shop', 'shop_team', 'a'.repeat(64), '-shop', 'shop.team']) {
      const e = errorOf(() => externalPullSecretManifests({ name: 'x', credentials: store(), namespace }));
      expect([namespace, e.field]).toEqual([namespace, 'namespace']);
      expect(e.message).toContain('DNS-1123 label');
    }
    expect(errorOf(() => externalPullSecretManifests({ name: 'x', credentials: store(), namespace: '' })).field).toBe(
      'namespace',
    );
    expect(externalPullSecretManifests({ name: 'x', credentials: store(), namespace: 'a'.repeat(63) })).toHaveLength(1);
  });
});
