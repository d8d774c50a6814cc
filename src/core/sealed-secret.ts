import { createPublicKey, X509Certificate } from 'node:crypto';
import { RegcredError, isRecord, own, quote, requireProps, typeName } from './errors';
import { PullSecretManifest } from './pull-secret-manifest';
import { encodeRegistriesAnnotation } from './private/registries-annotation';
import { requirePullSecret } from './private/require-pull-secret';
import { requireNow } from './private/time';
import { hybridEncrypt } from './private/hybrid-encrypt';
import type { KubeObject } from './pod-specs';

/** The annotation that carries a sealed or external pull secret's registry keys, for `regcred check`. */
export const REGISTRIES_ANNOTATION = 'regcred.io/registries';

/**
 * Where the Sealed Secrets controller lets a sealed value be unsealed.
 * @see https://github.com/bitnami-labs/sealed-secrets#scopes
 */
export enum SealingScope {
  /** Only under the same name and namespace (the controller's default). */
  STRICT = 'strict',
  /** Under any name in the same namespace. */
  NAMESPACE_WIDE = 'namespace-wide',
  /** Under any name in any namespace. */
  CLUSTER_WIDE = 'cluster-wide',
}

const SCOPE_ANNOTATION: Partial<Record<SealingScope, string>> = {
  [SealingScope.NAMESPACE_WIDE]: 'sealedsecrets.bitnami.com/namespace-wide',
  [SealingScope.CLUSTER_WIDE]: 'sealedsecrets.bitnami.com/cluster-wide',
};

/** How to seal: the controller's certificate, the scope, and whether the same inputs give the same bytes. */
export interface SealOptions {
  /** The controller's certificate, PEM (what `kubeseal --fetch-cert` prints). */
  readonly certificate: string;
  /**
   * Where the sealed value may be unsealed.
   * @default SealingScope.STRICT
   */
  readonly scope?: SealingScope;
  /**
   * Seal the same inputs to the same bytes (no diff on every synth or preview). `false` seals with
   * fresh randomness, as kubeseal does: every run changes the ciphertext, and nothing can be
   * confirmed by sealing a guess. See docs/gitops.md for the trade-off.
   * @default - in the constructs, components and CLI: true when every registry generates its
   *   secret (every preset), false for `RegistryCredentials.basic`, whose password a person may have
   *   chosen (`encryptsDeterministically`); `sealPullSecret` itself, which sees no registry kinds: true
   */
  readonly deterministic?: boolean;
}

/**
 * A `bitnami.com/v1alpha1` SealedSecret object.
 *
 * It is a `KubeObject`, so it can be passed to `checkManifests` with the rest of a manifest set.
 *
 * @jsii ignore a JSON object in jsii's languages.
 */
export interface SealedSecretManifest extends KubeObject {
  readonly apiVersion: 'bitnami.com/v1alpha1';
  readonly kind: 'SealedSecret';
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly annotations: Record<string, string>;
    readonly labels?: Record<string, string>;
  };
  readonly spec: {
    readonly encryptedData: Record<string, string>;
    readonly template: {
      readonly metadata: PullSecretManifest['metadata'];
      readonly type: string;
    };
  };
}

/** The smallest RSA key regcred seals with. */
const MIN_RSA_BITS = 2048;

/** The controller's public key from its certificate, checked: an RSA key of 2048 bits or more, valid at `now`. */
export function sealingKey(
  certificate: string,
  now: Date = new Date(),
): { key: ReturnType<typeof createPublicKey>; spki: Buffer } {
  requireNow(now);
  if (typeof certificate !== 'string' || !certificate.includes('-----BEGIN CERTIFICATE-----')) {
    throw new RegcredError('INVALID_CERTIFICATE', {
      field: 'certificate',
      message: `'certificate' must be the Sealed Secrets controller's certificate in PEM (-----BEGIN CERTIFICATE-----), got ${typeof certificate === 'string' ? `${certificate.length} characters without one` : typeName(certificate)}. Fetch it with: kubeseal --fetch-cert > cert.pem`,
    });
  }
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(certificate);
  } catch (e) {
    throw new RegcredError('INVALID_CERTIFICATE', {
      field: 'certificate',
      message: `'certificate' cannot be read as an X.509 certificate (${(e as Error).message}). Fetch it again with: kubeseal --fetch-cert > cert.pem`,
    });
  }
  const key = cert.publicKey;
  if (key.asymmetricKeyType !== 'rsa') {
    throw new RegcredError('INVALID_CERTIFICATE', {
      field: 'certificate',
      message: `'certificate' holds ${quote(key.asymmetricKeyType ?? 'unknown')} key; the Sealed Secrets controller seals with RSA only. Use the certificate that kubeseal --fetch-cert prints.`,
    });
  }
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < MIN_RSA_BITS) {
    throw new RegcredError('INVALID_CERTIFICATE', {
      field: 'certificate',
      message: `'certificate' holds a ${bits}-bit RSA key; regcred seals only with keys of ${MIN_RSA_BITS} bits or more (the controller makes 4096-bit keys, and when built with Go 1.24 or later it cannot open what a key under 1024 bits sealed). Use the certificate of the controller's own key: kubeseal --fetch-cert > cert.pem`,
    });
  }
  const validFrom = new Date(cert.validFrom);
  if (validFrom.getTime() > now.getTime()) {
    throw new RegcredError('INVALID_CERTIFICATE', {
      field: 'certificate',
      message: `'certificate' is valid only from ${validFrom.toISOString()}, after ${now.toISOString()}; it is not a key the controller uses yet (or the clock is wrong). Fetch the current one with: kubeseal --fetch-cert > cert.pem`,
    });
  }
  const validTo = new Date(cert.validTo);
  if (!(validTo.getTime() > now.getTime())) {
    throw new RegcredError('INVALID_CERTIFICATE', {
      field: 'certificate',
      message: `'certificate' expired on ${validTo.toISOString()}; the controller has renewed its key since. Fetch the current one with: kubeseal --fetch-cert > cert.pem`,
    });
  }
  return { key, spki: key.export({ type: 'spki', format: 'der' }) };
}

