import { createHash } from 'node:crypto';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import {
  DOCKER_CONFIG_JSON_TYPE,
  requireProps,
  ExpiryOptions,
  PullSecretFormat,
  RegcredError,
  RotationWindow,
  expiryVerdict,
  overlapEndedNote,
  rotationOverlap,
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
import { RegistryCredentialsInput, resolveCredentialsOrReport } from './credentials-input';
import { WiringTarget, chartTransformation, workloadTransform, workloadTransformation } from './transform';

/** A ServiceAccount to list the secret in, through a server-side-apply `ServiceAccountPatch`. */
export interface ServiceAccountWiring {
  /** The ServiceAccount's name. */
  readonly name: pulumi.Input<string>;
  /**
   * Its namespace; the secret must be emitted there too (see `namespaces`).
   * @default - the provider's default namespace
   */
  readonly namespace?: string;
  /**
   * Pull secret names the ServiceAccount must keep. `imagePullSecrets` is an
   * atomic list under server-side apply: the patch owns the whole list, so any
   * name not given here is removed.
   * @default - none
   */
  readonly keep?: pulumi.Input<pulumi.Input<string>[]>;
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
   * Secret of its own namespace).
   * @default - one Secret in the provider's default namespace
   */
  readonly namespaces?: readonly string[];
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
  readonly serviceAccounts?: readonly ServiceAccountWiring[];
  /**
   * Labels for the Secrets.
   * @default - none
   */
  readonly labels?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /**
   * Expiry checks at preview and update for credentials with `expiresAt`.
   * @default - warn within 30 days, fail when expired, system clock
   */
  readonly expiry?: ExpiryOptions;
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
  readonly credentials: readonly RegistryCredentialsInput[];
}

