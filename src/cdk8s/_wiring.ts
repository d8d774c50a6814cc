import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import {
  CONTAINER_FIELDS,
  CredentialMatcher,
  KubeObject,
  Severity,
  checkManifests,
  findPodSpecs,
  imagesOf,
  podSpecPath,
} from '../core/internal';

/** What the chart-wide wiring pass needs of a secret construct. */
export interface WirableSecret {
  readonly node: Construct['node'];
  /** The Secret's `metadata.name`. */
  readonly name: string;
  /** The namespace of the primary Secret ('' for none). */
  readonly namespace: string;
  readonly _matcher: CredentialMatcher;
  readonly autoWire: boolean;
  /** Whether this secret asks for the chart's check at synth. */
  readonly check: boolean;
  /** Constructs the user wired explicitly. */
  readonly _explicitTargets: readonly IConstruct[];
  /** ServiceAccount constructs to list the secret in. */
  readonly _serviceAccountTargets: readonly IConstruct[];
  /** The secret's own ApiObjects, never wired. */
  _ownApiObjects(): readonly ApiObject[];
  /** Called once per pass with what was wired. */
  _wired(result: WiringResult): string[];
}

/** What one pass wired for one secret. */
export interface WiringResult {
  /** Namespaces ('' for none) of the objects that reference the secret. */
  readonly namespaces: ReadonlySet<string>;
  /** How many pod-bearing objects and ServiceAccounts reference the secret. */
  readonly objects: number;
  /** Explicit targets that hold no pod-bearing object or ServiceAccount. */
  readonly emptyTargets: readonly string[];
  /** Every container image of the chart's pod-bearing objects, once each, in the order met. */
  readonly images: readonly string[];
  /**
   * Pod-bearing objects of the app's other charts that list no pull secret and use an image the
   * secret matches, which no regcred secret of their own chart covers: `Kind namespace/name`
   * (chart path) with the image.
   */
  readonly elsewhere: readonly string[];
}

const ID = 'RegcredWiring';

/** Kinds besides pods that the check reads. */
const CHECKED_KINDS = new Set([
  'Secret',
  'ServiceAccount',
  'Namespace',
  'SealedSecret',
  'ExternalSecret',
  'ClusterExternalSecret',
]);

/**
 * One per chart: at synth, adds each registry secret to the `imagePullSecrets`
 * of the chart's pod-bearing objects whose images its credentials match. It
 * reads every object's JSON once per pass (an object that must be rendered is
 * rendered once per synth, see `resolve`), and is idempotent because cdk8s runs
 * validations several times per synth.
 */
export class PullSecretWiring extends Construct {
  /** The chart's wiring, created on first use. */
  public static of(scope: IConstruct): PullSecretWiring {
    const chart = Chart.of(scope);
    return (chart.node.tryFindChild(ID) as PullSecretWiring | undefined) ?? new PullSecretWiring(chart);
  }

  private readonly secrets: WirableSecret[] = [];
  private readonly printed = new Set<string>();

  private constructor(chart: Chart) {
    super(chart, ID);
    this.node.addValidation({ validate: () => this.wire(chart) });
  }

  public register(secret: WirableSecret): void {
    this.secrets.push(secret);
  }

  /** The secrets registered in this chart. */
  public get registered(): readonly WirableSecret[] {
    return this.secrets;
  }

