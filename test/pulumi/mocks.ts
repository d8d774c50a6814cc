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

export function setupMocks(project = 'regcred-test'): Created[] {
  const created: Created[] = [];
  void pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        created.push({ type: args.type, name: args.name, inputs: args.inputs });
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

/** Lets the engine register pending resources. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 50));
}
