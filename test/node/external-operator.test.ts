/**
 * The External Secrets Operator itself (its controller, v0.16.2, built by scripts/engine.sh and run
 * out of cluster with the engine's kubeconfig): an ExternalSecret that cdk8s synth writes with
 * `ExternalCredentials.fromStore`, against a real store the operator reads here (its `kubernetes`
 * provider, reading a Secret in another namespace), becomes the Secret regcred would have written,
 * the node's kubelet pulls a private image with it, and a token changed in the store reaches a new
 * pod within `refreshInterval`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ApiObject, Testing } from 'cdk8s';
import { ExternalCredentials, RegistryCredentials, pullSecretManifest } from 'regcred';
import { ExternalRegistrySecret } from 'regcred/cdk8s';
import type { Registry, RegistryUser } from '../e2e/harness';
import {
  create,
  freshNamespace,
  getWhen,
  kubectlAsync,
  nodeDeployment,
  pod,
  pullOutcomes,
  registryWithImage,
} from './node';

jest.setTimeout(300_000);

const admin = { username: 'ci-admin', password: 'admin-Secret-8', scopes: ['read_registry', 'write_registry'] };
const first: RegistryUser = {
  username: 'gitlab+deploy-token-95',
  password: 'gldt-storeToken95',
  scopes: ['read_registry'],
};
const second: RegistryUser = {
  username: 'gitlab+deploy-token-96',
  password: 'gldt-storeToken96',
  scopes: ['read_registry'],
};
const REFRESH_S = 5;
let registry: Registry;
let image: string;

beforeAll(async () => {
  ({ registry, image } = await registryWithImage(admin, [first]));
});

afterAll(async () => {
  await registry?.stop();
});

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

/** The store: a Secret in `ns` with the deploy token's username and token. */
function storeSecret(ns: string, user: RegistryUser): object {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'gitlab-deploy-token', namespace: ns },
    data: { username: b64(user.username), token: b64(user.password) },
  };
}

type SecretJson = {
  type: string;
  data: Record<string, string>;
  metadata: { ownerReferences?: Array<{ kind: string }> };
};

const payloadOf = (ns: string, user: RegistryUser): Record<string, string> =>
  pullSecretManifest({
    name: 'gitlab-pull',
    namespace: ns,
    credentials: [
      RegistryCredentials.gitlab({ registry: registry.host, username: user.username, token: user.password }),
    ],
  }).data;

test("fromStore against the operator's kubernetes provider: the operator makes regcred's Secret, the kubelet pulls, a new token reaches a new pod", async () => {
  const [app, vault] = [await freshNamespace('eso-app'), await freshNamespace('eso-store')];
  const state = process.env.REGCRED_ENGINE_STATE!;
  const kubeconfig = (await kubectlAsync(['config', 'view', '--raw', '-o', 'json'])).trim();
  const { clusters, users } = JSON.parse(kubeconfig) as {
    clusters: Array<{ cluster: { server: string } }>;
    users: Array<{ user: { token: string } }>;
  };
  // A SecretStore of the kubernetes provider reading the store namespace with the engine's token.
  await create([
    storeSecret(vault, first),
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'store-reader', namespace: app },
      data: { token: b64(users[0].user.token) },
    },
    {
      apiVersion: 'external-secrets.io/v1',
      kind: 'SecretStore',
      metadata: { name: 'cluster-secrets', namespace: app },
      spec: {
        provider: {
          kubernetes: {
            remoteNamespace: vault,
            server: {
              url: clusters[0].cluster.server,
              caBundle: fs.readFileSync(path.join(state, 'pki', 'apiserver.crt')).toString('base64'),
            },
            auth: { token: { bearerToken: { name: 'store-reader', key: 'token' } } },
          },
        },
      },
    },
  ]);

  const chart = Testing.chart();
  new ExternalRegistrySecret(chart, 'GitlabPull', {
    name: 'gitlab-pull',
    namespace: app,
    credentials: ExternalCredentials.fromStore({
      registry: registry.host,
      store: { name: 'cluster-secrets' },
      key: 'gitlab-deploy-token',
      passwordProperty: 'token',
      refreshInterval: `${REFRESH_S}s`,
    }),
  });
  new ApiObject(chart, 'Api', nodeDeployment('api', app, image, 2) as never);
  const objects = Testing.synth(chart) as Array<{ kind: string }>;
  expect(objects.map((o) => o.kind)).toEqual(['ExternalSecret', 'Deployment']);
  await kubectlAsync(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }));

  const made = await getWhen<SecretJson>(['secret', 'gitlab-pull', '-n', app], () => true);
  expect([made.type, made.data]).toEqual(['kubernetes.io/dockerconfigjson', payloadOf(app, first)]);
  expect(made.metadata.ownerReferences?.map((r) => r.kind)).toEqual(['ExternalSecret']);
  expect([...(await pullOutcomes(app)).values()].map((o) => o.state)).toEqual(['pulled', 'pulled']);

  // A new token in the store: the operator writes it within refreshInterval (and some slack); a new
  // pod pulls with it once the old token is revoked.
  registry.admit(second);
  const changed = Date.now();
  await kubectlAsync(['apply', '-f', '-'], JSON.stringify(storeSecret(vault, second)));
  const expected = payloadOf(app, second)['.dockerconfigjson'];
  await getWhen<SecretJson>(
    ['secret', 'gitlab-pull', '-n', app],
    (s) => s.data['.dockerconfigjson'] === expected,
    (REFRESH_S + 30) * 1000,
  );
  const seconds = (Date.now() - changed) / 1000;
  console.log(`the store's new token reached the Secret in ${seconds.toFixed(1)} s (refreshInterval ${REFRESH_S} s)`);
  registry.revoke(first.username);
  await create([pod('after', app, image, ['gitlab-pull'])]);
  const after = await pullOutcomes(app);
  expect(after.get('after')?.state).toBe('pulled');
});
