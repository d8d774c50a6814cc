/**
 * The Sealed Secrets controller itself (bitnami-labs/sealed-secrets v0.27.1, built by
 * scripts/engine.sh and run out of cluster against the engine's API server, with a key it made on
 * start): a SealedSecret that cdk8s synth writes with `seal`, for the certificate the controller
 * serves (what `kubeseal --fetch-cert` reads), becomes the Secret regcred would have written, and the
 * node's kubelet pulls a private image of the e2e registry (token auth) with it.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ApiObject, Testing } from 'cdk8s';
import { RegistryCredentials, pullSecretManifest } from 'regcred';
import { GitlabRegistrySecret } from 'regcred/cdk8s';
import { cli } from '../cli/run-cli';
import type { Registry, RegistryUser } from '../e2e/harness';
import { freshNamespace, getWhen, kubectlAsync, nodeDeployment, pullOutcomes, registryWithImage } from './node';

jest.setTimeout(300_000);

const admin = { username: 'ci-admin', password: 'admin-Secret-8', scopes: ['read_registry', 'write_registry'] };
const deploy: RegistryUser = {
  username: 'gitlab+deploy-token-91',
  password: 'gldt-sealedControllerToken91',
  scopes: ['read_registry'],
};
let registry: Registry;
let image: string;

beforeAll(async () => {
  ({ registry, image } = await registryWithImage(admin, [deploy]));
});

afterAll(async () => {
  await registry?.stop();
});

function controllerUrl(): string {
  const url = process.env.REGCRED_SEALED_SECRETS_URL;
  if (!url)
    throw new Error(
      'REGCRED_SEALED_SECRETS_URL is not set: run npm run test:system (scripts/engine.sh start runs the controller)',
    );
  return url;
}

test("cdk8s synth with seal, for the controller's certificate: the controller makes regcred's Secret and the kubelet pulls with it", async () => {
  const ns = await freshNamespace('sealed');
  const certificate = await (await fetch(`${controllerUrl()}/v1/cert.pem`)).text();
  expect(certificate).toMatch(/^-----BEGIN CERTIFICATE-----/);

  const chart = Testing.chart();
  new GitlabRegistrySecret(chart, 'GitlabPull', {
    name: 'gitlab-pull',
    namespace: ns,
    registry: registry.host,
    username: deploy.username,
    token: deploy.password,
    seal: { certificate },
  });
  new ApiObject(chart, 'Api', nodeDeployment('api', ns, image, 2) as never);
  const objects = Testing.synth(chart) as Array<{ kind: string }>;
  expect(objects.map((o) => o.kind)).toEqual(['SealedSecret', 'Deployment']);
  expect(JSON.stringify(objects)).not.toContain(deploy.password);
  await kubectlAsync(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }));

  const secret = await getWhen<{
    type: string;
    data: Record<string, string>;
    metadata: { ownerReferences?: Array<{ kind: string; name: string }> };
  }>(['secret', 'gitlab-pull', '-n', ns], () => true);
  const plain = pullSecretManifest({
    name: 'gitlab-pull',
    namespace: ns,
    credentials: [
      RegistryCredentials.gitlab({ registry: registry.host, username: deploy.username, token: deploy.password }),
    ],
  });
  expect([secret.type, secret.data]).toEqual([plain.type, plain.data]);
  expect(secret.metadata.ownerReferences?.map((r) => [r.kind, r.name])).toEqual([['SealedSecret', 'gitlab-pull']]);

  const outcomes = await pullOutcomes(ns);
  expect([...outcomes.values()].map((o) => o.state)).toEqual(['pulled', 'pulled']);

  const dump = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'regcred-sealed-')), 'cluster.yaml');
  fs.writeFileSync(dump, await kubectlAsync(['get', 'sealedsecrets,secrets,deployments,pods', '-n', ns, '-o', 'yaml']));
  const check = await cli(['check', dump]);
  expect(check.stdout.trim().split('\n').pop()).toMatch(/^0 errors, 0 warnings/);
  fs.rmSync(path.dirname(dump), { recursive: true, force: true });
});
