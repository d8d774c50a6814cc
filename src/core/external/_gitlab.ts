/** The rules of the External Secrets Operator's GitLab deploy token generator spec. */
import { RegcredIssue, own, quote } from '../errors';
import { parseTime } from '../private/time';
import { GITLAB_MIN_REFRESH_MS, durationMs, nonEmpty, registry } from './_rules';
import type { GeneratorProps } from './props';
import type { SourceParts } from './source';
import { deployTokenScopeProblems } from '../registries/gitlab';

/** The GitLab API url of a generator spec (`undefined`: gitlab.com); an http(s) URL. */
export function gitlabApiUrl(value: unknown, issues: RegcredIssue[]): URL | undefined {
  if (value === undefined || value === '') return undefined;
  let url: URL | undefined;
  try {
    url = typeof value === 'string' ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password) {
    issues.push({
      field: 'spec.url',
      message: `'spec.url' ${typeof value === 'string' ? quote(value) : `(${typeof value})`} is not a GitLab url such as "https://gitlab.example.com" (no credentials in it).`,
    });
    return undefined;
  }
  return url;
}

/**
 * The registry key of a GitLab deploy token generator: `registry` as given, else
 * registry.gitlab.com for gitlab.com; a self-managed GitLab's registry host cannot be guessed
 * from its API url.
 */
export function gitlabRegistryKey(given: unknown, api: URL | undefined, url: unknown, issues: RegcredIssue[]): string {
  if (given !== undefined) return registry(given, 'registry', issues);
  if (api === undefined || api.host === 'gitlab.com') return 'registry.gitlab.com';
  issues.push({
    field: 'registry',
    message: `'registry' is needed with 'spec.url' ${quote(url as string)}: give the host of that GitLab's container registry (such as "registry.example.com" or "gitlab.example.com:5050", as in its image names). The API url is not where the kubelet pulls from.`,
  });
  return '';
}

/** Where the generator makes the token: exactly one of `projectID` and `groupID`, as text. */
export function gitlabTarget(spec: Record<string, unknown>, issues: RegcredIssue[]): 'project' | 'group' | undefined {
  const given = (['projectID', 'groupID'] as const).filter((f) => spec[f] !== undefined);
  if (given.length !== 1) {
    issues.push({
      field: 'spec.projectID',
      message:
        given.length === 0
          ? `'spec.projectID' or 'spec.groupID' is needed: the project (ID or path such as "acme/shop") or group the deploy token is made in.`
          : `'spec.projectID' and 'spec.groupID' are both given; the generator takes exactly one.`,
    });
    return undefined;
  }
  const field = given[0];
  const value = spec[field];
  if (typeof value === 'number' && Number.isInteger(value)) {
    issues.push({
      field: `spec.${field}`,
      message: `'spec.${field}' must be text, as the generator's CRD declares it: give "${value}".`,
    });
    return undefined;
  }
  nonEmpty(value, `spec.${field}`, issues);
  return field === 'projectID' ? 'project' : 'group';
}

/** The scopes must be GitLab's, include `read_registry`, and fit the target (virtual registry scopes: projects only). */
export function gitlabScopes(value: unknown, target: 'project' | 'group' | undefined, issues: RegcredIssue[]): void {
  issues.push(...deployTokenScopeProblems(value, 'spec.scopes', target));
}

/**
 * The checks of a GitLab deploy token generator's props (into `issues`), the props to emit
 * (`expiresAt` as the full RFC 3339 time the CRD reads) and the credentials' template parts.
 */
export function gitlabDeployTokenParts(
  props: GeneratorProps,
  issues: RegcredIssue[],
): { emitted: GeneratorProps; parts: Omit<SourceParts, 'refreshInterval' | 'generator'> } {
  const spec = props.spec;
  const api = gitlabApiUrl(spec.url, issues);
  const key = gitlabRegistryKey(props.registry, api, spec.url, issues);
  const target = gitlabTarget(spec, issues);
  nonEmpty(spec.name, 'spec.name', issues);
  gitlabScopes(spec.scopes, target, issues);
  if (spec.username !== undefined) nonEmpty(spec.username, 'spec.username', issues);
  nonEmpty(own(own(own(spec.auth, 'token'), 'secretRef'), 'name'), 'spec.auth.token.secretRef.name', issues);
  nonEmpty(own(own(own(spec.auth, 'token'), 'secretRef'), 'key'), 'spec.auth.token.secretRef.key', issues);
  let expiresAt: string | undefined;
  if (spec.expiresAt !== undefined) {
    const t = parseTime(spec.expiresAt, 'spec.expiresAt');
    if ('problem' in t) issues.push({ field: 'spec.expiresAt', message: t.problem });
    else if (t.date.getTime() <= Date.now()) {
      issues.push({
        field: 'spec.expiresAt',
        message: `'spec.expiresAt' ${quote(spec.expiresAt as string)} has passed: every token the generator makes would expire at that moment, so no pod could pull. Give a later date, or leave it out (the operator revokes each token once a newer one replaces it).`,
      });
    } else expiresAt = t.date.toISOString().replace(/\.000Z$/, 'Z');
  }
  if (props.refreshInterval !== undefined && durationMs(props.refreshInterval) < GITLAB_MIN_REFRESH_MS) {
    issues.push({
      field: 'refreshInterval',
      message: `'refreshInterval' ${quote(props.refreshInterval)} is under 10m: each refresh makes a GitLab deploy token, and the one it replaces is revoked soon after, while a long image pull may still need it. Give 10m or more (the default is 24h; see docs/gitops.md).`,
    });
  }
  // The CRD's expiresAt is a metav1.Time, which reads only a full RFC 3339 time.
  const emitted = expiresAt !== undefined ? { ...props, spec: { ...spec, expiresAt } } : props;
  return {
    emitted,
    parts: {
      registries: [key],
      username: { data: 'username' },
      password: { data: 'token' },
      ...(expiresAt !== undefined ? { expiresAt } : {}),
    },
  };
}