/** Arguments of {@link RegistrySecret}. */
export interface RegistrySecretArgs extends RegistrySecretOptions {
  /** The credentials, one per registry key; all go into one Secret. */
  readonly credentials: readonly RegistryCredentialsInput[];
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

/** One Secret per namespace for `inputs`, named `<baseName>-<content hash>`. */
/** A Secret name the API server refuses: the Secret of refused credentials is never created. */
const REFUSED_NAME = 'Refused by regcred: see the error above';

function emitSecrets(
  parent: pulumi.ComponentResource,
  childName: string,
  baseName: pulumi.Input<string>,
  inputs: readonly RegistryCredentialsInput[],
  args: RegistrySecretOptions,
  refuse: boolean,
  expiry?: { readonly label: string; readonly options: ExpiryOptions },
): Emitted {
  const format = args.format ?? PullSecretFormat.DOCKER_CONFIG_JSON;
  const checked = resolveCredentialsOrReport(inputs, parent);
  // The rendered Secret: type, annotations and base64 data; secret end to end. Credentials that
  // break a rule were reported already; the Secret then carries a name the API server refuses, so
  // the update fails at that Secret and nothing is created or replaced.
  const body = pulumi.secret(
    checked.apply((cs) => {
      // An expired token (with failWhenExpired) is refused like a bad one, once the values are known.
      const expired = cs !== undefined && expiry ? expiryVerdict(expiry.label, cs, expiry.options).errors : [];
      for (const e of expired) void pulumi.log.error(e, parent);
      if (cs !== undefined && !refuse && expired.length === 0) {
        try {
          const m = pullSecretManifest({ name: 'regcred', credentials: cs, format });
          return { type: m.type, data: m.data, annotations: m.metadata.annotations, refused: false };
        } catch (e) {
          if (!RegcredError.isRegcredError(e)) throw e;
          void pulumi.log.error(e.message, parent);
        }
      }
      return { type: DOCKER_CONFIG_JSON_TYPE, data: {}, annotations: undefined, refused: true };
    }),
  );
  const credentials = checked.apply((cs) => cs ?? []);
  const secretName: pulumi.Output<string> =
    args.appendHash === false
      ? pulumi.output(baseName)
      : pulumi.unsecret(
          pulumi.all([pulumi.output(baseName), body]).apply(([b, m]) => `${b}-${contentHash(m.data, m.type)}`),
        );
  const namespaces: Array<string | undefined> =
    args.namespaces && args.namespaces.length > 0 ? [...args.namespaces] : [undefined];
  const output = secretOutput(args);
  // A plain Secret goes in core/v1 Secrets, whose data Pulumi keeps secret; another format's object
  // (ciphertext only its controller opens) in custom resources of its kind.
  if (!output.plaintext) {
    const outputOk = secretOutputOk(parent, output, args);
    const sealedSecrets = namespaces.map((ns) =>
      customResourceSecret(
        parent,
        output,
        ns === undefined ? childName : `${childName}-${ns}`,
        ns,
        secretName,
        body,
        args,
        refuse || !outputOk,
        inputs.map((c) => c.kind),
      ),
    );
    return { secretName: pulumi.unsecret(sealedSecrets[0].metadata.name), secrets: [], sealedSecrets, credentials };
  }
  const secrets = namespaces.map(
    (ns) =>
      new k8s.core.v1.Secret(
        ns === undefined ? childName : `${childName}-${ns}`,
        {
          metadata: {
            name: pulumi
              .all([secretName, pulumi.unsecret(body.apply((b) => b.refused))])
              .apply(([n, refused]) => (refused ? REFUSED_NAME : n)),
            // A refused Secret keeps out of a namespace that may not exist: the API server refuses its name at once.
            ...(ns !== undefined && !refuse ? { namespace: ns } : {}),
            ...(args.labels ? { labels: args.labels } : {}),
            annotations: pulumi.unsecret(body.apply((b) => b.annotations)),
          },
          type: pulumi.unsecret(body.apply((b) => b.type)),
          data: body.apply((b) => b.data),
        },
        { parent },
      ),
  );
  return { secretName: pulumi.unsecret(secrets[0].metadata.name), secrets, sealedSecrets: [], credentials };
}

/** Whether `output` can emit anything (a seal certificate the controller could have); reported once on the component if not. */
function secretOutputOk(parent: pulumi.ComponentResource, output: SecretOutput, args: RegistrySecretOptions): boolean {
  try {
    output.check(args.expiry?.now ?? new Date());
    return true;
  } catch (e) {
    if (!RegcredError.isRegcredError(e)) throw e;
    void pulumi.log.error(e.message, parent);
    return false;
  }
}

/**
 * The object of one namespace in `output`'s format (a SealedSecret): the Secret `body` describes,
 * rendered once its values are known. Only the rendered object (ciphertext) leaves the secret
 * Output. Refused credentials, or a format that cannot emit, give an object the API server refuses.
 */
function customResourceSecret(
  parent: pulumi.ComponentResource,
  output: SecretOutput,
  childName: string,
  namespace: string | undefined,
  secretName: pulumi.Output<string>,
  body: pulumi.Output<{
    type: string;
    data: Record<string, string>;
    annotations?: Record<string, string>;
    refused: boolean;
  }>,
  args: RegistrySecretOptions,
  refuse: boolean,
  kinds: readonly RegistryKind[],
): k8s.apiextensions.CustomResource {
  const now = args.expiry?.now ?? new Date();
  const rendered = pulumi.all([secretName, body, pulumi.output(args.labels ?? {})]).apply(([name, b, labels]) => {
    if (b.refused || refuse) return undefined;
    try {
      return output.render(
        {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: {
            name,
            ...(namespace !== undefined ? { namespace } : {}),
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
      void pulumi.log.error(e.message, parent);
      return undefined;
    }
  });
  const fields = Object.fromEntries(
    output.bodyFields.map((k) => [k, pulumi.unsecret(rendered.apply((r) => r?.body[k] ?? {}))]),
  );
  return new k8s.apiextensions.CustomResource(
    childName,
    {
      apiVersion: output.apiVersion,
      kind: output.kind,
      metadata: {
        name: pulumi.all([secretName, rendered]).apply(([n, r]) => (r === undefined ? REFUSED_NAME : n)),
        ...(namespace !== undefined && !refuse ? { namespace } : {}),
        ...(args.labels ? { labels: args.labels } : {}),
        annotations: pulumi.unsecret(rendered.apply((r) => r?.metadata.annotations ?? {})),
      },
      // What only the controller can open: kept out of Pulumi's secret handling on purpose.
      ...fields,
    },
    { parent },
  );
}

/**
 * Once the credentials are known: logs their warnings (a trimmed newline, a token
 * kind that may not work) and tokens expiring soon. An expired token is an error,
 * reported where its Secret is refused (emitSecrets).
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

/** Creates the children of a registry secret component; every rule comes from regcred's core. */
export function buildRegistrySecret(
  parent: pulumi.ComponentResource,
  name: string,
  args: RegistrySecretArgs,
): RegistrySecretParts {
  const credentialsInputs = args.credentials ?? [];
  // Nothing is thrown for bad input (a throw from the program is printed twice): credentials that break
  // a rule are logged once by resolveCredentialsOrReport, the problems below here, and the Secrets are
  // refused by the API server, so the update fails there and workloads wired to them wait.
  const problems: Array<[path: string, message: string]> = [];
  if (credentialsInputs.length === 0) {
    problems.push(['credentials', `'credentials' is empty. Give at least one RegistryCredentialsInput.`]);
  }
  const baseName = args.secretName ?? name;
  if (typeof baseName === 'string') {
    for (const p of secretNameProblems(baseName, 'secretName')) problems.push(['secretName', p.message]);
  }
  for (const ns of args.namespaces ?? []) {
    for (const p of namespaceProblems(ns, 'namespaces')) problems.push(['namespaces', p.message]);
  }
  const expiry = args.expiry ?? {};
  let overlap: { active: boolean; until: Date } | undefined;
  if (args.previous) {
    try {
      overlap = rotationOverlap(args.previous.until, expiry.now ?? new Date());
    } catch (e) {
      if (!RegcredError.isRegcredError(e)) throw e;
      problems.push(['previous.until', e.message]);
    }
  }
  for (const [path, message] of problems) void pulumi.log.error(`${path}: ${message}`, parent);
  const refuse = problems.length > 0;
  const label = typeof baseName === 'string' ? baseName : name;

  const primary = emitSecrets(parent, name, baseName, credentialsInputs, args, refuse, { label, options: expiry });
  const credentials = logWarnings(parent, label, primary.credentials, expiry);
  let previous: Emitted | undefined;
  if (args.previous && overlap) {
    if (overlap.active) {
      previous = emitSecrets(
        parent,
        `${name}-previous`,
        pulumi.interpolate`${baseName}-previous`,
        args.previous.credentials,
        args,
        refuse,
      );
    } else {
      const registries = args.previous.credentials.map((c) => c.plainRegistry ?? '(registry)');
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
  // Refused credentials (reported already) render as nothing.
  const render = (cs: RegistryCredentials[]): string =>
    cs.length === 0 ? '' : format === PullSecretFormat.DOCKERCFG ? renderDockercfg(cs) : renderDockerConfigJson(cs);
  return {
    secretName: primary.secretName,
    imagePullSecrets: pulumi.all(names).apply((ns) => ns.map((n) => ({ name: n }))),
    dockerConfigJson: pulumi.secret(credentials.apply(render)),
    secrets: [...primary.secrets, ...(previous?.secrets ?? [])],
    sealedSecrets: [...primary.sealedSecrets, ...(previous?.sealedSecrets ?? [])],
    target: { secretNames: names, registries },
  };
}

/**
 * What every regcred Pulumi component exposes: the Secret name and references
 * as outputs, the secret-marked payload, and transforms that wire workloads.
 */
export abstract class RegistrySecretBase extends pulumi.ComponentResource {
  /** The Secret's name, the same in every namespace. */
  public readonly secretName: pulumi.Output<string>;
  /** `[{ name }]`, ready for a pod spec's `imagePullSecrets`. */
  public readonly imagePullSecrets: pulumi.Output<{ name: string }[]>;
  /** The `.dockerconfigjson` payload; secret. */
  public readonly dockerConfigJson: pulumi.Output<string>;
  /** The Secrets, one per namespace (none with `seal`). */
  public readonly secrets: readonly k8s.core.v1.Secret[];
  /** With `seal`: the SealedSecrets, one per namespace. */
  public readonly sealedSecrets: readonly k8s.apiextensions.CustomResource[];
  /** For the `transforms` option and `pulumi.runtime.registerResourceTransform`. */
  public readonly transform: pulumi.ResourceTransform;
  /** For the legacy `transformations` option and `pulumi.runtime.registerStackTransformation`. */
  public readonly transformation: pulumi.ResourceTransformation;
  /** For `helm.v3.Chart` and `yaml.ConfigFile` `transformations`. */
  public readonly chartTransformation: (obj: Record<string, unknown>, opts: pulumi.CustomResourceOptions) => void;

  protected constructor(type: string, name: string, args: RegistrySecretArgs, opts?: pulumi.ComponentResourceOptions) {
    super(type, name, {}, opts);
    const parts = buildRegistrySecret(this, name, args);
    this.secretName = parts.secretName;
    this.imagePullSecrets = parts.imagePullSecrets;
    this.dockerConfigJson = parts.dockerConfigJson;
    this.secrets = parts.secrets;
    this.sealedSecrets = parts.sealedSecrets;
    this.transform = workloadTransform(parts.target);
    this.transformation = workloadTransformation(parts.target);
    this.chartTransformation = chartTransformation(parts.target);
    // dockerConfigJson stays a property of the program only: registered as an output, the engine
    // would store it (encrypted) and print it in clear text in its verbosity-9 logs.
    this.registerOutputs({ secretName: this.secretName, imagePullSecrets: this.imagePullSecrets });
  }
}

/**
 * An image pull Secret for any registry credentials, as a Pulumi component
 * (`regcred:index:RegistrySecret`): one `kubernetes:core/v1:Secret` per
 * namespace, outputs ready to drop into a pod spec, and transforms that wire
 * matching workloads.
 */
export class RegistrySecret extends RegistrySecretBase {
  public constructor(name: string, args: RegistrySecretArgs, opts?: pulumi.ComponentResourceOptions) {
    requireProps(args, 'RegistrySecret', '{ credentials: [RegistryCredentialsInput.gitlab({ … })] }');
    super('regcred:index:RegistrySecret', name, args, opts);
  }
}
