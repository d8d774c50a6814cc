/**
 * Members a component offers TypeScript programs beside its outputs (payloads, child resources,
 * transforms), kept beside each instance rather than in its properties: Pulumi's schema analyser
 * reads a component's declared properties, and functions and resource lists do not cross languages.
 */

/** Where the members of one kind of component are kept, and under which names it shows them. */
export class MemberStore<M extends object> {
  private readonly byComponent = new WeakMap<object, M>();

  public constructor(private readonly keys: ReadonlyArray<keyof M & string>) {}

  /** Keeps `members` for `component`. */
  public set(component: object, members: M): void {
    this.byComponent.set(component, members);
  }

  /** Gives `cls` a getter on its prototype for each member (declared by interface merging). */
  public install(cls: abstract new (...args: never[]) => object): void {
    const byComponent = this.byComponent;
    for (const key of this.keys) {
      Object.defineProperty(cls.prototype, key, {
        get(this: object) {
          return byComponent.get(this)?.[key];
        },
        enumerable: false,
        configurable: true,
      });
    }
  }
}
