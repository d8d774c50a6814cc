/**
 * What a pull secret becomes in the manifests: the one place that chooses between a plain
 * Secret, a SealedSecret and a Secret encrypted with SOPS. The cdk8s constructs, the Pulumi
 * components and `regcred secret` ask it for the object's apiVersion and kind, and for the object
 * of a Secret once its name and namespace are known; none of them branches on the format. A new format is a new
 * {@link SecretOutput} here, chosen by {@link secretOutput}, and an option of the adapters.
 */
import { PullSecretManifest } from './pull-secret-manifest';
import { RegistryKind } from './registries/preset';
import { RegcredError, isRecord, underField } from './errors';
import { encryptsDeterministically } from './private/deterministic';
import { ageRecipientKeys } from './private/age-recipients';
import { SealOptions, sealPullSecret, sealingKey } from './sealed-secret';
import { SopsOptions, sopsPullSecret } from './sops-secret';

/** An object to emit for a pull secret: its apiVersion, kind and metadata, and the rest of its fields. */
export interface SecretOutputObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly labels?: Record<string, string>;
    readonly annotations?: Record<string, string>;
  };
  /**
   * The object's other top-level fields, in order: `type` and `data` of a Secret (and `sops` of a
   * SOPS Secret), `spec` of a SealedSecret.
   */
  readonly body: Readonly<Record<string, unknown>>;
}

/** One output format of a pull secret. */
export interface SecretOutput {
  readonly apiVersion: string;
  readonly kind: string;
  /**
   * Whether the object holds the credentials in the clear (a plain Secret's `data`): Pulumi keeps
   * such an object in a core/v1 Secret, secret in its state; another it may show as it is.
   */
  readonly plaintext: boolean;
  /** The keys of {@link SecretOutputObject.body}, known before any value is. */
  readonly bodyFields: readonly string[];
  /**
   * The object for `secret`, whose metadata holds its final name and namespace.
   * @param kinds the registry kinds of its credentials (a format may choose by them)
   * @param now the time certificates must be valid at
   * @throws RegcredError when the format cannot make it (a certificate the controller cannot have)
   */
  render(secret: PullSecretManifest, kinds: readonly RegistryKind[], now: Date): SecretOutputObject;
  /**
   * Whether the format can emit anything at `now`, for an adapter that reports it once before
   * rendering values it does not know yet.
   * @throws RegcredError naming the option's field (`seal.certificate`) when it cannot
   */
  check(now: Date): void;
}

const PLAIN: SecretOutput = {
  apiVersion: 'v1',
  kind: 'Secret',
  plaintext: true,
  bodyFields: ['type', 'data'],
  render: (secret) => ({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: secret.metadata,
    body: { type: secret.type, data: secret.data },
  }),
  check: () => undefined,
};

function sealed(seal: SealOptions): SecretOutput {
  return {
    apiVersion: 'bitnami.com/v1alpha1',
    kind: 'SealedSecret',
    plaintext: false,
    bodyFields: ['spec'],
    render: (secret, kinds, now) => {
      const s = sealPullSecret(
        secret,
        { ...seal, deterministic: encryptsDeterministically(seal.deterministic, kinds) },
        now,
      );
      return { apiVersion: s.apiVersion, kind: s.kind, metadata: s.metadata, body: { spec: s.spec } };
    },
    check: (now) => {
      try {
        sealingKey(seal.certificate, now);
      } catch (e) {
        if (!RegcredError.isRegcredError(e)) throw e;
        throw new RegcredError(
          e.code,
          e.issues.map((i) => ({
            ...i,
            field: i.field === 'certificate' ? 'seal.certificate' : i.field,
            message: i.message.replace(/^'certificate'/, "'seal.certificate'"),
          })),
        );
      }
    },
  };
}

/** Rethrows a RegcredError of `sopsPullSecret` with its fields under `sops` (`age[1]` → `sops.age[1]`). */
function underSops<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (!RegcredError.isRegcredError(e)) throw e;
    throw underField(e, 'sops');
  }
}

function sopsEncrypted(sops: SopsOptions): SecretOutput {
  if (!isRecord(sops)) {
    throw new RegcredError('INVALID_ARGUMENT', {
      field: 'sops',
      message: `'sops' must be an object such as { age: ['age1…'] }; leave it out for a plain Secret.`,
    });
  }
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    plaintext: false,
    bodyFields: ['type', 'data', 'sops'],
    render: (secret, kinds, now) => {
      const s = underSops(() =>
        sopsPullSecret(secret, { ...sops, deterministic: encryptsDeterministically(sops.deterministic, kinds) }, now),
      );
      return {
        apiVersion: s.apiVersion,
        kind: s.kind,
        metadata: s.metadata,
        body: { type: s.type, data: s.data, sops: s.sops },
      };
    },
    check: () => void underSops(() => ageRecipientKeys(sops.age, 'age')),
  };
}

/**
 * The output format the options ask for: sealed with `seal`, encrypted with `sops`, else the plain
 * Secret.
 * @throws RegcredError when both `seal` and `sops` are set
 */
export function secretOutput(options: { readonly seal?: SealOptions; readonly sops?: SopsOptions }): SecretOutput {
  if (options.seal !== undefined && options.sops !== undefined) {
    throw new RegcredError('INVALID_ARGUMENT', {
      field: 'sops',
      message: `'seal' and 'sops' are both set; a pull secret is emitted in one form. Keep 'seal' for the Sealed Secrets controller or 'sops' for SOPS (Flux).`,
    });
  }
  if (options.sops !== undefined) return sopsEncrypted(options.sops);
  return options.seal ? sealed(options.seal) : PLAIN;
}
