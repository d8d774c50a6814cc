/**
 * Where pod specs sit in kinds regcred does not know: the usual shapes, and the paths callers name
 * (`podSpecPaths`), read from untrusted input.
 */
import { RegcredError, RegcredIssue, isRecord, own, typeName } from './errors';

import type { FoundPodSpec, KubeObject } from './pod-specs';

/**
 * Where the pod specs of other kinds usually sit (Argo Rollouts, OpenShift DeploymentConfig,
 * Kubeflow Notebook, Knative Service, operators' CronJob-like kinds): a spec there that has a
 * `containers` list is taken as a pod spec.
 */
const SHAPE_PATHS: ReadonlyArray<readonly string[]> = [
  ['spec', 'template', 'spec'],
  ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
];

/**
 * Where the pod specs of a kind are, for kinds regcred does not find by itself: by kind, a list of
 * dot paths to each pod spec, with `[]` for every item of a list, e.g.
 * `{ RayCluster: ['spec.headGroupSpec.template.spec', 'spec.workerGroupSpecs[].template.spec'] }`.
 */
export type PodSpecPaths = { readonly [kind: string]: string[] };

/** A step of a pod spec path: a field, or every item of a list. */
export type Step = string | typeof EVERY;
const EVERY = Symbol('every item');
const PATH = /^[A-Za-z_$][\w$-]*(\[\])?(\.[A-Za-z_$][\w$-]*(\[\])?)*$/;

/** The steps of a path written `spec.workerGroupSpecs[].template.spec`. */
export function stepsOf(path: string): Step[] {
  return path.split('.').flatMap((part): Step[] => (part.endsWith('[]') ? [part.slice(0, -2), EVERY] : [part]));
}

/**
 * Problems of `podSpecPaths` as a caller gave it (any type, from JavaScript, Python or YAML), each
 * naming its field under `field`.
 */
export function podSpecPathsProblems(value: unknown, field: string): RegcredIssue[] {
  if (value === undefined) return [];
  if (!isRecord(value)) {
    return [{ field, message: `'${field}' must map kinds to lists of pod spec paths, got ${typeName(value)}.` }];
  }
  const issues: RegcredIssue[] = [];
  for (const [kind, paths] of Object.entries(value)) {
    const at = `${field}.${kind}`;
    if (!/^[A-Za-z][A-Za-z0-9]*$/.test(kind)) {
      issues.push({
        field: at,
        message: `'${at}': ${JSON.stringify(kind)} is not a kind (letters and digits, as in RayCluster).`,
      });
    }
    if (!Array.isArray(paths) || paths.length === 0) {
      issues.push({
        field: at,
        message: `'${at}' must be a non-empty list of paths such as "spec.template.spec", got ${Array.isArray(paths) ? 'an empty list' : typeName(paths)}.`,
      });
      continue;
    }
    paths.forEach((p: unknown, i) => {
      if (typeof p !== 'string' || !PATH.test(p)) {
        issues.push({
          field: `${at}[${i}]`,
          message: `'${at}[${i}]' must be a dot path to a pod spec, with [] for every item of a list (spec.workerGroupSpecs[].template.spec), got ${typeof p === 'string' ? JSON.stringify(p) : typeName(p)}.`,
        });
      }
    });
  }
  return issues;
}

/** `podSpecPaths` checked, or a RegcredError naming the field. */
export function requirePodSpecPaths(value: unknown, field: string): PodSpecPaths | undefined {
  const problems = podSpecPathsProblems(value, field);
  if (problems.length > 0) throw new RegcredError('INVALID_ARGUMENT', problems);
  return value as PodSpecPaths | undefined;
}

/** The value at `path` inside `obj`, or undefined where a step is missing. */
export function at(obj: unknown, path: readonly string[]): unknown {
  let cur = obj;
  for (const key of path) {
    if (!isRecord(cur)) return undefined;
    cur = own(cur, key);
  }
  return cur;
}

/** The records at the steps of a path, each with its concrete path (list items by index). */
export function expandPodSpecPath(obj: unknown, steps: readonly Step[], base: readonly string[] = []): FoundPodSpec[] {
  if (steps.length === 0) return isRecord(obj) ? [{ path: base, spec: obj }] : [];
  const [step, ...rest] = steps;
  if (step === EVERY) {
    return Array.isArray(obj)
      ? obj.flatMap((item: unknown, i) => expandPodSpecPath(item, rest, [...base, String(i)]))
      : [];
  }
  return isRecord(obj) ? expandPodSpecPath(own(obj, step), rest, [...base, step]) : [];
}

/**
 * The path of a pod spec found by its shape in an object of a kind regcred does not know: a spec
 * with a `containers` list at `spec.template.spec` or `spec.jobTemplate.spec.template.spec`.
 */
export function podSpecPathByShape(obj: unknown): readonly string[] | undefined {
  return SHAPE_PATHS.find((path) => {
    const spec = at(obj, path);
    return isRecord(spec) && Array.isArray(spec.containers);
  });
}

/**
 * For an object none of whose pod specs regcred knows: the paths of the first `containers` lists
 * with an image inside it (a kind whose pod specs sit elsewhere), at most `limit`; searched to a
 * bounded depth.
 */
export function unknownContainerPaths(obj: KubeObject, limit = 3): string[] {
  const found: string[] = [];
  // Objects from JavaScript may cycle (a node on the current path is not entered again), and shared
  // nodes are visited once per path to them: at most this many visits in all.
  let budget = 20_000;
  const onPath = new Set<object>();
  const visit = (v: unknown, path: string, depth: number): void => {
    if (found.length >= limit || depth > 12 || typeof v !== 'object' || v === null || onPath.has(v) || --budget < 0)
      return;
    onPath.add(v);
    if (Array.isArray(v)) {
      v.forEach((item: unknown, i) => visit(item, `${path}[${i}]`, depth + 1));
    } else if (isRecord(v)) {
      for (const [key, child] of Object.entries(v)) {
        const here = path ? `${path}.${key}` : key;
        const holdsImages =
          key === 'containers' &&
          Array.isArray(child) &&
          child.some((c: unknown) => isRecord(c) && typeof c.image === 'string');
        if (holdsImages) found.push(here);
        else visit(child, here, depth + 1);
        if (found.length >= limit) break;
      }
    }
    onPath.delete(v);
  };
  visit(obj, '', 0);
  return found;
}
