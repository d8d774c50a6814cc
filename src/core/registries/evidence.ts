/**
 * What a credential says about the registry it was made for, from the registries' own data: a
 * token prefix of one vendor, a GitLab deploy token's username; and which vendor a registry key
 * belongs to, for the hosts that are a vendor's alone. A self-managed host proves nothing.
 */
import { normalizeRegistryKey } from '../keyring';
import { KUBECTL_DEFAULT } from '../registry-key';
import { REGISTRY_PRESETS } from './index';
import { RegistryKind, RegistryPreset } from './preset';

/** The vendors whose credentials and hosts tell each other apart; GitLab's two kinds are one vendor. */
function vendorOf(kind: RegistryKind): RegistryKind {
  return kind === RegistryKind.GITLAB_DEPENDENCY_PROXY ? RegistryKind.GITLAB : kind;
}

const PRESETS = Object.values(REGISTRY_PRESETS) as ReadonlyArray<RegistryPreset<never>>;

/** Docker Hub answers under several names; kubectl's default key is the first. */
const DOCKER_HUB_HOSTS = ['index.docker.io', 'docker.io', 'registry-1.docker.io', 'registry.hub.docker.com'];

/** Each vendor-only host, with its vendor. */
const HOSTS = new Map<string, RegistryKind>([
  ...DOCKER_HUB_HOSTS.map((h): [string, RegistryKind] => [h, RegistryKind.DOCKER_HUB]),
  ...PRESETS.filter((p) => p.defaultKey !== undefined && p.kind !== RegistryKind.DOCKER_HUB).map(
    (p): [string, RegistryKind] => [hostOf(p.defaultKey!) ?? p.defaultKey!, vendorOf(p.kind)],
  ),
]);

/** The host (and port) of a registry key after the kubelet's normalisation, lower case. */
function hostOf(key: string): string | undefined {
  return normalizeRegistryKey(key)?.split('/')[0].toLowerCase();
}

/** The vendor a registry key belongs to, when its host is that vendor's alone. */
export function vendorOfKey(key: string): RegistryKind | undefined {
  const host = hostOf(key);
  return host === undefined ? undefined : HOSTS.get(host);
}

export interface CredentialEvidence {
  readonly vendor: RegistryKind;
  /** What gave it away, for a message (never the secret itself). */
  readonly because: string;
}

/** The vendor a username and password were made for, when they say so. */
export function credentialVendor(username: string, password: string): CredentialEvidence | undefined {
  for (const p of PRESETS) {
    const token = p.tokenKinds.find((t) => password.startsWith(t.prefix));
    if (token) return { vendor: vendorOf(p.kind), because: `${token.name} (${token.prefix}…)` };
  }
  if (/^gitlab\+deploy-token-\d+$/.test(username)) {
    return { vendor: RegistryKind.GITLAB, because: `a GitLab deploy token's username (${username})` };
  }
  return undefined;
}

/**
 * Why an entry keyed on `key` cannot work, when its credentials were made for another vendor than
 * the one `key` belongs to; the token itself is never shown, only its kind.
 */
export function credentialsForAnotherRegistry(
  key: string,
  username: string,
  password: string,
): { readonly message: string; readonly fix: string } | undefined {
  const keyed = vendorOfKey(key);
  const made = keyed === undefined ? undefined : credentialVendor(username, password);
  if (keyed === undefined || made === undefined || made.vendor === keyed) return undefined;
  const home = REGISTRY_PRESETS[made.vendor];
  const kubectlDefault = keyed === RegistryKind.DOCKER_HUB ? ` (${KUBECTL_DEFAULT})` : '';
  return {
    message: `entry ${JSON.stringify(key)} holds ${made.because}, made for ${home.title}, but ${JSON.stringify(key)} is ${REGISTRY_PRESETS[keyed].title}'s${kubectlDefault}: that registry never accepts it, so every pull with this entry fails.`,
    fix: `Key the credentials on the ${home.title} host they are for (${JSON.stringify(home.defaultKey ?? '')} for the hosted service, or your own instance's host): kubectl create secret docker-registry NAME --docker-server=HOST …, or regcred secret.`,
  };
}
