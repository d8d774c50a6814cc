/** ExternalRegistrySecret under mocks: credentials as data (other languages) or as ExternalCredentials (TypeScript). */
import { createdOfType, inputErrorsOf, registered, setupMocks, unwrap, valueOf } from './mocks';

const created = setupMocks();

// Loaded after the mocks are set.
import { ExternalCredentials, ExternalCredentialsSource, SecretStoreKind } from 'regcred';
import { ExternalRegistrySecret } from 'regcred/pulumi';

beforeEach(() => created.splice(0));

const STORE = {
  source: ExternalCredentialsSource.STORE,
  registry: 'registry.gitlab.com',
  store: { name: 'vault', kind: SecretStoreKind.CLUSTER_SECRET_STORE },
  key: 'gitlab/deploy-token',
  username: 'gitlab+deploy-token-9',
  passwordProperty: 'token',
};

test('credentials as data make the same ExternalSecret as the ExternalCredentials factory', async () => {
  const fromArgs = new ExternalRegistrySecret('args', { credentials: STORE, secretName: 'pull', namespaces: ['shop'] });
  await registered(...fromArgs.objects);
  const { source: _source, ...props } = STORE;
  const fromFactory = new ExternalRegistrySecret('factory', {
    credentials: ExternalCredentials.fromStore(props),
    secretName: 'pull',
    namespaces: ['shop'],
  });
  await registered(...fromFactory.objects);
  const specs = created.filter((r) => r.type.endsWith('ExternalSecret')).map((r) => unwrap(r.inputs));
  expect(specs).toHaveLength(2);
  expect(specs[0]).toEqual(specs[1]);
  expect(specs[0].metadata).toMatchObject({ name: 'pull', namespace: 'shop' });
  expect(await valueOf(fromArgs.imagePullSecrets)).toEqual([{ name: 'pull' }]);
});

test('a generator from data: the GitLab deploy token generator and its ExternalSecret', async () => {
  const c = new ExternalRegistrySecret('gitlab', {
    namespaces: ['shop'],
    credentials: {
      source: ExternalCredentialsSource.GITLAB_DEPLOY_TOKEN,
      spec: {
        projectID: 'acme/shop',
        name: 'cluster-pull',
        scopes: ['read_registry'],
        auth: { token: { secretRef: { name: 'gitlab-api-token', key: 'token' } } },
      },
    },
  });
  await registered(...c.objects);
  const generator = await createdOfType('kubernetes:generators.external-secrets.io/v1alpha1:GitlabDeployToken');
  expect(unwrap(generator.inputs).spec.projectID).toBe('acme/shop');
});

test('bad credentials data throw one InputPropertiesError naming each property, before anything is registered', () => {
  const errors = inputErrorsOf(
    () =>
      new ExternalRegistrySecret('bad', {
        secretName: 'Bad_Name',
        credentials: {
          source: ExternalCredentialsSource.GITLAB_DEPLOY_TOKEN,
          spec: { projectID: 'acme/shop', name: 'p', scopes: ['read_repository'], auth: {} },
        },
      }),
  );
  expect(errors.map(([p]) => p)).toEqual([
    'credentials.spec.scopes',
    'credentials.spec.auth.token.secretRef.name',
    'credentials.spec.auth.token.secretRef.key',
    'secretName',
  ]);
  expect(created.filter((r) => r.type.startsWith('kubernetes:'))).toEqual([]);
});

test.each<[string, unknown, string, string]>([
  [
    'no source',
    { registry: 'ghcr.io' },
    'credentials.source',
    "'source' must be one of store, elasticContainerRegistry",
  ],
  ['an unknown source', { source: 'vault' }, 'credentials.source', 'got "vault"'],
  [
    'a store field on a generator',
    { source: 'github', key: 'k', spec: {} },
    'credentials.key',
    'not a field of source "github"',
  ],
  ['no object at all', 'vault', 'credentials', "'credentials' must be an object"],
])('refuses %s, naming the property', (_what, credentials, path, reason) => {
  const errors = inputErrorsOf(() => new ExternalRegistrySecret('x', { credentials: credentials as never }));
  expect(errors[0][0]).toBe(path);
  expect(errors[0][1]).toContain(reason);
});

test('a bad Secret name and namespace are named by the component property', () => {
  const errors = inputErrorsOf(
    () => new ExternalRegistrySecret('x', { credentials: STORE, secretName: 'Bad_Name', namespaces: ['ok', ''] }),
  );
  expect(errors.map(([p]) => p)).toEqual(['secretName', 'namespaces[1]']);
});
