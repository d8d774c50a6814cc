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
  podSpecImages,
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
    const checking = this.secrets.every((s) => s.check);
    const own = new Set<IConstruct>(this.secrets.flatMap((s) => s._ownApiObjects()));
    const passes = this.secrets.map((s) => ({
      secret: s,
      explicit: new Set(s._explicitTargets.flatMap((t) => t.node.findAll())),
      serviceAccounts: new Set(s._serviceAccountTargets.flatMap((t) => t.node.findAll())),
      namespaces: new Set<string>(),
      objects: [] as ApiObject[],
    }));

    const seen = new Map<ApiObject, KubeObject>();
    const chartImages = new Set<string>();
    const nestedCharts: Chart[] = [];
    for (const obj of chart.node.findAll()) {
      if (!ApiObject.isApiObject(obj)) {
        if (obj !== chart && Chart.isChart(obj)) nestedCharts.push(obj);
        continue;
      }
      if (own.has(obj)) continue;
      const path = podSpecPath(obj.kind);
      const isServiceAccount = !path && obj.kind === 'ServiceAccount' && obj.apiVersion === 'v1';
      if (!path && !isServiceAccount) continue;
      const spec = path ? plainSpec(obj, path) : undefined;
      const json = spec ? undefined : resolve(obj);
      const images = spec ? podSpecImages(spec) : imagesOf(json!);
      for (const image of images) chartImages.add(image);
      const namespace = (spec ? obj.metadata.namespace : json!.metadata?.namespace) ?? '';
      for (const p of passes) {
        const wanted = isServiceAccount
          ? p.serviceAccounts.size > 0 && p.serviceAccounts.has(obj)
          : (p.explicit.size > 0 && p.explicit.has(obj)) ||
            (p.secret.autoWire && matchesAny(p.secret._matcher, images));
        if (!wanted) continue;
        const name = p.secret.name;
        if (spec) addPlainReference(obj, spec, name);
        else if (isServiceAccount) addReference(obj, [], json!, name);
        else for (const found of findPodSpecs(json!)) addReference(obj, found.path, found.spec, name);
        p.namespaces.add(namespace);
        p.objects.push(obj);
      }
      if (checking) seen.set(obj, json ?? plainJson(obj, path!));
    }

    const errors: string[] = [];
    const unwired = this.secrets.some((s) => s.autoWire) ? unwiredElsewhere(chart, nestedCharts) : [];
    for (const { secret: s, ...st } of passes) {
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
    if (checking) errors.push(...this.check(chart, seen));
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
 * `nested` are the charts inside `chart`, which the pass met already, so its subtree is not walked again.
 */
function unwiredElsewhere(chart: Chart, nested: readonly Chart[]): Array<{ what: string; images: string[] }> {
  const found: Array<{ what: string; images: string[] }> = [];
  for (const other of otherCharts(chart, nested)) {
    const theirs = (other.node.tryFindChild(ID) as PullSecretWiring | undefined)?.registered ?? [];
    for (const obj of other.node.findAll()) {
      if (!ApiObject.isApiObject(obj)) continue;
      const path = podSpecPath(obj.kind);
      if (!path || Chart.of(obj) !== other) continue;
      const spec = plainSpec(obj, path);
      const json = spec ? undefined : resolve(obj);
      const lists = spec
        ? WIRED.has(obj) || listsPullSecrets(spec)
        : findPodSpecs(json!).some((found) => listsPullSecrets(found.spec));
      if (lists) continue;
      const images = (spec ? podSpecImages(spec) : imagesOf(json!)).filter(
        (i) => !theirs.some((t) => t._matcher.matches(i)),
      );
      if (images.length === 0) continue;
      const ns = (spec ? obj.metadata.namespace : json!.metadata?.namespace) ?? other.namespace ?? 'default';
      const name = (spec ? undefined : json!.metadata?.name) ?? obj.name;
      found.push({ what: `${obj.kind} ${ns}/${name} (${obj.node.path})`, images });
    }
  }
  return found;
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

const listsPullSecrets = (spec: Readonly<Record<string, unknown>>): boolean =>
  Array.isArray(spec.imagePullSecrets) && spec.imagePullSecrets.length > 0;

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

/** An object literal's kind of object: its prototype is Object's (or none). */
function isPlainObject(x: object): boolean {
  const proto: unknown = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/** True for JSON-like data only: plain objects, arrays and primitives (no Lazy, no tokens, no classes). */
function isPlainJson(x: unknown): boolean {
  if (x === null || x === undefined) return true;
  const t = typeof x;
  if (t === 'string' || t === 'number' || t === 'boolean') return true;
  if (Array.isArray(x)) return x.every(isPlainJson);
  if (t !== 'object') return false;
  return isPlainObject(x) && Object.values(x).every(isPlainJson);
}

/**
 * For each object built from plain data (a raw ApiObject, Include, Helm, an imported L1 class over
 * plain props) that wiring referenced a secret in: the names appended to its pod spec's
 * `imagePullSecrets`, in order, kept across passes and synths as patches would be. Wiring reads
 * such an object from its props, without resolving it (the synth cost regcred would otherwise
 * double), and adds no patch to it: {@link wiredToJson} appends the names to the JSON the object
 * renders, where the patch would have added them, so the output is the same.
 */
const WIRED = new WeakMap<ApiObject, string[]>();

type Internals = { props?: unknown; patches?: unknown[] };

/**
 * The object's pod spec at `path` as its props hold it, when wiring can read the object from its
 * props: plain objects along the path, plain data in what wiring and the check read, no patch and
 * no `toJson` of its own but {@link wiredToJson}. Otherwise undefined, and the object is rendered;
 * the names it was given before are then turned into patches ahead of the others (see
 * {@link unwire}), so they still come first.
 */
function plainSpec(obj: ApiObject, path: readonly string[]): Readonly<Record<string, unknown>> | undefined {
  const internals = obj as unknown as Internals;
  let spec: unknown = internals.props;
  for (let i = 0; isRecord(spec) && i < path.length; i++) {
    const child: unknown = spec[path[i]];
    spec = isRecord(child) && isPlainObject(child) ? child : undefined;
  }
  if (!isRecord(spec)) {
    unwire(obj, path, undefined);
    return undefined;
  }
  const plain =
    Array.isArray(internals.patches) &&
    internals.patches.length === 0 &&
    readsPlain(spec) &&
    (!Object.prototype.hasOwnProperty.call(obj, 'toJson') || obj.toJson === wiredToJson);
  if (plain) return spec;
  unwire(obj, path, spec);
  return undefined;
}

/**
 * Whether what wiring and the check read of a pod spec is plain data: the pull secret list, the
 * ServiceAccount name and each container's `image` and `name` (the rest of a container may hold
 * tokens, which synth resolves).
 */
function readsPlain(spec: Readonly<Record<string, unknown>>): boolean {
  if (!isPlainJson(spec.imagePullSecrets) || !isPlainJson(spec.serviceAccountName)) return false;
  if (!isPlainJson(spec.serviceAccount)) return false;
  for (const list of CONTAINER_FIELDS) {
    const containers = spec[list];
    if (!Array.isArray(containers)) {
      if (!isPlainJson(containers)) return false;
      continue;
    }
    for (const c of containers as unknown[]) {
      if (!isRecord(c)) {
        if (!isPlainJson(c)) return false;
      } else if (!isPlainObject(c) || !isPlainJson(c.image) || !isPlainJson(c.name)) return false;
    }
  }
  return true;
}

/** Whether the pod spec lists `name`, by the user's props or by the names wiring appends. */
function listsName(
  spec: Readonly<Record<string, unknown>>,
  names: readonly string[] | undefined,
  name: string,
): boolean {
  const refs = spec.imagePullSecrets;
  if (Array.isArray(refs) && refs.some((r: { name?: unknown } | null) => r?.name === name)) return true;
  return names !== undefined && names.includes(name);
}

/**
 * `toJson` of an object wiring read from its props: the object's own rendering (its class's
 * `toJson`) with the names appended to `imagePullSecrets`, as a patch added at wiring would append
 * them. Patches added since come after them, as they would after that patch.
 */
function wiredToJson(this: ApiObject): unknown {
  const render = classToJson(this);
  const names = WIRED.get(this);
  const path = podSpecPath(this.kind);
  if (!names || !path) return render.call(this);
  if (render === ApiObject.prototype.toJson && patchesOf(this).length === 0) {
    const json = render.call(this) as Record<string, unknown>;
    const spec = at(json, path);
    if (isRecord(spec)) {
      const refs = Array.isArray(spec.imagePullSecrets) ? (spec.imagePullSecrets as unknown[]) : undefined;
      const added = names.filter((name) => !refs?.some((r) => isRecord(r) && r.name === name));
      if (added.length > 0) spec.imagePullSecrets = [...(refs ?? []), ...added.map((name) => ({ name }))];
    }
    return json;
  }
  // An L1 class maps the JSON after the patches, or patches came later: the names go in as the
  // first patches, for this rendering only.
  const patches = patchesOf(this);
  const ours = patchesFor(this, path, names);
  patches.unshift(...ours);
  try {
    return render.call(this);
  } finally {
    patches.splice(0, ours.length);
  }
}

/** The patches appending `names` to the pod spec at `path`, over the object's props. */
function patchesFor(obj: ApiObject, path: readonly string[], names: readonly string[]): JsonPatch[] {
  const spec = at((obj as unknown as Internals).props, path);
  const listed = isRecord(spec) && Array.isArray(spec.imagePullSecrets);
  return names.map((name, i) => referencePatch(path, name, listed || i > 0));
}

/** The value at `path` inside `x`, or undefined where the path leaves objects. */
function at(x: unknown, path: readonly string[]): unknown {
  for (const key of path) x = isRecord(x) ? x[key] : undefined;
  return x;
}

/** The patch appending `{ name }` to the `imagePullSecrets` at `path`, a list already there or not. */
function referencePatch(path: readonly string[], name: string, listed: boolean): JsonPatch {
  const pointer = `/${[...path, 'imagePullSecrets'].join('/')}`;
  return listed ? JsonPatch.add(`${pointer}/-`, { name }) : JsonPatch.add(pointer, [{ name }]);
}

/**
 * Ends reading the object from its props: the names wiring gave it become its first patches (when
 * its pod spec is still there with a plain pull secret list to hold them; else the pass decides its
 * references afresh) and it renders as its class does.
 */
function unwire(obj: ApiObject, path: readonly string[], spec: Readonly<Record<string, unknown>> | undefined): void {
  const names = WIRED.get(obj);
  if (!names) return;
  WIRED.delete(obj);
  if (obj.toJson === wiredToJson) delete (obj as { toJson?: unknown }).toJson;
  if (spec !== undefined && isPlainJson(spec.imagePullSecrets)) patchesOf(obj).unshift(...patchesFor(obj, path, names));
}

/** Appends `name` to the names wiring gives the plain object, unless its pod spec lists it. */
function addPlainReference(obj: ApiObject, spec: Readonly<Record<string, unknown>>, name: string): void {
  const names = WIRED.get(obj);
  if (listsName(spec, names, name)) return;
  if (names) names.push(name);
  else {
    WIRED.set(obj, [name]);
    (obj as { toJson: () => unknown }).toJson = wiredToJson;
  }
}

/**
 * The JSON the check reads of an object read from its props: its props with the names appended,
 * its name and namespace.
 */
function plainJson(obj: ApiObject, path: readonly string[]): KubeObject {
  const json: Record<string, unknown> = {
    ...((obj as unknown as Internals).props as Record<string, unknown>),
    apiVersion: obj.apiVersion,
    kind: obj.kind,
    metadata: {
      name: obj.name,
      ...(obj.metadata.namespace !== undefined ? { namespace: obj.metadata.namespace } : {}),
    },
  };
  const names = WIRED.get(obj);
  if (!names) return json;
  let cur = json;
  for (const key of path) {
    const child = { ...(cur[key] as Record<string, unknown>) };
    cur[key] = child;
    cur = child;
  }
  const refs = Array.isArray(cur.imagePullSecrets) ? (cur.imagePullSecrets as unknown[]) : [];
  cur.imagePullSecrets = [...refs, ...names.map((name) => ({ name }))];
  return json;
}

function matchesAny(matcher: CredentialMatcher, images: readonly string[]): boolean {
  for (const image of images) if (matcher.matches(image)) return true;
  return false;
}

/**
 * Adds a patch appending `{ name }` to `imagePullSecrets` at `path` (a pod spec,
 * or the top of a ServiceAccount) of a rendered object unless present. `holder`
 * is the object's rendered JSON there ({@link resolve}); it is updated too, so a
 * second secret wired in the same pass appends after the first instead of
 * replacing it, and the JSON stays what the object's patches make.
 */
function addReference(obj: ApiObject, path: readonly string[], holder: object, name: string): void {
  const h = holder as { imagePullSecrets?: unknown };
  const refs = h.imagePullSecrets;
  if (Array.isArray(refs) && refs.some((r: { name?: string } | null) => r?.name === name)) return;
  obj.addJsonPatch(referencePatch(path, name, Array.isArray(refs)));
  h.imagePullSecrets = [...(Array.isArray(refs) ? (refs as unknown[]) : []), { name }];
}
