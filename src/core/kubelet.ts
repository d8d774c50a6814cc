/**
 * The kubelet's rules as static methods: how Python, Java and Go call what TypeScript calls
 * `parseImageReference` and `resolvePullCredentials`.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- jsii's type for a JSON value is `any` */
import { ImageReference, parseImageReference } from './image-reference';
import {
  PullCredentialResolution,
  ResolvePullCredentialsOptions,
  SecretObject,
  resolvePullCredentials,
} from './resolve-pull-credentials';

/** What the kubelet does with an image name and a pod's pull secrets. */
export class Kubelet {
  /**
   * The image reference as the kubelet normalises it (`nginx` is `docker.io/library/nginx`). The
   * same as `parseImageReference` in TypeScript.
   */
  public static parseImageReference(image: string): ImageReference {
    return parseImageReference(image);
  }

  /**
   * Exactly what the kubelet would try for `image` given the pod's pull secrets (plain v1 Secret
   * objects, in `imagePullSecrets` order). The same as `resolvePullCredentials` in TypeScript.
   */
  public static resolvePullCredentials(
    secrets: any[],
    image: string,
    options?: ResolvePullCredentialsOptions,
  ): PullCredentialResolution {
    return resolvePullCredentials(secrets as SecretObject[], image, options);
  }

  private constructor() {}
}
