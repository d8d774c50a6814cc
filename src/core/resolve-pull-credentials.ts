import {
  DockerConfigEntries,
  DockerConfigError,
  invalidPullSecret,
  parseDockerConfigJson,
  parseDockercfg,
} from './docker-config';
import { RegcredError, RegcredIssue, isRecord, own, typeName } from './errors';
import { parseImageReference } from './image-reference';
import { DockerKeyring, KeyringCredential, PullCredential } from './keyring';
import { Base64Error, goBase64Decode } from './private/go-bytes';

/** The Secret type of a `.dockerconfigjson` pull secret. */
export const DOCKER_CONFIG_JSON_TYPE = 'kubernetes.io/dockerconfigjson';
/** The Secret type of a legacy `.dockercfg` pull secret. */
export const DOCKERCFG_TYPE = 'kubernetes.io/dockercfg';

/**
 * A v1 Secret as found in manifests or returned by the API: `data` is base64, `stringData` plain.
 *
 * @jsii ignore a JSON object in jsii's languages.
 */
export interface SecretObject {
  /**
   * `v1`.
   * @default - not checked
   */
  readonly apiVersion?: string;
  /**
   * `Secret`.
   * @default - not checked
   */
  readonly kind?: string;
  /**
   * The name (used in messages) and namespace.
   * @default - no name: messages number the secret instead
   */
  readonly metadata?: { readonly name?: string; readonly namespace?: string; readonly [k: string]: unknown };
  /**
   * The Secret type; the kubelet reads only `kubernetes.io/dockerconfigjson` and `kubernetes.io/dockercfg`.
   * @default - `Opaque`, which the kubelet ignores
   */
  readonly type?: string;
  /**
   * Values by key, in base64 as the API returns them.
   * @default - none
   */
  readonly data?: Readonly<Record<string, string>> | null;
  /**
   * Values by key in plain text; they override `data`.
   * @default - none
   */
  readonly stringData?: Readonly<Record<string, string>> | null;
}

/** What the kubelet would try for one image. */
export interface PullCredentialResolution {
  /** The image's repository as the kubelet looks it up (`docker.io/library/nginx`). */
  readonly repoToPull: string;
  /** Whether any credential applies. When false the runtime pulls anonymously. */
  readonly found: boolean;
  /** Credentials in the order the kubelet tries them. No anonymous attempt follows a failure of all of them. */
  readonly creds: PullCredential[];
}

/** A secret's readable pull-secret payload, or why the kubelet ignores it. */
export type PullSecretPayload =
  | { readonly used: true; readonly dataKey: string; readonly entries: DockerConfigEntries }
  | { readonly used: false; readonly reason: 'type' | 'missing-key' | 'empty' };

function secretLabel(secret: SecretObject, index: number): string {
  const name = own(secret.metadata, 'name');
  return typeof name === 'string' && name !== '' ? JSON.stringify(name) : `#${index}`;
}

/**
 * Fields of a Secret whose type the API server would refuse, among those the
 * kubelet reads: `metadata.name`, `type`, and `data`/`stringData` as objects of
 * strings. Names the field and the type found, never a value.
 */
export function secretShapeProblems(secret: unknown): RegcredIssue[] {
  if (!isRecord(secret)) return [{ field: '', message: `A Secret must be an object, got ${typeName(secret)}.` }];
  const issues: RegcredIssue[] = [];
  const metadata = own(secret, 'metadata');
  if (metadata !== undefined && !isRecord(metadata)) {
    issues.push({ field: 'metadata', message: `'metadata' must be an object, got ${typeName(metadata)}.` });
  }
  for (const field of ['name', 'namespace'] as const) {
    const v = own(metadata, field);
    if (v !== undefined && typeof v !== 'string') {
      issues.push({ field: `metadata.${field}`, message: `'metadata.${field}' must be a string, got ${typeName(v)}.` });
    }
  }
  const type = own(secret, 'type');
  if (type !== undefined && typeof type !== 'string') {
    issues.push({ field: 'type', message: `'type' must be a string, got ${typeName(type)}.` });
  }
  for (const field of ['data', 'stringData'] as const) {
    const map = own(secret, field);
    if (map === undefined || map === null) continue;
    if (!isRecord(map)) {
      issues.push({
        field,
        message: `'${field}' must be an object of ${field === 'data' ? 'base64 ' : ''}strings by key, got ${typeName(map)}.`,
      });
      continue;
    }
    for (const key of Object.keys(map)) {
      const v = map[key];
      if (typeof v !== 'string' && v !== null) {
        issues.push({
          field: `${field}[${key}]`,
          message: `'${field}[${key}]' must be a ${field === 'data' ? 'base64 ' : ''}string, got ${typeName(v)}.`,
        });
      }
    }
  }
  return issues;
}

