import { ApiObject, JsonPatch } from 'cdk8s';
import { IConstruct } from 'constructs';
import { KubeObject, mergeImagePullSecrets } from '../core/internal';

/**
 * The objects' JSON as `toJson()` renders it, at most once per validation pass of a synth, shared
 * by the wiring of every chart of the app (a chart's wiring also reads the other charts' pods).
 *
 * cdk8s runs every validation of the app once per pass, and a synth makes one pass more than it
 * has charts; the tree's root is validated first in each pass, so a validation on the root starts
 * a new pass with nothing remembered. Every object is thus rendered afresh in each pass, through
 * its public `toJson()`: whatever changed it since (its props, a patch, another validation of an
 * earlier pass, a change between two synths) is what wiring reads.
 */
const PASSES = new WeakMap<IConstruct, Pass>();

/** An app's validation pass: what it rendered, and how many of its charts' wirings have run. */
interface Pass {
  readonly json: Map<ApiObject, KubeObject>;
  readonly wirings: Set<IConstruct>;
  done: number;
  /** Which pass of the app this is, counted from 1. */
  number: number;
}

/** The pass of the app holding `scope`, created (with its root validation) on first use. */
function passOf(scope: IConstruct): Pass {
  const root = scope.node.root;
  let pass = PASSES.get(root);
  if (!pass) {
    const created: Pass = { json: new Map(), wirings: new Set(), done: 0, number: 0 };
    pass = created;
    PASSES.set(root, created);
    root.node.addValidation({
      validate: () => {
        created.json.clear();
        created.done = 0;
        created.number++;
        return [];
      },
    });
  }
  return pass;
}

/**
 * Registers a chart's wiring with its app's passes; call at construction, before synth begins, so
 * that the root's validation is in place.
 */
export function trackPasses(wiring: IConstruct): void {
  passOf(wiring).wirings.add(wiring);
}

/** The number of the app's current validation pass (0 before the first). */
export function passNumber(scope: IConstruct): number {
  return passOf(scope).number;
}

/**
 * Called by each wiring at the end of its validation: once every wiring of the app has run in this
 * pass, the JSON is let go (synth renders and writes the objects next, and memory is what that
 * needs).
 */
export function wiringDone(wiring: IConstruct): void {
  const pass = passOf(wiring);
  if (++pass.done >= pass.wirings.size) pass.json.clear();
}

/** The object's JSON in this pass (rendered once per pass), with the references wiring added. */
export function rendered(obj: ApiObject): KubeObject {
  const pass = passOf(obj).json;
  let json = pass.get(obj);
  if (!json) {
    json = obj.toJson() as KubeObject;
    pass.set(obj, json);
  }
  return json;
}

/**
 * Adds `name` to the `imagePullSecrets` at `path` of a rendered object (a pod spec, or the top of a
 * ServiceAccount) unless it is listed, by a JSON patch: the list is appended to, or added when
 * there is none. `holder` is the object's rendered JSON at `path` ({@link rendered}); it is updated
 * too, so that a second secret wired in the same pass appends after the first.
 */
export function addReference(obj: ApiObject, path: readonly string[], holder: object, name: string): void {
  const h = holder as { imagePullSecrets?: unknown };
  const before = Array.isArray(h.imagePullSecrets) ? (h.imagePullSecrets as Array<{ name: string }>) : undefined;
  const merged = mergeImagePullSecrets(before, [name]);
  if (merged.length === (before?.length ?? 0)) return;
  const pointer = `/${[...path, 'imagePullSecrets'].join('/')}`;
  obj.addJsonPatch(before ? JsonPatch.add(`${pointer}/-`, { name }) : JsonPatch.add(pointer, [{ name }]));
  h.imagePullSecrets = merged;
}
