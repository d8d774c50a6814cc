/** Objects of a set that share kind, namespace and name: the API server keeps only one of them. */
import { isRecord, own, quote } from '../errors';
import { KubeObject } from '../pod-specs';
import { isPullSecretType } from './secret-findings';
import { Severity } from './diagnostic';

import { Context, nsOf, report, str } from './_context';

/** JSON with object keys in order, so that two objects written in another key order compare equal. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isRecord(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * Reports every object that shares kind, namespace and name with another of `objects` and differs
 * from it: each on its own position, so that a report names every file that defines one. Copies
 * that are the same are harmless (applying one twice changes nothing) and are not reported.
 */
export function reportDuplicates(ctx: Context, objects: readonly KubeObject[]): void {
  const groups = new Map<string, KubeObject[]>();
  for (const o of objects) {
    const name = str(own(o.metadata, 'name'));
    if (!name) continue;
    const key = `${str(own(o, 'kind'))}\u0000${nsOf(o, ctx)}\u0000${name}`;
    const group = groups.get(key);
    if (group) group.push(o);
    else groups.set(key, [o]);
  }
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const distinct = new Set(group.map(canonical));
    if (distinct.size < 2) continue;
    const o = group[0];
    const what = `${str(own(o, 'kind'))} ${quote(`${nsOf(o, ctx)}/${str(own(o.metadata, 'name'))}`)}`;
    const pullSecret = o.kind === 'Secret' && isPullSecretType(o);
    // A ServiceAccount's imagePullSecrets decide what its pods pull with; other kinds conflict
    // outside regcred's concern (and folders of alternatives, one per environment, are common).
    const severity = pullSecret ? Severity.ERROR : o.kind === 'ServiceAccount' ? Severity.WARNING : Severity.INFO;
    for (const [i, copy] of group.entries()) {
      report(
        ctx,
        'DUPLICATE_OBJECT',
        copy,
        'metadata.name',
        `${what} is defined ${group.length} times in these manifests, in ${distinct.size} different versions (this is number ${i + 1}); the API server keeps only the last one applied${pullSecret ? ', so the credentials of the others are lost and the pods that need them cannot pull' : ''}.`,
        pullSecret
          ? 'Give each pull secret its own name (two charts or folders that share a namespace need two names), or keep one of them.'
          : 'Keep one definition, or give them different names or namespaces.',
        { severity },
      );
    }
  }
}
