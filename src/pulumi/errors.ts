/** How regcred's Pulumi components fail: the error types Pulumi's own libraries use. */
import * as pulumi from '@pulumi/pulumi';

/**
 * The error for inputs known at construction that break rules: one InputPropertyError, or an
 * InputPropertiesError listing each. Pulumi shows the property path and the reason, no stack.
 */
export function inputError(problems: ReadonlyArray<readonly [string, string]>): Error {
  if (problems.length === 1) {
    const [propertyPath, reason] = problems[0];
    return new pulumi.InputPropertyError({ propertyPath, reason });
  }
  return new pulumi.InputPropertiesError({
    message: problems.map(([p, m]) => `${p}: ${m}`).join('\n'),
    errors: problems.map(([propertyPath, reason]) => ({ propertyPath, reason })),
  });
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
