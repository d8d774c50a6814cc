import { createHash } from 'node:crypto';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import {
  requireProps,
  typeName,
  ExpiryOptions,
  PullSecretFormat,
  RegcredError,
  RotationWindow,
  expiryVerdict,
  overlapEndedNote,
  rotationOverlap,
  parseUntil,
  presetOf,
  RegistryCredentials,
  namespaceProblems,
  pullSecretManifest,
  renderDockerConfigJson,
  renderDockercfg,
  secretNameProblems,
  RegistryKind,
  SealOptions,
  secretOutput,
} from '../core/internal';
import type { SecretOutput } from '../core/internal';
import { RegistryCredentialsArgs, RegistryCredentialsInput, resolveCredentialsOrFail } from './credentials-input';
import { componentError, inputError } from './errors';
import { MemberStore } from './members';
import { WiringTarget, WorkloadTransforms, workloadTransforms } from './transform';

/** A ServiceAccount to list the secret in, through a server-side-apply `ServiceAccountPatch`. */
export interface ServiceAccountWiring {
  /** The ServiceAccount's name. */
  readonly name: pulumi.Input<string>;
  /**
   * Its namespace; the secret must be emitted there too (see `namespaces`).
   * @default - the provider's default namespace
   */
  readonly namespace?: pulumi.Input<string>;
  /**
   * Pull secret names the ServiceAccount must keep. `imagePullSecrets` is an
   * atomic list under server-side apply: the patch owns the whole list, so any
   * name not given here is removed.
   * @default - none
   */
  readonly keep?: pulumi.Input<pulumi.Input<string>[]>;
}

/** When to warn of a token's expiry and whether to fail once it has expired. */
export interface ExpiryArgs {
  /**
   * Warn when a token expires within this many days.
   * @default 30
   */
  readonly warnWithinDays?: number;
  /**
   * Fail the preview or update when a token has expired.
   * @default true
   */
  readonly failWhenExpired?: boolean;
  /**
   * The current time, as RFC 3339 text (`2027-01-31T00:00:00Z`).
   * @default - the system clock
   */
  readonly now?: string;
}

