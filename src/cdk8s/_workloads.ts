/** The units the chart's wiring decides on, and the pod spec paths its secrets name. */
import { FoundPodSpec, KubeObject, PodSpecPaths, findPodSpecs, podSpecImages } from '../core/internal';

import type { WirableSecret } from './_wiring';

/**
 * What one wiring decision covers in a rendered object: the object's pod specs, or for a `List`
 * (an Included file of kind List) each item's, with the namespace the pods run in ('' for none).
 */
export function workloads(
  json: KubeObject,
  podSpecPaths: PodSpecPaths | undefined,
): Array<{ specs: FoundPodSpec[]; images: string[]; namespace: string }> {
  const specs = findPodSpecs(json, podSpecPaths);
  if (json.kind !== 'List') {
    return specs.length === 0
      ? []
      : [{ specs, images: specs.flatMap((f) => podSpecImages(f.spec)), namespace: json.metadata?.namespace ?? '' }];
  }
  const items = json.items as KubeObject[];
  const byItem = new Map<string, FoundPodSpec[]>();
  for (const f of specs) byItem.set(f.path[1], [...(byItem.get(f.path[1]) ?? []), f]);
  return [...byItem].map(([i, list]) => ({
    specs: list,
    images: list.flatMap((f) => podSpecImages(f.spec)),
    namespace: items[Number(i)].metadata?.namespace ?? '',
  }));
}

/** The pod spec paths every secret of the chart names, together. */
export function mergedPodSpecPaths(secrets: readonly WirableSecret[]): PodSpecPaths | undefined {
  const merged = new Map<string, string[]>();
  for (const s of secrets)
    for (const [kind, paths] of Object.entries(s.podSpecPaths ?? {}))
      merged.set(kind, [...new Set([...(merged.get(kind) ?? []), ...paths])]);
  return merged.size > 0 ? Object.fromEntries(merged) : undefined;
}
