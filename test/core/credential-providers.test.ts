/** CREDENTIAL_PROVIDER_AVAILABLE: which registries a kubelet credential provider serves, and when a short-lived token makes it a warning. */
import { DiagnosticCode, Severity, checkManifests, type KubeObject } from '../../src/core/internal';
import { credentialProviderOf } from '../../src/core/registries/credential-providers';

function secret(key: string, username: string, annotations?: Record<string, string>): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'pull', namespace: 'n', ...(annotations ? { annotations } : {}) },
    type: 'kubernetes.io/dockerconfigjson',
    stringData: { '.dockerconfigjson': JSON.stringify({ auths: { [key]: { username, password: 'p4ss-w0rd' } } }) },
  };
}

/** Each CREDENTIAL_PROVIDER_AVAILABLE finding as its severity and the provider it names. */
function findings(o: KubeObject): string[] {
  return checkManifests([o], { now: new Date('2026-12-01T00:00:00Z') })
    .filter((d) => d.code === DiagnosticCode.CREDENTIAL_PROVIDER_AVAILABLE)
    .map((d) => `${d.severity} ${/credential provider "([^"]+)"/.exec(d.message)?.[1]}`);
}

test.each([
  ['123456789012.dkr.ecr.us-east-1.amazonaws.com', 'ecr-credential-provider'],
  ['https://123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn', 'ecr-credential-provider'],
  ['123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com', 'ecr-credential-provider'],
  ['123456789012.dkr.ecr.us-iso-east-1.c2s.ic.gov', 'ecr-credential-provider'],
  ['europe-west4-docker.pkg.dev', 'auth-provider-gcp'],
  ['gcr.io', 'auth-provider-gcp'],
  ['eu.gcr.io/project', 'auth-provider-gcp'],
  ['contoso.azurecr.io', 'acr-credential-provider'],
  ['contoso.azurecr.cn', 'acr-credential-provider'],
  ['CONTOSO.AZURECR.US', 'acr-credential-provider'],
])('%s is served by %s', (key, plugin) => {
  expect(credentialProviderOf(key)?.provider.plugin).toBe(plugin);
});

test.each([
  'public.ecr.aws',
  'dkr.ecr.example.com',
  '123456789012.dkr.ecr.us-east-1.amazonaws.com.evil.example',
  'pkg.dev',
  'docker.pkg.dev.example.com',
  'notgcr.io',
  'azurecr.io',
  'registry.gitlab.com',
  'contoso.azurecr.io:5000',
])('%s is not', (key) => {
  expect(credentialProviderOf(key)).toBeUndefined();
});

test('ECR tokens always lapse: a warning without a recorded expiry, info with one', () => {
  const key = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';
  expect(findings(secret(key, 'AWS'))).toEqual(['warning ecr-credential-provider']);
  expect(findings(secret(key, 'AWS', { 'regcred.io/expires-at': '2026-12-01T11:00:00Z' }))).toEqual([
    'info ecr-credential-provider',
  ]);
});

test('GAR: an OAuth access token lapses within the hour, a JSON key does not', () => {
  expect(findings(secret('us-docker.pkg.dev', 'oauth2accesstoken'))).toEqual(['warning auth-provider-gcp']);
  expect(findings(secret('us-docker.pkg.dev', '_json_key'))).toEqual(['info auth-provider-gcp']);
});

test("ACR: az acr login's access-token user lapses in three hours, a repository-scoped token does not", () => {
  const d = checkManifests([secret('contoso.azurecr.io', '00000000-0000-0000-0000-000000000000')]).find(
    (x) => x.code === DiagnosticCode.CREDENTIAL_PROVIDER_AVAILABLE,
  );
  expect(d?.severity).toBe(Severity.WARNING);
  expect(d?.message).toContain('live 3 hours');
  expect(d?.message).toContain('KEP-4412');
  expect(d?.fix).toContain('matchImages "*.azurecr.io"');
  expect(findings(secret('contoso.azurecr.io', 'pull-token'))).toEqual(['info acr-credential-provider']);
  // A user name that is an Object.prototype member is a user name like any other.
  expect(findings(secret('contoso.azurecr.io', '__proto__'))).toEqual(['info acr-credential-provider']);
  expect(findings(secret('contoso.azurecr.io', 'constructor'))).toEqual(['info acr-credential-provider']);
});

test('no password reaches the finding', () => {
  const d = checkManifests([secret('gcr.io', 'oauth2accesstoken')]);
  expect(JSON.stringify(d)).not.toContain('p4ss-w0rd');
});
