/**
 * The manifests regcred writes and the check it runs over them, as static methods: how Python,
 * Java and Go call what TypeScript calls `pullSecretManifest`, `sealPullSecret`, `sopsPullSecret`,
 * `externalPullSecretManifests`, `renderDockerConfigJson` and `checkManifests`. Manifests are plain
 * JSON objects (a `dict` in Python, a `Map` in Java).
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- jsii's type for a JSON value is `any` */
import { CheckOptions, checkManifests } from './check/check-manifests';
import { Diagnostic } from './check/diagnostic';
import { ExternalPullSecretOptions, externalPullSecretManifests } from './external';
import { PullSecretManifest, PullSecretManifestOptions, pullSecretManifest } from './pull-secret-manifest';
import { RegistryCredentials } from './registry-credentials';
import { renderDockerConfigJson, renderDockercfg } from './render';
import { SealOptions, sealPullSecret } from './sealed-secret';
import { SopsOptions, sopsPullSecret } from './sops-secret';
import { KubeObject } from './pod-specs';

/** Pull Secret manifests (plain, sealed, SOPS, external), their payload, and the manifest check. */
export class Manifests {
  /**
   * A plain v1 Secret of type `kubernetes.io/dockerconfigjson` (or `kubernetes.io/dockercfg`) with
   * the credentials. The same as `pullSecretManifest` in TypeScript.
   */
  public static pullSecret(options: PullSecretManifestOptions): any {
    return pullSecretManifest(options);
  }

  /**
   * A `bitnami.com/v1alpha1` SealedSecret of a plain pull Secret (from {@link Manifests.pullSecret}),
   * sealed for the controller's certificate, valid at `now` (the current time when left out). The
   * same as `sealPullSecret` in TypeScript.
   */
  public static sealedPullSecret(secret: any, options: SealOptions, now?: Date): any {
    return sealPullSecret(secret as PullSecretManifest, options, now);
  }

  /**
   * A v1 Secret of a plain pull Secret (from {@link Manifests.pullSecret}) encrypted with SOPS for
   * age recipients: what `sops -d` and Flux's kustomize-controller open. The same as
   * `sopsPullSecret` in TypeScript.
   */
  public static sopsPullSecret(secret: any, options: SopsOptions, now?: Date): any {
    return sopsPullSecret(secret as PullSecretManifest, options, now);
  }

  /**
   * The External Secrets Operator objects that make a pull Secret in the cluster: the
   * ExternalSecret (or ClusterExternalSecret) and, for generated tokens, the generator. The same as
   * `externalPullSecretManifests` in TypeScript.
   */
  public static externalPullSecret(options: ExternalPullSecretOptions): any[] {
    return externalPullSecretManifests(options);
  }

  /** The `.dockerconfigjson` payload alone. The same as `renderDockerConfigJson` in TypeScript. */
  public static dockerConfigJson(credentials: RegistryCredentials[]): string {
    return renderDockerConfigJson(credentials);
  }

  /** The legacy `.dockercfg` payload alone. The same as `renderDockercfg` in TypeScript. */
  public static dockercfg(credentials: RegistryCredentials[]): string {
    return renderDockercfg(credentials);
  }

  /**
   * Every credentials reason a pod of `objects` would fail to pull, and every unsafe or expiring
   * pull secret, as `regcred check` reports them. The same as `checkManifests` in TypeScript.
   */
  public static check(objects: any[], options?: CheckOptions): Diagnostic[] {
    return checkManifests(objects as KubeObject[], options);
  }

  private constructor() {}
}
