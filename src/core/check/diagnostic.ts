/** How bad a finding is. */
export enum Severity {
  /** A pod fails to pull, or the API server refuses an object. */
  ERROR = 'error',
  /** A pull may fail, or a secret is unsafe. */
  WARNING = 'warning',
  /** Worth knowing; nothing fails. */
  INFO = 'info',
}

/** The object a diagnostic is about. */
export interface DiagnosticObject {
  readonly kind: string;
  /** The namespace the object lives in (`default` when the manifest names none). */
  readonly namespace: string;
  readonly name: string;
}

/** One reason a pod would fail to pull, or one unsafe secret. Never holds a password, token or `auth`. */
export interface Diagnostic {
  /** Stable code, see {@link DIAGNOSTIC_CODES}. */
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  readonly object: DiagnosticObject;
  /**
   * The position in the checked list of the object the diagnostic is about (for a Secret that a
   * SealedSecret or ExternalSecret makes, of that object): objects that share kind, namespace and
   * name are told apart by it.
   */
  readonly objectIndex: number;
  /**
   * The pull secret, in the object's namespace, that the finding names besides the object: the
   * nearest miss, a secret that matches but is not listed, one that cannot be read.
   * @default - the finding names no other secret
   */
  readonly secret?: string;
  /** JSON path inside the object (`spec.template.spec.imagePullSecrets[0].name`). */
  readonly field: string;
  /** What is wrong. */
  readonly message: string;
  /** How to fix it. */
  readonly fix: string;
}

/**
 * A stable diagnostic code: its value is its name. {@link DIAGNOSTIC_CODES} gives each one's
 * default severity and what it means.
 */
export enum DiagnosticCode {
  PULL_SECRET_NOT_FOUND = 'PULL_SECRET_NOT_FOUND',
  PULL_SECRET_IGNORED = 'PULL_SECRET_IGNORED',
  PULL_SECRET_EMPTY = 'PULL_SECRET_EMPTY',
  PULL_SECRET_UNREADABLE = 'PULL_SECRET_UNREADABLE',
  OBJECT_INVALID = 'OBJECT_INVALID',
  SECRET_INVALID = 'SECRET_INVALID',
  NO_MATCHING_CREDENTIALS = 'NO_MATCHING_CREDENTIALS',
  NEARLY_MATCHING_SECRET = 'NEARLY_MATCHING_SECRET',
  DUPLICATE_OBJECT = 'DUPLICATE_OBJECT',
  POD_SPEC_NOT_CHECKED = 'POD_SPEC_NOT_CHECKED',
  UNREFERENCED_MATCHING_SECRET = 'UNREFERENCED_MATCHING_SECRET',
  TEMPLATE_INVALID = 'TEMPLATE_INVALID',
  CREDENTIALS_ONLY_ELSEWHERE = 'CREDENTIALS_ONLY_ELSEWHERE',
  PULL_SECRET_IN_OTHER_NAMESPACE = 'PULL_SECRET_IN_OTHER_NAMESPACE',
  SERVICE_ACCOUNT_SECRETS_HIDDEN = 'SERVICE_ACCOUNT_SECRETS_HIDDEN',
  AUTH_MISMATCH = 'AUTH_MISMATCH',
  CREDENTIAL_WHITESPACE = 'CREDENTIAL_WHITESPACE',
  USERNAME_COLON = 'USERNAME_COLON',
  CREDENTIALS_FOR_ANOTHER_REGISTRY = 'CREDENTIALS_FOR_ANOTHER_REGISTRY',
  EMPTY_PULL_SECRET_NAME = 'EMPTY_PULL_SECRET_NAME',
  DUPLICATE_PULL_SECRET_NAME = 'DUPLICATE_PULL_SECRET_NAME',
  INVALID_IMAGE = 'INVALID_IMAGE',
  TOKEN_EXPIRED = 'TOKEN_EXPIRED',
  TOKEN_EXPIRING = 'TOKEN_EXPIRING',
  EXPIRY_ANNOTATION_INVALID = 'EXPIRY_ANNOTATION_INVALID',
  CREDENTIAL_PROVIDER_AVAILABLE = 'CREDENTIAL_PROVIDER_AVAILABLE',
  IMAGE_PULL_FAILING = 'IMAGE_PULL_FAILING',
  SOPS_SECRET_INVALID = 'SOPS_SECRET_INVALID',
  SOPS_PAYLOAD_NOT_VERIFIED = 'SOPS_PAYLOAD_NOT_VERIFIED',
}

