/**
 * Wiring of Pulumi workload props: plain functions over props that may hold
 * Outputs, so they can be tested without the Pulumi engine.
 */
import * as pulumi from '@pulumi/pulumi';
import {
  CONTAINER_FIELDS,
  CredentialMatcher,
  LocalObjectReference,
  mergeImagePullSecrets,
  podSpecImages,
  podSpecPath,
  podSpecPathByShape,
} from '../core/internal';
import { isPlain } from './credentials-input';

/** What a transform adds: one secret, and which images it covers. */
export interface WiringTarget {
  /** The Secrets' names, in the order the kubelet should try them (usually Outputs). */
  readonly secretNames: readonly pulumi.Input<string>[];
  /** The registry keys: plain when known at construction, an Output otherwise. */
  readonly registries: readonly string[] | pulumi.Output<readonly string[]>;
}

/** A resource's props as plain JSON, as transforms see them. */
export type WorkloadProps = Record<string, unknown>;

/** The transforms a component offers TypeScript programs, each wiring the workloads its target matches. */
export interface WorkloadTransforms {
  /** For the `transforms` option and `pulumi.runtime.registerResourceTransform`. */
  readonly transform: pulumi.ResourceTransform;
  /** For the legacy `transformations` option and `pulumi.runtime.registerStackTransformation`. */
  readonly transformation: pulumi.ResourceTransformation;
  /** For `helm.v3.Chart` and `yaml.ConfigFile` `transformations`. */
  readonly chartTransformation: (obj: Record<string, unknown>, opts: pulumi.CustomResourceOptions) => void;
}

/** The three transforms for `target`. */
export function workloadTransforms(target: WiringTarget): WorkloadTransforms {
  return {
    transform: workloadTransform(target),
    transformation: workloadTransformation(target),
    chartTransformation: chartTransformation(target),
  };
}
type Ref = { name: pulumi.Input<string> };

/** A JSON object whose value is known now (not an Output). */
function isKnownObject(x: unknown): x is WorkloadProps {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && !pulumi.Output.isInstance(x);
}

/** The kind of a `kubernetes:<group>/<version>:<Kind>` resource type; undefined for other providers. */
export function kindOfType(type: string): string | undefined {
  const m = /^kubernetes:[^:]+:([A-Za-z]+)$/.exec(type);
  return m ? m[1] : undefined;
}

/**
 * `refs` with each name once (the first stays). Two wirings of one workload (a
 * `transforms` entry and a stack-wide transform, say) must not list a secret
 * twice: server-side apply refuses duplicate `imagePullSecrets` names.
 */
function uniqueRefs(refs: readonly Ref[]): Ref[] {
  const seen = new Set<unknown>();
  return refs.filter((r) => {
    const name = r?.name;
    if (typeof name !== 'string') return true;
    if (seen.has(name)) return false;
    seen.add(name);
    return true;
  });
}

function appendRefs(existing: readonly Ref[] | undefined, names: readonly pulumi.Input<string>[]): Ref[] {
  let refs = [...(existing ?? [])];
  for (const name of names) {
    if (refs.some((r) => r?.name === name)) continue;
    refs =
      typeof name === 'string' ? mergeImagePullSecrets(refs as LocalObjectReference[], [name]) : [...refs, { name }];
  }
  return refs;
}

function setIn(obj: WorkloadProps, path: readonly string[], value: unknown): WorkloadProps {
  const [head, ...rest] = path;
  if (rest.length === 0) return { ...obj, [head]: value };
  const child = obj[head];
  return { ...obj, [head]: setIn(isKnownObject(child) ? child : {}, rest, value) };
}

/**
 * WorkloadProps of a workload of `kind` with the secret added to the pod spec's
 * `imagePullSecrets` when one of its images matches, or `undefined` when the
 * kind has no pod spec or (known now) no image matches. When images or
 * registry keys are Outputs, `imagePullSecrets` becomes an Output that adds
 * the secret once they are known.
 */
