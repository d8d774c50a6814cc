/** The args of the registry secret components, as TypeScript and the package schema see them. */
import * as pulumi from '@pulumi/pulumi';
import { PullSecretFormat, RotationWindow, SealOptions, SopsOptions } from '../core/internal';
import { RegistryCredentialsArgs } from './credentials-input';

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
  /**
   * Emit each Secret encrypted with SOPS for these age recipients: a v1
   * Secret whose `data` is ciphertext, with the `sops` block that Flux's
   * kustomize-controller and `sops -d` read. For render mode
   * (`renderYamlToDirectory`) and a GitOps repository: the API server itself
   * cannot read it. Generated tokens encrypt deterministically; see
   * `deterministic`. Not together with `seal`.
   * @default - plain Secrets
   */
  readonly sops?: SopsOptions;
}

/** Credentials being rotated out, kept until `until`. */
export interface PreviousCredentialsInput extends RotationWindow {
  /** The credentials being rotated out (`RegistryCredentialsInput.gitlab({ … })`, or their args). */
  readonly credentials: RegistryCredentialsArgs[];
}

/** Arguments of {@link RegistrySecret}. */
export interface RegistrySecretArgs extends RegistrySecretOptions {
  /**
   * The credentials, one per registry key. All go into one Secret. In TypeScript,
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

/** A reference to a Secret by name, as a pod spec's `imagePullSecrets` lists it. */
export interface LocalObjectReference {
  /** The Secret's name. */
  readonly name: string;
}