  private wire(chart: Chart): string[] {
    const own = new Set<IConstruct>(this.secrets.flatMap((s) => s._ownApiObjects()));
    const state = new Map<WirableSecret, { namespaces: Set<string>; objects: ApiObject[] }>();
    for (const s of this.secrets) state.set(s, { namespaces: new Set(), objects: [] });
    const explicit = new Map<WirableSecret, Set<IConstruct>>();
    const serviceAccounts = new Map<WirableSecret, Set<IConstruct>>();
    for (const s of this.secrets) {
      explicit.set(s, new Set(s._explicitTargets.flatMap((t) => t.node.findAll())));
      serviceAccounts.set(s, new Set(s._serviceAccountTargets.flatMap((t) => t.node.findAll())));
    }

    const seen = new Map<ApiObject, KubeObject>();
    const chartImages = new Set<string>();
    for (const obj of chart.node.findAll()) {
      if (!ApiObject.isApiObject(obj) || own.has(obj)) continue;
      const isServiceAccount = obj.kind === 'ServiceAccount' && obj.apiVersion === 'v1';
      if (!podSpecPath(obj.kind) && !isServiceAccount) continue;
      const json = currentJson(obj);
      seen.set(obj, json);
      const images = imagesOf(json);
      for (const image of images) chartImages.add(image);
      const wanted = this.secrets.filter((s) =>
        isServiceAccount ? serviceAccounts.get(s)?.has(obj) : s.autoWire || explicit.get(s)?.has(obj),
      );
      if (wanted.length === 0) continue;
      const namespace = json.metadata?.namespace ?? '';
      for (const s of wanted) {
        const forced = isServiceAccount || explicit.get(s)?.has(obj);
        if (!forced && !images.some((image) => s._matcher.matches(image))) continue;
        if (isServiceAccount) addReference(obj, [], json, s.name);
        else for (const { path, spec } of findPodSpecs(json)) addReference(obj, path, spec, s.name);
        const st = state.get(s);
        st?.namespaces.add(namespace);
        st?.objects.push(obj);
      }
    }

    const errors: string[] = [];
    const unwired = this.secrets.some((s) => s.autoWire) ? unwiredElsewhere(chart) : [];
    for (const s of this.secrets) {
      const st = state.get(s) ?? { namespaces: new Set<string>(), objects: [] };
      const wiredObjects = new Set<IConstruct>(st.objects);
      const reached = (t: IConstruct): boolean => t.node.findAll().some((c) => wiredObjects.has(c));
      const emptyTargets = [...s._explicitTargets, ...s._serviceAccountTargets]
        .filter((t) => !reached(t))
        .map((t) => t.node.path);
      errors.push(
        ...s._wired({
          namespaces: st.namespaces,
          objects: st.objects.length,
          emptyTargets,
          images: [...chartImages],
          elsewhere: s.autoWire
            ? unwired.flatMap((u) => {
                const image = u.images.find((i) => s._matcher.matches(i));
                return image === undefined ? [] : [`${u.what} uses ${JSON.stringify(image)}`];
              })
            : [],
        }),
      );
    }
    if (this.secrets.every((s) => s.check)) errors.push(...this.check(chart, seen));
    remember();
    return errors;
  }

  /**
   * Runs `checkManifests` over the chart's final objects: errors fail synth
   * with the construct path, warnings are printed once.
   */
  private check(chart: Chart, seen: ReadonlyMap<ApiObject, KubeObject>): string[] {
    // The check reads pods, Secrets (and what makes them), ServiceAccounts and Namespaces; pods come from this pass.
    const apiObjects: ApiObject[] = [];
    const json: KubeObject[] = [];
    for (const c of chart.node.findAll()) {
      if (!ApiObject.isApiObject(c)) continue;
      const j = seen.get(c) ?? (CHECKED_KINDS.has(c.kind) ? (c.toJson() as KubeObject) : undefined);
      if (!j) continue;
      apiObjects.push(c);
      json.push(j);
    }
    const defaultNamespace = chart.namespace ?? 'default';
    const pathOf = new Map<string, string>();
    json.forEach((o, i) => {
      pathOf.set(
        `${o.kind}/${o.metadata?.namespace ?? defaultNamespace}/${o.metadata?.name ?? ''}`,
        apiObjects[i].node.path,
      );
    });
    const errors: string[] = [];
    for (const d of checkManifests(json, { defaultNamespace })) {
      const at = pathOf.get(`${d.object.kind}/${d.object.namespace}/${d.object.name}`) ?? chart.node.path;
      const line = `[${at}] ${d.severity}[${d.code}] ${d.field}: ${d.message} Fix: ${d.fix}`;
      if (d.severity === Severity.ERROR) errors.push(line);
      else if (!this.printed.has(line)) {
        this.printed.add(line);
        process.stderr.write(`Warning: ${line}\n`);
      }
    }
    return errors;
  }
}

