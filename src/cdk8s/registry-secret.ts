import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import {
  requirePodSpecPaths,
  requireProps,
  CredentialMatcher,
  ExpiryOptions,
  RegcredError,
  RegistryCredentials,
  expiryVerdict,
  nearestImage,
  overlapEndedNote,
  rotationOverlap,
  namespaceProblems,
  pullSecretBody,
  secretNameProblems,
  secretOutput,
} from '../core/internal';
import type { PullSecretBody, PullSecretManifest, SecretOutput } from '../core/internal';
import { withConstructPath } from './_construct-path';
import { PullSecretWiring, WiringResult } from './_wiring';
import type { RegistrySecretProps } from './registry-secret-props';

/**
 * An image pull Secret (`kubernetes.io/dockerconfigjson`) for any registry
 * credentials, which wires itself into the pods that need it.
 *
 * @see https://kubernetes.io/docs/concepts/containers/images/#specifying-imagepullsecrets-on-a-pod
 */
export class RegistrySecret extends Construct {
  /** The primary Secret (child id `Resource`). The escape hatch to the raw object. */
  public readonly apiObject: ApiObject;
  /** The Secret's `metadata.name`, the same in every namespace. */
  public readonly name: string;
  /** The primary Secret's namespace ('' when none is set). */
  public readonly namespace: string;
  /** The credentials in the Secret. */
  public readonly credentials: RegistryCredentials[];
  /** @internal */
  public readonly _matcher: CredentialMatcher;
  /** Whether the secret wires itself by image match. */
  public readonly autoWire: boolean;
  /** Whether this secret asks for the chart's check at synth. */
  public readonly check: boolean;
  /**
   * Where the pod specs of kinds regcred does not know sit.
   * @default - none
   */
  public readonly podSpecPaths?: { readonly [kind: string]: string[] };

  private readonly body: PullSecretBody;
  /** @internal */
  public readonly _explicitTargets: IConstruct[] = [];
  /** @internal */
  public readonly _serviceAccountTargets: IConstruct[] = [];
  private readonly _warnings: string[] = [];
  private printedWarnings = 0;
  private readonly copies = new Map<string, ApiObject>();
  private readonly expiry: ExpiryOptions;
  private readonly output: SecretOutput;
  /**
   * The construct holding the previous credentials while a rotation overlaps.
   * @default - absent when no rotation overlaps
   */
  public readonly previous?: RegistrySecret;