/** {@link ExpiryArgs} as core reads them; a `now` that is not RFC 3339 text is a problem at `expiry.now`. */
function expiryOptions(args: ExpiryArgs | undefined, problems: Array<[string, string]>): ExpiryOptions {
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
function credentialInputs(
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
function knownCredentialProblems(
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

/** Options shared by every registry secret component. */
export interface RegistrySecretOptions {
  /**
   * The base of the Secret's name. The Secret is named `<name>-<hash of its content>`,
   * so that a new token gives a new Secret that is created before the old one is deleted.
   * @default - the component's resource name
   */
  readonly secretName?: pulumi.Input<string>;
  /**
   * Whether to append the content hash to the name. Without it, a token change
   * replaces the Secret under the same name: @pulumi/kubernetes then deletes
   * before it creates, leaving a moment with no Secret, unless the provider has
   * `enableSecretMutable: true` (an in-place update).
   * @default true
   */
  readonly appendHash?: boolean;
  /**
   * The namespaces to emit the Secret in, one Secret each (a pod can only use a
   * Secret of its own namespace). A namespace given as text names its Secret's
   * resource `<name>-<namespace>`; one given as an Output (`ns.metadata.name`),
   * `<name>-<position>`, since a resource's name must be known before its inputs.
   * @default - one Secret in the provider's default namespace
   */
  readonly namespaces?: pulumi.Input<string>[];
  /**
   * The payload format.
   * @default PullSecretFormat.DOCKER_CONFIG_JSON
   */
  readonly format?: PullSecretFormat;
  /**
   * ServiceAccounts to list the secret in. A ServiceAccount's pull secrets reach
   * a pod only at creation and only when the pod lists none of its own.
   * @default - none
   */
  readonly serviceAccounts?: ServiceAccountWiring[];
  /**
   * Labels for the Secrets.
   * @default - none
   */
  readonly labels?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /**
   * Expiry checks at preview and update for credentials with `expiresAt`.
   * @default - warn within 30 days, fail when expired, system clock
   */
  readonly expiry?: ExpiryArgs;
  /**
   * Emit a SealedSecret (`bitnami.com/v1alpha1`) instead of each Secret, sealed
   * for the Sealed Secrets controller's certificate: the state and render-mode
   * YAML hold only ciphertext, and the controller makes the Secret. Wired like
   * a Secret. Generated tokens seal deterministically (unchanged inputs give
   * unchanged ciphertext); see `deterministic`.
   * @default - plain Secrets
   */
  readonly seal?: SealOptions;
}

/** Credentials being rotated out, kept until `until`. */
export interface PreviousCredentialsInput extends RotationWindow {
  /** The credentials being rotated out (`RegistryCredentialsInput.gitlab({ … })`, or their args). */
  readonly credentials: RegistryCredentialsArgs[];
}

/** Arguments of {@link RegistrySecret}. */
export interface RegistrySecretArgs extends RegistrySecretOptions {
  /**
   * The credentials, one per registry key; all go into one Secret. In TypeScript,
   * `RegistryCredentialsInput.gitlab({ … })` and the other factories; in other languages, their
   * args (`{ kind: "gitlab", username, token }`).
   */
  readonly credentials: RegistryCredentialsArgs[];
  /**
   * The credentials being rotated out. Until `until` they are emitted as a
   * second set of Secrets (`<name>-previous`) listed after the new one in
   * `imagePullSecrets` and by the transforms, so the kubelet tries the new
   * credentials first and falls back to the old. From `until` on they are
   * no longer emitted, with a note to revoke them.
   * @default - no rotation in progress
   */
  readonly previous?: PreviousCredentialsInput;
}

function contentHash(data: Record<string, string>, type: string): string {
  return createHash('sha256').update(JSON.stringify({ data, type }), 'utf8').digest('hex').slice(0, 10);
}

/** What every registry secret component shares; built by {@link buildRegistrySecret}. */
export interface RegistrySecretParts {
  readonly secretName: pulumi.Output<string>;
  readonly imagePullSecrets: pulumi.Output<{ name: string }[]>;
  readonly dockerConfigJson: pulumi.Output<string>;
  readonly secrets: readonly k8s.core.v1.Secret[];
  readonly sealedSecrets: readonly k8s.apiextensions.CustomResource[];
  readonly target: WiringTarget;
}

interface Emitted {
  readonly secretName: pulumi.Output<string>;
  readonly secrets: k8s.core.v1.Secret[];
  readonly sealedSecrets: k8s.apiextensions.CustomResource[];
  readonly credentials: pulumi.Output<RegistryCredentials[]>;
}

/**
 * `value`, once `guard` is known: an Output that rejects as soon as `guard` does. A resource whose
 * registration failed never resolves its outputs, so whatever reads them (a workload wired to the
 * Secret's name) would wait forever; reading them through the guard ends with the same error.
 */
function guarded<T>(guard: pulumi.Output<unknown>, value: pulumi.Output<T>): pulumi.Output<T> {
  return pulumi.all([pulumi.unsecret(guard.apply(() => true)), value]).apply(([, v]) => v as T);
}

/** The rendered Secret of some credentials: type, annotations and base64 data. */
interface SecretBody {
  readonly type: string;
  readonly data: Record<string, string>;
  readonly annotations?: Record<string, string>;
}

/** One Secret per namespace for `inputs`, named `<baseName>-<content hash>`. */
function emitSecrets(
  parent: pulumi.ComponentResource,
  childName: string,
  baseName: pulumi.Input<string>,
  inputs: readonly RegistryCredentialsInput[],
  field: string,
  args: RegistrySecretOptions,
  now: Date,
  expiry?: { readonly label: string; readonly options: ExpiryOptions },
): Emitted {
  const format = args.format ?? PullSecretFormat.DOCKER_CONFIG_JSON;
  const credentials = resolveCredentialsOrFail(inputs, field, parent);
  // The rendered Secret, secret end to end. Credentials that break a rule, or an expired token
  // (with failWhenExpired), reject it with one ResourceError: the Secrets and everything wired to
  // them are never registered, and the update ends with that error on the component.
  const body: pulumi.Output<SecretBody> = pulumi.secret(
    credentials.apply((cs) => {
      const expired = expiry ? expiryVerdict(expiry.label, cs, expiry.options).errors : [];
      if (expired.length > 0) throw componentError(expired.join('\n'), parent);
      try {
        const m = pullSecretManifest({ name: 'regcred', credentials: cs, format });
        return { type: m.type, data: m.data, annotations: m.metadata.annotations };
      } catch (e) {
        if (!RegcredError.isRegcredError(e)) throw e;
        throw componentError(e.message, parent);
      }
    }),
  );
  const secretName: pulumi.Output<string> =
    args.appendHash === false
      ? pulumi.output(baseName)
      : pulumi.unsecret(
          pulumi.all([pulumi.output(baseName), body]).apply(([b, m]) => `${b}-${contentHash(m.data, m.type)}`),
        );
  const namespaces: Array<pulumi.Input<string> | undefined> =
    args.namespaces && args.namespaces.length > 0 ? [...args.namespaces] : [undefined];
  const childOf = (ns: pulumi.Input<string> | undefined, i: number): string =>
    ns === undefined ? childName : typeof ns === 'string' ? `${childName}-${ns}` : `${childName}-${i}`;
  const output = secretOutput(args);
  // A plain Secret goes in core/v1 Secrets, whose data Pulumi keeps secret; another format's object
  // (ciphertext only its controller opens) in custom resources of its kind.
  if (!output.plaintext) {
    const objects = namespaces.map((ns, i) =>
      customResourceSecret(
        parent,
        output,
        childOf(ns, i),
        ns,
        secretName,
        body,
        args,
        now,
        inputs.map((c) => c.kind),
      ),
    );
    return {
      secretName: guarded(
        pulumi.all(objects.map((o) => o.rendered)),
        pulumi.unsecret(objects[0].resource.metadata.name),
      ),
      secrets: [],
      sealedSecrets: objects.map((o) => o.resource),
      credentials,
    };
  }
  const secrets = namespaces.map(
    (ns, i) =>
      new k8s.core.v1.Secret(
        childOf(ns, i),
        {
          metadata: {
            name: secretName,
            ...(ns !== undefined ? { namespace: ns } : {}),
            ...(args.labels ? { labels: args.labels } : {}),
            annotations: pulumi.unsecret(body.apply((b) => b.annotations)),
          },
          type: pulumi.unsecret(body.apply((b) => b.type)),
          data: body.apply((b) => b.data),
        },
        { parent },
      ),
  );
  return {
    secretName: guarded(body, pulumi.unsecret(secrets[0].metadata.name)),
    secrets,
    sealedSecrets: [],
    credentials,
  };
}

/**
 * The object of one namespace in `output`'s format (a SealedSecret): the Secret `body` describes,
 * rendered once its values are known. Only the rendered object (ciphertext) leaves the secret
 * Output. A format that cannot emit (an expired sealing certificate) rejects it with a
 * ResourceError, as refused credentials do.
 */
function customResourceSecret(
  parent: pulumi.ComponentResource,
  output: SecretOutput,
  childName: string,
  namespace: pulumi.Input<string> | undefined,
  secretName: pulumi.Output<string>,
  body: pulumi.Output<SecretBody>,
  args: RegistrySecretOptions,
  now: Date,
  kinds: readonly RegistryKind[],
): { readonly resource: k8s.apiextensions.CustomResource; readonly rendered: pulumi.Output<unknown> } {
  const rendered = pulumi
    .all([secretName, body, pulumi.output(args.labels ?? {}), pulumi.output(namespace)])
    .apply(([name, b, labels, ns]) => {
      try {
        return output.render(
          {
            apiVersion: 'v1',
            kind: 'Secret',
            metadata: {
              name,
              ...(ns !== undefined ? { namespace: ns } : {}),
              ...(Object.keys(labels).length > 0 ? { labels: labels } : {}),
              ...(b.annotations ? { annotations: b.annotations } : {}),
            },
            type: b.type,
            data: b.data,
          },
          kinds,
          now,
        );
      } catch (e) {
        if (!RegcredError.isRegcredError(e)) throw e;
        throw componentError(e.message, parent);
      }
    });
  const fields = Object.fromEntries(
    output.bodyFields.map((k) => [k, pulumi.unsecret(rendered.apply((r) => r.body[k] ?? {}))]),
  );
  const resource = new k8s.apiextensions.CustomResource(
    childName,
    {
      apiVersion: output.apiVersion,
      kind: output.kind,
      metadata: {
        name: guarded(rendered, secretName),
        ...(namespace !== undefined ? { namespace } : {}),
        ...(args.labels ? { labels: args.labels } : {}),
        annotations: pulumi.unsecret(rendered.apply((r) => r.metadata.annotations ?? {})),
      },
      // What only the controller can open: kept out of Pulumi's secret handling on purpose.
      ...fields,
    },
    { parent },
  );
  return { resource, rendered };
}

/**
 * Once the credentials are known: logs their warnings (a trimmed newline, a token
 * kind that may not work) and tokens expiring soon. An expired token is an error,
 * raised where its Secret is rendered (emitSecrets).
 */
function logWarnings(
  parent: pulumi.ComponentResource,
  secret: string,
  credentials: pulumi.Output<RegistryCredentials[]>,
  options: ExpiryOptions,
): pulumi.Output<RegistryCredentials[]> {
  return credentials.apply((cs) => {
    for (const c of cs) for (const w of c.warnings) void pulumi.log.warn(`${c.registry}: ${w}`, parent);
    for (const w of expiryVerdict(secret, cs, options).warnings) void pulumi.log.warn(w, parent);
    return cs;
  });
}

/**
 * `value` of `field` as a list: absent is empty; anything else but an array (from a JavaScript
 * caller, or an Output of a whole list) is a problem, and empty.
 */
function listArg<T>(value: readonly T[] | undefined, field: string, problems: Array<[string, string]>): T[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return [...(value as readonly T[])];
  const got = pulumi.Output.isInstance(value) ? 'an Output of a list' : typeName(value);
  problems.push([field, `'${field}' must be a list (its items may be Outputs), got ${got}.`]);
  return [];
}

/** Creates the children of a registry secret component; every rule comes from regcred's core. */
function buildRegistrySecret(
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
  const render = (cs: RegistryCredentials[]): string =>
    format === PullSecretFormat.DOCKERCFG ? renderDockercfg(cs) : renderDockerConfigJson(cs);
  return {
    secretName: primary.secretName,
    imagePullSecrets: pulumi.all(names).apply((ns) => ns.map((n) => ({ name: n }))),
    dockerConfigJson: pulumi.secret(credentials.apply(render)),
    secrets: [...primary.secrets, ...(previous?.secrets ?? [])],
    sealedSecrets: [...primary.sealedSecrets, ...(previous?.sealedSecrets ?? [])],
    target: { secretNames: names, registries },
  };
}

/** A reference to a Secret by name, as a pod spec's `imagePullSecrets` lists it. */
export interface LocalObjectReference {
  /** The Secret's name. */
  readonly name: string;
}

/**
 * What every regcred Pulumi component offers a TypeScript program beside its outputs: the
 * payload, the child resources and the transforms that wire workloads. Kept out of the package
 * schema (functions and resource lists do not cross languages): other languages use the outputs
 * `secretName` and `imagePullSecrets`, or `serviceAccounts`.
 */
export interface RegistrySecretMembers extends WorkloadTransforms {
  /** The `.dockerconfigjson` payload; secret. */
  readonly dockerConfigJson: pulumi.Output<string>;
  /**
   * The objects the component emits, one per namespace, and then those of `previous`: Secrets, or
   * SealedSecrets with `seal`.
   */
  readonly objects: ReadonlyArray<k8s.core.v1.Secret | k8s.apiextensions.CustomResource>;
}

/** The members of each component, kept beside it rather than in its properties (which the schema reads). */
const MEMBERS = new MemberStore<RegistrySecretMembers>([
  'dockerConfigJson',
  'objects',
  'transform',
  'transformation',
  'chartTransformation',
]);

/** The outputs every component registers, in the schema. */
export interface RegistrySecretOutputs {
  readonly secretName: pulumi.Output<string>;
  readonly imagePullSecrets: pulumi.Output<LocalObjectReference[]>;
}

/**
 * Builds a component's children from `args` and registers its outputs; the component class only
 * declares them. Inputs known now that break a rule throw an InputPropertyError (one) or an
 * InputPropertiesError (several), whose property paths `path` gives from regcred's field names.
 */
export function initRegistrySecret(
  component: pulumi.ComponentResource,
  name: string,
  args: RegistrySecretArgs,
  path: (field: string) => string = (f) => f,
): RegistrySecretOutputs {
  const parts = buildRegistrySecret(component, name, args, path);
  MEMBERS.set(component, {
    dockerConfigJson: parts.dockerConfigJson,
    objects: [...parts.secrets, ...parts.sealedSecrets],
    ...workloadTransforms(parts.target),
  });
  const outputs = { secretName: parts.secretName, imagePullSecrets: parts.imagePullSecrets };
  // dockerConfigJson stays a member of the program only: registered as an output, the engine
  // would store it (encrypted) and print it in clear text in its verbosity-9 logs.
  // registerOutputs is protected; initRegistrySecret acts for the component's own constructor.
  (component as unknown as { registerOutputs(o: pulumi.Inputs): void }).registerOutputs(outputs);
  return outputs;
}

/** Gives a component class the {@link RegistrySecretMembers}, as getters on its prototype. */
export function withRegistrySecretMembers(cls: abstract new (...args: never[]) => pulumi.ComponentResource): void {
  MEMBERS.install(cls);
}

/**
 * An image pull Secret for any registry credentials, as a Pulumi component
 * (`regcred:index:RegistrySecret`): one `kubernetes:core/v1:Secret` per
 * namespace, outputs ready to drop into a pod spec, and transforms that wire
 * matching workloads.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type -- the members are getters from withRegistrySecretMembers
export interface RegistrySecret extends RegistrySecretMembers {}
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class RegistrySecret extends pulumi.ComponentResource {
  /** The Secret's name, the same in every namespace. */
  public readonly secretName: pulumi.Output<string>;
  /** `[{ name }]`, ready for a pod spec's `imagePullSecrets`. */
  public readonly imagePullSecrets: pulumi.Output<LocalObjectReference[]>;

  public constructor(name: string, args: RegistrySecretArgs, opts?: pulumi.ComponentResourceOptions) {
    requireProps(args, 'RegistrySecret', '{ credentials: [RegistryCredentialsInput.gitlab({ … })] }');
    super('regcred:index:RegistrySecret', name, {}, opts);
    ({ secretName: this.secretName, imagePullSecrets: this.imagePullSecrets } = initRegistrySecret(this, name, args));
  }
}
withRegistrySecretMembers(RegistrySecret);
