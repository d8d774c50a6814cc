/** Manifest sets for the `regcred check` benchmarks: Deployments and their pull secrets in 20 namespaces. */
import { dump } from 'js-yaml';
import { KubeObject, RegistryCredentials, pullSecretManifest } from '../src/core';

const NAMESPACES = Array.from({ length: 20 }, (_, i) => `team-${i}`);

/** `n` objects: one pull secret per namespace, the rest Deployments that reference it. */
export function manifestObjects(n: number): KubeObject[] {
  const credentials = [
    RegistryCredentials.gitlab({ username: 'gitlab+deploy-token-1', token: 'gldt-benchToken000000' }),
  ];
  const docs: KubeObject[] = NAMESPACES.map((ns): KubeObject => ({
    ...pullSecretManifest({ name: 'gitlab-pull', namespace: ns, credentials }),
  }));
  for (let i = docs.length; i < n; i++) {
    docs.push({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: `w${i}`, namespace: NAMESPACES[i % NAMESPACES.length] },
      spec: {
        selector: { matchLabels: { app: `w${i}` } },
        template: {
          metadata: { labels: { app: `w${i}` } },
          spec: {
            imagePullSecrets: [{ name: 'gitlab-pull' }],
            containers: [{ name: 'app', image: `registry.gitlab.com/acme/service-${i % 50}:1.${i % 7}` }],
          },
        },
      },
    });
  }
  return docs;
}

/** A multi-document YAML stream, as `cdk8s synth` or a directory of manifests gives it. */
export function manifestText(n: number): string {
  return manifestObjects(n)
    .map((d) => dump(d))
    .join('---\n');
}

/** One JSON `List`, as `kubectl get … -o json` prints a cluster dump. */
export function manifestJsonList(n: number): string {
  return JSON.stringify({ apiVersion: 'v1', kind: 'List', items: manifestObjects(n), metadata: {} }, null, 4) + '\n';
}