/**
 * Every diagnostic code with its default severity and a one-line description
 * (TypeScript only: other languages read the codes' docs).
 */
export const DIAGNOSTIC_CODES = {
  PULL_SECRET_NOT_FOUND: {
    severity: Severity.WARNING,
    summary:
      "A referenced pull secret is not in the pod's namespace (an error when it exists in another namespace): the kubelet skips it.",
  },
  PULL_SECRET_IGNORED: {
    severity: Severity.ERROR,
    summary:
      'A referenced secret has a type or data key the kubelet does not read as a pull secret (Opaque, type/key mismatch).',
  },
  PULL_SECRET_EMPTY: {
    severity: Severity.ERROR,
    summary:
      'A referenced pull secret reads as no credentials (legacy shape in .dockerconfigjson, auths in .dockercfg, credsStore or identity-token entries).',
  },
  PULL_SECRET_UNREADABLE: {
    severity: Severity.ERROR,
    summary: 'The kubelet cannot parse a pull secret; every image pull of a pod that references it fails.',
  },
  OBJECT_INVALID: {
    severity: Severity.ERROR,
    summary:
      'A field regcred reads has a type the API server refuses (a number for a name, a string for a list); the object cannot be applied and is not checked further.',
  },
  SECRET_INVALID: {
    severity: Severity.ERROR,
    summary:
      'The API server would reject the Secret (name, data keys or values, size, missing payload key, payload not a JSON object).',
  },
  NO_MATCHING_CREDENTIALS: {
    severity: Severity.WARNING,
    summary:
      "The pod has pull secrets but none matches the image; the pull goes out anonymously. Names the nearest miss. An error when a key was meant for the image (another port, scheme, path or case) or the credentials were made for the image's vendor; a warning when the keys are for other registries, since the image may be public.",
  },
  NEARLY_MATCHING_SECRET: {
    severity: Severity.ERROR,
    summary:
      'No pull secret of the pod matches the image, and one of its namespace (listed or not) was evidently written for it but misses by port, scheme, path or letter case: it can never match.',
  },
  DUPLICATE_OBJECT: {
    severity: Severity.INFO,
    summary:
      'Objects share kind, namespace and name but differ: the API server keeps only the last applied. An error for pull Secrets (one set of credentials is lost), a warning for ServiceAccounts (their pull secrets differ), info for other kinds.',
  },
  POD_SPEC_NOT_CHECKED: {
    severity: Severity.INFO,
    summary:
      'Objects of a kind regcred does not know hold containers outside the pod spec paths it reads; reported once per kind, with the path to name (--pod-spec-path, podSpecPaths).',
  },
  UNREFERENCED_MATCHING_SECRET: {
    severity: Severity.WARNING,
    summary: 'A secret in the namespace has credentials for the image, but the pod does not reference it.',
  },
  TEMPLATE_INVALID: {
    severity: Severity.ERROR,
    summary:
      "An ExternalSecret's template cannot render a .dockerconfigjson the kubelet reads for every username and password (values not escaped, no auths).",
  },
  CREDENTIALS_ONLY_ELSEWHERE: {
    severity: Severity.WARNING,
    summary:
      'Other pods pull the image with credentials, but this pod has none for it and no secret of its namespace matches: kubelets since 1.35 check its own credentials even when the image is on the node.',
  },
  PULL_SECRET_IN_OTHER_NAMESPACE: {
    severity: Severity.WARNING,
    summary:
      'The pod has no credentials for the image, and only a Secret of another namespace has them: a pod can use only the Secrets of its own namespace.',
  },
  SERVICE_ACCOUNT_SECRETS_HIDDEN: {
    severity: Severity.WARNING,
    summary: "The pod lists its own imagePullSecrets, so its ServiceAccount's are never added.",
  },
  AUTH_MISMATCH: {
    severity: Severity.ERROR,
    summary: 'An entry\'s "auth" disagrees with its username/password; the kubelet uses "auth".',
  },
  CREDENTIAL_WHITESPACE: {
    severity: Severity.ERROR,
    summary: 'A username or password has white space or a newline; the registry rejects it.',
  },
  USERNAME_COLON: {
    severity: Severity.ERROR,
    summary: 'A username contains ":"; the kubelet splits "auth" at the first colon.',
  },
  CREDENTIALS_FOR_ANOTHER_REGISTRY: {
    severity: Severity.ERROR,
    summary:
      "An entry's token or username was made for one vendor's registry (a gldt- token, a gitlab+deploy-token-N username, ghp_, dckr_pat_) and is keyed on another vendor's host, such as kubectl's Docker Hub default: that registry never accepts it.",
  },
  EMPTY_PULL_SECRET_NAME: {
    severity: Severity.WARNING,
    summary: 'An imagePullSecrets entry has an empty name; the kubelet skips it.',
  },
  DUPLICATE_PULL_SECRET_NAME: {
    severity: Severity.WARNING,
    summary: 'A secret is listed twice in imagePullSecrets; its credentials are tried twice.',
  },
  INVALID_IMAGE: { severity: Severity.ERROR, summary: 'An image reference the kubelet rejects with InvalidImageName.' },
  TOKEN_EXPIRED: {
    severity: Severity.ERROR,
    summary: "A pull secret's token has expired (regcred.io/expires-at); new pods cannot pull.",
  },
  TOKEN_EXPIRING: {
    severity: Severity.WARNING,
    summary: "A pull secret's token expires within the window (--expiring-within, default 30d).",
  },
  EXPIRY_ANNOTATION_INVALID: {
    severity: Severity.WARNING,
    summary: 'The regcred.io/expires-at annotation cannot be read.',
  },
  CREDENTIAL_PROVIDER_AVAILABLE: {
    severity: Severity.INFO,
    summary:
      "An entry is for a registry whose cloud ships a kubelet credential provider (ECR, Artifact Registry/GCR, ACR): nodes can pull without a stored secret, with each pod's own identity since KEP-4412 (Kubernetes 1.34). A warning when the entry holds the registry's short-lived token (ECR: 12 hours) and the Secret records no expiry.",
  },
  IMAGE_PULL_FAILING: {
    severity: Severity.ERROR,
    summary:
      "A Pod's status says the kubelet cannot pull a container's image (ErrImagePull, ImagePullBackOff): read from a live cluster or kubectl's output, with regcred's reasons for it, or the note that it finds none.",
  },
  SOPS_SECRET_INVALID: {
    severity: Severity.ERROR,
    summary:
      "A Secret encrypted with SOPS that Flux's kustomize-controller refuses, failing the whole Kustomization: no sops.mac (Flux does not decrypt it), or a data or stringData value that is not one string (a mapping whose values SOPS encrypted one by one). A warning for an empty sops.mac, which sops -d refuses and Flux, which does not verify the MAC, applies.",
  },
  SOPS_PAYLOAD_NOT_VERIFIED: {
    severity: Severity.INFO,
    summary:
      'A pull Secret encrypted with SOPS: regcred reads its registry keys and expiry from the annotations regcred writes, and cannot verify the encrypted credentials themselves. Without the registries annotation, it cannot tell which images it serves.',
  },
} as const satisfies Record<DiagnosticCode, { severity: Severity; summary: string }>;

/** A diagnostic code as regcred's own code writes it: the enum member's value. */
export type DiagnosticCodeName = `${DiagnosticCode}`;

const RANK: Record<Severity, number> = { [Severity.ERROR]: 2, [Severity.WARNING]: 1, [Severity.INFO]: 0 };

/** True when `severity` is at or above `threshold`. */
export function atLeast(severity: Severity, threshold: Severity): boolean {
  return RANK[severity] >= RANK[threshold];
}
