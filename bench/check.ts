/** checkManifests over many objects, against parsing the same YAML alone (the floor). */
import { parseAllDocuments, stringify } from 'yaml';
import { KubeObject, RegistryCredentials, checkManifests, pullSecretManifest } from '../src/core';

const NAMESPACES = Array.from({ length: 20 }, (_, i) => `team-${i}`);

/** A multi-document YAML stream of `n` objects: one pull secret per namespace, the rest Deployments. */
export function manifestText(n: number): string {
  const credentials = [
    RegistryCredentials.gitlab({ username: 'gitlab+deploy-token-1', token: 'gldt-benchToken000000' }),
  ];
  const docs: unknown[] = NAMESPACES.map((ns) =>
    pullSecretManifest({ name: 'gitlab-pull', namespace: ns, credentials }),
  );
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
  return docs.map((d) => stringify(d)).join('---\n');
}

export function parseOnly(text: string): KubeObject[] {
  return parseAllDocuments(text).map((d) => d.toJS() as KubeObject);
}

export function parseAndCheck(text: string): number {
  return checkManifests(parseOnly(text)).length;
}
