import { RegcredError } from './errors';
import { parseImageReference } from './image-reference';
import { DockerKeyring } from './keyring';
import { RegistryCredentials } from './registry-credentials';

/**
 * Answers "would the kubelet use these credentials for this image?" by the
 * kubelet's own rules (normalised image, key normalisation, globs, ports,
 * paths, Docker Hub fallback), not by string prefix. Built once, asked many
 * times; answers are cached per image.
 */
export class CredentialMatcher {
  private readonly keyring = new DockerKeyring();
  private readonly cache = new Map<string, boolean>();

  /** A matcher for the registry keys of credentials. */
  public static of(credentials: readonly RegistryCredentials[]): CredentialMatcher {
    return new CredentialMatcher(credentials.flatMap((c) => c.registries));
  }

  /** @param registryKeys `auths` keys as they would be written into a secret */
  public constructor(registryKeys: readonly string[]) {
    this.keyring.add(registryKeys.map((key) => [key, { username: '', password: '', email: '' }] as const));
  }

  /** True when the kubelet would try these credentials for `image`; false also for an invalid image. */
  public matches(image: string): boolean {
    let hit = this.cache.get(image);
    if (hit === undefined) {
      try {
        hit = this.keyring.lookup(parseImageReference(image).name).found;
      } catch (e) {
        if (!RegcredError.isRegcredError(e)) throw e;
        hit = false;
      }
      this.cache.set(image, hit);
    }
    return hit;
  }
}