/**
 * The bytes of a data key as the API server would store them: `stringData`
 * overrides `data`, `data` is standard base64.
 */
export function secretValue(secret: SecretObject, key: string, label = secretLabel(secret, 0)): string | undefined {
  const plain = own(secret.stringData, key);
  if (typeof plain === 'string') return Buffer.from(plain, 'utf8').toString('latin1');
  const encoded = own(secret.data, key);
  if (encoded === undefined || encoded === null) return undefined;
  if (typeof encoded !== 'string') {
    throw new RegcredError('INVALID_PULL_SECRET', {
      field: `data[${key}]`,
      message: `Secret ${label} 'data[${key}]' must be a base64 string, got ${typeName(encoded)}.`,
    });
  }
  try {
    return goBase64Decode(encoded, true);
  } catch (e) {
    if (!(e instanceof Base64Error)) throw e;
    throw new RegcredError('INVALID_PULL_SECRET', {
      field: `data[${key}]`,
      message:
        `Secret ${label} 'data[${key}]' is not valid base64 (${e.message}); the API server would reject it. ` +
        `Encode the payload with standard base64, or put it under 'stringData'.`,
    });
  }
}

/**
 * Selects and reads the payload of one secret as the kubelet's `MakeDockerKeyring` does:
 * the type and the data key must agree, and an empty value is skipped.
 *
 * @throws RegcredError `INVALID_PULL_SECRET` when the payload cannot be read
 */
export function readPullSecretPayload(secret: SecretObject, index = 0): PullSecretPayload {
  const label = secretLabel(secret, index);
  const formats: Array<[type: string, key: string, parse: (b: Uint8Array) => DockerConfigEntries]> = [
    [DOCKER_CONFIG_JSON_TYPE, '.dockerconfigjson', parseDockerConfigJson],
    [DOCKERCFG_TYPE, '.dockercfg', parseDockercfg],
  ];
  for (const [type, key, parse] of formats) {
    if (secret.type !== type) continue;
    const value = secretValue(secret, key, label);
    if (value === undefined) return { used: false, reason: 'missing-key' };
    if (value.length === 0) return { used: false, reason: 'empty' };
    try {
      return { used: true, dataKey: key, entries: parse(Buffer.from(value, 'latin1')) };
    } catch (e) {
      if (e instanceof DockerConfigError) throw invalidPullSecret(label, key, e);
      throw e;
    }
  }
  return { used: false, reason: 'type' };
}

/**
 * Builds the keyring of a pod's pull secrets (`MakeDockerKeyring`), in order.
 *
 * @returns the keyring, or `undefined` when no secret has a usable type and key
 * @throws RegcredError `INVALID_PULL_SECRET` for a payload the kubelet cannot read
 */
export function makeDockerKeyring(secrets: readonly SecretObject[]): DockerKeyring | undefined {
  assertSecrets(secrets);
  const keyring = new DockerKeyring();
  let valid = 0;
  secrets.forEach((secret, i) => {
    const payload = readPullSecretPayload(secret, i);
    if (!payload.used) return;
    const name = own(secret.metadata, 'name');
    keyring.add(payload.entries, typeof name === 'string' ? name : undefined);
    valid++;
  });
  return valid > 0 ? keyring : undefined;
}

