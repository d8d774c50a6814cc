import { createCipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { RegcredError, requireProps, typeName } from './errors';
import { PullSecretManifest } from './pull-secret-manifest';
import type { KubeObject } from './pod-specs';
import { AgeRandomness, ageEncryptArmored } from './private/age-encrypt';
import { ageRecipientKeys } from './private/age-recipients';
import { encodeRegistriesAnnotation } from './private/registries-annotation';
import { requirePullSecret } from './private/require-pull-secret';
import { requireNow } from './private/time';
import { REGISTRIES_ANNOTATION, payloadRegistries } from './sealed-secret';

/** The keys SOPS encrypts in a Kubernetes Secret: the values under `data` and `stringData`. */
export const SOPS_ENCRYPTED_REGEX = '^(data|stringData)$';

/** The SOPS file format version regcred writes (that of sops 3.13.3, with whose CLI it is tested). */
export const SOPS_FORMAT_VERSION = '3.13.3';

/** What `lastmodified` holds when the same inputs must give the same bytes: a time that never changes. */
const DETERMINISTIC_LAST_MODIFIED = '1970-01-01T00:00:00Z';

/** The 32 bytes SOPS hashes first when its MAC covers only the encrypted values (`mac_only_encrypted`). */
const MAC_ONLY_ENCRYPTED_INITIALIZATION = Buffer.from(
  '8a3fd2ad54ce66527b1034f3d147be0b0b975b3bf44f72c6fdadec8176f27d69',
  'hex',
);

/** How to encrypt with SOPS: the age recipients, and whether the same inputs give the same bytes. */
export interface SopsOptions {
  /**
   * The age recipients (`age1…`, what `age-keygen -y key.txt` prints) to encrypt for: any one of
   * their identities decrypts the Secret. For Flux, the recipient of the identity in the
   * kustomize-controller's decryption Secret.
   */
  readonly age: string[];
  /**
   * Encrypt the same inputs to the same bytes (no diff on every synth or preview), with
   * `lastmodified` fixed at 1970-01-01T00:00:00Z. `false` encrypts with fresh randomness and the
   * current time, as the sops CLI does. See docs/gitops.md for the trade-off.
   * @default - in the constructs, components and CLI: true when every registry generates its
   *   secret (every preset), false for `RegistryCredentials.basic`, whose password a person may have
   *   chosen; `sopsPullSecret` itself, which sees no registry kinds: true
   */
  readonly deterministic?: boolean;
}

/**
 * The `sops` block of a SOPS-encrypted file, under SOPS's own field names.
 *
 * @jsii ignore a JSON object in jsii's languages.
 */
export interface SopsMetadata {
  /** The data key, age-encrypted (armored) for each recipient. */
  readonly age: ReadonlyArray<{ readonly enc: string; readonly recipient: string }>;
  /** The keys whose values are encrypted: `^(data|stringData)$`. */
  readonly encrypted_regex: string;
  /** An RFC 3339 time, the MAC's associated data: 1970-01-01T00:00:00Z when deterministic. */
  readonly lastmodified: string;
  /** The SHA-512 of the encrypted values, itself encrypted with the data key. */
  readonly mac: string;
  /** The MAC covers the encrypted values only (true), not metadata a tool may add later. */
  readonly mac_only_encrypted: boolean;
  /** The SOPS format version. */
  readonly version: string;
}

/**
 * A v1 Secret encrypted with SOPS: metadata and type in the clear, each `data` value encrypted,
 * and the top-level `sops` block that SOPS and Flux read.
 *
 * It is a `KubeObject`, so it can be passed to `checkManifests` with the rest of a manifest set.
 *
 * @jsii ignore a JSON object in jsii's languages.
 */
export interface SopsSecretManifest extends KubeObject {
  /** Always `v1`. */
  readonly apiVersion: 'v1';
  /** Always `Secret`. */
  readonly kind: 'Secret';
  /** The plain Secret's metadata, with the `regcred.io/registries` annotation. */
  readonly metadata: PullSecretManifest['metadata'] & { readonly annotations: Record<string, string> };
  /** The plain Secret's type. */
  readonly type: string;
  /** Each value of the plain Secret's `data`, as `ENC[AES256_GCM,…,type:str]`. */
  readonly data: Record<string, string>;
  /** What SOPS needs to decrypt it. */
  readonly sops: SopsMetadata;
}

/** The bytes one file needs: its data key and the rest, derived from the inputs or fresh. */
interface Randomness {
  readonly dataKey: Buffer;
  iv(context: string): Buffer;
  age(index: number, recipient: Buffer): AgeRandomness;
}

function derived(secret: PullSecretManifest, keys: readonly Buffer[]): Randomness {
  const entries = Object.keys(secret.data)
    .sort()
    .map((k) => `${k}\0${secret.data[k]}\0`)
    .join('');
  const dataKey = Buffer.from(
    hkdfSync(
      'sha256',
      Buffer.from(`${secret.type}\0${entries}`, 'utf8'),
      createHash('sha256').update(Buffer.concat(keys)).digest(),
      Buffer.from('regcred sops v1 data key', 'utf8'),
      32,
    ),
  );
  const bytes = (context: string, length: number): Buffer =>
    createHmac('sha256', dataKey).update(context, 'utf8').digest().subarray(0, length);
  return {
    dataKey,
    iv: (context) => bytes(`iv\0${context}`, 32),
    age: (i, recipient) => ({
      fileKey: bytes(`age file key\0${i}\0${recipient.toString('hex')}`, 16),
      nonce: bytes(`age nonce\0${i}\0${recipient.toString('hex')}`, 16),
      ephemeral: [bytes(`age ephemeral\0${i}\0${recipient.toString('hex')}`, 32)],
    }),
  };
}

const FRESH: Omit<Randomness, 'dataKey'> = {
  iv: () => randomBytes(32),
  age: () => ({ fileKey: randomBytes(16), nonce: randomBytes(16), ephemeral: [randomBytes(32)] }),
};

/** SOPS's AES-256-GCM value encryption (32-byte nonce), in its `ENC[…]` form, for a string. */
function encryptValue(value: string, key: Buffer, iv: Buffer, additionalData: string): string {
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(additionalData, 'utf8'));
  const data = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
  return `ENC[AES256_GCM,data:${data.toString('base64')},iv:${iv.toString('base64')},tag:${cipher.getAuthTag().toString('base64')},type:str]`;
}

