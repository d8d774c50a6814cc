import fc from 'fast-check';
import { parse } from 'yaml';
import { resolvePullCredentials } from 'regcred';
import { manifestYaml } from '../../src/cli/manifest-yaml';
import YAML_SCALARS from '../fixtures/yaml-1.1-scalars.json';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { sealingKeys } from '../sealing-keys';
import { AGE_KEYS } from '../age-keys';
import { sopsDecryptData } from '../sops-file';
import { cli } from './run-cli';

test('regcred secret gitlab prints a Secret the kubelet reads back, token from stdin without its newline', async () => {
  const r = await cli(
    [
      'secret',
      'gitlab',
      '--name',
      'gitlab-pull',
      '--namespace',
      'shop',
      '--username',
      'gitlab+deploy-token-1',
      '--password-stdin',
      '--expires-at',
      '2027-01-31',
    ],
    {
      stdin: 'gldt-fromStdin123\n',
    },
  );
  expect(r.code).toBe(0);
  expect(r.stderr).toBe('');
  const manifest = parse(r.stdout);
  expect(manifest.metadata).toEqual({
    name: 'gitlab-pull',
    namespace: 'shop',
    annotations: { 'regcred.io/expires-at': '2027-01-31T00:00:00Z' },
  });
  expect(resolvePullCredentials([manifest], 'registry.gitlab.com/acme/app').creds).toEqual([
    { username: 'gitlab+deploy-token-1', password: 'gldt-fromStdin123', email: '' },
  ]);
});

test('--output json, --password-env, and each kind keys on its registry', async () => {
  const env = { T: 'tok-123' };
  const keys: Record<string, string[]> = {
    github: ['ghcr.io'],
    dockerhub: ['https://index.docker.io/v1/'],
    basic: ['harbor.example.com'],
  };
  for (const [kind, expected] of Object.entries(keys)) {
    const extra = kind === 'basic' ? ['--registry', 'harbor.example.com'] : [];
    const r = await cli(
      ['secret', kind, '--name', 'pull', '--username', 'robot', '--password-env', 'T', '--output', 'json', ...extra],
      { env },
    );
    expect(r.code).toBe(0);
    const auths = JSON.parse(Buffer.from(JSON.parse(r.stdout).data['.dockerconfigjson'], 'base64').toString()).auths;
    expect(Object.keys(auths)).toEqual(expected);
  }
});

test('refuses a token on the command line unless asked explicitly', async () => {
  const refused = await cli(['secret', 'gitlab', '--name', 'x', '--username', 'u', '--password', 'gldt-abc']);
  expect(refused.code).toBe(2);
  expect(refused.stderr).toContain('--password puts the token in shell history');
  expect(refused.stderr).not.toContain('gldt-abc');
  const allowed = await cli([
    'secret',
    'gitlab',
    '--name',
    'x',
    '--username',
    'u',
    '--password',
    'gldt-abc',
    '--allow-password-arg',
  ]);
  expect(allowed.code).toBe(0);
});

test("fails with the constructs' message and exit 2 on bad input, never printing the token", async () => {
  const r = await cli(
    [
      'secret',
      'gitlab',
      '--name',
      'x',
      '--username',
      'u',
      '--registry',
      'registry.gitlab.com/v2',
      '--password-env',
      'T',
    ],
    { env: { T: 'gldt-secretValue' } },
  );
  expect(r.code).toBe(2);
  expect(r.stderr).toBe(
    `regcred: 'registry' "registry.gitlab.com/v2" ends in "/v2" without a slash; the kubelet would treat it as a path and never match. Use "registry.gitlab.com".\n`,
  );
  expect((await cli(['secret', 'quay', '--name', 'x'])).code).toBe(2);
  expect(
    (await cli(['secret', 'gitlab', '--name', 'x', '--username', 'u', '--password-env', 'MISSING'])).stderr,
  ).toContain('MISSING is not set');
});

test('a token read with interior white space is rejected; the warning for a trimmed one goes to stderr', async () => {
  const r = await cli(['secret', 'gitlab', '--name', 'x', '--username', 'u', '--password-env', 'T'], {
    env: { T: ' gldt-abc\n' },
  });
  expect(r.code).toBe(0);
  expect(r.stderr).toContain('regcred: warning: \'token\' "***" had a newline around it');
});

