/** The RegistrySecret component, and what every registry secret component registers and offers. */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { requireProps } from '../core/internal';
import { MemberStore } from './members';
import { WorkloadTransforms, workloadTransforms } from './transform';
import type { LocalObjectReference, RegistrySecretArgs } from './registry-secret-args';
import { buildRegistrySecret } from './_build';

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
    objects: parts.objects,
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
