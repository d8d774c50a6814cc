import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { ExternalCredentials, RegcredError, externalPullSecretManifests } from '../core/internal';
import { chartTransformation, workloadTransform, workloadTransformation } from './transform';

/** Arguments of {@link ExternalRegistrySecret}. */
export interface ExternalRegistrySecretArgs {
  /** Where the External Secrets Operator gets the credentials: a store, or a token generator. */
  readonly credentials: ExternalCredentials;
  /**
   * The name of the Secret the operator makes (and of the ExternalSecret).
   * @default - the component's resource name
   */
  readonly secretName?: string;
  /**
   * The namespaces to make the Secret in: one ExternalSecret (and generator) each.
   * @default - the provider's default namespace
   */
  readonly namespaces?: readonly string[];
  /**
   * Namespaces by label: one ClusterExternalSecret (and a ClusterGenerator) instead.
   * @default - namespaced ExternalSecrets
   */
  readonly namespaceSelector?: Readonly<Record<string, string>>;
  /**
   * Labels for the objects and the Secret.
   * @default - none
   */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * An image pull Secret that the External Secrets Operator makes in the
 * cluster from a secret store or a registry token generator: no token passes
 * through Pulumi. Emits the ExternalSecret (or ClusterExternalSecret) with the
 * template regcred writes, and the generator object; wires workloads whose
 * images the credentials' registries match through `transform`, like the
 * other components.
 *
 * @see https://external-secrets.io/latest/api/externalsecret/
 */
export class ExternalRegistrySecret extends pulumi.ComponentResource {
  /** The name of the Secret the operator makes. */
  public readonly secretName: pulumi.Output<string>;
  /** `[{ name }]`, ready for a pod spec's `imagePullSecrets`. */
  public readonly imagePullSecrets: pulumi.Output<{ name: string }[]>;
  /** The operator's objects: ExternalSecrets (or the ClusterExternalSecret) and generators. */
  public readonly objects: readonly k8s.apiextensions.CustomResource[];
  /** For the `transforms` option and `pulumi.runtime.registerResourceTransform`. */
  public readonly transform: pulumi.ResourceTransform;
  /** For the legacy `transformations` option and `pulumi.runtime.registerStackTransformation`. */
  public readonly transformation: pulumi.ResourceTransformation;
  /** For `helm.v3.Chart` and `yaml.ConfigFile` `transformations`. */
  public readonly chartTransformation: (obj: Record<string, unknown>, opts: pulumi.CustomResourceOptions) => void;

  public constructor(name: string, args: ExternalRegistrySecretArgs, opts?: pulumi.ComponentResourceOptions) {
    super('regcred:index:ExternalRegistrySecret', name, {}, opts);
    const secretName = args?.secretName ?? name;
    const cluster = args?.namespaceSelector !== undefined;
    const namespaces: Array<string | undefined> =
      !cluster && args?.namespaces && args.namespaces.length > 0 ? [...args.namespaces] : [undefined];
    const objects: k8s.apiextensions.CustomResource[] = [];
    let registries: readonly string[] = [];
    try {
      for (const ns of namespaces) {
        const manifests = externalPullSecretManifests({
          name: secretName,
          ...(ns !== undefined ? { namespace: ns } : {}),
          credentials: args?.credentials,
          ...(cluster ? { namespaceSelector: args.namespaceSelector } : {}),
          ...(args?.labels ? { labels: args.labels } : {}),
        });
        for (const m of manifests) {
          const kind = m.kind as string;
          objects.push(
            new k8s.apiextensions.CustomResource(
              `${name}-${kind.charAt(0).toLowerCase()}${kind.slice(1)}${ns === undefined ? '' : `-${ns}`}`,
              m as k8s.apiextensions.CustomResourceArgs,
              { parent: this },
            ),
          );
        }
      }
      registries = args.credentials.registries;
    } catch (e) {
      if (!RegcredError.isRegcredError(e)) throw e;
      // Reported once on the component; nothing is created, and no workload is wired.
      void pulumi.log.error(e.message, this);
    }
    this.objects = objects;
    this.secretName = pulumi.output(secretName);
    this.imagePullSecrets = pulumi.output([{ name: secretName }]);
    const target = { secretNames: [secretName], registries };
    this.transform = workloadTransform(target);
    this.transformation = workloadTransformation(target);
    this.chartTransformation = chartTransformation(target);
    this.registerOutputs({ secretName: this.secretName, imagePullSecrets: this.imagePullSecrets });
  }
}
