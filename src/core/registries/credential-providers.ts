/**
 * Registries whose cloud ships a kubelet credential provider: the kubelet fetches short-lived
 * credentials itself, so no pull secret has to hold (and be rotated for) them. Since Kubernetes
 * 1.34 (KEP-4412, beta and on by default) a provider can also use the pod's service account token,
 * so each workload pulls with its own cloud identity.
 */
import { own } from '../errors';
import { normalizeRegistryKey, urlsMatch } from '../keyring';
import { ACCESS_TOKEN_USER } from './azure-container-registry';

/** A cloud's kubelet credential provider and the images it serves. */
export interface CredentialProvider {
  /** The registry, as users name it. */
  readonly registry: string;
  /** The provider plugin's name in the kubelet's CredentialProviderConfig. */
  readonly plugin: string;
  /** Its `matchImages`, matched as the kubelet matches them (a `*` per DNS label). */
  readonly matchImages: readonly string[];
  /**
   * How long a token lives when a pull secret's username shows it is the registry's short-lived
   * token, by username; `'*'` for every username (the registry has no other kind).
   */
  readonly shortLivedTokens: Readonly<Record<string, string>>;
}

export const CREDENTIAL_PROVIDERS: readonly CredentialProvider[] = [
  {
    registry: 'Amazon ECR',
    plugin: 'ecr-credential-provider',
    matchImages: [
      '*.dkr.ecr.*.amazonaws.com',
      '*.dkr.ecr.*.amazonaws.com.cn',
      '*.dkr.ecr-fips.*.amazonaws.com',
      '*.dkr.ecr.us-iso-east-1.c2s.ic.gov',
      '*.dkr.ecr.us-isob-east-1.sc2s.sgov.gov',
    ],
    // `aws ecr get-login-password` tokens: 12 hours, whatever the user name (always AWS).
    shortLivedTokens: { '*': '12 hours' },
  },
  {
    registry: 'Google Artifact Registry / Container Registry',
    plugin: 'auth-provider-gcp',
    matchImages: ['*-docker.pkg.dev', 'gcr.io', '*.gcr.io'],
    // An OAuth access token (`gcloud auth print-access-token`); `_json_key` is a key file that does not expire.
    shortLivedTokens: { oauth2accesstoken: '1 hour' },
  },
  {
    registry: 'Azure Container Registry',
    plugin: 'acr-credential-provider',
    matchImages: ['*.azurecr.io', '*.azurecr.cn', '*.azurecr.us'],
    // The user of `az acr login --expose-token`, whose access token lives three hours.
    shortLivedTokens: { [ACCESS_TOKEN_USER]: '3 hours' },
  },
];

/** The credential provider that serves a registry key's host, if a cloud ships one, and the `matchImages` entry that matches it. */
export function credentialProviderOf(
  registryKey: string,
): { readonly provider: CredentialProvider; readonly matchImage: string } | undefined {
  const host = normalizeRegistryKey(registryKey)?.split('/')[0].toLowerCase();
  if (host === undefined || host === '') return undefined;
  for (const provider of CREDENTIAL_PROVIDERS) {
    const matchImage = provider.matchImages.find((glob) => urlsMatch(glob, host));
    if (matchImage !== undefined) return { provider, matchImage };
  }
  return undefined;
}

/** How long the token of an entry lives, when its registry only issues short-lived ones of that kind. */
export function shortLivedTokenLifetime(provider: CredentialProvider, username: string): string | undefined {
  const lifetime = own(provider.shortLivedTokens, '*') ?? own(provider.shortLivedTokens, username);
  return typeof lifetime === 'string' ? lifetime : undefined;
}
