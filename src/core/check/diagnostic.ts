/** How bad a finding is. */
export type Severity = 'error' | 'warning' | 'info';

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
  /** JSON path inside the object (`spec.template.spec.imagePullSecrets[0].name`). */
  readonly field: string;
  /** What is wrong. */
  readonly message: string;
  /** How to fix it. */
  readonly fix: string;
}

/** Every diagnostic code with its default severity and a one-line description. */
export const DIAGNOSTIC_CODES = {
  PULL_SECRET_NOT_FOUND: {
    severity: 'warning',
    summary:
      "A referenced pull secret is not in the pod's namespace (an error when it exists in another namespace): the kubelet skips it.",
  },
  PULL_SECRET_IGNORED: {
    severity: 'error',
    summary:
      'A referenced secret has a type or data key the kubelet does not read as a pull secret (Opaque, type/key mismatch).',
  },
  PULL_SECRET_EMPTY: {
    severity: 'error',
    summary:
      'A referenced pull secret reads as no credentials (legacy shape in .dockerconfigjson, auths in .dockercfg, credsStore or identity-token entries).',
  },
  PULL_SECRET_UNREADABLE: {
    severity: 'error',
    summary: 'The kubelet cannot parse a pull secret; every image pull of a pod that references it fails.',
  },
  OBJECT_INVALID: {
    severity: 'error',
    summary:
      'A field regcred reads has a type the API server refuses (a number for a name, a string for a list); the object cannot be applied and is not checked further.',
  },
  SECRET_INVALID: {
    severity: 'error',
    summary:
      'The API server would reject the Secret (name, data keys or values, size, missing payload key, payload not a JSON object).',
  },
  NO_MATCHING_CREDENTIALS: {
    severity: 'error',
    summary:
      'The pod has pull secrets but none matches the image; the pull goes out anonymously. Names the nearest miss.',
  },
  UNREFERENCED_MATCHING_SECRET: {
    severity: 'warning',
    summary: 'A secret in the namespace has credentials for the image, but the pod does not reference it.',
  },
  TEMPLATE_INVALID: {
    severity: 'error',
    summary:
      "An ExternalSecret's template cannot render a .dockerconfigjson the kubelet reads for every username and password (values not escaped, no auths).",
  },
  CREDENTIALS_ONLY_ELSEWHERE: {
    severity: 'warning',
    summary:
      'Other pods pull the image with credentials, but this pod has none for it and no secret of its namespace matches: kubelets since 1.35 check its own credentials even when the image is on the node.',
  },
  PULL_SECRET_IN_OTHER_NAMESPACE: {
    severity: 'warning',
    summary:
      'The pod has no credentials for the image, and only a Secret of another namespace has them: a pod can use only the Secrets of its own namespace.',
  },
  SERVICE_ACCOUNT_SECRETS_HIDDEN: {
    severity: 'warning',
    summary: "The pod lists its own imagePullSecrets, so its ServiceAccount's are never added.",
  },
  AUTH_MISMATCH: {
    severity: 'error',
    summary: 'An entry\'s "auth" disagrees with its username/password; the kubelet uses "auth".',
  },
  CREDENTIAL_WHITESPACE: {
    severity: 'error',
    summary: 'A username or password has white space or a newline; the registry rejects it.',
  },
  USERNAME_COLON: {
    severity: 'error',
    summary: 'A username contains ":"; the kubelet splits "auth" at the first colon.',
  },
  EMPTY_PULL_SECRET_NAME: {
    severity: 'warning',
    summary: 'An imagePullSecrets entry has an empty name; the kubelet skips it.',
  },
  DUPLICATE_PULL_SECRET_NAME: {
    severity: 'warning',
    summary: 'A secret is listed twice in imagePullSecrets; its credentials are tried twice.',
  },
  INVALID_IMAGE: { severity: 'error', summary: 'An image reference the kubelet rejects with InvalidImageName.' },
  TOKEN_EXPIRED: {
    severity: 'error',
    summary: "A pull secret's token has expired (regcred.io/expires-at); new pods cannot pull.",
  },
  TOKEN_EXPIRING: {
    severity: 'warning',
    summary: "A pull secret's token expires within the window (--expiring-within, default 30d).",
  },
  EXPIRY_ANNOTATION_INVALID: { severity: 'warning', summary: 'The regcred.io/expires-at annotation cannot be read.' },
} as const satisfies Record<string, { severity: Severity; summary: string }>;

/** A stable diagnostic code. */
export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

const RANK: Record<Severity, number> = { error: 2, warning: 1, info: 0 };

/** True when `severity` is at or above `threshold`. */
export function atLeast(severity: Severity, threshold: Severity): boolean {
  return RANK[severity] >= RANK[threshold];
}
