import { RegcredError, quote } from '../errors';
import { ImageReference, parseImageReference } from '../image-reference';
import { normalizeRegistryKey } from '../keyring';
import { DOCKER_HUB_KEY, KUBECTL_DEFAULT } from '../registry-key';

/** Why a registry key does not cover an image. */
export interface Miss {
  /** True when the key was evidently meant for the image's registry. */
  readonly near: boolean;
  readonly reason: string;
  readonly fix: string;
}

function splitPort(host: string): [string, string] {
  const m = /^(.*):(\d*)$/.exec(host);
  return m && !m[1].includes(':') ? [m[1], m[2]] : [host, ''];
}

/**
 * Explains, in the kubelet's terms, why `rawKey` (an `auths` key as written)
 * does not match `image`, and whether the key was evidently meant for it.
 */
export function explainMiss(rawKey: string, image: ImageReference): Miss {
  const key = quote(rawKey);
  const domain = image.domain;
  const useDomain = `Key the credentials on ${quote(domain)}`;
  const normalized = normalizeRegistryKey(rawKey);
  if (normalized === undefined) {
    return {
      near: rawKey.toLowerCase().includes(domain.toLowerCase()),
      reason: `key ${key} cannot be parsed by the kubelet, which drops it`,
      fix: `${useDomain}.`,
    };
  }
  const slash = normalized.indexOf('/');
  const keyHostPort = slash < 0 ? normalized : normalized.slice(0, slash);
  const keyPath = slash < 0 ? '' : normalized.slice(slash);
  const [keyHost, keyPort] = splitPort(keyHostPort);
  const [imageHost, imagePort] = splitPort(domain);

  if (normalized === 'index.docker.io' && domain !== 'docker.io') {
    return {
      near: false,
      reason: `key ${key} is Docker Hub's (${KUBECTL_DEFAULT}), and ${quote(domain)} is another registry`,
      fix: `Recreate the secret for ${quote(domain)}: kubectl create secret docker-registry NAME --docker-server=${domain} …, or regcred secret.`,
    };
  }
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(rawKey) && !/^https?:\/\//.test(rawKey)) {
    return {
      near: normalized.toLowerCase().includes(imageHost.toLowerCase()),
      reason: `key ${key} starts with a scheme the kubelet does not strip (only lowercase "http://" and "https://"), so it stays part of the host`,
      fix: `${useDomain} without a scheme.`,
    };
  }
  if (keyHost === 'registry-1.docker.io' && domain === 'docker.io') {
    return {
      near: true,
      reason: `key ${key} names Docker Hub's registry host, but the kubelet looks Docker Hub images up as "docker.io/…"`,
      fix: `Key Docker Hub credentials on ${quote(DOCKER_HUB_KEY)}.`,
    };
  }
  const sameHostIgnoringCase = keyHost.toLowerCase() === imageHost.toLowerCase();
  if (sameHostIgnoringCase && keyHost !== imageHost) {
    return {
      near: true,
      reason: `key ${key} differs from ${quote(domain)} in letter case; the kubelet compares hosts case-sensitively`,
      fix: `${useDomain}.`,
    };
  }
  if (keyHost === imageHost && keyPort !== imagePort) {
    const what = keyPort ? `port ${keyPort}` : 'no port';
    const want = imagePort ? `port ${imagePort}` : 'no port';
    return {
      near: true,
      reason: `key ${key} has ${what} and the image has ${want}; the kubelet requires the same port`,
      fix: image.path.includes('/dependency_proxy/containers/')
        ? `${useDomain}; for the GitLab Dependency Proxy, RegistryCredentials.gitlabDependencyProxy writes the host both with and without :443, the two forms CI and people write.`
        : keyPort && !imagePort
          ? `If the registry listens on port ${keyPort}, write the image as ${quote(`${imageHost}:${keyPort}/${image.path}`)} (the image lacks the port); otherwise key the credentials on ${quote(domain)}.`
          : `${useDomain}, with the port the image names.`,
    };
  }
  if (keyHostPort === domain && (keyPath === '/v2' || keyPath === '/v1')) {
    return {
      near: true,
      reason: `key ${key} ends in "${keyPath}" without a slash, which the kubelet keeps as a path the image does not start with`,
      fix: `${useDomain}.`,
    };
  }
  if (keyHostPort === domain && keyPath !== '') {
    return {
      near: true,
      reason: `key ${key} is limited to paths starting with ${quote(keyPath)}, and the image is ${quote(`/${image.path}`)}`,
      fix: `${useDomain} alone, or a path prefix the image starts with.`,
    };
  }
  if (keyHost.includes('*') && keyPort === imagePort) {
    const keyLabels = keyHost.split('.').length;
    const imageLabels = imageHost.split('.').length;
    if (keyLabels !== imageLabels) {
      return {
        near: true,
        reason: `key ${key} has ${keyLabels} labels and ${quote(imageHost)} has ${imageLabels}; a "*" stands for exactly one label`,
        fix: `${useDomain}, or a pattern with one "*" per label.`,
      };
    }
  }
  return { near: false, reason: `key ${key} is for another registry than ${quote(domain)}`, fix: `${useDomain}.` };
}

/**
 * Of registry keys that do not match `image` (each with what it came from, e.g. its secret), the
 * one evidently meant for it, else the first; undefined when there is none.
 */
export function nearestMiss<T extends { readonly key: string }>(
  keys: readonly T[],
  image: ImageReference,
): (T & { readonly miss: Miss }) | undefined {
  // Every miss explainMiss calls near names the image's host (in any case) or is a glob: other
  // keys are explained only when none is near, by the first of them.
  const host = splitPort(image.domain)[0].toLowerCase();
  let first: (T & { readonly miss: Miss }) | undefined;
  for (const k of keys) {
    if (first !== undefined && !k.key.includes('*') && !k.key.toLowerCase().includes(host)) continue;
    const candidate = { ...k, miss: explainMiss(k.key, image) };
    if (candidate.miss.near) return candidate;
    first ??= candidate;
  }
  return first;
}

/**
 * Of container images (as written; ones the kubelet cannot parse are skipped), the first that one
 * of `keys` was evidently meant for but does not match, with that key and why it misses; undefined
 * when no key was meant for any of them.
 */
export function nearestImage(
  keys: readonly string[],
  images: readonly string[],
): { readonly image: ImageReference; readonly key: string; readonly miss: Miss } | undefined {
  for (const raw of images) {
    let image: ImageReference;
    try {
      image = parseImageReference(raw);
    } catch (e) {
      if (RegcredError.isRegcredError(e)) continue;
      throw e;
    }
    const near = nearestMiss(
      keys.map((key) => ({ key })),
      image,
    );
    if (near?.miss.near) return { image, key: near.key, miss: near.miss };
  }
  return undefined;
}
