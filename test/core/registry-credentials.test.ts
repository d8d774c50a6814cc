import { inspect } from 'node:util';
import {
  GitlabDeployTokenScope,
  RegcredError,
  RegistryCredentials,
  RegistryKind,
  renderDockerConfigJson,
} from 'regcred';
import { errorOf } from '../error-of';

const TOKEN = 'gldt-Zx9vQ3mK7pL2sT8wR4yB';

describe('RegistryCredentials.gitlab', () => {
  test('GIVEN a deploy token WHEN created THEN the key is registry.gitlab.com and nothing is warned', () => {
    const c = RegistryCredentials.gitlab({ username: 'gitlab+deploy-token-42', token: TOKEN });
    expect(c.kind).toBe(RegistryKind.GITLAB);
    expect(c.registry).toBe('registry.gitlab.com');
    expect(c.username).toBe('gitlab+deploy-token-42');
    expect(c.warnings).toEqual([]);
  });

  test('accepts a self-managed registry with a port and a custom username', () => {
    const c = RegistryCredentials.gitlab({ username: 'ci-puller', token: TOKEN, registry: 'gitlab.example.com:5050' });
    expect(c.registry).toBe('gitlab.example.com:5050');
  });

  test('warns, without failing, on a token without any prefix (a deploy token made before GitLab 16.7)', () => {
    const c = RegistryCredentials.gitlab({ username: 'gitlab+deploy-token-1', token: 'abcDEF123456' });
    expect(c.warnings).toEqual([
      `'token' has no prefix regcred knows: deploy tokens made before GitLab 16.7 have no prefix and still work; any other token cannot pull. Check that it is a deploy token with read_registry.`,
    ]);
  });

  test('trims a trailing newline with a warning instead of encoding it', () => {
    const c = RegistryCredentials.gitlab({ username: 'gitlab+deploy-token-1', token: `${TOKEN}\n` });
    expect(c.warnings).toEqual([
      `'token' "***" had a newline around it; regcred removed it rather than encode it into "auth". Read the token without the newline (e.g. "echo -n", or "tr -d '\\n'").`,
    ]);
    const entry = JSON.parse(renderDockerConfigJson([c])).auths['registry.gitlab.com'];
    expect(entry.password).toBe(TOKEN);
    expect(Buffer.from(entry.auth, 'base64').toString()).toBe(`gitlab+deploy-token-1:${TOKEN}`);
  });

  test('fails when the token has white space inside it', () => {
    const e = errorOf(() => RegistryCredentials.gitlab({ username: 'u', token: 'gldt-abc def' }));
    expect(e.code).toBe('INVALID_CREDENTIALS');
    expect(e.field).toBe('token');
    expect(e.message).toBe(
      `'token' "***" contains white space or control characters inside it; a token never does, and the registry would reject it. Check how it was copied.`,
    );
  });

  test('fails when the username contains a colon, without printing what follows it', () => {
    const e = errorOf(() => RegistryCredentials.gitlab({ username: 'deploy:gldt-pastedToken', token: TOKEN }));
    expect(e.message).toBe(
      `'username' "deploy":*** contains ":"; the kubelet splits "auth" at the first colon, so the registry would receive user "deploy" and the rest as part of the password (a pasted "user:token"?). Use a username without ":".`,
    );
    expect(e.message).not.toContain('pastedToken');
  });

  describe('wrong types from JavaScript callers', () => {
    const call = (f: () => unknown): RegcredError => errorOf(f);
    test.each([
      ['no props', () => RegistryCredentials.gitlab(undefined as never), 'props', 'got undefined'],
      ['null props', () => RegistryCredentials.basic(null as never), 'props', 'got null'],
      [
        'a number token',
        () => RegistryCredentials.gitlab({ username: 'u', token: 12345 as never }),
        'token',
        'got a number',
      ],
      [
        'scopes as a string',
        () => RegistryCredentials.gitlab({ username: 'u', token: TOKEN, scopes: 'read_registry' as never }),
        'scopes',
        'got a string',
      ],
      [
        'a number username',
        () => RegistryCredentials.github({ username: 7 as never, token: 'ghp_x' }),
        'username',
        'got a number',
      ],
      [
        'an object email',
        () => RegistryCredentials.basic({ registry: 'r.io', username: 'u', password: 'p', email: {} as never }),
        'email',
        'got an object',
      ],
    ])('fails with RegcredError on %s', (_what, f, field, got) => {
      const e = call(f);
      expect(e.code).toBe('INVALID_CREDENTIALS');
      expect(e.field).toBe(field);
      expect(e.message).toContain(got);
    });

    test('a number token is never echoed', () => {
      expect(
        call(() => RegistryCredentials.gitlab({ username: 'u', token: 987654321 as never })).message,
      ).not.toContain('987654321');
    });
  });

  test('fails when the registry ends in /v2 without a slash', () => {
    const e = errorOf(() =>
      RegistryCredentials.gitlab({ username: 'u', token: TOKEN, registry: 'https://registry.gitlab.com/v2' }),
    );
    expect(e.field).toBe('registry');
    expect(e.message).toBe(
      `'registry' "https://registry.gitlab.com/v2" ends in "/v2" without a slash; the kubelet would treat it as a path and never match. Use "registry.gitlab.com".`,
    );
  });

  test('fails when the registry has an uppercase scheme', () => {
    const e = errorOf(() =>
      RegistryCredentials.gitlab({ username: 'u', token: TOKEN, registry: 'HTTPS://registry.gitlab.com' }),
    );
    expect(e.message).toBe(
      `'registry' "HTTPS://registry.gitlab.com" starts with "HTTPS://"; the kubelet only strips a lowercase "http://" or "https://", so this key never matches. Write the scheme in lowercase or leave it out: "registry.gitlab.com".`,
    );
  });

  test('warns that a registry host with uppercase letters matches only images written the same way', () => {
    const c = RegistryCredentials.gitlab({ username: 'u', token: TOKEN, registry: 'Registry.GitLab.com' });
    expect(c.warnings).toEqual([
      `'registry' "Registry.GitLab.com" has uppercase letters in the host; the kubelet compares hosts case-sensitively, so it matches only images written with "Registry.GitLab.com", not "registry.gitlab.com". Write the host as the images do.`,
    ]);
  });

  test('fails when the registry has a query', () => {
    const e = errorOf(() =>
      RegistryCredentials.gitlab({ username: 'u', token: TOKEN, registry: 'registry.gitlab.com?x=1' }),
    );
    expect(e.message).toBe(
      `'registry' "registry.gitlab.com?x=1" has a query or fragment ("?" or "#"); the kubelet drops it, so the key does not say what it seems to. Remove everything from "?" on.`,
    );
  });

  test('fails when the registry cannot be parsed as the kubelet parses it', () => {
    const e = errorOf(() =>
      RegistryCredentials.gitlab({ username: 'u', token: TOKEN, registry: 'gitlab.example.com:https' }),
    );
    expect(e.message).toBe(
      `'registry' "gitlab.example.com:https" cannot be parsed as a URL the way the kubelet parses it (for example a port that is not a number, or a character not allowed in a host), so the kubelet drops it. Use "host" or "host:port", e.g. "gitlab.example.com:5050".`,
    );
  });

  test('fails when scopes lack read_registry', () => {
    const e = errorOf(() =>
      RegistryCredentials.gitlab({ username: 'u', token: TOKEN, scopes: [GitlabDeployTokenScope.READ_REPOSITORY] }),
    );
    expect(e.message).toBe(
      `'scopes' ["read_repository"] lacks "read_registry"; the registry refuses pulls with such a token (403 denied). Create a deploy token with the read_registry scope.`,
    );
  });

  test('reports every bad field at once', () => {
    const e = errorOf(() => RegistryCredentials.gitlab({ username: '', token: '', expiresAt: 'next year' }));
    expect(e.issues.map((i) => i.field)).toEqual(['username', 'token', 'expiresAt']);
    expect(e.issues[2].message).toBe(
      `'expiresAt' "next year" is not a date. Use an RFC 3339 date or time, e.g. "2027-01-31" or "2027-01-31T00:00:00Z".`,
    );
  });

  test('refuses a Date for expiresAt from a JavaScript caller, naming the fix', () => {
    const e = errorOf(() =>
      RegistryCredentials.gitlab({ username: 'u', token: TOKEN, expiresAt: new Date('2027-01-31') as never }),
    );
    expect(e.issues.map((i) => [i.field, i.message])).toEqual([
      [
        'expiresAt',
        `'expiresAt' is a Date; it takes RFC 3339 text. Give date.toISOString() (or a date such as "2027-01-31").`,
      ],
    ]);
  });

  test('reads expiresAt as a date or a time', () => {
    expect(
      RegistryCredentials.gitlab({ username: 'u', token: TOKEN, expiresAt: '2027-01-31' }).expiresAt?.toISOString(),
    ).toBe('2027-01-31T00:00:00.000Z');
    expect(
      RegistryCredentials.gitlab({
        username: 'u',
        token: TOKEN,
        expiresAt: '2027-01-31T12:30:00+02:00',
      }).expiresAt?.toISOString(),
    ).toBe('2027-01-31T10:30:00.000Z');
  });
});

