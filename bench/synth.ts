/** Synth of N workloads across 20 namespaces: regcred auto-wiring against the hand-written ways. */
import { ApiObject, App, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-32';
import { GitlabRegistrySecret } from '../src/cdk8s';
import { pullSecretManifest, RegistryCredentials } from '../src/core';
import type { SealOptions, SopsOptions } from '../src/core';

const NAMESPACES = Array.from({ length: 20 }, (_, i) => `team-${i}`);
const USER = 'gitlab+deploy-token-1';
const TOKEN = 'gldt-benchToken000000';
const image = (i: number): string => `registry.gitlab.com/acme/service-${i % 50}:1.${i % 7}`;

/**
 * Where a synth goes: in process (`Testing.synth`, the objects' JSON), or as `cdk8s synth` runs an
 * app (`app.synth()`, the YAML file written into `outdir`).
 */
export interface SynthTarget {
  readonly outdir?: string;
}

const newChart = (target: SynthTarget): Chart =>
  target.outdir ? new Chart(new App({ outdir: target.outdir }), 'test') : Testing.chart();

function finish(chart: Chart, target: SynthTarget): unknown[] {
  if (!target.outdir) return Testing.synth(chart);
  (chart.node.root as App).synth();
  return [];
}

function deploymentSpec(i: number, pullSecret?: string): Record<string, unknown> {
  return {
    replicas: 1,
    selector: { matchLabels: { app: `w${i}` } },
    template: {
      metadata: { labels: { app: `w${i}` } },
      spec: {
        ...(pullSecret ? { imagePullSecrets: [{ name: pullSecret }] } : {}),
        containers: [{ name: 'app', image: image(i), ports: [{ containerPort: 8080 }] }],
      },
    },
  };
}

function rawDeployment(chart: Chart, i: number, pullSecret?: string): void {
  new ApiObject(chart, `w${i}`, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: `w${i}`, namespace: NAMESPACES[i % NAMESPACES.length] },
    spec: deploymentSpec(i, pullSecret),
  });
}

/**
 * regcred: one construct, auto-wired into every workload (the secret copied into each namespace),
 * with or without its check at synth, as Secrets, sealed for a controller's certificate, or
 * encrypted with SOPS for age recipients.
 */
export function regcredRaw(
  n: number,
  check = false,
  encrypt: { seal?: SealOptions; sops?: SopsOptions } = {},
  target: SynthTarget = {},
): unknown[] {
  const chart = newChart(target);
  new GitlabRegistrySecret(chart, 'Pull', {
    name: 'gitlab-pull',
    namespace: NAMESPACES[0],
    username: USER,
    token: TOKEN,
    check,
    ...encrypt,
  });
  for (let i = 0; i < n; i++) rawDeployment(chart, i);
  return finish(chart, target);
}

/** By hand: a Secret ApiObject per namespace, imagePullSecrets written into each workload. */
export function handWired(n: number, target: SynthTarget = {}): unknown[] {
  const chart = newChart(target);
  const credentials = [RegistryCredentials.gitlab({ username: USER, token: TOKEN })];
  for (const ns of NAMESPACES) {
    const m = pullSecretManifest({ name: 'gitlab-pull', namespace: ns, credentials });
    new ApiObject(chart, `secret-${ns}`, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: m.metadata,
      type: m.type,
      data: m.data,
    });
  }
  for (let i = 0; i < n; i++) rawDeployment(chart, i, 'gitlab-pull');
  return finish(chart, target);
}

/** cdk8s-plus: a DockerConfigSecret per namespace and dockerRegistryAuth on each Deployment. */
export function plusDockerRegistryAuth(n: number, target: SynthTarget = {}): unknown[] {
  const chart = newChart(target);
  const payload = pullSecretManifest({
    name: 'x',
    credentials: [RegistryCredentials.gitlab({ username: USER, token: TOKEN })],
  }).data;
  const json = JSON.parse(Buffer.from(payload['.dockerconfigjson'], 'base64').toString()) as Record<string, unknown>;
  const secrets = NAMESPACES.map(
    (ns) =>
      new kplus.DockerConfigSecret(chart, `secret-${ns}`, {
        metadata: { name: 'gitlab-pull', namespace: ns },
        data: json,
      }),
  );
  for (let i = 0; i < n; i++) {
    new kplus.Deployment(chart, `w${i}`, {
      metadata: { name: `w${i}`, namespace: NAMESPACES[i % NAMESPACES.length] },
      dockerRegistryAuth: secrets[i % NAMESPACES.length],
      containers: [{ image: image(i), portNumber: 8080, securityContext: { ensureNonRoot: false } }],
    });
  }
  return finish(chart, target);
}

/** cdk8s-plus Deployments auto-wired by regcred. */
export function plusRegcred(n: number, target: SynthTarget = {}): unknown[] {
  const chart = newChart(target);
  new GitlabRegistrySecret(chart, 'Pull', {
    name: 'gitlab-pull',
    namespace: NAMESPACES[0],
    username: USER,
    token: TOKEN,
    check: false,
  });
  for (let i = 0; i < n; i++) {
    new kplus.Deployment(chart, `w${i}`, {
      metadata: { name: `w${i}`, namespace: NAMESPACES[i % NAMESPACES.length] },
      containers: [{ image: image(i), portNumber: 8080, securityContext: { ensureNonRoot: false } }],
    });
  }
  return finish(chart, target);
}