/**
 * The pod-bearing objects of the app's other charts that list no pull secret, each with its images
 * that no regcred secret of its own chart covers: what a secret of `chart` would match but cannot
 * reach (regcred wires the pods of its own chart; a pod uses only the Secrets of its namespace).
 */
function unwiredElsewhere(chart: Chart): Array<{ what: string; images: string[] }> {
  const found: Array<{ what: string; images: string[] }> = [];
  for (const other of chart.node.root.node.findAll()) {
    if (other === chart || !Chart.isChart(other)) continue;
    const theirs = (other.node.tryFindChild(ID) as PullSecretWiring | undefined)?.registered ?? [];
    for (const obj of other.node.findAll()) {
      if (!ApiObject.isApiObject(obj) || Chart.of(obj) !== other || !podSpecPath(obj.kind)) continue;
      const json = currentJson(obj);
      const lists = findPodSpecs(json).some(
        ({ spec }) => Array.isArray(spec.imagePullSecrets) && spec.imagePullSecrets.length > 0,
      );
      if (lists) continue;
      const images = imagesOf(json).filter((i) => !theirs.some((t) => t._matcher.matches(i)));
      if (images.length === 0) continue;
      const ns = json.metadata?.namespace ?? other.namespace ?? 'default';
      found.push({ what: `${obj.kind} ${ns}/${json.metadata?.name ?? obj.name} (${obj.node.path})`, images });
    }
  }
  return found;
}

/** What this module added to each object, across validation passes. */
const ADDED = new WeakMap<ApiObject, { names: string[]; patches: number }>();

/**
 * Each rendered object's JSON before its class's own mapping (`ApiObject.prototype.toJson`:
 * resolved, keys sorted, patches applied; an L1 class such as cdk8s-plus's maps it to Kubernetes
 * JSON, with the same names and paths for what wiring reads and writes), and the patch count it holds.
 */
const RENDERED = new WeakMap<ApiObject, { base: KubeObject; patches: number }>();

/** Objects the current pass rendered. */
const RENDERED_THIS_PASS = new Set<ApiObject>();

const patchesOf = (obj: ApiObject): unknown[] => (obj as unknown as { patches: unknown[] }).patches;

/** The object's class `toJson` (an L1 class maps the base JSON to Kubernetes JSON), below any instance one. */
function classToJson(obj: ApiObject): () => unknown {
  return (Object.getPrototypeOf(obj) as { toJson: () => unknown }).toJson;
}

/**
 * The object's JSON from `base`, as its class's `toJson()` makes it: an L1 class's mapping runs
 * over `base` in place of `ApiObject.prototype.toJson` (which it calls through `super`).
 */
function renderFrom(obj: ApiObject, base: KubeObject): unknown {
  const own = classToJson(obj);
  if (own === ApiObject.prototype.toJson) return structuredClone(base);
  const render = Object.getOwnPropertyDescriptor(ApiObject.prototype, 'toJson')!;
  Object.defineProperty(ApiObject.prototype, 'toJson', { ...render, value: () => base });
  try {
    return own.call(obj);
  } finally {
    Object.defineProperty(ApiObject.prototype, 'toJson', render);
  }
}

/**
 * The JSON wiring reads and writes for an object that must be rendered (cdk8s-plus, tokens, patches
 * of others): its base, rendered at most once per synth. The references a pass adds go into it as
 * their patches would ({@link addReference}), so it stays what the object's patches make.
 */
function resolve(obj: ApiObject): KubeObject {
  const kept = RENDERED.get(obj);
  if (!kept || kept.patches !== patchesOf(obj).length) {
    RENDERED.set(obj, { base: ApiObject.prototype.toJson.call(obj) as KubeObject, patches: patchesOf(obj).length });
  }
  RENDERED_THIS_PASS.add(obj);
  return RENDERED.get(obj)!.base;
}

/**
 * After a pass: each rendered object's base now holds the references the pass added, so its next
 * `toJson()` maps that base (an L1 class's mapping only) if the object got no other patch meanwhile:
 * synth does not resolve a cdk8s-plus object a second time. A patch added later (by another
 * validation) makes it render afresh, and so does every later call, which may come after the
 * object changed (a second synth).
 */
