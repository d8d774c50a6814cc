/** Pulumi under mocks: records what a program creates. */
import * as pulumi from '@pulumi/pulumi';

export interface Created {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, any>;
}

const SECRET_SIG = '4dabf18193072939515e22adb298388d';

/** Removes Pulumi's secret wrappers from mock inputs. */
export function unwrap(x: any): any {
  if (Array.isArray(x)) return x.map(unwrap);
  if (x && typeof x === 'object') {
    if (x[SECRET_SIG] !== undefined && 'value' in x) return unwrap(x.value);
    return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, unwrap(v)]));
  }
  return x;
}

/** Registrations the tests wait for, each resolved by the first matching resource. */
const waiting: Array<{ type: string; resolve: (c: Created) => void }> = [];
let records: Created[] = [];

export function setupMocks(project = 'regcred-test'): Created[] {
  const created: Created[] = [];
  records = created;
  void pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        const record = { type: args.type, name: args.name, inputs: args.inputs };
        created.push(record);
        for (const w of waiting.filter((w) => w.type === args.type)) {
          waiting.splice(waiting.indexOf(w), 1);
          w.resolve(record);
        }
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: (args) => args.inputs,
    },
    project,
    'test',
    false,
  );
  return created;
}

/** The value of an Output once known. */
export function valueOf<T>(o: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => o.apply((v) => resolve(v)));
}

/** Waits until the mocks have registered each resource (its URN is known once they have). */
export async function registered(...resources: pulumi.Resource[]): Promise<void> {
  await Promise.all(resources.map((r) => valueOf(r.urn)));
}

/**
 * The first resource of `type` the mocks registered, waiting for it when there is none yet;
 * fails after `ms` naming the type.
 */
export function createdOfType(type: string, ms = 10_000): Promise<Created> {
  const seen = records.find((r) => r.type === type);
  if (seen) return Promise.resolve(seen);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${type} registered within ${ms} ms`)), ms);
    waiting.push({
      type,
      resolve: (c) => {
        clearTimeout(timer);
        resolve(c);
      },
    });
  });
}

/** What `make` throws: the property paths and reasons of an InputPropertyError or an InputPropertiesError. */
export function inputErrorsOf(make: () => unknown): Array<[path: string, reason: string]> {
  try {
    make();
  } catch (e) {
    if (pulumi.InputPropertyError.isInstance(e)) return [[e.propertyPath, e.reason]];
    if (pulumi.InputPropertiesError.isInstance(e)) return e.errors.map((x) => [x.propertyPath, x.reason]);
    throw e;
  }
  throw new Error('expected an InputPropertyError, but nothing was thrown');
}
