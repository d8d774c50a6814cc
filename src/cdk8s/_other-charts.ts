/** What a chart's wiring needs to know of the app's other charts. */
import { ApiObject, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { KubeObject, NOT_POD_BEARING_KINDS, findPodSpecs, podSpecImages, pullSecretRefs } from '../core/internal';
import { rendered } from './_rendered';

import type { PullSecretWiring, WirableSecret } from './_wiring';

/** The construct id of a chart's wiring. */
export const WIRING_ID = 'RegcredWiring';
const ID = WIRING_ID;

/**
 * The pod-bearing objects of the app's other charts that list no pull secret, each with its images
 * that no regcred secret of its own chart covers: what a secret of `chart` would match but cannot
 * reach (regcred wires the pods of its own chart; a pod uses only the Secrets of its namespace).
 * `nested` are the charts inside `chart`, which the pass met already, so its subtree is not walked again.
 */
export function unwiredElsewhere(chart: Chart, nested: readonly Chart[]): Array<{ what: string; images: string[] }> {
  const found: Array<{ what: string; images: string[] }> = [];
  for (const other of otherCharts(chart, nested)) {
    const theirs = (other.node.tryFindChild(ID) as PullSecretWiring | undefined)?.registered ?? [];
    for (const obj of other.node.findAll()) {
      if (!ApiObject.isApiObject(obj) || NOT_POD_BEARING_KINDS.has(obj.kind) || Chart.of(obj) !== other) continue;
      const json = rendered(obj);
      const specs = findPodSpecs(json);
      if (specs.length === 0 || specs.some((spec) => pullSecretRefs(spec.spec).length > 0)) continue;
      const images = specs
        .flatMap((f) => podSpecImages(f.spec))
        .filter((i) => !theirs.some((t) => t._matcher.matches(i)));
      if (images.length === 0) continue;
      const ns = json.metadata?.namespace ?? other.namespace ?? 'default';
      found.push({ what: `${obj.kind} ${ns}/${json.metadata?.name ?? obj.name} (${obj.node.path})`, images });
    }
  }
  return found;
}

/**
 * The regcred Secrets of `secrets` (in `chart`) that another chart of the app also emits, by kind,
 * namespace and name, with other content: the API server keeps the last one applied, so the other
 * credentials are lost. Within one chart, the chart's check reports them (DUPLICATE_OBJECT).
 */
export function conflictingSecrets(
  chart: Chart,
  nested: readonly Chart[],
  secrets: readonly WirableSecret[],
): Map<WirableSecret, string[]> {
  const keyOf = (obj: ApiObject, json: KubeObject): string =>
    `${obj.kind} ${json.metadata?.namespace ?? Chart.of(obj).namespace ?? 'default'}/${json.metadata?.name ?? obj.name}`;
  const theirs = new Map<string, Array<{ path: string; json: string }>>();
  for (const other of otherCharts(chart, nested)) {
    const wiring = other.node.tryFindChild(ID) as PullSecretWiring | undefined;
    for (const s of wiring?.registered ?? []) {
      for (const obj of s._ownApiObjects()) {
        const json = rendered(obj);
        const key = keyOf(obj, json);
        const list = theirs.get(key) ?? [];
        list.push({ path: s.node.path, json: JSON.stringify(json) });
        theirs.set(key, list);
      }
    }
  }
  const out = new Map<WirableSecret, string[]>();
  if (theirs.size === 0) return out;
  for (const s of secrets) {
    for (const obj of s._ownApiObjects()) {
      const json = rendered(obj);
      const key = keyOf(obj, json);
      const text = JSON.stringify(json);
      for (const t of theirs.get(key) ?? []) {
        if (t.json === text) continue;
        const list = out.get(s) ?? [];
        list.push(
          `${key} is also emitted by ${t.path}, in another chart, with other content: the API server keeps only the one applied last, so the other credentials are lost and the pods that need them cannot pull. Give the two secrets different names (name: …), or create the secret once.`,
        );
        out.set(s, list);
      }
    }
  }
  return out;
}

/** The app's charts other than `chart`, in tree order; `nested` stands for the charts inside it. */
function otherCharts(chart: Chart, nested: readonly Chart[]): Chart[] {
  const charts: Chart[] = [];
  const visit = (c: IConstruct): void => {
    if (c === chart) {
      charts.push(...nested);
      return;
    }
    if (Chart.isChart(c)) charts.push(c);
    for (const child of c.node.children) visit(child);
  };
  visit(chart.node.root);
  return charts;
}
