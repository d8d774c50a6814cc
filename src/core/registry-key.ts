import { quote } from './errors';
import { normalizeRegistryKey } from './keyring';

/** The auths key the kubelet treats as Docker Hub (kubectl's default `--docker-server`). */
export const DOCKER_HUB_KEY = 'https://index.docker.io/v1/';

/** How messages name that key when it is the one a pull secret has. */
export const KUBECTL_DEFAULT = "kubectl's default when --docker-server is left out";

/**
 * Checks a registry key (an `auths` key of a docker config) for the mistakes
 * that make the kubelet never use it.
 *
 * @param key the key as it would be written into the secret
 * @param field the name of the field the key came from, for the message
 * @returns one message per problem, naming the field, the value, the rule and the fix; empty when the key is sound
 * @see https://kubernetes.io/docs/concepts/containers/images/#config-json
 */
export function registryKeyProblems(key: string, field = 'registry'): string[] {
  const at = `'${field}' ${quote(key)}`;
  if (key.length === 0) return [`'${field}' is empty. Use the registry host, e.g. "registry.gitlab.com".`];
  if (/[\s\u0000-\u001f\u007f]/.test(key)) {
    return [
      `${at} contains white space or control characters; the kubelet drops such a key. Use the bare host, e.g. "registry.gitlab.com".`,
    ];
  }
  if (key.includes(',')) {
    return [
      `${at} contains ","; no image reference has one, so the kubelet would never match this key. Give one registry per key (one credentials object each), e.g. ${quote(key.split(',')[0].trim() || 'registry.gitlab.com')}.`,
    ];
  }
  const problems: string[] = [];
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(key);
  let rest = key;
  if (scheme) {
    rest = key.slice(scheme[0].length);
    if (scheme[1] !== 'http' && scheme[1] !== 'https') {
      const fix = /^https?$/i.test(scheme[1])
        ? `write the scheme in lowercase or leave it out`
        : `leave the scheme out`;
      problems.push(
        `${at} starts with "${scheme[1]}://"; the kubelet only strips a lowercase "http://" or "https://", so this key never matches. ${cap(fix)}: ${quote(rest.split(/[/?#]/)[0])}.`,
      );
    }
  }
  if (/[?#]/.test(rest)) {
    problems.push(
      `${at} has a query or fragment ("?" or "#"); the kubelet drops it, so the key does not say what it seems to. Remove everything from "${/[?#]/.exec(rest)?.[0]}" on.`,
    );
  }
  const slash = rest.search(/[/?#]/);
  const authority = slash < 0 ? rest : rest.slice(0, slash);
  const path = slash < 0 ? '' : rest.slice(slash).split(/[?#]/)[0];
  if (authority.includes('@')) {
    problems.push(
      `${at} carries user information before "@"; the kubelet ignores it. Put the user in 'username' and keep the key to the host: ${quote(authority.slice(authority.lastIndexOf('@') + 1))}.`,
    );
  }
  const host = authority.slice(authority.lastIndexOf('@') + 1);
  if (host.length === 0) {
    problems.push(`${at} has no host. Use the registry host, e.g. "registry.gitlab.com".`);
  }
  if (path === '/v1' || path === '/v2') {
    problems.push(
      `${at} ends in "${path}" without a slash; the kubelet would treat it as a path and never match. Use ${quote(host)}.`,
    );
  }
  if (host === 'registry-1.docker.io' || host === 'docker.io') {
    const why =
      host === 'docker.io'
        ? 'it matches only images written with "docker.io/" and never takes part in the Docker Hub fallback'
        : 'image lookups say "docker.io", never "registry-1.docker.io", so it never matches';
    problems.push(
      `${at} is not the key the kubelet uses for Docker Hub: ${why}. Use ${quote(DOCKER_HUB_KEY)} (RegistryCredentials.dockerHub).`,
    );
  }
  if (problems.length === 0 && normalizeRegistryKey(key) === undefined) {
    problems.push(
      `${at} cannot be parsed as a URL the way the kubelet parses it (for example a port that is not a number, or a character not allowed in a host), so the kubelet drops it. Use "host" or "host:port", e.g. "gitlab.example.com:5050".`,
    );
  }
  return problems;
}

/**
 * What is legal in a registry key but rarely meant: a host with uppercase
 * letters matches only images that write the host in the same case (the
 * kubelet compares hosts case-sensitively), never the usual lowercase ones.
 */
export function registryKeyWarnings(key: string, field = 'registry'): string[] {
  const host = key.replace(/^[A-Za-z][A-Za-z0-9+.-]*:\/\//, '').split(/[/?#]/)[0];
  const bare = host.slice(host.lastIndexOf('@') + 1);
  if (bare === bare.toLowerCase()) return [];
  return [
    `'${field}' ${quote(key)} has uppercase letters in the host; the kubelet compares hosts case-sensitively, so it matches only images written with ${quote(bare)}, not ${quote(bare.toLowerCase())}. Write the host as the images do.`,
  ];
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
