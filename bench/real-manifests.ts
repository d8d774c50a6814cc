/**
 * `regcred check` over real manifests written by other projects, as they are and with the pull
 * secret changes users make, counting what each verdict says:
 *
 *   npx tsx bench/real-manifests.ts DIR...
 *
 * - `as written`: the manifests alone. Any error or warning there is a false positive unless the
 *   manifests are wrong; info is listed apart.
 * - `namespace-wide`: a Docker Hub pull secret on every ServiceAccount of every namespace with pods
 *   (the common pattern); images of other registries may be public, so an error on them is a false
 *   positive.
 * - `kubectl default`: a GitLab deploy token keyed on Docker Hub (kubectl without --docker-server)
 *   in each such namespace, listed by no pod: each must get CREDENTIALS_FOR_ANOTHER_REGISTRY.
 * - `forgotten port`: the first workload of each namespace pulls from gitlab.example.com:5050, and a
 *   Secret of its namespace is keyed on gitlab.example.com: each must get NEARLY_MATCHING_SECRET.
 *
 * Misplaced: a diagnostic whose file and line (from its objectIndex) hold another object than the
 * one it names, and how many the old lookup by kind, namespace and name would have misplaced.
 */
import * as path from 'node:path';
import { Diagnostic, KubeObject, checkManifests, findPodSpecs, pullSecretManifest } from '../src/core/internal';
import { RegistryCredentials } from '../src/core';
import { SourcedObject, readManifests } from '../src/cli/read-manifests';

const nsOf = (o: KubeObject): string => o.metadata?.namespace ?? 'default';
const idOf = (o: KubeObject): string => `${o.kind}/${nsOf(o)}/${o.metadata?.name ?? ''}`;

function tally(found: Diagnostic[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const d of found) out[`${d.severity} ${d.code}`] = (out[`${d.severity} ${d.code}`] ?? 0) + 1;
  return out;
}

function placement(found: Diagnostic[], objects: readonly KubeObject[]): { misplaced: number; byKey: number } {
  const first = new Map<string, number>();
  objects.forEach((o, i) => first.has(idOf(o)) || first.set(idOf(o), i));
  let misplaced = 0;
  let byKey = 0;
  for (const d of found) {
    const o = objects[d.objectIndex];
    const named = `${d.object.kind}/${d.object.namespace}/${d.object.name}`;
    if (!o || (idOf(o) !== named && o.kind !== 'SealedSecret' && o.kind !== 'ExternalSecret')) misplaced++;
    if (first.get(named) !== undefined && first.get(named) !== d.objectIndex) byKey++;
  }
  return { misplaced, byKey };
}

function withSecrets(
  objects: KubeObject[],
  mutate: 'namespace-wide' | 'kubectl default' | 'forgotten port',
): KubeObject[] {
  const workloadNamespaces = new Map<string, KubeObject>();
  for (const o of objects)
    if (findPodSpecs(o).length > 0 && !workloadNamespaces.has(nsOf(o))) workloadNamespaces.set(nsOf(o), o);
  const out = objects.map((o) => structuredClone(o));
  for (const [ns, workload] of workloadNamespaces) {
    if (mutate === 'namespace-wide') {
      const credentials = [RegistryCredentials.dockerHub({ username: 'acme', token: 'dckr_pat_trialToken' })];
      out.push(pullSecretManifest({ name: 'hub-pull', namespace: ns, credentials }));
      const accounts = out.filter((o) => o.kind === 'ServiceAccount' && nsOf(o) === ns);
      if (!accounts.some((a) => a.metadata?.name === 'default'))
        out.push({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: ns } });
      for (const a of out.filter((o) => o.kind === 'ServiceAccount' && nsOf(o) === ns))
        (a as Record<string, unknown>).imagePullSecrets = [{ name: 'hub-pull' }];
    } else {
      // A GitLab deploy token keyed on kubectl's Docker Hub default, or on the host without its port.
      const registry = mutate === 'kubectl default' ? 'https://index.docker.io/v1/' : 'gitlab.example.com';
      const credentials = [
        RegistryCredentials.basic({ registry, username: 'gitlab+deploy-token-7', password: 'gldt-trialToken' }),
      ];
      out.push(pullSecretManifest({ name: 'gitlab-pull-trial', namespace: ns, credentials }));
      if (mutate === 'forgotten port') {
        const [{ spec }] = findPodSpecs(out[objects.indexOf(workload)]);
        (spec.containers as Array<{ image: string }>)[0].image = 'gitlab.example.com:5050/acme/app:1';
        delete (spec as Record<string, unknown>).imagePullSecrets;
      }
    }
  }
  return out;
}

async function main(): Promise<void> {
  const dirs = process.argv.slice(2);
  const sourced: SourcedObject[] = [];
  for (const dir of dirs) sourced.push(...(await readManifests([dir], () => Promise.resolve(''))));
  const objects = sourced.map((s) => s.object);
  const namespaces = new Set(objects.filter((o) => findPodSpecs(o).length > 0).map(nsOf)).size;
  console.log(
    `${objects.length} objects from ${new Set(sourced.map((s) => s.file)).size} files in ${dirs.map((d) => path.basename(d)).join(', ')}; ${namespaces} namespaces with pods`,
  );
  for (const trial of ['as written', 'namespace-wide', 'kubectl default', 'forgotten port'] as const) {
    const set = trial === 'as written' ? objects : withSecrets(objects, trial);
    const found = checkManifests(set);
    console.log(`\n${trial}:`, JSON.stringify(tally(found)), JSON.stringify(placement(found, set)));
  }
}

void main();