test('manifestYaml quotes what YAML would read as something else', () => {
  const doc = { a: 'true', b: '2027-01-31T00:00:00Z', c: 'plain-value', d: 'yes', e: '1.5', f: 'x: y', g: { h: '' } };
  expect(parse(manifestYaml(doc))).toEqual(doc);
  expect(manifestYaml({ name: 'gitlab-pull' })).toBe('name: gitlab-pull\n');
});

describe('manifestYaml and YAML 1.1 readers (kubectl reads YAML 1.1)', () => {
  const HOSTILE = YAML_SCALARS.scalars;

  test.each(HOSTILE)('%s is read back as the same string by a YAML 1.1 and a YAML 1.2 reader', (value) => {
    const text = manifestYaml({ metadata: { name: value }, [value]: value });
    for (const version of ['1.1', '1.2'] as const)
      expect(parse(text, { version })).toEqual({ metadata: { name: value }, [value]: value });
  });

  test('plain scalars stay plain: names, keys and the Secret type', () => {
    expect(
      manifestYaml({ kind: 'Secret', type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': 'eyJh' } }),
    ).toBe('kind: Secret\ntype: kubernetes.io/dockerconfigjson\ndata:\n  .dockerconfigjson: eyJh\n');
  });

  test('every string of up to 3 characters YAML 1.1 resolves, and a fixed sample of longer ones, is read back the same', () => {
    const alphabet = YAML_SCALARS.alphabet.split('');
    const short = [''];
    for (let len = 0; len < 3; len++)
      for (const s of [...short]) if (s.length === len) for (const c of alphabet) short.push(s + c);
    const sample = fc.sample(fc.string({ unit: fc.constantFrom(...alphabet), minLength: 4, maxLength: 10 }), {
      numRuns: 5000,
      seed: 7,
    });
    const wrong = [...short, ...sample].filter((value) => {
      const text = manifestYaml({ v: value });
      return !(['1.1', '1.2'] as const).every((version) => parse(text, { version }).v === value);
    });
    expect(wrong).toEqual([]);
  });

  test('text in lines (an armored age key), lists of objects and booleans read back the same in YAML 1.1 and 1.2', () => {
    const line = fc.string({
      unit: fc.constantFrom(...YAML_SCALARS.alphabet.split(''), ' ', '#', ':', '-'),
      maxLength: 12,
    });
    fc.assert(
      fc.property(fc.array(line, { maxLength: 4 }), fc.boolean(), (ls, flag) => {
        const text = ls.map((l) => `${l}\n`).join('');
        const doc = { sops: { age: [{ enc: text, recipient: 'age1x' }, { enc: 'x' }], flag }, last: text };
        const yaml = manifestYaml(doc);
        for (const version of ['1.1', '1.2'] as const) expect(parse(yaml, { version })).toEqual(doc);
      }),
      { numRuns: 500 },
    );
  });

  test('regcred secret basic --name y prints a name kubectl reads as "y"', async () => {
    const r = await cli(
      ['secret', 'basic', '--name', 'y', '--registry', 'reg.example.com', '--username', 'u', '--password-env', 'P'],
      {
        env: { P: 'pw' },
      },
    );
    expect(r.code).toBe(0);
    expect(parse(r.stdout, { version: '1.1' }).metadata.name).toBe('y');
  });
});

describe('every registry kind', () => {
  const creds = (stdout: string, image: string) =>
    resolvePullCredentials([parse(stdout) as never], image).creds.map(({ username, password }) => ({
      username,
      password,
    }));

  test('gar takes the key file on stdin, keyed on the location, user _json_key', async () => {
    const key = JSON.stringify(
      {
        type: 'service_account',
        client_email: 'p@acme.iam.gserviceaccount.com',
        private_key: '-----BEGIN PRIVATE KEY-----\nx\n-----END PRIVATE KEY-----\n',
      },
      null,
      2,
    );
    const r = await cli(['secret', 'gar', '--name', 'gar-pull', '--location', 'europe-west1', '--password-stdin'], {
      stdin: `${key}\n`,
    });
    expect(r.code).toBe(0);
    expect(creds(r.stdout, 'europe-west1-docker.pkg.dev/acme/repo/app:1')).toEqual([
      { username: '_json_key', password: JSON.stringify(JSON.parse(key)) },
    ]);
  });

  test('digitalocean takes no --username and writes the token as both', async () => {
    const r = await cli(['secret', 'digitalocean', '--name', 'do-pull', '--password-env', 'T'], {
      env: { T: 'dop_v1_abc' },
    });
    expect(r.code).toBe(0);
    expect(creds(r.stdout, 'registry.digitalocean.com/acme/app')).toEqual([
      { username: 'dop_v1_abc', password: 'dop_v1_abc' },
    ]);
    const bad = await cli(['secret', 'digitalocean', '--name', 'do-pull', '--username', 'x', '--password-env', 'T'], {
      env: { T: 'dop_v1_abc' },
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('digitalocean takes no --username (the token is the user name)');
  });

  test('acr needs --registry and refuses a three-hour access token', async () => {
    const missing = await cli(['secret', 'acr', '--name', 'acr-pull', '--username', 'tok', '--password-env', 'T'], {
      env: { T: 'pw' },
    });
    expect(missing.stderr).toContain('--registry is required');
    const refused = await cli(
      [
        'secret',
        'acr',
        '--name',
        'acr-pull',
        '--registry',
        'acmeprod.azurecr.io',
        '--username',
        '00000000-0000-0000-0000-000000000000',
        '--password-env',
        'T',
      ],
      { env: { T: 'eyJsecretpart' } },
    );
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('lives three hours');
    expect(refused.stderr).not.toContain('secretpart');
  });

  test('a CI job token is refused, and accepted with --accept-refused-token and a warning', async () => {
    const args = ['secret', 'gitlab', '--name', 'job-pull', '--username', 'gitlab-ci-token', '--password-env', 'T'];
    const refused = await cli(args, { env: { T: 'glcbt-64_secretpart' } });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      "'token' is a GitLab CI/CD job token (glcbt-…), which cannot work in a pull secret",
    );
    expect(refused.stderr).not.toContain('secretpart');
    expect(refused.stderr).toContain('(regcred secret: --accept-refused-token)');
    const accepted = await cli([...args, '--accept-refused-token'], { env: { T: 'glcbt-64_secretpart' } });
    expect(accepted.code).toBe(0);
    expect(accepted.stderr).toContain('Used anyway because acceptRefusedToken (--accept-refused-token) is set');
  });

  test('an uppercase registry host is written as given, with the warning check gives', async () => {
    const r = await cli(
      ['secret', 'basic', '--name', 'p', '--registry', 'Registry.gitlab.com', '--username', 'u', '--password-env', 'T'],
      {
        env: { T: 'pw' },
      },
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('matches only images written with "Registry.gitlab.com"');
    expect(creds(r.stdout, 'Registry.gitlab.com/acme/app')).toEqual([{ username: 'u', password: 'pw' }]);
  });

  test('a token that would make the Secret larger than the API server takes is refused', async () => {
    const r = await cli(
      ['secret', 'basic', '--name', 'p', '--registry', 'r.io', '--username', 'u', '--password-env', 'T'],
      {
        env: { T: 'x'.repeat(900_000) },
      },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('the API server rejects a Secret holding more than 1048576 bytes');
    expect(r.stdout).toBe('');
  });
});

/** `regcred secret gitlab` for gitlab-pull in shop, the token from $TOKEN. */
const GITLAB_PULL_FROM_ENV = [
  'secret',
  'gitlab',
  '--name',
  'gitlab-pull',
  '--namespace',
  'shop',
  '--username',
  'gitlab+deploy-token-1',
  '--password-env',
  'TOKEN',
];

describe('secret --seal', () => {
  const env = { TOKEN: 'gldt-sealTest01' };
  const base = GITLAB_PULL_FROM_ENV;

  test('prints a SealedSecret holding no token, the same bytes each run', async () => {
    const keys = sealingKeys();
    const a = await cli([...base, '--seal', keys.certFile], { env });
    const b = await cli([...base, '--seal', keys.certFile], { env });
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).toContain('kind: SealedSecret');
    expect(a.stdout).toContain('regcred.io/registries: registry.gitlab.com');
    expect(a.stdout).not.toContain('gldt-sealTest01');
    expect(a.stdout).not.toContain(Buffer.from('gitlab+deploy-token-1:gldt-sealTest01').toString('base64'));
  });

  test('--random seals with fresh randomness each run, and basic (a password a person may choose) does by default', async () => {
    const keys = sealingKeys();
    const run = (args: string[]) => cli(args, { env: { ...env, PASSWORD: 'chosen-by-a-person' } });
    const random = [
      await run([...base, '--seal', keys.certFile, '--random']),
      await run([...base, '--seal', keys.certFile, '--random']),
    ];
    expect(random.map((r) => r.code)).toEqual([0, 0]);
    expect(random[0].stdout).not.toBe(random[1].stdout);
    const basic = [
      'secret',
      'basic',
      '--name',
      'p',
      '--namespace',
      'shop',
      '--registry',
      'reg.example.com',
      '--username',
      'u',
      '--password-env',
      'PASSWORD',
      '--seal',
      keys.certFile,
    ];
    const [b1, b2] = [await run(basic), await run(basic)];
    expect(b1.code).toBe(0);
    expect(b1.stdout).not.toBe(b2.stdout);
    expect((await run([...base, '--random'])).stderr).toContain('--random is for --seal or --sops-age only');
  });

  test('fails with a usage error on a missing file, a file that is no certificate, a bad scope, or --scope without --seal', async () => {
    const notCert = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'regcred-seal-')), 'x.pem');
    fs.writeFileSync(notCert, 'hello');
    const cases: Array<[string[], string]> = [
      [['--seal', '/nonexistent/cert.pem'], 'no such file'],
      [['--seal', notCert], "'certificate' must be the Sealed Secrets controller's certificate in PEM"],
      [['--seal', notCert, '--scope', 'wide'], '--scope must be one of strict, namespace-wide, cluster-wide'],
      [['--scope', 'strict'], '--scope is for --seal only'],
    ];
    for (const [args, message] of cases) {
      const r = await cli([...base, ...args], { env });
      expect([r.code, r.stderr.includes(message)]).toEqual([2, true]);
    }
  });
});

describe('secret --sops-age', () => {
  const env = { TOKEN: 'gldt-sopsTest01' };
  const base = GITLAB_PULL_FROM_ENV;
  const [alice, bob] = AGE_KEYS;

  test('prints a SOPS Secret each recipient opens to the plain Secret, holding no token, the same bytes each run', async () => {
    const args = [...base, '--sops-age', alice.recipient, '--sops-age', bob.recipient];
    const [a, b, plain] = [await cli(args, { env }), await cli(args, { env }), await cli(base, { env })];
    expect([a.code, a.stderr]).toEqual([0, '']);
    expect(a.stdout).toBe(b.stdout);
    for (const s of ['gldt-sopsTest01', Buffer.from('gitlab+deploy-token-1:gldt-sopsTest01').toString('base64')])
      expect(a.stdout).not.toContain(s);
    const encrypted = parse(a.stdout);
    const secret = parse(plain.stdout);
    expect(encrypted.sops.age.map((e: { recipient: string }) => e.recipient)).toEqual([alice.recipient, bob.recipient]);
    expect(encrypted.metadata.annotations['regcred.io/registries']).toBe('registry.gitlab.com');
    expect(sopsDecryptData(encrypted, alice.identity, 0)).toEqual(secret.data);
    expect(sopsDecryptData(encrypted, bob.identity, 1)).toEqual(secret.data);
    // The YAML reads as the JSON output does.
    expect(encrypted).toEqual(JSON.parse((await cli([...args, '--output', 'json'], { env })).stdout));
  });

  test('--random encrypts with fresh randomness and the current time', async () => {
    const args = [...base, '--sops-age', alice.recipient, '--random'];
    const [a, b] = [await cli(args, { env }), await cli(args, { env })];
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(a.stdout).not.toBe(b.stdout);
    expect(parse(a.stdout).sops.lastmodified).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  test('fails with a usage error naming the --sops-age it refuses, never showing an identity', async () => {
    const r = await cli([...base, '--sops-age', 'age1nope', '--sops-age', alice.identity], { env });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('--sops-age #1 "age1nope" is not an age recipient');
    expect(r.stderr).toContain('--sops-age #2 is an age identity (AGE-SECRET-KEY-…, not shown)');
    expect(r.stderr).not.toContain(alice.identity.slice(15));
    const both = await cli([...base, '--sops-age', alice.recipient, '--seal', sealingKeys().certFile], { env });
    expect([both.code, both.stdout]).toEqual([2, '']);
    expect(both.stderr).toContain('--seal and --sops-age print the Secret in two different forms');
  });
});

describe("usage errors in regcred's words", () => {
  test("an unknown option names the nearest known one, without Node's parser text", async () => {
    const r = await cli(['secret', 'gitlab', '--name', 'p', '--usernme', 'u', '--password-env', 'T']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('regcred: unknown option --usernme; did you mean --username?');
    const check = await cli(['check', '--fail-onn', 'warning', '-']);
    expect(check.stderr.split('\n')[0]).toBe('regcred: unknown option --fail-onn; did you mean --fail-on?');
    const verify = await cli(['verify', '--imgae', 'x']);
    expect(verify.stderr.split('\n')[0]).toBe('regcred: unknown option --imgae; did you mean --image?');
  });

  test('an unknown option far from every known one, a missing value, a value after "=" never shown', async () => {
    expect((await cli(['check', '--zzz'])).stderr.split('\n')[0]).toBe('regcred: unknown option --zzz');
    expect((await cli(['secret', 'gitlab', '--name'])).stderr.split('\n')[0]).toBe('regcred: --name needs a value');
    const pasted = await cli(['secret', 'gitlab', '--pasword=glpat-pastedSecret']);
    expect(pasted.stderr.split('\n')[0]).toBe('regcred: unknown option --pasword; did you mean --password?');
    expect(pasted.stderr).not.toContain('pastedSecret');
  });

  test('a token given where a flag belonged is not echoed back', async () => {
    const r = await cli(['secret', 'gitlab', 'glpat-strayTokenArgument', '--name', 'p']);
    expect(r.stderr.split('\n')[0]).toBe(
      'regcred: expected one of gitlab, gitlab-proxy, github, dockerhub, quay, harbor, gar, acr, digitalocean, basic, got 2 arguments',
    );
    expect(r.stderr).not.toContain('strayTokenArgument');
  });

  test('the help lists --allow-password-arg', async () => {
    expect((await cli(['secret', '--help'])).stdout).toMatch(/^ {2}--allow-password-arg {3}\S/m);
  });
});

describe('--expires-at follows the constructs: an expired token fails, one about to expire warns', () => {
  const args = ['secret', 'gitlab', '--name', 'pull', '--username', 'gitlab+deploy-token-1', '--password-env', 'T'];
  const env = { T: 'gldt-expiryCheck0001', REGCRED_NOW: '2030-06-01T00:00:00Z' };

  test('fails when the token has expired, with exit 2, no Secret and no token', async () => {
    const r = await cli([...args, '--expires-at', '2030-05-01'], { env });
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toContain(
      'regcred: --expires-at: The token of secret "pull" for "registry.gitlab.com" expired on 2030-05-01T00:00:00Z',
    );
    expect(r.stderr).not.toContain(env.T);
  });

  test('warns on stderr and prints the Secret when the token expires within 30 days', async () => {
    const r = await cli([...args, '--expires-at', '2030-06-20'], { env });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('regcred.io/expires-at: "2030-06-20T00:00:00Z"');
    expect(r.stderr).toBe(
      'regcred: warning: The token of secret "pull" for "registry.gitlab.com" expires on 2030-06-20T00:00:00Z, in 19 day(s).\n',
    );
  });
});
