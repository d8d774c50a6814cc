/** Reading a registry secret component's args: lists, expiry options and credentials known now, each problem by its property path. */
import * as pulumi from '@pulumi/pulumi';
import {
  typeName,
  ExpiryOptions,
  RegcredError,
  expiryVerdict,
  parseUntil,
  presetOf,
  RegistryCredentials,
} from '../core/internal';
import { RegistryCredentialsArgs, RegistryCredentialsInput } from './credentials-input';
import type { ExpiryArgs } from './registry-secret-args';

/** {@link ExpiryArgs} as core reads them; a `now` that is not RFC 3339 text is a problem at `expiry.now`. */
export function expiryOptions(args: ExpiryArgs | undefined, problems: Array<[string, string]>): ExpiryOptions {
  const { now, ...rest } = args ?? {};
  if (now === undefined) return rest;
  try {
    return { ...rest, now: parseUntil(now, 'expiry.now') };
  } catch (e) {
    if (!RegcredError.isRegcredError(e)) throw e;
    problems.push(['expiry.now', e.message]);
    return rest;
  }
}

/** `list` as credentials inputs; an entry that is not one is a problem at its path, and left out. */
export function credentialInputs(
  list: readonly RegistryCredentialsArgs[],
  prefix: string,
  problems: Array<[string, string]>,
): RegistryCredentialsInput[] {
  const out: RegistryCredentialsInput[] = [];
  list.forEach((c, i) => {
    try {
      out.push(RegistryCredentialsInput.of(c));
    } catch (e) {
      if (!RegcredError.isRegcredError(e)) throw e;
      for (const issue of e.issues)
        problems.push([`${prefix}[${i}]${issue.field ? `.${issue.field}` : ''}`, issue.message]);
    }
  });
  return out;
}

/**
 * The rules broken by those of `inputs` whose values are all known now, with the property path
 * of each (`credentials[0].token`). The path of a secret field (a token, a password) says that its
 * value is not shown: Pulumi's CLI prints the value at a component's error path when it finds one.
 */
export function knownCredentialProblems(
  inputs: readonly RegistryCredentialsInput[],
  prefix: string,
  expiry?: { readonly label: string; readonly options: ExpiryOptions },
): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  inputs.forEach((input, i) => {
    const props = input.knownProps();
    if (props === undefined) return;
    let built: RegistryCredentials;
    try {
      built = input.build(props);
    } catch (e) {
      if (!RegcredError.isRegcredError(e)) throw e;
      const secret = (field: string): boolean =>
        (presetOf(input.kind).fields as Record<string, string | undefined>)[field] === 'secret';
      for (const issue of e.issues) {
        const at = `${prefix}[${i}].${issue.field}`;
        out.push([secret(issue.field) ? `${at} (value not shown)` : at, issue.message]);
      }
      return;
    }
    // A known token past its expiresAt (with failWhenExpired) is refused here too.
    for (const error of expiry ? expiryVerdict(expiry.label, [built], expiry.options).errors : []) {
      out.push([`${prefix}[${i}].expiresAt`, error]);
    }
  });
  return out;
}

/**
 * `value` of `field` as a list: absent is empty; anything else but an array (from a JavaScript
 * caller, or an Output of a whole list) is a problem, and empty.
 */
export function listArg<T>(value: readonly T[] | undefined, field: string, problems: Array<[string, string]>): T[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return [...(value as readonly T[])];
  const got = pulumi.Output.isInstance(value) ? 'an Output of a list' : typeName(value);
  problems.push([field, `'${field}' must be a list (its items may be Outputs), got ${got}.`]);
  return [];
}
