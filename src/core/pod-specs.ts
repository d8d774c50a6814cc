/**
 * Pod specs inside Kubernetes objects, and `imagePullSecrets` wiring, as pure
 * functions over plain objects.
 */
import { isRecord, own } from './errors';
import {
  PodSpecPaths,
  at,
  expandPodSpecPath,
  podSpecPathByShape,
  requirePodSpecPaths,
  stepsOf,
} from './pod-spec-paths';

export type { PodSpecPaths } from './pod-spec-paths';

/** Where the pod spec sits in each pod-bearing kind. */
const POD_SPEC_PATHS: Readonly<Record<string, readonly string[]>> = {
  Pod: ['spec'],
  PodTemplate: ['template', 'spec'],
  Deployment: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

/** The kinds whose objects carry a pod spec. */
export const POD_BEARING_KINDS: readonly string[] = Object.keys(POD_SPEC_PATHS);

/** Kinds that never hold containers: wiring and the check do not look into them. */
export const NOT_POD_BEARING_KINDS: ReadonlySet<string> = new Set([
  'Secret',
  'ConfigMap',
  'ServiceAccount',
  'Namespace',
  'Service',
  'Endpoints',
  'EndpointSlice',
  'Ingress',
  'NetworkPolicy',
  'PersistentVolumeClaim',
  'PersistentVolume',
  'Role',
  'RoleBinding',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
  'APIService',
  'PodDisruptionBudget',
  'HorizontalPodAutoscaler',
  'SealedSecret',
  'ExternalSecret',
  'ClusterExternalSecret',
]);

/** The container lists of a pod spec, in the order the kubelet starts them. */
export const CONTAINER_FIELDS = ['initContainers', 'containers', 'ephemeralContainers'] as const;

/** A reference to a Secret in a pod spec or ServiceAccount. */
export interface LocalObjectReference {
  readonly name: string;
}

/** The fields of a pod spec regcred reads and writes. */
export interface PodSpecLike {
  /**
   * The pod's pull secrets, in the order the kubelet tries them.
   * @default - none: the ServiceAccount's are copied in at creation
   */
  readonly imagePullSecrets?: readonly LocalObjectReference[];
  /**
   * The pod's ServiceAccount.
   * @default 'default'
   */
  readonly serviceAccountName?: string;
  /**
   * The deprecated alias of `serviceAccountName`.
   * @default - `serviceAccountName`
   */
  readonly serviceAccount?: string;
  /**
   * Containers run to completion before the others start.
   * @default - none
   */
  readonly initContainers?: ReadonlyArray<{ readonly name?: string; readonly image?: string }>;
  /**
   * The pod's containers.
   * @default - none
   */
  readonly containers?: ReadonlyArray<{ readonly name?: string; readonly image?: string }>;
  /**
   * Containers added for debugging.
   * @default - none
   */
  readonly ephemeralContainers?: ReadonlyArray<{ readonly name?: string; readonly image?: string }>;
  readonly [field: string]: unknown;
}

/**
 * A Kubernetes object as plain JSON.
 *
 * @jsii ignore a JSON object in jsii's languages.
 */
export interface KubeObject {
  /**
   * The API group and version (`apps/v1`).
   * @default - none; an object without it is not applied
   */
  readonly apiVersion?: string;
  /**
   * The kind (`Deployment`).
   * @default - none; an object without it is not applied
   */
  readonly kind?: string;
  /**
   * Name, namespace, labels and annotations.
   * @default - none
   */
  readonly metadata?: { readonly name?: string; readonly namespace?: string; readonly [k: string]: unknown };
  readonly [field: string]: unknown;
}

/** A pod spec found in an object, with its path (`['spec', 'template', 'spec']`). */
export interface FoundPodSpec {
  readonly path: readonly string[];
  readonly spec: PodSpecLike;
}

/** A container image inside a pod spec. */
export interface ContainerImage {
  /** JSON path of the image field relative to the object, e.g. `spec.template.spec.containers[0].image`. */
  readonly field: string;
  /**
   * The container's name.
   * @default - absent when the container has none
   */
  readonly containerName?: string;
  readonly image: string;
}

/** The path of the pod spec for a kind, or undefined for kinds without one. */
export function podSpecPath(kind: string | undefined): readonly string[] | undefined {
  return typeof kind === 'string' && Object.prototype.hasOwnProperty.call(POD_SPEC_PATHS, kind)
    ? POD_SPEC_PATHS[kind]
    : undefined;
}

/**
 * The pod specs of an object: at the path of Kubernetes' pod-bearing kinds (Pod, PodTemplate,
 * Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, CronJob, ReplicationController); at
 * `podSpecPaths` for the kinds it names; for other kinds, a spec with `containers` at
 * `spec.template.spec` or `spec.jobTemplate.spec.template.spec`; and in the items of a `List`,
 * under `items.N`. None for other objects.
 */
export function findPodSpecs(obj: KubeObject, podSpecPaths?: PodSpecPaths): FoundPodSpec[] {
  // Untrusted input: a kind of another type is no kind.
  const kind = typeof obj.kind === 'string' ? obj.kind : undefined;
  const builtIn = podSpecPath(kind);
  if (builtIn) {
    const spec = at(obj, builtIn);
    return isRecord(spec) ? [{ path: builtIn, spec }] : [];
  }
  if (kind === 'List' && Array.isArray(obj.items)) {
    return (obj.items as unknown[]).flatMap((item, i) =>
      isRecord(item) && item.kind !== 'List'
        ? findPodSpecs(item, podSpecPaths).map((f) => ({ path: ['items', String(i), ...f.path], spec: f.spec }))
        : [],
    );
  }
  const custom = kind !== undefined && podSpecPaths ? own(podSpecPaths, kind) : undefined;
  if (Array.isArray(custom)) return (custom as string[]).flatMap((p) => expandPodSpecPath(obj, stepsOf(p)));
  const path = podSpecPathByShape(obj);
  return path ? [{ path, spec: at(obj, path) as PodSpecLike }] : [];
}

/** Every container image of an object's pod specs (init, regular and ephemeral containers). */
export function containerImages(obj: KubeObject, podSpecPaths?: PodSpecPaths): ContainerImage[] {
  return findPodSpecs(obj, podSpecPaths).flatMap(podSpecContainerImages);
}

/** The container images of one pod spec found in an object, with their fields. */
export function podSpecContainerImages({ path, spec }: FoundPodSpec): ContainerImage[] {
  const out: ContainerImage[] = [];
  for (const list of CONTAINER_FIELDS) {
    const containers = spec[list];
    if (!Array.isArray(containers)) continue;
    containers.forEach((c: unknown, i) => {
      if (!isRecord(c) || typeof c.image !== 'string') return;
      out.push({
        field: `${path.join('.')}.${list}[${i}].image`,
        ...(typeof c.name === 'string' ? { containerName: c.name } : {}),
        image: c.image,
      });
    });
  }
  return out;
}

/**
 * `existing` with `names` appended where missing: existing entries and their
 * order stay, duplicates are not added.
 */
export function mergeImagePullSecrets(
  existing: readonly LocalObjectReference[] | undefined,
  names: readonly string[],
): LocalObjectReference[] {
  const out = [...(existing ?? [])];
  const have = new Set(out.map((r) => r?.name));
  for (const name of names) {
    if (have.has(name)) continue;
    have.add(name);
    out.push({ name });
  }
  return out;
}

/**
 * A copy of `obj` whose every pod spec lists `names` in `imagePullSecrets`
 * (appended where missing). Objects without a pod spec come back unchanged
 * (the same reference); `obj` itself is never modified.
 */
export function withImagePullSecrets<T extends KubeObject>(
  obj: T,
  names: readonly string[],
  podSpecPaths?: { readonly [kind: string]: string[] },
): T {
  const found = findPodSpecs(obj, requirePodSpecPaths(podSpecPaths, 'podSpecPaths'));
  if (found.length === 0 || names.length === 0) return obj;
  let result: Record<string, unknown> = obj;
  for (const { path, spec } of found) {
    const merged = mergeImagePullSecrets(spec.imagePullSecrets, names);
    if (merged.length === (spec.imagePullSecrets?.length ?? 0)) continue;
    result = setIn(result, path, { ...spec, imagePullSecrets: merged });
  }
  return result as T;
}

function setIn(obj: unknown, path: readonly string[], value: unknown): Record<string, unknown> {
  if (path.length === 0) return value as Record<string, unknown>;
  const [head, ...rest] = path;
  if (Array.isArray(obj)) {
    const copy: unknown[] = [...(obj as unknown[])];
    copy[Number(head)] = setIn(copy[Number(head)], rest, value);
    return copy as unknown as Record<string, unknown>;
  }
  const record = isRecord(obj) ? obj : {};
  return { ...record, [head]: setIn(record[head], rest, value) };
}

/** The `imagePullSecrets` of a pod spec or ServiceAccount as a list (empty when absent or malformed). */
export function pullSecretRefs(holder: Readonly<Record<string, unknown>> | undefined): LocalObjectReference[] {
  const refs: unknown = holder?.imagePullSecrets;
  if (!Array.isArray(refs)) return [];
  return refs.map((r: unknown) => ({ name: isRecord(r) && typeof r.name === 'string' ? r.name : '' }));
}

/** The images of an object's pod specs, without field paths (the cheap form of {@link containerImages}). */
export function imagesOf(obj: KubeObject, podSpecPaths?: PodSpecPaths): string[] {
  return findPodSpecs(obj, podSpecPaths).flatMap(({ spec }) => podSpecImages(spec));
}

/** The images of one pod spec's containers (init, regular and ephemeral), in that order. */
export function podSpecImages(spec: Readonly<Record<string, unknown>>): string[] {
  const out: string[] = [];
  for (const list of CONTAINER_FIELDS) {
    const containers = spec[list];
    if (!Array.isArray(containers)) continue;
    for (const c of containers as unknown[]) if (isRecord(c) && typeof c.image === 'string') out.push(c.image);
  }
  return out;
}
