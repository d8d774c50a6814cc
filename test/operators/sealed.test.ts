/**
 * Every kind of SealedSecret regcred emits, unsealed by the Sealed Secrets
 * controller's own code (v1alpha1.SealedSecret.Unseal, v0.27.1): it gives
 * exactly the Secret regcred would otherwise emit, and only under the name
 * and namespace its scope allows.
 */
import {
  PullSecretFormat,
  RegistryCredentials,
  SealingScope,
  pullSecretManifest,
  sealPullSecret,
  type PullSecretManifest,
} from 'regcred';
import { cli } from '../cli/run-cli';
import { sealingKeys } from '../sealing-keys';
import { runOperators, type OperatorResult } from './operators';

const keys = sealingKeys();
const now = new Date();

const SECRETS: Record<string, PullSecretManifest> = {
  gitlab: pullSecretManifest({
    name: 'gitlab-pull',
    namespace: 'shop',
    labels: { 'app.kubernetes.io/part-of': 'shop' },
    credentials: [
      RegistryCredentials.gitlab({
        username: 'gitlab+deploy-token-9',
        token: 'gldt-Sealed9x',
        expiresAt: '2099-01-01',
      }),
    ],
  }),
  'several registries': pullSecretManifest({
    name: 'pull',
    namespace: 'shop',
    credentials: [
      RegistryCredentials.github({ username: 'octo', token: 'ghp_0123456789abcdefABCDEF0123456789abcd' }),
      RegistryCredentials.dockerHub({ username: 'acme', token: 'dckr_pat_0123456789abcdef' }),
      RegistryCredentials.gitlabDependencyProxy({ username: 'gitlab+deploy-token-3', token: 'gldt-proxy3x' }),
    ],
  }),
  'legacy dockercfg': pullSecretManifest({
    name: 'legacy',
    namespace: 'jobs',
    format: PullSecretFormat.DOCKERCFG,
    credentials: [
      RegistryCredentials.basic({
        registry: 'registry.example.com:5000',
        username: 'ci',
        password: 'p"a\\ssw\u00f6rd',
      }),
    ],
  }),
};

function expectSameSecret(r: OperatorResult, secret: PullSecretManifest): void {
  expect(r.error).toBeUndefined();
  const s = r.secret!;
  expect({
    name: s.metadata.name,
    namespace: s.metadata.namespace,
    labels: s.metadata.labels,
    annotations: s.metadata.annotations,
    type: s.type,
    data: Object.fromEntries(Object.entries(s.data ?? {}).map(([k, v]) => [k, v.toString('base64')])),
  }).toEqual({
    name: secret.metadata.name,
    namespace: secret.metadata.namespace,
    labels: secret.metadata.labels,
    annotations: secret.metadata.annotations,
    type: secret.type,
    data: secret.data,
  });
}

const counts = { unsealed: 0, refused: 0 };
afterAll(() =>
  console.log(
    `Sealed Secrets' Unseal: ${counts.unsealed} secrets unsealed as regcred's own, ${counts.refused} refused where the scope forbids`,
  ),
);

test.each(Object.keys(SECRETS))('%s: each scope unseals to the Secret regcred writes', (label) => {
  const secret = SECRETS[label];
  const unseal = Object.values(SealingScope).map((scope) => ({
    id: scope,
    sealedSecret: sealPullSecret(secret, { certificate: keys.certificate, scope }, now),
    privateKey: keys.privateKey,
  }));
  const { unsealed } = runOperators({ unseal });
  for (const r of unsealed) expectSameSecret(r, secret);
  counts.unsealed += unsealed.length;
});

test('regcred secret --seal for each scope: the controller unseals what the CLI prints', async () => {
  const secretArgs = [
    'secret',
    'gitlab',
    '--name',
    'gitlab-pull',
    '--namespace',
    'shop',
    '--username',
    'gitlab+deploy-token-9',
    '--password-env',
    'T',
  ];
  const plain = JSON.parse(
    (await cli([...secretArgs, '--output', 'json'], { env: { T: 'gldt-Sealed9x' } })).stdout,
  ) as PullSecretManifest;
  for (const scope of Object.values(SealingScope)) {
    const printed = await cli([...secretArgs, '--output', 'json', '--seal', keys.certFile, '--scope', scope], {
      env: { T: 'gldt-Sealed9x' },
    });
    expect(printed.code).toBe(0);
    const again = await cli([...secretArgs, '--output', 'json', '--seal', keys.certFile, '--scope', scope], {
      env: { T: 'gldt-Sealed9x' },
    });
    expect(again.stdout).toBe(printed.stdout);
    const [r] = runOperators({
      unseal: [{ id: scope, sealedSecret: JSON.parse(printed.stdout) as object, privateKey: keys.privateKey }],
    }).unsealed;
    expectSameSecret(r, plain);
    counts.unsealed++;
  }
});

test('strict scope fails to unseal under another name or namespace; namespace-wide only under another namespace', () => {
  const secret = SECRETS.gitlab;
  const moved = (scope: SealingScope, change: { name?: string; namespace?: string }): object => {
    const s = sealPullSecret(secret, { certificate: keys.certificate, scope }, now);
    return { ...s, metadata: { ...s.metadata, ...change } };
  };
  const cases = {
    'strict, other namespace': moved(SealingScope.STRICT, { namespace: 'other' }),
    'strict, other name': moved(SealingScope.STRICT, { name: 'other' }),
    'namespace-wide, other namespace': moved(SealingScope.NAMESPACE_WIDE, { namespace: 'other' }),
    'namespace-wide, other name': moved(SealingScope.NAMESPACE_WIDE, { name: 'other' }),
    'cluster-wide, other namespace and name': moved(SealingScope.CLUSTER_WIDE, { name: 'other', namespace: 'other' }),
    'another controller key': sealPullSecret(secret, { certificate: sealingKeys().certificate }),
  };
  const { unsealed } = runOperators({
    unseal: Object.entries(cases).map(([id, sealedSecret]) => ({ id, sealedSecret, privateKey: keys.privateKey })),
  });
  expect(Object.fromEntries(unsealed.map((r) => [r.id, r.error === undefined ? 'unsealed' : 'refused']))).toEqual({
    'strict, other namespace': 'refused',
    'strict, other name': 'refused',
    'namespace-wide, other namespace': 'refused',
    'namespace-wide, other name': 'unsealed',
    'cluster-wide, other namespace and name': 'unsealed',
    'another controller key': 'refused',
  });
  counts.refused += unsealed.filter((r) => r.error !== undefined).length;
  counts.unsealed += unsealed.filter((r) => r.error === undefined).length;
});