function remember(): void {
  for (const obj of RENDERED_THIS_PASS) {
    const kept = RENDERED.get(obj);
    if (!kept) continue;
    kept.patches = patchesOf(obj).length;
    if (Object.prototype.hasOwnProperty.call(obj, 'toJson')) continue;
    Object.defineProperty(obj, 'toJson', {
      configurable: true,
      writable: true,
      value: function toJson(this: ApiObject): unknown {
        const kept = RENDERED.get(this);
        if (!kept || kept.patches !== patchesOf(this).length) return classToJson(this).call(this);
        // Once: the object may change after this synth (a label added before the next one).
        RENDERED.delete(this);
        return renderFrom(this, kept.base);
      },
    });
  }
  RENDERED_THIS_PASS.clear();
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** True for JSON-like data only: plain objects, arrays and primitives (no Lazy, no tokens, no classes). */
function isPlainJson(x: unknown): boolean {
  if (x === null || x === undefined) return true;
  const t = typeof x;
  if (t === 'string' || t === 'number' || t === 'boolean') return true;
  if (Array.isArray(x)) return x.every(isPlainJson);
  if (t !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(x);
  return (proto === Object.prototype || proto === null) && Object.values(x).every(isPlainJson);
}

/**
 * The object's JSON as far as wiring and the check read it. An object built
 * from plain data (a raw ApiObject, Include, Helm) is read from its props
 * without resolving it, the synth cost regcred would otherwise double; the
 * rest (cdk8s-plus, tokens, patches of others) is rendered by {@link resolve}.
 */
function currentJson(obj: ApiObject): KubeObject {
  const path = podSpecPath(obj.kind);
  const internals = obj as unknown as { props?: unknown; patches?: unknown[] };
  const ours = ADDED.get(obj);
  const props = internals.props;
  if (
    !path ||
    !Array.isArray(internals.patches) ||
    internals.patches.length !== (ours?.patches ?? 0) ||
    !isRecord(props)
  ) {
    return resolve(obj);
  }
  // Copy along the pod spec path (plain objects only), so that recording additions never touches the props.
  const json: Record<string, unknown> = { ...props, apiVersion: obj.apiVersion, kind: obj.kind };
  json.metadata = {
    name: obj.name,
    ...(obj.metadata.namespace !== undefined ? { namespace: obj.metadata.namespace } : {}),
  };
  let cur = json;
  for (const key of path) {
    const child = cur[key];
    if (!isRecord(child) || Object.getPrototypeOf(child) !== Object.prototype) return resolve(obj);
    cur[key] = { ...child };
    cur = cur[key] as Record<string, unknown>;
  }
  // What wiring and the check read of the pod spec must be plain data too.
  for (const field of [...CONTAINER_FIELDS, 'imagePullSecrets', 'serviceAccountName', 'serviceAccount']) {
    if (!isPlainJson(cur[field])) return resolve(obj);
  }
  if (ours) {
    const refs = Array.isArray(cur.imagePullSecrets) ? (cur.imagePullSecrets as unknown[]) : [];
    cur.imagePullSecrets = [...refs, ...ours.names.map((name) => ({ name }))];
  }
  return json;
}

/**
 * Appends `{ name }` to `imagePullSecrets` at `path` (a pod spec, or the top of
 * a ServiceAccount) unless present. `holder` is this pass's copy of the JSON;
 * it is updated too, so a second secret wired in the same pass appends after
 * the first instead of replacing it.
 */
function addReference(obj: ApiObject, path: readonly string[], holder: object, name: string): void {
  const h = holder as { imagePullSecrets?: unknown };
  const refs = h.imagePullSecrets;
  if (Array.isArray(refs) && refs.some((r: { name?: string } | null) => r?.name === name)) return;
  const pointer = `/${[...path, 'imagePullSecrets'].join('/')}`;
  obj.addJsonPatch(Array.isArray(refs) ? JsonPatch.add(`${pointer}/-`, { name }) : JsonPatch.add(pointer, [{ name }]));
  h.imagePullSecrets = [...(Array.isArray(refs) ? (refs as unknown[]) : []), { name }];
  const ours = ADDED.get(obj) ?? { names: [], patches: 0 };
  ours.names.push(name);
  ours.patches++;
  ADDED.set(obj, ours);
}