describe('other presets', () => {
  test('gitlabDependencyProxy keys on the GitLab host', () => {
    expect(RegistryCredentials.gitlabDependencyProxy({ username: 'u', token: TOKEN }).registry).toBe('gitlab.com');
    expect(
      RegistryCredentials.gitlabDependencyProxy({ username: 'u', token: TOKEN, host: 'gitlab.example.com' }).registry,
    ).toBe('gitlab.example.com');
  });

  test('github keys on ghcr.io and warns on a fine-grained token', () => {
    const c = RegistryCredentials.github({ username: 'octocat', token: 'github_pat_11ABCDEF' });
    expect(c.registry).toBe('ghcr.io');
    expect(c.warnings[0]).toContain('fine-grained personal access token');
  });

  test('dockerHub keys on https://index.docker.io/v1/', () => {
    expect(RegistryCredentials.dockerHub({ username: 'me', token: 'dckr_pat_abc' }).registry).toBe(
      'https://index.docker.io/v1/',
    );
  });

  test('fails when dockerHub is given another key', () => {
    const e = errorOf(() =>
      RegistryCredentials.dockerHub({ username: 'me', token: 'dckr_pat_abc', registry: 'docker.io' }),
    );
    expect(e.message).toBe(
      `'registry' "docker.io" is not the Docker Hub key; the kubelet applies Docker Hub credentials only under "https://index.docker.io/v1/". Leave 'registry' out, or use RegistryCredentials.basic for another registry.`,
    );
  });

  test('fails when basic is given registry-1.docker.io', () => {
    const e = errorOf(() =>
      RegistryCredentials.basic({ registry: 'registry-1.docker.io', username: 'me', password: 'pw' }),
    );
    expect(e.message).toBe(
      `'registry' "registry-1.docker.io" is not the key the kubelet uses for Docker Hub: image lookups say "docker.io", never "registry-1.docker.io", so it never matches. Use "https://index.docker.io/v1/" (RegistryCredentials.dockerHub).`,
    );
  });

  test('fails when basic registry carries user information', () => {
    const e = errorOf(() =>
      RegistryCredentials.basic({ registry: 'bob@registry.example.com', username: 'me', password: 'pw' }),
    );
    expect(e.message).toBe(
      `'registry' "bob@registry.example.com" carries user information before "@"; the kubelet ignores it. Put the user in 'username' and keep the key to the host: "registry.example.com".`,
    );
  });

  test('basic accepts a wildcard label and a path prefix', () => {
    expect(
      RegistryCredentials.basic({ registry: '*.example.com/team/', username: 'me', password: 'pw' }).registry,
    ).toBe('*.example.com/team/');
  });
});

