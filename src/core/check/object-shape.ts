/**
 * The types of the fields `checkManifests` reads, checked before anything is
 * read: a manifest may hold a number where a name belongs, a string where a
 * list belongs, or `toString` as a kind. The API server refuses such objects;
 * `check` reports them and reads the rest of the set.
 */
import { RegcredIssue, isRecord, own, typeName } from '../errors';
import { CONTAINER_FIELDS, PodSpecPaths, findPodSpecs, podSpecPath } from '../pod-specs';
import { secretShapeProblems } from '../resolve-pull-credentials';

function expectString(issues: RegcredIssue[], value: unknown, field: string): void {
  if (value !== undefined && typeof value !== 'string') {
    issues.push({ field, message: `'${field}' must be a string, got ${typeName(value)}.` });
  }
}

function expectObject(issues: RegcredIssue[], value: unknown, field: string): boolean {
  if (value === undefined || value === null) return false;
  if (isRecord(value)) return true;
  issues.push({ field, message: `'${field}' must be an object, got ${typeName(value)}.` });
  return false;
}

/** `imagePullSecrets` of a pod spec or ServiceAccount: a list of `{ name: string }`. */
function refListProblems(issues: RegcredIssue[], list: unknown, field: string): void {
  if (list === undefined || list === null) return;
  if (!Array.isArray(list)) {
    issues.push({ field, message: `'${field}' must be a list of { name } objects, got ${typeName(list)}.` });
    return;
  }
  list.forEach((ref: unknown, i) => {
    if (!isRecord(ref)) {
      issues.push({
        field: `${field}[${i}]`,
        message: `'${field}[${i}]' must be an object with a name, got ${typeName(ref)}.`,
      });
    } else {
      expectString(issues, own(ref, 'name'), `${field}[${i}].name`);
    }
  });
}

function podSpecProblems(issues: RegcredIssue[], spec: unknown, base: string): void {
  if (!expectObject(issues, spec, base)) return;
  refListProblems(issues, own(spec, 'imagePullSecrets'), `${base}.imagePullSecrets`);
  expectString(issues, own(spec, 'serviceAccountName'), `${base}.serviceAccountName`);
  expectString(issues, own(spec, 'serviceAccount'), `${base}.serviceAccount`);
  for (const list of CONTAINER_FIELDS) {
    const containers = own(spec, list);
    const field = `${base}.${list}`;
    if (containers === undefined || containers === null) continue;
    if (!Array.isArray(containers)) {
      issues.push({ field, message: `'${field}' must be a list of containers, got ${typeName(containers)}.` });
      continue;
    }
    containers.forEach((c: unknown, i) => {
      if (!expectObject(issues, c, `${field}[${i}]`)) return;
      expectString(issues, own(c, 'image'), `${field}[${i}].image`);
      expectString(issues, own(c, 'name'), `${field}[${i}].name`);
    });
  }
}

/**
 * Fields of an object whose type the API server would refuse, among those
 * regcred reads; empty when the object can be checked. Secrets are checked by
 * {@link secretShapeProblems}.
 */
export function objectShapeProblems(o: Record<string, unknown>, podSpecPaths?: PodSpecPaths): RegcredIssue[] {
  const issues: RegcredIssue[] = [];
  expectString(issues, own(o, 'apiVersion'), 'apiVersion');
  expectString(issues, own(o, 'kind'), 'kind');
  const kind = own(o, 'kind');
  if (kind === 'Secret' && own(o, 'apiVersion') === 'v1') return [...issues, ...secretShapeProblems(o)];
  const metadata = own(o, 'metadata');
  if (expectObject(issues, metadata, 'metadata')) {
    expectString(issues, own(metadata, 'name'), 'metadata.name');
    expectString(issues, own(metadata, 'namespace'), 'metadata.namespace');
  }
  if (kind === 'ServiceAccount') refListProblems(issues, own(o, 'imagePullSecrets'), 'imagePullSecrets');
  const path = typeof kind === 'string' ? podSpecPath(kind) : undefined;
  if (!path) {
    // Pod specs found by shape or by the caller's paths: objects already, their fields are checked.
    for (const found of findPodSpecs(o, podSpecPaths)) podSpecProblems(issues, found.spec, found.path.join('.'));
  } else {
    let cur: unknown = o;
    for (let i = 0; i < path.length - 1; i++) {
      cur = own(cur, path[i]);
      if (cur === undefined || cur === null) return issues;
      if (!expectObject(issues, cur, path.slice(0, i + 1).join('.'))) return issues;
    }
    podSpecProblems(issues, own(cur, path[path.length - 1]), path.join('.'));
  }
  return issues;
}
