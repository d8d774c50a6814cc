/**
 * The guides' examples that talk to a cluster, run as printed against the engine's API server: the
 * check of a live cluster (docs/check.md) and the kubectl rotation runbook (docs/rotation.md), whose
 * verify step asks Debian's docker-registry over HTTPS. Substitutions, as a reader with their own
 * registry makes them: the runbook's `registry.gitlab.com` becomes the local registry's host, given to
 * `regcred secret` as `--registry`; its private CA is trusted through NODE_EXTRA_CA_CERTS.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RegistryCredentials, pullSecretManifest } from 'regcred';
import { docExample, userShell } from '../docs/blocks';
import { ensureTools, pushImage, startBasicRegistry, type Registry, type RegistryUser } from '../e2e/harness';
import { makeCertificates, type Certificates } from '../registry/servers';
import { engineEnv, kubectl, namespace } from './engine';

jest.setTimeout(180_000);

/** Runs shell code in a fresh directory with `regcred` on PATH and the engine's kubeconfig. */
function shell(
  code: string,
  env: Record<string, string> = {},
): { status: number | null; stdout: string; stderr: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regcred-doc-engine-'));
  const r = spawnSync('bash', ['-uo', 'pipefail', '-c', code], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...userShell(dir).env, KUBECONFIG: engineEnv().KUBECONFIG, ...env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('check-cluster reads the live cluster and finds a pod whose secret is keyed on Docker Hub', () => {
  const ns = namespace('doc-check');
  try {
    const secret = pullSecretManifest({
      name: 'gitlab-pull',
      namespace: ns,
      credentials: [
        RegistryCredentials.basic({
          registry: 'https://index.docker.io/v1/',
          username: 'gitlab+deploy-token-1',
          password: 'gldt-ClusterCheckToken1',
        }),
      ],
    });
    kubectl(['apply', '-f', '-'], JSON.stringify(secret));
    kubectl(
      ['apply', '-f', '-'],
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'api', namespace: ns },
        spec: {
          imagePullSecrets: [{ name: 'gitlab-pull' }],
          containers: [{ name: 'api', image: 'registry.gitlab.com/acme/app:1.0' }],
        },
      }),
    );
    const r = shell(docExample('check-cluster').code);
    expect([r.status, r.stderr]).toEqual([1, '']);
    expect(r.stdout).toContain(`Pod ${ns}/api`);
    expect(r.stdout).toMatch(new RegExp(`Pod ${ns}/api\\n  error\\[NO_MATCHING_CREDENTIALS\\]`));
  } finally {
    kubectl(['delete', 'namespace', ns, '--wait=false']);
  }
});

describe('the kubectl rotation runbook', () => {
  const oldToken: RegistryUser = {
    username: 'gitlab+deploy-token-19',
    password: 'gldt-RunbookOldToken19',
    scopes: ['read_registry'],
  };
  const newToken: RegistryUser = {
    username: 'gitlab+deploy-token-20',
    password: 'gldt-RunbookNewToken20',
    scopes: ['read_registry'],
  };
  let certs: Certificates;
  let registry: Registry;
  const ns = 'shop';

  beforeAll(async () => {
    ensureTools();
    certs = makeCertificates();
    registry = await startBasicRegistry([oldToken, newToken], {
      certFile: certs.server.certFile,
      keyFile: certs.server.keyFile,
    });
    await pushImage(registry.host, 'acme/shop/api', '1.4.2', oldToken);
    try {
      kubectl(['create', 'namespace', ns]);
    } catch {
      // another engine test made it
    }
    kubectl(['delete', 'deployment', 'api', '-n', ns, '--ignore-not-found']);
    kubectl(['delete', 'secret', 'gitlab-pull', 'gitlab-pull-new', '-n', ns, '--ignore-not-found']);
    // What the runbook starts from: the Secret of the old token, listed by the Deployment.
    const old = pullSecretManifest({
      name: 'gitlab-pull',
      namespace: ns,
      credentials: [
        RegistryCredentials.gitlab({ registry: registry.host, username: oldToken.username, token: oldToken.password }),
      ],
    });
    kubectl(['apply', '-f', '-'], JSON.stringify(old));
    kubectl(
      ['apply', '-f', '-'],
      JSON.stringify({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'api', namespace: ns },
        spec: {
          replicas: 0,
          selector: { matchLabels: { app: 'api' } },
          template: {
            metadata: { labels: { app: 'api' } },
            spec: {
              imagePullSecrets: [{ name: 'gitlab-pull' }],
              containers: [{ name: 'api', image: `${registry.host}/acme/shop/api:1.4.2` }],
            },
          },
        },
      }),
    );
  });
  afterAll(async () => {
    kubectl(['delete', 'deployment', 'api', '-n', ns, '--ignore-not-found']);
    kubectl(['delete', 'secret', 'gitlab-pull', 'gitlab-pull-new', '-n', ns, '--ignore-not-found']);
    await registry.stop();
  });

  test('step 2 adds the new Secret first in the pods, step 3 proves both tokens', () => {
    const add = docExample('rotation-kubectl-add').code.replace(
      'regcred secret gitlab ',
      `regcred secret gitlab --registry ${registry.host} `,
    );
    const added = shell(add, { GITLAB_DEPLOY_TOKEN: newToken.password });
    expect([added.status, added.stderr]).toEqual([0, '']);
    const deployment = JSON.parse(kubectl(['get', 'deployment', 'api', '-n', ns, '-o', 'json'])) as {
      spec: { template: { spec: { imagePullSecrets: Array<{ name: string }> } } };
    };
    expect(deployment.spec.template.spec.imagePullSecrets).toEqual([
      { name: 'gitlab-pull-new' },
      { name: 'gitlab-pull' },
    ]);

    const verify = docExample('rotation-kubectl-verify').code.replaceAll('registry.gitlab.com', registry.host);
    const verified = shell(verify, { NODE_EXTRA_CA_CERTS: certs.caFile });
    expect([verified.status, verified.stderr]).toEqual([0, '']);
    expect(verified.stdout).toMatch(/^result: OK: /m);
    expect(verified.stdout).not.toContain(newToken.password);
  });
});