describe('secrets never show', () => {
  const secret = 'gldt-S3cr3tValue000000';
  const c = RegistryCredentials.gitlab({ username: 'gitlab+deploy-token-1', token: secret, expiresAt: '2030-01-01' });

  test('not in toString, JSON.stringify or util.inspect', () => {
    // eslint-disable-next-line @typescript-eslint/restrict-template-expressions -- string interpolation is what is tested
    for (const text of [String(c), JSON.stringify(c), inspect(c, { showHidden: true, depth: 5 }), `${c}`]) {
      expect(text).not.toContain(secret);
      expect(text).toContain('***');
    }
  });

  test('not in an own property', () => {
    expect(Object.values(c).map(String).join(' ')).not.toContain(secret);
    expect(
      Reflect.ownKeys(c)
        .map((k) => String((c as unknown as Record<PropertyKey, unknown>)[k]))
        .join(' '),
    ).not.toContain(secret);
  });
});

describe('a registry key with a comma', () => {
  test('fails: no image has a comma, so the key would never match', () => {
    const e = errorOf(() =>
      RegistryCredentials.basic({ registry: 'a.example.com,b.example.com', username: 'u', password: 'p' }),
    );
    expect([e.code, e.field]).toEqual(['INVALID_CREDENTIALS', 'registry']);
    expect(e.message).toContain(
      `'registry' "a.example.com,b.example.com" contains ","; no image reference has one, so the kubelet would never match this key. Give one registry per key (one credentials object each), e.g. "a.example.com".`,
    );
  });
});