/** Throws `INVALID_PULL_SECRET` naming the first secret (and field) with a type the API server would refuse. */
function assertSecrets(secrets: unknown): asserts secrets is readonly SecretObject[] {
  if (!Array.isArray(secrets)) {
    throw new RegcredError('INVALID_ARGUMENT', {
      field: 'secrets',
      message: `'secrets' must be an array of v1 Secret objects, got ${typeName(secrets)}.`,
    });
  }
  secrets.forEach((secret: unknown, i) => {
    const issues = secretShapeProblems(secret).map((issue) => ({
      field: issue.field === '' ? `secrets[${i}]` : `secrets[${i}].${issue.field}`,
      message: `Secret ${isRecord(secret) ? secretLabel(secret, i) : `#${i}`}: ${issue.message}`,
    }));
    if (issues.length > 0) throw new RegcredError('INVALID_PULL_SECRET', issues);
  });
}

/** Options of {@link resolvePullCredentials}. */
export interface ResolvePullCredentialsOptions {
  /**
   * Credentials the node itself has (the kubelet's own `config.json` or a
   * credential-provider plugin), tried after those of the pull secrets.
   * @default - none
   */
  readonly nodeCredentials?: INodeCredentials;
}

/** What the node's own credentials give for one image. */
export interface NodeCredentialsLookup {
  /** The credentials, in the order the kubelet tries them. */
  readonly creds: PullCredential[];
  /** Whether the node's configuration had an entry for the image at all. */
  readonly found: boolean;
}

/** The credentials a node has besides pull secrets: its `config.json` or a credential-provider plugin. */
export interface INodeCredentials {
  /** The node's credentials for `repoToPull` (the image's name without tag or digest). */
  lookup(repoToPull: string): NodeCredentialsLookup;
}

/**
 * Exactly what the kubelet would try for a container with `image`, given the
 * pod's pull secrets in `imagePullSecrets` order: the image is normalised, the
 * secrets of type `kubernetes.io/dockerconfigjson` / `kubernetes.io/dockercfg`
 * are read into one keyring, and the keyring is looked up.
 *
 * @param secrets the Secrets the pod references, in order (missing ones left out, as the kubelet skips them)
 * @param image the container's `image`
 * @throws RegcredError `INVALID_IMAGE_REFERENCE` (the kubelet reports InvalidImageName) or
 *   `INVALID_PULL_SECRET` (the kubelet fails the pull before trying any credential)
 * @see https://kubernetes.io/docs/concepts/containers/images/#specifying-imagepullsecrets-on-a-pod
 */
export function resolvePullCredentials(
  secrets: readonly SecretObject[],
  image: string,
  options: ResolvePullCredentialsOptions = {},
): PullCredentialResolution {
  const repoToPull = parseImageReference(image).name;
  return { repoToPull, ...lookupPullCredentials(secrets, repoToPull, options) };
}

/**
 * The kubelet's `MakeDockerKeyring(secrets).Lookup(lookupString)` for a lookup
 * string taken verbatim (normally an image's `repoToPull`; see
 * {@link resolvePullCredentials}). Node credentials are unioned after the
 * secrets' when at least one secret is usable, and returned alone otherwise.
 *
 * @throws RegcredError `INVALID_PULL_SECRET` for a payload the kubelet cannot read
 */
export function lookupPullCredentials(
  secrets: readonly SecretObject[],
  lookupString: string,
  options: ResolvePullCredentialsOptions = {},
): { found: boolean; creds: PullCredential[] } {
  const keyring = makeDockerKeyring(secrets);
  const node = options.nodeCredentials?.lookup(lookupString);
  const nodeCreds = node?.creds.map(plain) ?? [];
  if (!keyring) return { found: node?.found ?? false, creds: nodeCreds };
  const creds = [...keyring.lookup(lookupString).creds.map(plain), ...nodeCreds];
  return { found: creds.length > 0, creds };
}

function plain(c: PullCredential | KeyringCredential): PullCredential {
  return { username: c.username, password: c.password, email: c.email };
}
