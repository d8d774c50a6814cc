/**
 * Each registry preset: its key, username and token rules, and a round trip
 * through the kubelet's lookup (render → resolvePullCredentials).
 */
import {
  REGISTRY_PRESETS,
  RegistryCredentials,
  RegistryKind,
  pullSecretManifest,
  resolvePullCredentials,
} from '../../src/core/internal';
import { errorOf } from '../error-of';

/** What the kubelet would send for `image` with a Secret holding only `c`. */
function kubeletCreds(c: RegistryCredentials, image: string): Array<{ username: string; password: string }> {
  const secret = pullSecretManifest({ name: 'pull', credentials: [c] });
  return resolvePullCredentials([secret], image).creds.map(({ username, password }) => ({ username, password }));
}

const SA_KEY = JSON.stringify(
  {
    type: 'service_account',
    project_id: 'acme',
    private_key_id: 'abc',
    private_key: '-----BEGIN PRIVATE KEY-----\nMIIEvQ\n-----END PRIVATE KEY-----\n',
    client_email: 'puller@acme.iam.gserviceaccount.com',
  },
  null,
  2,
);

describe('every preset lives in the table with its docs and rules', () => {
  test.each(Object.values(RegistryKind))('%s', (kind) => {
    const preset = REGISTRY_PRESETS[kind];
    expect(preset.kind).toBe(kind);
    expect(typeof (RegistryCredentials as unknown as Record<string, unknown>)[preset.factory]).toBe('function');
    expect(preset.tokenDocs).toMatch(/^https:\/\//);
    for (const t of preset.tokenKinds) if (t.verdict !== 'accept') expect([t.why, t.fix]).not.toContain(undefined);
  });
});

describe('quay', () => {
  test('keys on quay.io, or the given self-hosted registry', () => {
    const c = RegistryCredentials.quay({ username: 'acme+puller', token: 'ROBOTTOKEN0123' });
    expect(c.registry).toBe('quay.io');
    expect(c.warnings).toEqual([]);
    expect(kubeletCreds(c, 'quay.io/acme/app:1')).toEqual([{ username: 'acme+puller', password: 'ROBOTTOKEN0123' }]);
    expect(RegistryCredentials.quay({ username: 'acme+p', token: 't', registry: 'quay.example.com' }).registry).toBe(
      'quay.example.com',
    );
  });

  test('warns when the username is no robot account', () => {
    expect(RegistryCredentials.quay({ username: 'alice', token: 't' }).warnings[0]).toContain(
      'is not a robot account (namespace+robot)',
    );
  });
});

describe('harbor', () => {
  test('keeps the $ of robot accounts through rendering and the kubelet', () => {
    const c = RegistryCredentials.harbor({
      registry: 'harbor.example.com',
      username: 'robot$shop+puller',
      token: 's3cret',
    });
    expect(c.warnings).toEqual([]);
    expect(kubeletCreds(c, 'harbor.example.com/shop/app')).toEqual([
      { username: 'robot$shop+puller', password: 's3cret' },
    ]);
  });

  test('warns when the username is no robot account', () => {
    const c = RegistryCredentials.harbor({ registry: 'harbor.example.com', username: 'alice', token: 's' });
    expect(c.warnings[0]).toContain('does not start with "robot$"');
  });

  test('fails without a registry', () => {
    expect(errorOf(() => RegistryCredentials.harbor({ username: 'robot$x', token: 's' } as never)).field).toBe(
      'registry',
    );
  });
});

describe('googleArtifactRegistry', () => {
  test('keys on <location>-docker.pkg.dev with _json_key and the compacted key', () => {
    const c = RegistryCredentials.googleArtifactRegistry({ location: 'europe-west1', serviceAccountKey: SA_KEY });
    expect(c.registry).toBe('europe-west1-docker.pkg.dev');
    expect(c.username).toBe('_json_key');
    expect(kubeletCreds(c, 'europe-west1-docker.pkg.dev/acme/repo/app:1')).toEqual([
      { username: '_json_key', password: JSON.stringify(JSON.parse(SA_KEY)) },
    ]);
  });

  test.each([
    ['not JSON', 'not-json', 'is not JSON'],
    [
      'another key type',
      JSON.stringify({ type: 'authorized_user', client_email: 'a', private_key: 'b' }),
      'other than "service_account"',
    ],
    [
      'a key without private_key',
      JSON.stringify({ type: 'service_account', client_email: 'a' }),
      'lacks "private_key"',
    ],
  ])('fails for %s, printing none of it', (_what, key, message) => {
    const e = errorOf(() => RegistryCredentials.googleArtifactRegistry({ location: 'us', serviceAccountKey: key }));
    expect(e.field).toBe('serviceAccountKey');
    expect(e.message).toContain(message);
    expect(e.message).not.toContain(key);
  });

  test('refuses a one-hour access token, unless acceptRefusedToken is set', () => {
    const token = 'ya29.a0AfH6SMBexampleAccessToken';
    const e = errorOf(() => RegistryCredentials.googleArtifactRegistry({ location: 'us', serviceAccountKey: token }));
    expect(e.message).toContain('OAuth access token (ya29.…, used as "oauth2accesstoken"), which lives one hour');
    expect(e.message).toContain('GCRAccessToken');
    expect(e.message).not.toContain('AfH6SMB');
    const c = RegistryCredentials.googleArtifactRegistry({
      location: 'us',
      serviceAccountKey: token,
      acceptRefusedToken: true,
    });
    expect(c.username).toBe('oauth2accesstoken');
  });

  test('takes exactly one of location and registry', () => {
    expect(errorOf(() => RegistryCredentials.googleArtifactRegistry({ serviceAccountKey: SA_KEY })).field).toBe(
      'location',
    );
    const both = { location: 'us', registry: 'us-docker.pkg.dev', serviceAccountKey: SA_KEY };
    expect(errorOf(() => RegistryCredentials.googleArtifactRegistry(both)).field).toBe('location');
    expect(
      errorOf(() => RegistryCredentials.googleArtifactRegistry({ registry: 'gcr.io', serviceAccountKey: SA_KEY }))
        .field,
    ).toBe('registry');
  });
});

describe('azureContainerRegistry', () => {
  test('keys on the login server', () => {
    const c = RegistryCredentials.azureContainerRegistry({
      registry: 'acmeprod.azurecr.io',
      username: 'pull-token',
      password: 'pw',
    });
    expect(kubeletCreds(c, 'acmeprod.azurecr.io/shop/api:1')).toEqual([{ username: 'pull-token', password: 'pw' }]);
    expect(
      RegistryCredentials.azureContainerRegistry({ registry: 'acmegov.azurecr.us', username: 'u', password: 'p' })
        .registry,
    ).toBe('acmegov.azurecr.us');
  });

  test.each(['acme.example.com', 'ab.azurecr.io', 'Acme.azurecr.io'])('fails for the registry %j', (registry) => {
    expect(
      errorOf(() => RegistryCredentials.azureContainerRegistry({ registry, username: 'u', password: 'p' })).field,
    ).toBe('registry');
  });

  test('refuses the three-hour access token of az acr login --expose-token', () => {
    const e = errorOf(() =>
      RegistryCredentials.azureContainerRegistry({
        registry: 'acmeprod.azurecr.io',
        username: '00000000-0000-0000-0000-000000000000',
        password: 'eyJhbGciOi.secretpart',
      }),
    );
    expect(e.message).toContain('lives three hours');
    expect(e.message).not.toContain('secretpart');
  });
});

describe('digitalOcean', () => {
  test('writes the token as username and password, and never shows it', () => {
    const token = 'dop_v1_0123456789abcdef';
    const c = RegistryCredentials.digitalOcean({ token });
    expect(c.registry).toBe('registry.digitalocean.com');
    expect(kubeletCreds(c, 'registry.digitalocean.com/acme/app')).toEqual([{ username: token, password: token }]);
    expect(c.username).toBe('***');
    expect(`${String(c)} ${JSON.stringify(c)}`).not.toContain('0123456789abcdef');
  });
});

describe('gitlabDependencyProxy', () => {
  test.each([
    ['gitlab.com/acme/dependency_proxy/containers/alpine:3'],
    ['gitlab.com:443/acme/dependency_proxy/containers/alpine:3'],
  ])('matches %s, both forms images take', (image) => {
    const c = RegistryCredentials.gitlabDependencyProxy({ username: 'gitlab+deploy-token-9', token: 'gldt-proxy' });
    expect(c.registries).toEqual(['gitlab.com', 'gitlab.com:443']);
    expect(kubeletCreds(c, image)).toEqual([{ username: 'gitlab+deploy-token-9', password: 'gldt-proxy' }]);
  });

  test('a self-managed host on another port keeps only that port', () => {
    const c = RegistryCredentials.gitlabDependencyProxy({
      username: 'u',
      token: 'gldt-x',
      host: 'gitlab.example.com:8443',
    });
    expect(c.registries).toEqual(['gitlab.example.com:8443']);
  });
});

describe('basic', () => {
  test('warns that an ECR password lives 12 hours', () => {
    const c = RegistryCredentials.basic({
      registry: '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
      username: 'AWS',
      password: 'eyJwYXlsb2Fk',
    });
    expect(c.warnings[0]).toContain('Amazon ECR, whose passwords (aws ecr get-login-password) live 12 hours');
  });
});

describe('token kinds, by prefix', () => {
  const make: Record<string, (token: string, extra?: object) => RegistryCredentials> = {
    gitlab: (token, extra) => RegistryCredentials.gitlab({ username: 'u', token, ...extra }),
    'gitlab self-managed': (token, extra) =>
      RegistryCredentials.gitlab({ username: 'u', token, registry: 'gitlab.example.com:5050', ...extra }),
    github: (token, extra) => RegistryCredentials.github({ username: 'u', token, ...extra }),
    dockerHub: (token, extra) => RegistryCredentials.dockerHub({ username: 'u', token, ...extra }),
    digitalOcean: (token, extra) => RegistryCredentials.digitalOcean({ token, ...extra }),
  };
  test.each([
    ['gitlab', 'gldt-', 'accept', ''],
    ['gitlab', 'glpat-', 'warn', 'personal, project or group access token'],
    [
      'gitlab',
      'glcbt-',
      'refuse',
      'CI/CD job token (glcbt-…), which cannot work in a pull secret: it stops working when the job',
    ],
    ['gitlab', 'glrt-', 'refuse', 'runner authentication token'],
    ['gitlab', 'glrtr-', 'refuse', 'runner registration token'],
    ['gitlab', 'glptt-', 'refuse', 'pipeline trigger token'],
    ['gitlab', 'glft-', 'refuse', 'feed token'],
    ['gitlab', 'gloas-', 'refuse', 'OAuth application secret'],
    ['gitlab', 'glagent-', 'refuse', 'agent for Kubernetes token'],
    ['gitlab', 'glsoat-', 'refuse', 'SCIM OAuth access token'],
    ['gitlab', 'glffct-', 'refuse', 'feature flags client token'],
    ['gitlab', 'glwt-', 'refuse', 'workspace token'],
    ['gitlab', 'glxyz-', 'refuse', 'has no prefix regcred knows'],
    ['gitlab', 'legacy', 'warn', 'deploy tokens made before GitLab 16.7 have no prefix'],
    ['gitlab self-managed', 'acme-', 'warn', 'may set its own token prefix'],
    ['gitlab self-managed', 'glxyz-', 'warn', 'may set its own token prefix'],
    ['github', 'ghp_', 'accept', ''],
    ['github', 'github_pat_', 'warn', 'fine-grained'],
    ['github', 'ghs_', 'refuse', 'installation token'],
    ['github', 'gho_', 'refuse', 'OAuth access token'],
    ['github', 'ghu_', 'refuse', 'user-to-server token'],
    ['github', 'ghr_', 'refuse', 'refresh token'],
    ['dockerHub', 'dckr_pat_', 'accept', ''],
    ['dockerHub', 'dckr_oat_', 'accept', ''],
    ['dockerHub', 'Passw0rd', 'warn', 'looks like an account password'],
    ['digitalOcean', 'dop_v1_', 'accept', ''],
    ['digitalOcean', 'dor_v1_', 'refuse', 'refresh token'],
  ])('%s %s: %s', (factory, prefix, verdict, words) => {
    const token = `${prefix}SecretPart0123`;
    if (verdict === 'refuse') {
      const e = errorOf(() => make[factory](token));
      expect(e.field).toBe('token');
      expect(e.message).toContain(words);
      expect(e.message).toContain('acceptRefusedToken');
      expect(e.message).not.toContain('SecretPart0123');
      const opted = make[factory](token, { acceptRefusedToken: true });
      expect(opted.warnings.join(' ')).toContain(
        'Used anyway because acceptRefusedToken (--accept-refused-token) is set',
      );
      return;
    }
    const c = make[factory](token);
    if (verdict === 'accept') expect(c.warnings).toEqual([]);
    else expect(c.warnings.join(' ')).toContain(words);
    expect(c.warnings.join(' ')).not.toContain('SecretPart0123');
  });
});
