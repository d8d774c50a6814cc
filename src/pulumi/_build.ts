/** Building a registry secret component's children from its args; every rule comes from regcred's core. */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import {
  PullSecretFormat,
  RegcredError,
  overlapEndedNote,
  rotationOverlap,
  RegistryCredentials,
  namespaceProblems,
  renderPayload,
  secretNameProblems,
  secretOutput,
} from '../core/internal';
import { inputError } from './errors';
import { WiringTarget } from './transform';
import type { RegistrySecretArgs } from './registry-secret-args';
import { credentialInputs, expiryOptions, knownCredentialProblems, listArg } from './_args';
import { Emitted, emitSecrets, logWarnings } from './_emit';

/** What every registry secret component shares; built by {@link buildRegistrySecret}. */
export interface RegistrySecretParts {
  readonly secretName: pulumi.Output<string>;
  readonly imagePullSecrets: pulumi.Output<{ name: string }[]>;
  readonly dockerConfigJson: pulumi.Output<string>;
  /** The Secrets (or SealedSecrets) emitted, then those of `previous`. */
  readonly objects: ReadonlyArray<k8s.core.v1.Secret | k8s.apiextensions.CustomResource>;
  readonly target: WiringTarget;
}

/** Creates the children of a registry secret component; every rule comes from regcred's core. */
export function buildRegistrySecret(
  parent: pulumi.ComponentResource,
  name: string,
  given: RegistrySecretArgs,
  path: (field: string) => string,
): RegistrySecretParts {
  const problems: Array<[path: string, message: string]> = [];
  const args: RegistrySecretArgs = {
    ...given,
    credentials: listArg(given.credentials, 'credentials', problems),
    namespaces: listArg(given.namespaces, 'namespaces', problems),
    serviceAccounts: listArg(given.serviceAccounts, 'serviceAccounts', problems),
    ...(given.previous
      ? {
          previous: {
            ...given.previous,
            credentials: listArg(given.previous.credentials, 'previous.credentials', problems),
          },
        }
      : {}),
  };
  const credentialsInputs = credentialInputs(args.credentials ?? [], 'credentials', problems);
  const previousInputs = args.previous
    ? credentialInputs(args.previous.credentials ?? [], 'previous.credentials', problems)
    : [];
  // Inputs known now that break a rule throw (InputPropertyError). Credentials that arrive as Outputs
  // and break a rule reject them with one ResourceError (resolveCredentialsOrFail): no Secret, and
  // nothing wired to one, is registered.
  if (args.credentials.length === 0 && !problems.some(([p]) => p === 'credentials')) {
    problems.push(['credentials', `'credentials' is empty. Give at least one RegistryCredentialsInput.`]);
  }
  const baseName = args.secretName ?? name;
  if (typeof baseName === 'string') {
    for (const p of secretNameProblems(baseName, 'secretName')) problems.push(['secretName', p.message]);
  }
  (args.namespaces ?? []).forEach((ns, i) => {
    if (typeof ns !== 'string') return;
    for (const p of namespaceProblems(ns, `namespaces[${i}]`)) problems.push([`namespaces[${i}]`, p.message]);
  });
  const expiry = expiryOptions(args.expiry, problems);
  const now = expiry.now ?? new Date();
  let overlap: { active: boolean; until: Date } | undefined;
  if (args.previous) {
    try {
      overlap = rotationOverlap(args.previous.until, now);
    } catch (e) {
      if (!RegcredError.isRegcredError(e)) throw e;
      problems.push(['previous.until', e.message]);
    }
  }
  try {
    secretOutput(args).check(now);
  } catch (e) {
    if (!RegcredError.isRegcredError(e)) throw e;
    for (const i of e.issues) problems.push([i.field, i.message]);
  }
  const label = typeof baseName === 'string' ? baseName : name;
  problems.push(...knownCredentialProblems(credentialsInputs, 'credentials', { label, options: expiry }));
  problems.push(...knownCredentialProblems(previousInputs, 'previous.credentials'));
  if (problems.length > 0) throw inputError(problems.map(([p, m]) => [path(p), m]));

  const primary = emitSecrets(parent, name, baseName, credentialsInputs, 'credentials', args, now, {
    label,
    options: expiry,
  });
  const credentials = logWarnings(parent, label, primary.credentials, expiry);
  let previous: Emitted | undefined;
  if (args.previous && overlap) {
    if (overlap.active) {
      previous = emitSecrets(
        parent,
        `${name}-previous`,
        pulumi.interpolate`${baseName}-previous`,
        previousInputs,
        'previous.credentials',
        args,
        now,
      );
    } else {
      const registries = previousInputs.map((c) => c.plainRegistry ?? '(registry)');
      void pulumi.log.warn(overlapEndedNote(label, registries, overlap.until), parent);
    }
  }
  const names = [primary.secretName, ...(previous ? [previous.secretName] : [])];

  (args.serviceAccounts ?? []).forEach((sa, i) => {
    new k8s.core.v1.ServiceAccountPatch(
      `${name}-sa-${i}`,
      {
        metadata: { name: sa.name, ...(sa.namespace !== undefined ? { namespace: sa.namespace } : {}) },
        imagePullSecrets: pulumi
          .all([pulumi.output(sa.keep ?? []), pulumi.all(names)])
          .apply(([keep, ours]) => [...keep.filter((k) => !ours.includes(k)), ...ours].map((n) => ({ name: n }))),
      },
      { parent },
    );
  });

  const plainKeys = credentialsInputs.map((c) => c.plainRegistry);
  const registries = plainKeys.every((k): k is string => k !== undefined)
    ? plainKeys
    : pulumi.unsecret(credentials.apply((cs) => cs.flatMap((c) => c.registries)));
  const format = args.format ?? PullSecretFormat.DOCKER_CONFIG_JSON;
  const render = (cs: RegistryCredentials[]): string => renderPayload(cs, format);
  return {
    secretName: primary.secretName,
    imagePullSecrets: pulumi.all(names).apply((ns) => ns.map((n) => ({ name: n }))),
    dockerConfigJson: pulumi.secret(credentials.apply(render)),
    objects: [primary, previous].flatMap((e) => (e ? [...e.secrets, ...e.sealedSecrets] : [])),
    target: { secretNames: names, registries },
  };
}