/** The registry keys of a pull secret's payload, for {@link REGISTRIES_ANNOTATION}. */
export function payloadRegistries(secret: PullSecretManifest): string[] {
  const keys: string[] = [];
  for (const value of Object.values(secret.data)) {
    try {
      const payload: unknown = JSON.parse(Buffer.from(value, 'base64').toString('utf8'));
      const auths = isRecord(payload) && isRecord(own(payload, 'auths')) ? own(payload, 'auths') : payload;
      if (isRecord(auths)) keys.push(...Object.keys(auths));
    } catch {
      // not a payload regcred wrote; no keys to carry
    }
  }
  return keys;
}

/**
 * Seals a pull Secret for the Sealed Secrets controller: a SealedSecret of the
 * same name and namespace whose template is the Secret's metadata and type,
 * and whose `encryptedData` only the controller can open. The registry keys
 * travel in the annotation `regcred.io/registries` so that `regcred check`
 * can still match images. Deterministic unless `deterministic: false`: the
 * same Secret, certificate and scope give the same bytes (docs/gitops.md
 * weighs what that gives away). `now` is the time the certificate must be
 * valid at (the current time when left out).
 *
 * @see https://github.com/bitnami-labs/sealed-secrets
 */
export function sealPullSecret(secret: PullSecretManifest, options: SealOptions, now?: Date): SealedSecretManifest {
  requireProps(options, 'sealPullSecret', '{ certificate }');
  requirePullSecret(secret);
  const scope = options.scope ?? SealingScope.STRICT;
  if (!Object.values(SealingScope).includes(scope)) {
    throw new RegcredError('INVALID_ARGUMENT', {
      field: 'scope',
      message: `'scope' ${quote(scope)} is not a sealing scope; use one of ${Object.values(SealingScope)
        .map((s) => quote(s))
        .join(', ')}.`,
    });
  }
  const { name, namespace } = secret.metadata;
  if (scope !== SealingScope.CLUSTER_WIDE && !namespace) {
    throw new RegcredError('INVALID_ARGUMENT', {
      field: 'namespace',
      message: `A ${scope} sealed secret is bound to its namespace, and 'namespace' is not set. Set the namespace, or seal with scope "cluster-wide".`,
    });
  }
  const sealing = sealingKey(options.certificate, now);
  const label =
    scope === SealingScope.CLUSTER_WIDE
      ? ''
      : scope === SealingScope.NAMESPACE_WIDE
        ? namespace!
        : `${namespace}/${name}`;
  const scopeAnnotation = SCOPE_ANNOTATION[scope];
  const annotations: Record<string, string> = {
    ...(scopeAnnotation ? { [scopeAnnotation]: 'true' } : {}),
    [REGISTRIES_ANNOTATION]: encodeRegistriesAnnotation(payloadRegistries(secret)),
  };
  const encryptedData: Record<string, string> = {};
  for (const key of Object.keys(secret.data).sort()) {
    encryptedData[key] = hybridEncrypt(
      sealing,
      Buffer.from(secret.data[key], 'base64'),
      label,
      key,
      options.deterministic ?? true,
    );
  }
  return {
    apiVersion: 'bitnami.com/v1alpha1',
    kind: 'SealedSecret',
    metadata: {
      name,
      ...(namespace ? { namespace } : {}),
      ...(secret.metadata.labels ? { labels: { ...secret.metadata.labels } } : {}),
      annotations,
    },
    spec: { encryptedData, template: { metadata: { ...secret.metadata }, type: secret.type } },
  };
}