  public constructor(scope: Construct, id: string, props: RegistrySecretProps) {
    super(scope, id);
    withConstructPath(scope, id, () =>
      requireProps(props, 'RegistrySecret', '{ credentials: [RegistryCredentials.gitlab({ … })] }'),
    );
    const chart = Chart.of(this);
    const namespace = props.namespace ?? chart.namespace;
    this.body = withConstructPath(scope, id, () => {
      if (props.name !== undefined) {
        const problems = secretNameProblems(props.name);
        if (problems.length > 0) throw new RegcredError('INVALID_SECRET_NAME', problems);
      }
      const problems = namespace !== undefined ? namespaceProblems(namespace) : [];
      if (problems.length > 0) throw new RegcredError('INVALID_ARGUMENT', problems);
      return pullSecretBody({
        credentials: props.credentials,
        ...(props.format !== undefined ? { format: props.format } : {}),
        ...(props.labels !== undefined ? { labels: props.labels } : {}),
      });
    });
    this.credentials = [...props.credentials];
    this.namespace = namespace ?? '';
    this.autoWire = props.autoWire ?? true;
    this.check = props.check ?? true;
    this.podSpecPaths = withConstructPath(scope, id, () => requirePodSpecPaths(props.podSpecPaths, 'podSpecPaths'));
    this._matcher = CredentialMatcher.of(this.credentials);
    const metadata = { ...(namespace !== undefined ? { namespace } : {}), ...this.body.metadata };
    this.output = withConstructPath(scope, id, () => secretOutput(props));
    this.expiry = props.expiry ?? {};
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: this.output.apiVersion,
      kind: this.output.kind,
      metadata: { ...metadata, ...(props.name !== undefined ? { name: props.name } : {}) },
    });
    this.name = this.apiObject.name;
    withConstructPath(scope, id, () => this.fill(this.apiObject, namespace));
    for (const c of this.credentials) for (const w of c.warnings) this.warn(`${c.registry}: ${w}`);
    PullSecretWiring.of(this).register(this);
    if (props.previous) {
      const { active, until } = withConstructPath(scope, id, () => rotationOverlap(props.previous!.until, this.now()));
      if (active) {
        this.previous = new RegistrySecret(this, 'Previous', {
          ...props,
          credentials: props.previous.credentials,
          name: `${this.name}-previous`,
          previous: undefined,
          // An expired previous token is useless but not an error: the rotation is the fix.
          expiry: { ...this.expiry, failWhenExpired: false },
        });
      } else {
        this.warn(
          overlapEndedNote(
            this.name,
            props.previous.credentials.map((c) => c.registry),
            until,
          ),
        );
      }
    }
  }

  private now(): Date {
    return this.expiry.now ?? new Date();
  }

  /** Gives `object` (its apiVersion, kind and metadata set) the rest of this secret's object in `namespace`. */
  private fill(object: ApiObject, namespace: string | undefined): void {
    const secret: PullSecretManifest = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: this.name, ...(namespace ? { namespace } : {}), ...this.body.metadata },
      type: this.body.type,
      data: this.body.data,
    };
    const out = this.output.render(
      secret,
      this.credentials.map((c) => c.kind),
      this.now(),
    );
    for (const [k, v] of Object.entries(out.metadata.annotations ?? {})) object.metadata.addAnnotation(k, v);
    for (const [k, v] of Object.entries(out.body)) object.addJsonPatch(JsonPatch.add(`/${k}`, v));
  }

  /**
   * Adds the secret to `imagePullSecrets` of every pod-bearing object inside
   * each target (a cdk8s-plus workload, an `ApiObject`, an `Include`, a `Helm`
   * chart), whether or not its images match.
   */
  public wireTo(...targets: IConstruct[]): this {
    this._explicitTargets.push(...targets);
    this.previous?.wireTo(...targets);
    return this;
  }

  /**
   * Adds the secret to the `imagePullSecrets` of ServiceAccount objects in
   * the chart. The kubelet rule: a ServiceAccount's pull secrets are copied
   * into a pod only when the pod is created and only when the pod lists no
   * `imagePullSecrets` of its own; later edits reach no running pod.
   *
   * @see https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#add-imagepullsecrets-to-a-service-account
   */
  public addToServiceAccounts(...serviceAccounts: IConstruct[]): this {
    this._serviceAccountTargets.push(...serviceAccounts);
    this.previous?.addToServiceAccounts(...serviceAccounts);
    return this;
  }

  /** Warnings this construct printed at construction or synth (never secret values). */
  public get warnings(): string[] {
    return [...this._warnings];
  }

  /** @internal */
  public _ownApiObjects(): readonly ApiObject[] {
    return [this.apiObject, ...this.copies.values()];
  }

  /** @internal */
  public _wired(result: WiringResult): string[] {
    const copyErrors: string[] = [];
    for (const ns of [...result.namespaces].sort()) {
      if (ns === this.namespace || this.copies.has(ns)) continue;
      const copy = new ApiObject(this, `Resource-${ns || 'no-namespace'}`, {
        apiVersion: this.output.apiVersion,
        kind: this.output.kind,
        metadata: { ...this.body.metadata, name: this.name, ...(ns ? { namespace: ns } : {}) },
      });
      this.copies.set(ns, copy);
      try {
        this.fill(copy, ns || undefined);
      } catch (e) {
        if (!RegcredError.isRegcredError(e)) throw e;
        copyErrors.push(`cannot emit the copy in namespace ${JSON.stringify(ns)}: ${e.message}`);
      }
    }
    const errors = [...result.emptyTargets];
    if (result.objects === 0 && this._explicitTargets.length === 0) {
      const registries = this.credentials.map((c) => JSON.stringify(c.registry)).join(', ');
      const near = nearestImage(
        this.credentials.flatMap((c) => c.registries),
        result.images,
      );
      const unused = `credentials for ${registries} match no container image in the chart, so no pod uses this secret.`;
      if (near && this.check) {
        errors.push(
          `${unused} They were evidently meant for ${JSON.stringify(near.image.name)}: ${near.miss.reason}. ${near.miss.fix} ` +
            `(If the secret is for images outside this chart, set check: false to make this a warning.)`,
        );
      } else {
        this.warn(
          `${unused} ` +
            (near
              ? `Nearest image: ${JSON.stringify(near.image.name)}: ${near.miss.reason}. ${near.miss.fix}`
              : `Check the registry host and port against the images, or wire it with wireTo().`),
        );
      }
    }
    for (const e of result.elsewhere) {
      this.warn(
        `${e}, which these credentials match, but it is in another chart: regcred wires only the pods of its own chart, and a pod can use only the Secrets of its own namespace, so it pulls anonymously. ` +
          `Add a pull secret to that chart (or move the workload into this one).`,
      );
    }
    const all = [...errors, ...copyErrors, ...this.expiryErrors()];
    this.printWarnings();
    return all;
  }

  private expiryErrors(): string[] {
    const { errors, warnings } = expiryVerdict(this.name, this.credentials, this.expiry);
    for (const w of warnings) this.warn(w);
    return errors;
  }

  /** Keeps a warning for {@link warnings}; it is printed at synth, never from the constructor. */
  private warn(message: string): void {
    if (this._warnings.includes(message)) return;
    this._warnings.push(message);
  }

  /** Prints, once each, the warnings kept since the last synth pass (cdk8s runs validations several times). */
  private printWarnings(): void {
    for (const w of this._warnings.slice(this.printedWarnings))
      process.stderr.write(`Warning: [${this.node.path}] ${w}\n`);
    this.printedWarnings = this._warnings.length;
  }
}
