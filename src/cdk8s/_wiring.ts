import { ApiObject, Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import {
  CredentialMatcher,
  DiagnosticCode,
  KubeObject,
  Severity,
  NOT_POD_BEARING_KINDS,
  PodSpecPaths,
  checkManifests,
  unknownContainerPaths,
} from '../core/internal';
import { addReference, passNumber, rendered, trackPasses, wiringDone } from './_rendered';
import { WIRING_ID as ID, conflictingSecrets, unwiredElsewhere } from './_other-charts';
import { mergedPodSpecPaths, workloads } from './_workloads';

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
  /** Where the pod specs of kinds regcred does not know sit. */
  readonly podSpecPaths?: PodSpecPaths;
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
  /** Errors for the explicit targets that got no reference: empty, or in another chart. */
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
 * of the chart's pod-bearing objects whose images its credentials match, by
 * JSON patches (`addJsonPatch`). It reads each object as its public `toJson()`
 * renders it, once per validation pass (see `rendered`), and is idempotent
 * because cdk8s runs validations several times per synth: a name the object
 * lists already, by its props or an earlier pass's patch, is not added again.
 */
export class PullSecretWiring extends Construct {
  /** The chart's wiring, created on first use. */
  public static of(scope: IConstruct): PullSecretWiring {
    const chart = Chart.of(scope);
    return (chart.node.tryFindChild(ID) as PullSecretWiring | undefined) ?? new PullSecretWiring(chart);
  }

  private readonly secrets: WirableSecret[] = [];
  private readonly printed = new Set<string>();
  /** What the last pass found: each secret's errors, and the chart check's. */
  private last: { pass: number; bySecret: Map<WirableSecret, string[]>; check: string[] } = {
    pass: -1,
    bySecret: new Map(),
    check: [],
  };

  private constructor(private readonly chart: Chart) {
    super(chart, ID);
    trackPasses(this);
    this.node.addValidation({ validate: () => this.run().check });
  }

  /**
   * Adds a secret to the chart's wiring. Its errors (a wireTo() target that got nothing, an expired
   * token, credentials that nearly match an image) fail synth from the secret's own validation, so
   * that cdk8s names the secret's path.
   */
  public register(secret: WirableSecret): void {
    this.secrets.push(secret);
    secret.node.addValidation({ validate: () => this.run().bySecret.get(secret) ?? [] });
  }

  /** The secrets registered in this chart. */
  public get registered(): readonly WirableSecret[] {
    return this.secrets;
  }

  /** The wiring of this validation pass: run by the first of the chart's validations to ask. */
  private run(): { bySecret: Map<WirableSecret, string[]>; check: string[] } {
    const pass = passNumber(this);
    if (this.last.pass !== pass) {
      try {
        this.last = { pass, ...this.wirePass(this.chart) };
      } finally {
        wiringDone(this);
      }
    }
    return this.last;
  }

  private wirePass(chart: Chart): { bySecret: Map<WirableSecret, string[]>; check: string[] } {
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
    const podSpecPaths = mergedPodSpecPaths(this.secrets);
    for (const obj of chart.node.findAll()) {
      if (!ApiObject.isApiObject(obj)) {
        if (obj !== chart && Chart.isChart(obj)) nestedCharts.push(obj);
        continue;
      }
      if (own.has(obj) || (obj.kind !== 'ServiceAccount' && NOT_POD_BEARING_KINDS.has(obj.kind))) continue;
      const isServiceAccount = obj.kind === 'ServiceAccount' && obj.apiVersion === 'v1';
      if (isServiceAccount && !checking && !passes.some((p) => p.serviceAccounts.size > 0)) continue;
      const json = rendered(obj);
      const units = isServiceAccount ? [] : workloads(json, podSpecPaths);
      if (!isServiceAccount && units.length === 0) {
        // Containers where no pod spec is known: the check reports the kind once (POD_SPEC_NOT_CHECKED).
        if (checking && unknownContainerPaths(json, 1).length > 0) seen.set(obj, json);
        continue;
      }
      for (const u of units) for (const image of u.images) chartImages.add(image);
      for (const p of passes) {
        const name = p.secret.name;
        if (isServiceAccount) {
          if (!p.serviceAccounts.has(obj)) continue;
          addReference(obj, [], json, name);
          p.namespaces.add(json.metadata?.namespace ?? '');
          p.objects.push(obj);
          continue;
        }
        const explicit = p.explicit.has(obj);
        for (const u of units) {
          if (!explicit && !(p.secret.autoWire && matchesAny(p.secret._matcher, u.images))) continue;
          for (const found of u.specs) addReference(obj, found.path, found.spec, name);
          p.namespaces.add(u.namespace);
          p.objects.push(obj);
        }
      }
      if (checking) seen.set(obj, json);
    }

    const bySecret = new Map<WirableSecret, string[]>();
    const unwired = this.secrets.some((s) => s.autoWire) ? unwiredElsewhere(chart, nestedCharts) : [];
    for (const { secret: s, ...st } of passes) {
      const wiredObjects = new Set<IConstruct>(st.objects);
      const reached = (t: IConstruct): boolean => t.node.findAll().some((c) => wiredObjects.has(c));
      const emptyTargets = [...s._explicitTargets, ...s._serviceAccountTargets]
        .filter((t) => !reached(t))
        .map((t) => emptyTargetError(t, chart));
      bySecret.set(
        s,
        s._wired({
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
    for (const [s, conflicts] of conflictingSecrets(chart, nestedCharts, this.secrets)) {
      bySecret.get(s)?.push(...conflicts);
    }
    // A secret that wired nothing reports its own near miss (on its construct path); the check's
    // report of the same miss on each pod is left out.
    const selfReported = new Set(
      passes.filter((p) => p.objects.length === 0 && p.secret._explicitTargets.length === 0).map((p) => p.secret.name),
    );
    return { bySecret, check: checking ? this.check(chart, seen, selfReported, own, podSpecPaths) : [] };
  }

  /**
   * Runs `checkManifests` over the chart's final objects: errors fail synth
   * with the construct path, warnings are printed once.
   */
  private check(
    chart: Chart,
    seen: ReadonlyMap<ApiObject, KubeObject>,
    selfReported: ReadonlySet<string>,
    own: ReadonlySet<IConstruct>,
    podSpecPaths: PodSpecPaths | undefined,
  ): string[] {
    // The check reads pods, Secrets (and what makes them), ServiceAccounts and Namespaces; pods come from this pass.
    const apiObjects: ApiObject[] = [];
    const json: KubeObject[] = [];
    for (const c of chart.node.findAll()) {
      if (!ApiObject.isApiObject(c)) continue;
      const j = seen.get(c) ?? (CHECKED_KINDS.has(c.kind) ? rendered(c) : undefined);
      if (!j) continue;
      apiObjects.push(c);
      json.push(j);
    }
    const defaultNamespace = chart.namespace ?? 'default';
    const errors: string[] = [];
    for (const d of checkManifests(json, { defaultNamespace, ...(podSpecPaths ? { podSpecPaths } : {}) })) {
      if (d.code === DiagnosticCode.NEARLY_MATCHING_SECRET && d.secret !== undefined && selfReported.has(d.secret))
        continue;
      // regcred made its own encrypted Secrets from credentials it checked: that the check cannot
      // read their payload is no news.
      if (d.code === DiagnosticCode.SOPS_PAYLOAD_NOT_VERIFIED && own.has(apiObjects[d.objectIndex])) continue;
      const at = apiObjects[d.objectIndex]?.node.path ?? chart.node.path;
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

function matchesAny(matcher: CredentialMatcher, images: readonly string[]): boolean {
  for (const image of images) if (matcher.matches(image)) return true;
  return false;
}

/** Why a target given to wireTo() or addToServiceAccounts() got no reference, and what to do. */
function emptyTargetError(target: IConstruct, chart: Chart): string {
  const what = `wireTo()/addToServiceAccounts() target ${target.node.path}`;
  let targetChart: Chart | undefined;
  try {
    targetChart = Chart.of(target);
  } catch {
    targetChart = undefined; // not inside any chart
  }
  if (targetChart !== undefined && targetChart !== chart) {
    return (
      `${what} is in chart ${targetChart.node.path}, not in this secret's chart ${chart.node.path}: regcred wires only the objects of its own chart. ` +
      `Create a regcred secret in that chart (its pods need one in their own namespace anyway).`
    );
  }
  return `${what} holds no pod-bearing object or ServiceAccount to wire.`;
}