/**
 * Encrypts a pull Secret with SOPS for age recipients, as `sops encrypt` would with
 * `encrypted_regex: ^(data|stringData)$` and `mac_only_encrypted: true`: a v1 Secret whose
 * metadata and type stay clear, whose `data` values are `ENC[AES256_GCM,…]`, with the `sops`
 * block that `sops -d` and Flux's kustomize-controller read. The MAC covers the encrypted values
 * only, so that labels or a namespace that a tool adds later do not break it. The registry keys
 * travel in the annotation `regcred.io/registries`, so that `regcred check` can still match images.
 * Deterministic unless `deterministic: false` (docs/gitops.md weighs what that gives away). `now`
 * is written as `lastmodified` when not deterministic (the current time when left out).
 *
 * @see https://github.com/getsops/sops
 */
export function sopsPullSecret(secret: PullSecretManifest, options: SopsOptions, now?: Date): SopsSecretManifest {
  requireProps(options, 'sopsPullSecret', "{ age: ['age1…'] }");
  requirePullSecret(secret);
  const keys = ageRecipientKeys(options.age, 'age');
  const { deterministic = true } = options;
  if (typeof deterministic !== 'boolean') {
    throw new RegcredError('INVALID_ARGUMENT', {
      field: 'deterministic',
      message: `'deterministic' must be true or false, got ${typeName(deterministic)}.`,
    });
  }
  const at = now ?? new Date();
  requireNow(at);
  const random: Randomness = deterministic ? derived(secret, keys) : { dataKey: randomBytes(32), ...FRESH };
  const lastModified = deterministic ? DETERMINISTIC_LAST_MODIFIED : `${at.toISOString().slice(0, 19)}Z`;

  const data: Record<string, string> = {};
  for (const key of Object.keys(secret.data).sort()) {
    const path = `data:${key}:`;
    data[key] = encryptValue(secret.data[key], random.dataKey, random.iv(`${path}\0${secret.data[key]}`), path);
  }
  // SOPS hashes the values in the order of the file, which is the order of `data`'s keys as written.
  const mac = createHash('sha512').update(MAC_ONLY_ENCRYPTED_INITIALIZATION);
  for (const key of Object.keys(data)) mac.update(secret.data[key], 'utf8');
  const macHex = mac.digest('hex').toUpperCase();
  const age = options.age.map((recipient, i) => ({
    enc: ageEncryptArmored(random.dataKey, [keys[i]], random.age(i, keys[i])),
    recipient,
  }));
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      ...secret.metadata,
      annotations: {
        ...secret.metadata.annotations,
        [REGISTRIES_ANNOTATION]: encodeRegistriesAnnotation(payloadRegistries(secret)),
      },
    },
    type: secret.type,
    data,
    sops: {
      age,
      encrypted_regex: SOPS_ENCRYPTED_REGEX,
      lastmodified: lastModified,
      mac: encryptValue(macHex, random.dataKey, random.iv(`mac\0${lastModified}\0${macHex}`), lastModified),
      mac_only_encrypted: true,
      version: SOPS_FORMAT_VERSION,
    },
  };
}