export function wireWorkloadProps(
  kind: string,
  props: Record<string, unknown>,
  target: WiringTarget,
): Record<string, unknown> | undefined {
  // Kinds regcred does not know are wired where their pod spec has the usual shape (an Argo
  // Rollout's spec.template.spec), once that part of the props is plain.
  const path = podSpecPath(kind) ?? podSpecPathByShape(props);
  if (!path) return undefined;
  let spec: unknown = props;
  for (const key of path) {
    if (pulumi.Output.isInstance(spec) || spec instanceof Promise) return wireResolved(kind, props, path[0], target);
    if (!isKnownObject(spec)) return undefined;
    spec = spec[key];
  }
  if (!isKnownObject(spec)) return undefined;
  const lists = CONTAINER_FIELDS.map((f) => spec[f]).filter((l) => l !== undefined);
  const existing = spec.imagePullSecrets;

  const plainNames = target.secretNames.every((n) => typeof n === 'string');
  if (isPlain(lists) && !pulumi.Output.isInstance(target.registries)) {
    const matcher = new CredentialMatcher(target.registries);
    if (!podSpecImages(spec).some((i) => matcher.matches(i))) return undefined;
    if (plainNames && (existing === undefined || isPlain(existing))) {
      return setIn(
        props,
        [...path, 'imagePullSecrets'],
        uniqueRefs(appendRefs(existing as Ref[] | undefined, target.secretNames)),
      );
    }
  }

  // The container lists once known, read by core's one image reader.
  const images = pulumi
    .all(CONTAINER_FIELDS.map((f) => pulumi.output(spec[f])))
    .apply((ls) => podSpecImages(Object.fromEntries(CONTAINER_FIELDS.map((f, i) => [f, ls[i]]))));
  const refs = pulumi
    .all([
      pulumi.output(target.registries),
      images,
      pulumi.output(existing as pulumi.Input<Ref[] | undefined>),
      pulumi.all([...target.secretNames]),
    ])
    .apply(([registries, imgs, ex, names]) => {
      const matcher = new CredentialMatcher(registries);
      return imgs.some((i) => matcher.matches(i)) ? uniqueRefs(appendRefs(ex, names)) : ex;
    });
  return setIn(props, [...path, 'imagePullSecrets'], refs);
}

/**
 * Wiring for props where part of the path to the pod spec is itself an Output
 * (the engine's `transforms` hand over `spec` as one Output when anything in it
 * is not known yet): the top-level field is resolved and wired once known.
 */
function wireResolved(
  kind: string,
  props: Record<string, unknown>,
  head: string,
  target: WiringTarget,
): Record<string, unknown> {
  const wired = pulumi
    .all([pulumi.output(props[head]), pulumi.output(target.registries), pulumi.all([...target.secretNames])])
    .apply(([sub, registries, secretNames]) => {
      const plain = wireWorkloadProps(kind, { ...props, [head]: sub }, { registries, secretNames });
      return plain ? plain[head] : sub;
    });
  return { ...props, [head]: wired };
}

/** A `pulumi.ResourceTransform` (the `transforms` option, `registerResourceTransform`) that wires matching workloads. */
export function workloadTransform(target: WiringTarget): pulumi.ResourceTransform {
  return (args) => {
    const kind = args.custom ? kindOfType(args.type) : undefined;
    const props = kind ? wireWorkloadProps(kind, args.props, target) : undefined;
    return props ? { props, opts: args.opts } : undefined;
  };
}

/** The legacy `pulumi.ResourceTransformation` (the `transformations` option, `registerStackTransformation`). */
export function workloadTransformation(target: WiringTarget): pulumi.ResourceTransformation {
  return (args) => {
    const kind = kindOfType(args.type);
    const props = kind ? wireWorkloadProps(kind, args.props, target) : undefined;
    return props ? { props, opts: args.opts } : undefined;
  };
}

/**
 * A transformation for `helm.v3.Chart` and `yaml.ConfigFile` `transformations`,
 * which hand over each rendered object to change in place.
 */
export function chartTransformation(
  target: WiringTarget,
): (obj: WorkloadProps, opts: pulumi.CustomResourceOptions) => void {
  return (obj) => {
    if (!isKnownObject(obj) || typeof obj.kind !== 'string') return;
    const wired = wireWorkloadProps(obj.kind, obj, target);
    if (!wired) return;
    for (const key of Object.keys(wired)) obj[key] = wired[key];
  };
}
