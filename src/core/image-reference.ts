import { RegcredError, quote, typeName } from './errors';

/**
 * A container image reference as the kubelet reads it.
 *
 * @see https://github.com/distribution/reference
 */
export interface ImageReference {
  /** The registry host, with port if any (`docker.io`, `registry.gitlab.com`, `localhost:5000`). */
  readonly domain: string;
  /** The repository path inside the registry (`library/nginx`, `group/project/app`). */
  readonly path: string;
  /**
   * `domain/path`: the string the kubelet looks up pull credentials for (its `repoToPull`).
   */
  readonly name: string;
  /**
   * The tag. `latest` when the image names neither tag nor digest, as the kubelet defaults it.
   * @default - absent when the image names only a digest
   */
  readonly tag?: string;
  /**
   * The digest (`sha256:…`).
   * @default - absent when the image names none
   */
  readonly digest?: string;
}

// The reference grammar (distribution/reference v0.6.0), written as JS regular expressions.
const ALNUM = '[a-z0-9]+';
const SEPARATOR = '(?:[._]|__|[-]+)';
const PATH_COMPONENT = `${ALNUM}(?:${SEPARATOR}${ALNUM})*`;
const DOMAIN_NAME_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const IPV6_ADDRESS = '\\[(?:[a-fA-F0-9:]+)\\]';
const DOMAIN = `(?:${DOMAIN_NAME_COMPONENT}(?:\\.${DOMAIN_NAME_COMPONENT})*|${IPV6_ADDRESS})(?::[0-9]+)?`;
const REMOTE_NAME = `${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const NAME = `(?:${DOMAIN}/)?${REMOTE_NAME}`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9A-Fa-f]{32,}';

const REFERENCE_RE = new RegExp(`^(${NAME})(?::(${TAG}))?(?:@(${DIGEST}))?$`);
const ANCHORED_NAME_RE = new RegExp(`^(?:(${DOMAIN})/)?(${REMOTE_NAME})$`);
const IDENTIFIER_RE = /^[a-f0-9]{64}$/;

/**
 * The grammar's anchored expressions, by their names in distribution/reference.
 * @internal
 */
export const REFERENCE_GRAMMAR: Readonly<Record<string, RegExp>> = {
  ReferenceRegexp: REFERENCE_RE,
  anchoredNameRegexp: ANCHORED_NAME_RE,
  anchoredIdentifierRegexp: IDENTIFIER_RE,
  '^(DomainRegexp)$': new RegExp(`^(${DOMAIN})$`),
};
const NAME_TOTAL_LENGTH_MAX = 255;

// Digest algorithms a kubelet build registers, with their hex length.
const DIGEST_HEX_LENGTH: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };

/** Thrown inside this module with the Go error text the kubelet would report. */
class ReferenceError_ extends Error {}

/** Validates a digest as `go-digest`'s `Parse` does; returns the Go error text or undefined. */
function digestError(digest: string): string | undefined {
  const i = digest.indexOf(':');
  if (i <= 0 || i + 1 === digest.length) return 'invalid checksum digest format';
  const algorithm = digest.slice(0, i);
  const encoded = digest.slice(i + 1);
  const length = DIGEST_HEX_LENGTH[algorithm];
  if (length === undefined) {
    return new RegExp(`^${DIGEST}$`).test(digest) ? 'unsupported digest algorithm' : 'invalid checksum digest format';
  }
  if (encoded.length !== length) return 'invalid checksum digest length';
  return /^[a-f0-9]+$/.test(encoded) ? undefined : 'invalid checksum digest format';
}

/**
 * distribution/reference `Parse`: the grammar without Docker Hub normalisation.
 * Throws with the library's error text.
 * @internal
 */
export function parseReferenceStrict(s: string): {
  domain: string;
  path: string;
  tag?: string;
  digest?: string;
} {
  const m = REFERENCE_RE.exec(s);
  if (!m) {
    if (s === '') throw new ReferenceError_('repository name must have at least one component');
    if (REFERENCE_RE.test(s.toLowerCase())) throw new ReferenceError_('repository name must be lowercase');
    throw new ReferenceError_('invalid reference format');
  }
  const nameMatch = ANCHORED_NAME_RE.exec(m[1]);
  const domain = nameMatch?.[1] ?? '';
  const path = nameMatch?.[2] ?? m[1];
  if (path.length > NAME_TOTAL_LENGTH_MAX) {
    throw new ReferenceError_(`repository name must not be more than ${NAME_TOTAL_LENGTH_MAX} characters`);
  }
  const digest = m[3];
  if (digest !== undefined) {
    const err = digestError(digest);
    if (err) throw new ReferenceError_(err);
  }
  return { domain, path, ...(m[2] !== undefined ? { tag: m[2] } : {}), ...(digest ? { digest } : {}) };
}

/** distribution/reference `splitDockerDomain`. */
function splitDockerDomain(name: string): [domain: string, remainder: string] {
  const i = name.indexOf('/');
  if (i < 0) return ['docker.io', 'library/' + name];
  const first = name.slice(0, i);
  let domain: string;
  let remainder: string;
  if (first === 'localhost') [domain, remainder] = [first, name.slice(i + 1)];
  else if (first === 'index.docker.io') [domain, remainder] = ['docker.io', name.slice(i + 1)];
  else if (/[.:]/.test(first)) [domain, remainder] = [first, name.slice(i + 1)];
  else if (first.toLowerCase() !== first) [domain, remainder] = [first, name.slice(i + 1)];
  else [domain, remainder] = ['docker.io', name];
  if (domain === 'docker.io' && !remainder.includes('/')) remainder = 'library/' + remainder;
  return [domain, remainder];
}

/**
 * distribution/reference `ParseNormalizedNamed`, throwing the library's error text.
 * @internal
 */
export function parseNormalizedNamed(s: string): ReturnType<typeof parseReferenceStrict> {
  if (IDENTIFIER_RE.test(s)) {
    throw new ReferenceError_(`invalid repository name (${s}), cannot specify 64-byte hexadecimal strings`);
  }
  const [domain, remainder] = splitDockerDomain(s);
  const colon = remainder.indexOf(':');
  const remote = colon >= 0 ? remainder.slice(0, colon) : remainder;
  if (remote.toLowerCase() !== remote) {
    throw new ReferenceError_(`invalid reference format: repository name (${remote}) must be lowercase`);
  }
  return parseReferenceStrict(domain + '/' + remainder);
}

/**
 * Parses a container image the way the kubelet does before it looks up pull
 * credentials: Docker Hub names are normalised (`nginx` becomes
 * `docker.io/library/nginx`), `index.docker.io` becomes `docker.io`, and the
 * tag defaults to `latest` when neither tag nor digest is given.
 *
 * @param image the `image` field of a container
 * @throws RegcredError `INVALID_IMAGE_REFERENCE` where the kubelet would report `InvalidImageName`
 * @see https://kubernetes.io/docs/concepts/containers/images/#image-names
 */
export function parseImageReference(image: string, field = 'image'): ImageReference {
  if (typeof image !== 'string') {
    throw new RegcredError('INVALID_IMAGE_REFERENCE', {
      field,
      message: `'${field}' must be a string such as "registry.gitlab.com/group/project/app:1.0", got ${typeName(image)}.`,
    });
  }
  let parsed: ReturnType<typeof parseReferenceStrict>;
  try {
    parsed = parseNormalizedNamed(image);
  } catch (e) {
    if (!(e instanceof ReferenceError_)) throw e;
    throw new RegcredError('INVALID_IMAGE_REFERENCE', {
      field,
      message:
        `'${field}' ${quote(image)} is not a valid image reference: ${e.message}. ` +
        `The kubelet would fail with InvalidImageName before pulling. ` +
        `Use a reference like "registry.gitlab.com/group/project/app:1.0" (lowercase repository, optional :tag or @sha256:digest).`,
    });
  }
  const tag = parsed.tag ?? (parsed.digest === undefined ? 'latest' : undefined);
  return {
    domain: parsed.domain,
    path: parsed.path,
    // distribution/reference's Name(): a reference whose first component is not a
    // valid domain (`a_b.com/app`) parses as a path alone, and its name has no domain.
    name: parsed.domain === '' ? parsed.path : `${parsed.domain}/${parsed.path}`,
    ...(tag !== undefined ? { tag } : {}),
    ...(parsed.digest !== undefined ? { digest: parsed.digest } : {}),
  };
}
