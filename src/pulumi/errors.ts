/** How regcred's Pulumi components fail: the error types Pulumi's own libraries use. */
import * as pulumi from '@pulumi/pulumi';
import { inspect } from 'node:util';

/**
 * The error for inputs known at construction that break rules: one InputPropertyError, or an
 * InputPropertiesError listing each. A multi-language program (YAML, Python) gets them from the
 * package's provider, which Pulumi turns into its property errors. A TypeScript program gets the
 * error itself: Pulumi prints an error's stack (the CLI through `util.inspect`, which adds its
 * fields, the Automation API through `stack`, and then its `message` once more), so all three are
 * the problems alone, `path: reason` a line each — no regcred frames.
 */
export function inputError(problems: ReadonlyArray<readonly [string, string]>): Error {
  const text = problems.map(([p, m]) => `${p}: ${m}`).join('\n');
  let error: Error;
  if (problems.length === 1) {
    const [propertyPath, reason] = problems[0];
    error = new pulumi.InputPropertyError({ propertyPath, reason });
  } else {
    error = new pulumi.InputPropertiesError({
      message: text,
      errors: problems.map(([propertyPath, reason]) => ({ propertyPath, reason })),
    });
  }
  // The provider reads propertyPath and reason; the message and stack are what a program prints.
  Object.defineProperty(error, 'message', { value: text, writable: true, configurable: true, enumerable: false });
  Object.defineProperty(error, 'stack', { value: text, writable: true, configurable: true, enumerable: false });
  Object.defineProperty(error, inspect.custom, { value: () => text, enumerable: false });
  return error;
}

/**
 * The error for values that break a rule once their Outputs are known: a `pulumi.ResourceError`
 * on `component` with its stack hidden, thrown inside an `apply`. The engine reports it once on
 * the component and ends the update; every resource whose inputs derive from that Output is never
 * registered; under `pulumi.runtime.setMocks` the program fails with it. Its message stays the
 * one given (Pulumi's serializer prefixes the message of an error passing through each property),
 * and its `resource` is kept out of what Node and test runners print of an error.
 */
export function componentError(message: string, component: pulumi.Resource): pulumi.ResourceError {
  const error = new pulumi.ResourceError(message, component, true);
  Object.defineProperty(error, 'message', {
    get: () => message,
    set: () => undefined,
    enumerable: false,
    configurable: true,
  });
  Object.defineProperty(error, 'resource', { value: component, enumerable: false, writable: true, configurable: true });
  return error;
}
