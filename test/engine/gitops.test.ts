/**
 * GitOps-safe output for real: the operators' CRDs (sealed-secrets v0.27.1,
 * external-secrets v1.3.2) on the engine's API server; what cdk8s synth,
 * Pulumi (render mode and `up`) and `regcred secret --seal` emit with sealed
 * or external output holds no token and no `auth`, is accepted by the API
 * server (`kubectl apply --dry-run=server`), passes `regcred check`, and the
 * SealedSecrets unseal (by the controller's own code) to regcred's Secrets.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { ApiObject, Testing } from 'cdk8s';
import { loadAll } from 'js-yaml';
import { ExternalCredentials, RegistryCredentials, SealingScope, SecretStoreKind, pullSecretManifest } from 'regcred';
import { ExternalRegistrySecret, GitlabRegistrySecret } from 'regcred/cdk8s';
import {
  ExternalRegistrySecret as PulumiExternalRegistrySecret,
  GitlabRegistrySecret as PulumiGitlabRegistrySecret,
} from 'regcred/pulumi';
import { cli } from '../cli/run-cli';
import { runOperators } from '../operators/operators';
import { sealingKeys } from '../sealing-keys';
import { inlineStack, kubectl, namespace, secretForms, stateText, up } from './engine';

jest.setTimeout(300_000);

const USER = 'gitlab+deploy-token-88';
const TOKEN = 'gldt-gitopsToken88';
const IMAGE = 'registry.gitlab.com/acme/shop/api:1.4.2';
const keys = sealingKeys();
const accepted: string[] = [];

beforeAll(() => {
  const crds = process.env.REGCRED_OPERATOR_CRDS;
  if (!crds) throw new Error('REGCRED_OPERATOR_CRDS not set: start the engine with scripts/engine.sh');
  kubectl(['apply', '--server-side', '-f', crds]);
  kubectl(['wait', '--for=condition=Established', '--timeout=60s', '-f', crds]);
});

afterAll(() =>
  console.log(`API server (dry run) accepted ${accepted.length} emitted objects: ${[...new Set(accepted)].join(', ')}`),
);

type Obj = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } };

/** Every object accepted by the API server's own validation (CRD schemas included), without storing it. */
function dryRunServer(objects: readonly Obj[]): void {
  for (const o of objects) {
    kubectl(['apply', '--dry-run=server', '-f', '-'], JSON.stringify(o));
    accepted.push(o.kind);
  }
}

function expectNoToken(text: string): void {
  for (const s of secretForms(USER, TOKEN)) expect(text).not.toContain(s);
}

function deploymentObject(ns: string): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'api', namespace: ns, annotations: { 'pulumi.com/skipAwait': 'true' } },
    spec: {
      selector: { matchLabels: { app: 'api' } },
      template: { metadata: { labels: { app: 'api' } }, spec: { containers: [{ name: 'api', image: IMAGE }] } },
    },
  };
}

test('cdk8s synth with seal: SealedSecrets in each namespace, no token, the same bytes twice, unsealed to the Secrets, accepted', async () => {
  const [shop, jobs] = [namespace('gitops-shop'), namespace('gitops-jobs')];
  const synth = (): Obj[] => {
    const chart = Testing.chart();
    new GitlabRegistrySecret(chart, 'GitlabPull', {
      name: 'gitlab-pull',
      namespace: shop,
      username: USER,
      token: TOKEN,
      seal: { certificate: keys.certificate },
    });
    new ApiObject(chart, 'Shop', deploymentObject(shop) as never);
    new ApiObject(chart, 'Jobs', deploymentObject(jobs) as never);
    return Testing.synth(chart) as Obj[];
  };
  const objects = synth();
  const text = JSON.stringify(objects);
  expectNoToken(text);
  expect(JSON.stringify(synth())).toBe(text);
  const sealed = objects.filter((o) => o.kind === 'SealedSecret');
  expect(sealed.map((o) => o.metadata.namespace).sort()).toEqual([shop, jobs].sort());
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regcred-gitops-'));
  fs.writeFileSync(path.join(dir, 'chart.json'), JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }));
  expect((await cli(['check', dir])).stdout).toContain('0 errors, 0 warnings');

  const { unsealed } = runOperators({
    unseal: sealed.map((s) => ({ id: s.metadata.namespace!, sealedSecret: s, privateKey: keys.privateKey })),
  });
  for (const r of unsealed) {
    const want = pullSecretManifest({
      name: 'gitlab-pull',
      namespace: r.id,
      credentials: [RegistryCredentials.gitlab({ username: USER, token: TOKEN })],
    });
    expect(r.error).toBeUndefined();
    expect(r.secret!.data!['.dockerconfigjson'].toString('base64')).toBe(want.data['.dockerconfigjson']);
  }
  dryRunServer(objects);
});

