import { inspect } from 'node:util';
import * as pulumi from '@pulumi/pulumi';
import { createdOfType, inputErrorsOf, registered, setupMocks, unwrap, valueOf } from './mocks';

const created = setupMocks();

// Mocks are set before the components under test are loaded.
import {
  GitlabRegistrySecret,
  RegistryCredentialsInput,
  RegistrySecret,
  DockerHubRegistrySecret,
  GithubRegistrySecret,
} from 'regcred/pulumi';
import { RegistryKind, resolvePullCredentials } from 'regcred';
import { AGE_KEYS } from '../age-keys';
import { sopsDecryptData } from '../sops-file';

const TOKEN = 'gldt-PulumiMock00000001';

beforeEach(() => created.splice(0));

function decodeAuths(data: Record<string, string>): Record<string, any> {
  return JSON.parse(Buffer.from(data['.dockerconfigjson'], 'base64').toString()).auths;
}

describe('GitlabRegistrySecret', () => {
  test('GIVEN a secret token WHEN created THEN one kubernetes Secret per namespace with the decoded auths entry', async () => {
    const c = new GitlabRegistrySecret('gitlab', {
      username: 'gitlab+deploy-token-3',
      token: pulumi.secret(TOKEN),
      namespaces: ['shop', 'batch'],
    });
    const name = await valueOf(c.secretName);
    await registered(...c.objects);

    const secrets = created.filter((r) => r.type === 'kubernetes:core/v1:Secret');
    expect(secrets.map((s) => s.name)).toEqual(['gitlab-shop', 'gitlab-batch']);
    for (const s of secrets) {
      const inputs = unwrap(s.inputs);
      expect(inputs.type).toBe('kubernetes.io/dockerconfigjson');
      expect(inputs.metadata.name).toBe(name);
      const auths = decodeAuths(inputs.data);
      expect(Object.keys(auths)).toEqual(['registry.gitlab.com']);
      expect(Buffer.from(auths['registry.gitlab.com'].auth, 'base64').toString()).toBe(
        `gitlab+deploy-token-3:${TOKEN}`,
      );
      expect(resolvePullCredentials([inputs], 'registry.gitlab.com/acme/app').creds[0].password).toBe(TOKEN);
    }
    expect(secrets.map((s) => unwrap(s.inputs).metadata.namespace)).toEqual(['shop', 'batch']);
  });

  test('GIVEN sops WHEN created THEN each Secret is a core/v1 Secret of ciphertext with the sops block, openable by the recipient', async () => {
    const c = new GitlabRegistrySecret('gitlab', {
      username: 'gitlab+deploy-token-3',
      token: pulumi.secret(TOKEN),
      namespaces: ['shop'],
      sops: { age: [AGE_KEYS[0].recipient] },
    });
    const name = await valueOf(c.secretName);
    await registered(...c.objects);
    const [secret] = created.filter((r) => r.type === 'kubernetes:core/v1:Secret');
    const inputs = unwrap(secret.inputs);
    expect([inputs.apiVersion, inputs.kind, inputs.metadata.name, inputs.type]).toEqual([
      'v1',
      'Secret',
      name,
      'kubernetes.io/dockerconfigjson',
    ]);
    expect(inputs.sops).toMatchObject({ mac_only_encrypted: true, encrypted_regex: '^(data|stringData)$' });
    expect(JSON.stringify(inputs)).not.toContain(TOKEN);
    const data = sopsDecryptData(inputs, AGE_KEYS[0].identity);
    expect(Buffer.from(decodeAuths(data)['registry.gitlab.com'].auth, 'base64').toString()).toBe(
      `gitlab+deploy-token-3:${TOKEN}`,
    );
  });

  test('fails when sops names an identity instead of a recipient, naming sops.age[0] and never showing it', () => {
    let message = '';
    try {
      new GitlabRegistrySecret('gitlab', {
        username: 'gitlab+deploy-token-3',
        token: TOKEN,
        sops: { age: [AGE_KEYS[0].identity] },
      });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain("'sops.age[0]' is an age identity (AGE-SECRET-KEY-…, not shown)");
    expect(message).not.toContain(AGE_KEYS[0].identity.slice(15));
  });

  test('namespaces as Outputs (ns.metadata.name): a Secret in each, its resource named by position', async () => {
    const c = new GitlabRegistrySecret('gitlab', {
      username: 'gitlab+deploy-token-3',
      token: TOKEN,
      namespaces: ['shop', pulumi.output('batch')],
    });
    await valueOf(c.secretName);
    await registered(...c.objects);
    const secrets = created.filter((r) => r.type === 'kubernetes:core/v1:Secret');
    expect(secrets.map((s) => [s.name, unwrap(s.inputs).metadata.namespace])).toEqual([
      ['gitlab-shop', 'shop'],
      ['gitlab-1', 'batch'],
    ]);
  });

  test('the component type token is regcred:index:GitlabRegistrySecret and the Secrets are its children', async () => {
    const c = new GitlabRegistrySecret('gl', { username: 'gitlab+deploy-token-3', token: TOKEN });
    const [componentUrn, secretUrn] = await Promise.all([valueOf(c.urn), valueOf(c.objects[0].urn)]);
    expect(componentUrn).toMatch(/::regcred:index:GitlabRegistrySecret::gl$/);
    expect(secretUrn).toMatch(/::regcred:index:GitlabRegistrySecret\$kubernetes:core\/v1:Secret::gl$/);
  });

  test('outputs: a hashed name, imagePullSecrets ready for a pod spec, and a secret dockerConfigJson', async () => {
    const c = new GitlabRegistrySecret('gitlab', { username: 'gitlab+deploy-token-3', token: pulumi.secret(TOKEN) });
    const name = await valueOf(c.secretName);
    expect(name).toMatch(/^gitlab-[0-9a-f]{10}$/);
    expect(await valueOf(c.imagePullSecrets)).toEqual([{ name }]);
    expect(await pulumi.isSecret(c.dockerConfigJson)).toBe(true);
    expect(await pulumi.isSecret(c.secretName)).toBe(false);
    expect(JSON.parse(await valueOf(c.dockerConfigJson)).auths['registry.gitlab.com'].password).toBe(TOKEN);
  });

  test('dockerConfigJson is secret even when the token was given as plain text', async () => {
    const c = new GitlabRegistrySecret('plain', { username: 'gitlab+deploy-token-3', token: TOKEN });
    expect(await pulumi.isSecret(c.dockerConfigJson)).toBe(true);
  });

  test('a new token gives a new name, so the new Secret is created before the old one is deleted', async () => {
    const a = await valueOf(
      new GitlabRegistrySecret('a', { username: 'u', token: 'gldt-one', secretName: 'pull' }).secretName,
    );
    const b = await valueOf(
      new GitlabRegistrySecret('b', { username: 'u', token: 'gldt-two', secretName: 'pull' }).secretName,
    );
    const again = await valueOf(
      new GitlabRegistrySecret('c', { username: 'u', token: 'gldt-one', secretName: 'pull' }).secretName,
    );
    expect(a).not.toBe(b);
    expect(a).toBe(again);
  });

  test('appendHash false keeps the given name', async () => {
    const c = new GitlabRegistrySecret('fixed', {
      username: 'u',
      token: TOKEN,
      secretName: 'gitlab-pull',
      appendHash: false,
    });
    expect(await valueOf(c.secretName)).toBe('gitlab-pull');
  });

  test('a plain credential that breaks a rule throws an InputPropertyError naming the property; nothing is created', () => {
    expect(
      inputErrorsOf(
        () => new GitlabRegistrySecret('bad', { username: 'u', token: TOKEN, registry: 'registry.gitlab.com/v2' }),
      ),
    ).toEqual([
      [
        'registry',
        `'registry' "registry.gitlab.com/v2" ends in "/v2" without a slash; the kubelet would treat it as a path and never match. Use "registry.gitlab.com".`,
      ],
    ]);
    expect(created.filter((r) => r.type === 'kubernetes:core/v1:Secret')).toEqual([]);
  });

  test('credentials as args ({ kind, username, token }, as other languages pass them) make the Secret the factory makes', async () => {
    const fromArgs = new RegistrySecret('args', {
      credentials: [{ kind: RegistryKind.GITLAB, username: 'gitlab+deploy-token-3', token: TOKEN }],
      secretName: 'pull',
    });
    const fromFactory = new RegistrySecret('factory', {
      credentials: [RegistryCredentialsInput.gitlab({ username: 'gitlab+deploy-token-3', token: TOKEN })],
      secretName: 'pull',
    });
    const [a, b] = await Promise.all([valueOf(fromArgs.dockerConfigJson), valueOf(fromFactory.dockerConfigJson)]);
    expect(a).toBe(b);
    expect(await valueOf(fromArgs.secretName)).toBe(await valueOf(fromFactory.secretName));
  });

  test.each([
    ['namespaces', { namespaces: 'shop' }, "'namespaces' must be a list (its items may be Outputs), got a string."],
    [
      'namespaces',
      { namespaces: pulumi.output(['shop']) },
      "'namespaces' must be a list (its items may be Outputs), got an Output of a list.",
    ],
    [
      'serviceAccounts',
      { serviceAccounts: { name: 'default' } },
      "'serviceAccounts' must be a list (its items may be Outputs), got an object.",
    ],
  ])(
    'a JavaScript caller passing %s as no list gets an InputPropertyError, not a TypeError',
    (field, extra, reason) => {
      expect(
        inputErrorsOf(() => new GitlabRegistrySecret('js', { username: 'u', token: TOKEN, ...(extra as object) })),
      ).toEqual([[field, reason]]);
    },
  );

  test('RegistrySecret without credentials, or with credentials that are no list, names credentials', () => {
    expect(inputErrorsOf(() => new RegistrySecret('none', {} as never))).toEqual([
      ['credentials', `'credentials' is empty. Give at least one RegistryCredentialsInput.`],
    ]);
    expect(inputErrorsOf(() => new RegistrySecret('one', { credentials: { kind: 'gitlab' } } as never))).toEqual([
      ['credentials', "'credentials' must be a list (its items may be Outputs), got an object."],
    ]);
  });

  test('a field the kind does not take, or a kind that is not one, is named by its path', () => {
    expect(
      inputErrorsOf(
        () =>
          new RegistrySecret('stray', {
            credentials: [
              { kind: RegistryKind.GITLAB, username: 'u', password: TOKEN },
              { kind: 'gitlub' as RegistryKind, username: 'u', token: TOKEN },
            ],
          }),
      ),
    ).toEqual([
      [
        'credentials[0].password',
        `'password' is not a field of gitlab credentials; they take username, token, registry, scopes, expiresAt, acceptRefusedToken.`,
      ],
      [
        'credentials[1].kind',
        `'kind' "gitlub" is not a registry kind. Use one of: ${Object.values(RegistryKind).join(', ')}.`,
      ],
    ]);
  });

  test.each([
    ['one problem', { username: 'gitlab+deploy-token-1', token: '' }, ["token (value not shown): 'token' is empty."]],
    [
      'two problems',
      { username: 'gitlab+deploy-token-1', token: '', secretName: 'Bad_Name' },
      ['secretName: \'secretName\' "Bad_Name"', "token (value not shown): 'token' is empty."],
    ],
  ])(
    'a refusal at construction (%s) reads as Pulumi prints it to a TypeScript program: each path and reason once, no frames',
    (_what, args, lines) => {
      let thrown: unknown;
      try {
        new GitlabRegistrySecret('bad', args);
      } catch (e) {
        thrown = e;
      }
      // Pulumi's CLI prints util.inspect(error); its Automation API prints error.stack.
      for (const shown of [inspect(thrown), (thrown as Error).stack!]) {
        for (const line of lines) expect(shown.split(line).length - 1).toBe(1);
        expect(shown).not.toMatch(/^\s+at /m);
        expect(shown).not.toContain('propertyPath');
      }
    },
  );

  test('every plain input that breaks a rule is named at once, by its path', () => {
    const errors = inputErrorsOf(
      () =>
        new RegistrySecret('x', {
          credentials: [RegistryCredentialsInput.gitlab({ username: 'u', token: '' })],
          secretName: 'Bad_Name',
          namespaces: ['shop', 'Not A Namespace'],
          expiry: { now: 'tomorrow' },
        }),
    );
    expect(errors.map(([p]) => p)).toEqual([
      'secretName',
      'namespaces[1]',
      'expiry.now',
      'credentials[0].token (value not shown)',
    ]);
    expect(errors[0][1]).toMatch(/^'secretName' "Bad_Name" is not a valid Secret name/);
    expect(errors.map(([, r]) => r).join('\n')).not.toContain(TOKEN);
  });

  test('a ServiceAccountPatch owns the whole imagePullSecrets list, keeping what it is told to', async () => {
    const c = new GitlabRegistrySecret('sa', {
      username: 'u',
      token: TOKEN,
      serviceAccounts: [{ name: 'default', namespace: 'shop', keep: ['legacy'] }],
    });
    const name = await valueOf(c.secretName);
    const patch = await createdOfType('kubernetes:core/v1:ServiceAccountPatch');
    expect(patch?.name).toBe('sa-sa-0');
    expect(unwrap(patch?.inputs)).toMatchObject({
      metadata: { name: 'default', namespace: 'shop' },
      imagePullSecrets: [{ name: 'legacy' }, { name }],
    });
  });
});

describe('other components', () => {
  test('RegistrySecret holds several registries', async () => {
    const c = new RegistrySecret('multi', {
      credentials: [
        RegistryCredentialsInput.gitlab({ username: 'u', token: pulumi.secret(TOKEN) }),
        RegistryCredentialsInput.basic({
          registry: 'harbor.example.com',
          username: 'robot',
          password: pulumi.secret('pw'),
        }),
      ],
    });
    expect(Object.keys(JSON.parse(await valueOf(c.dockerConfigJson)).auths)).toEqual([
      'harbor.example.com',
      'registry.gitlab.com',
    ]);
  });

  test('GithubRegistrySecret and DockerHubRegistrySecret key on ghcr.io and Docker Hub', async () => {
    const gh = new GithubRegistrySecret('gh', { username: 'octocat', token: 'ghp_x' });
    const hub = new DockerHubRegistrySecret('hub', { username: 'me', token: 'dckr_pat_x' });
    expect(Object.keys(JSON.parse(await valueOf(gh.dockerConfigJson)).auths)).toEqual(['ghcr.io']);
    expect(Object.keys(JSON.parse(await valueOf(hub.dockerConfigJson)).auths)).toEqual(['https://index.docker.io/v1/']);
  });
});

test('a component without args fails with a RegcredError naming props', () => {
  expect(() => new GitlabRegistrySecret('no-args', undefined as never)).toThrow(
    'GitlabRegistrySecret takes an object of props, got undefined. Give at least { username, token }.',
  );
});