test('cdk8s synth with external output: ExternalSecrets, a ClusterExternalSecret and generators, accepted', () => {
  const shop = namespace('gitops-ext');
  const chart = Testing.chart();
  new ExternalRegistrySecret(chart, 'GitlabPull', {
    name: 'gitlab-pull',
    namespace: shop,
    credentials: ExternalCredentials.fromStore({
      registry: 'registry.gitlab.com',
      store: { name: 'vault', kind: SecretStoreKind.CLUSTER_SECRET_STORE },
      key: 'gitlab/deploy-token',
      username: USER,
      passwordProperty: 'token',
    }),
  });
  const generators = [
    ExternalCredentials.elasticContainerRegistry({
      spec: { region: 'eu-west-1' },
      registry: '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
    }),
    ExternalCredentials.googleArtifactRegistry({
      registry: 'europe-docker.pkg.dev',
      spec: {
        projectID: 'acme',
        auth: {
          workloadIdentity: {
            clusterLocation: 'europe-west1',
            clusterName: 'c',
            serviceAccountRef: { name: 'puller' },
          },
        },
      },
    }),
    ExternalCredentials.azureContainerRegistry({
      spec: { registry: 'acme.azurecr.io', auth: { workloadIdentity: { serviceAccountRef: { name: 'puller' } } } },
    }),
    ExternalCredentials.github({
      spec: { appID: '1', installID: '2', auth: { privateKey: { secretRef: { name: 'gh-app', key: 'key' } } } },
    }),
    ExternalCredentials.quay({ spec: { robotAccount: 'acme+puller', serviceAccountRef: { name: 'quay' } } }),
  ];
  generators.forEach((credentials, i) => {
    new ExternalRegistrySecret(chart, `Generated${i}`, { name: `generated-${i}`, namespace: shop, credentials });
  });
  new ExternalRegistrySecret(chart, 'Everywhere', {
    name: 'ecr-pull',
    credentials: generators[0],
    namespaceSelector: { 'regcred.io/pulls-from': 'ecr' },
  });
  new ApiObject(chart, 'Shop', deploymentObject(shop) as never);
  const objects = Testing.synth(chart) as Obj[];
  expect(objects.map((o) => o.kind).sort()).toEqual(
    [
      'ACRAccessToken',
      'ClusterExternalSecret',
      'ClusterGenerator',
      'Deployment',
      'ECRAuthorizationToken',
      'ExternalSecret',
      'ExternalSecret',
      'ExternalSecret',
      'ExternalSecret',
      'ExternalSecret',
      'ExternalSecret',
      'GCRAccessToken',
      'GithubAccessToken',
      'QuayAccessToken',
    ].sort(),
  );
  dryRunServer(objects);
});

test('Pulumi with seal and external output: render mode writes no token; up creates the objects, and no token reaches the state', async () => {
  const ns = namespace('gitops-pulumi');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regcred-gitops-render-'));
  const program = (render: boolean) => () => {
    let provider: k8s.Provider | undefined;
    if (render) {
      const kubeconfig = process.env.KUBECONFIG;
      delete process.env.KUBECONFIG;
      provider = new k8s.Provider('render', { renderYamlToDirectory: dir });
      process.env.KUBECONFIG = kubeconfig;
    }
    const opts = provider ? { providers: { kubernetes: provider } } : {};
    const sealed = new PulumiGitlabRegistrySecret(
      'gitlab-pull',
      {
        username: USER,
        token: pulumi.secret(TOKEN),
        namespaces: [ns],
        seal: { certificate: keys.certificate, scope: SealingScope.STRICT },
      },
      opts,
    );
    const external = new PulumiExternalRegistrySecret(
      'gh-pull',
      {
        namespaces: [ns],
        credentials: ExternalCredentials.github({
          spec: { appID: '1', installID: '2', auth: { privateKey: { secretRef: { name: 'gh-app', key: 'key' } } } },
        }),
      },
      opts,
    );
    new k8s.apps.v1.Deployment(
      'api',
      {
        metadata: { namespace: ns, name: 'api', annotations: { 'pulumi.com/skipAwait': 'true' } },
        spec: {
          selector: { matchLabels: { app: 'api' } },
          template: {
            metadata: { labels: { app: 'api' } },
            spec: {
              containers: [
                { name: 'api', image: IMAGE },
                { name: 'sidecar', image: 'ghcr.io/acme/sidecar:1' },
              ],
            },
          },
        },
      },
      { ...(provider ? { provider } : {}), transforms: [sealed.transform, external.transform] },
    );
  };
  const render = await inlineStack(`gitops-render-${ns}`, program(true));
  try {
    await up(render);
    const files = fs
      .readdirSync(path.join(dir, '1-manifest'))
      .map((f) => fs.readFileSync(path.join(dir, '1-manifest', f), 'utf8'));
    expectNoToken(files.join('\n'));
    const objects = files.flatMap((t) => loadAll(t) as Obj[]);
    expect(objects.map((o) => o.kind).sort()).toEqual([
      'Deployment',
      'ExternalSecret',
      'GithubAccessToken',
      'SealedSecret',
    ]);
    const check = await cli(['check', path.join(dir, '1-manifest')]);
    expect(check.stdout).toContain('0 errors, 0 warnings');
    dryRunServer(objects);
  } finally {
    await render.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }

  const live = await inlineStack(`gitops-up-${ns}`, program(false));
  try {
    await up(live);
    const names = kubectl([
      'get',
      'sealedsecrets,externalsecrets,githubaccesstokens,deployments',
      '-n',
      ns,
      '-o',
      'name',
    ])
      .trim()
      .split('\n')
      .sort();
    expect(names.map((n) => n.split('/')[0])).toEqual([
      'deployment.apps',
      'externalsecret.external-secrets.io',
      'githubaccesstoken.generators.external-secrets.io',
      'sealedsecret.bitnami.com',
    ]);
    const deployment = JSON.parse(kubectl(['get', 'deployment', 'api', '-n', ns, '-o', 'json'])) as {
      spec: { template: { spec: { imagePullSecrets: Array<{ name: string }> } } };
    };
    const sealedName = kubectl(['get', 'sealedsecrets', '-n', ns, '-o', 'jsonpath={.items[0].metadata.name}']);
    expect(deployment.spec.template.spec.imagePullSecrets).toEqual([{ name: sealedName }, { name: 'gh-pull' }]);
    expectNoToken(stateText());
  } finally {
    await live.destroy();
  }
});
