/**
 * SOPS output opened by the sops CLI itself (v3.13.3, built by scripts/engine.sh; the MAC is
 * checked) with an identity made by Debian's age-keygen: what a Pulumi program writes in render
 * mode, and what `regcred secret --sops-age` prints, decrypt to regcred's plain Secret (with the
 * `regcred.io/registries` annotation the encrypted form carries), and `regcred check` reads them;
 * the guide's `.sops.yaml` makes sops write as regcred does, and lets `sops updatekeys` add a recipient.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { dump, loadAll } from 'js-yaml';
import { RegistryCredentials, pullSecretManifest } from 'regcred';
import { GitlabRegistrySecret } from 'regcred/pulumi';
import { cli } from '../cli/run-cli';
import { AGE_KEYS } from '../age-keys';
import { docExample } from '../docs/blocks';
import { canonicalJson } from '../sops-file';
import { inlineStack, namespace, secretForms, up } from './engine';

jest.setTimeout(300_000);

const USER = 'gitlab+deploy-token-95';
const TOKEN = 'gldt-sopsEngineToken95';
const IMAGE = 'registry.gitlab.com/acme/shop/api:1.4.2';
let dir: string;
let keyFile: string;
let recipient: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regcred-sops-'));
  keyFile = path.join(dir, 'key.txt');
  execFileSync('age-keygen', ['-o', keyFile], { stdio: 'pipe' });
  recipient = execFileSync('age-keygen', ['-y', keyFile], { encoding: 'utf8' }).trim();
});

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** `sops -d` of `file` (JSON out), as an object. */
function sopsDecrypt(file: string): Record<string, unknown> {
  return JSON.parse(
    execFileSync('sops', ['-d', '--output-type', 'json', file], {
      encoding: 'utf8',
      env: { ...process.env, SOPS_AGE_KEY_FILE: keyFile },
    }),
  ) as Record<string, unknown>;
}

function expectNoToken(text: string): void {
  for (const s of secretForms(USER, TOKEN)) expect(text).not.toContain(s);
}

test('regcred secret --sops-age: sops -d opens it to the Secret regcred secret prints, byte for byte', async () => {
  const base = ['secret', 'gitlab', '--name', 'gitlab-pull', '--namespace', 'shop', '--username', USER];
  const env = { TOKEN };
  const plain = await cli([...base, '--password-env', 'TOKEN', '--output', 'json'], { env });
  const encrypted = await cli([...base, '--password-env', 'TOKEN', '--sops-age', recipient], { env });
  expect([plain.code, encrypted.code]).toEqual([0, 0]);
  expectNoToken(encrypted.stdout);
  const file = path.join(dir, 'cli.yaml');
  fs.writeFileSync(file, encrypted.stdout);
  const secret = JSON.parse(plain.stdout) as { metadata: Record<string, unknown> };
  expect(canonicalJson(sopsDecrypt(file))).toBe(
    canonicalJson({
      ...secret,
      metadata: { ...secret.metadata, annotations: { 'regcred.io/registries': 'registry.gitlab.com' } },
    }),
  );
  const check = await cli(['check', file]);
  expect(check.stdout.trim().split('\n').pop()).toBe('0 errors, 0 warnings, 1 info in 1 object');
});

test('Pulumi in render mode with sops: the Secret is written encrypted, sops -d opens it, and the workload is wired to it', async () => {
  const ns = namespace('sops-pulumi');
  const out = fs.mkdtempSync(path.join(dir, 'render-'));
  const stack = await inlineStack(`sops-render-${ns}`, () => {
    const kubeconfig = process.env.KUBECONFIG;
    delete process.env.KUBECONFIG;
    const provider = new k8s.Provider('render', { renderYamlToDirectory: out });
    process.env.KUBECONFIG = kubeconfig;
    const secret = new GitlabRegistrySecret(
      'gitlab-pull',
      { username: USER, token: pulumi.secret(TOKEN), namespaces: [ns], sops: { age: [recipient] } },
      { providers: { kubernetes: provider } },
    );
    new k8s.apps.v1.Deployment(
      'api',
      {
        metadata: { namespace: ns, name: 'api' },
        spec: {
          selector: { matchLabels: { app: 'api' } },
          template: { metadata: { labels: { app: 'api' } }, spec: { containers: [{ name: 'api', image: IMAGE }] } },
        },
      },
      { provider, transforms: [secret.transform] },
    );
  });
  try {
    await up(stack);
    const manifests = path.join(out, '1-manifest');
    const files = fs.readdirSync(manifests).map((f) => path.join(manifests, f));
    const texts = files.map((f) => fs.readFileSync(f, 'utf8'));
    expectNoToken(texts.join('\n'));
    type Obj = { kind: string; metadata: { name: string; labels?: Record<string, string> }; sops?: unknown };
    const objects = texts.flatMap((t) => loadAll(t) as Obj[]);
    const encrypted = objects.find((o) => o.kind === 'Secret');
    expect(encrypted?.sops).toMatchObject({ mac_only_encrypted: true, version: '3.13.3' });
    const deployment = objects.find((o) => o.kind === 'Deployment') as unknown as {
      spec: { template: { spec: { imagePullSecrets: Array<{ name: string }> } } };
    };
    expect(deployment.spec.template.spec.imagePullSecrets).toEqual([{ name: encrypted?.metadata.name }]);

    // The rendered file, with the label Pulumi adds after regcred encrypted it: the MAC still holds.
    const file = path.join(dir, 'pulumi-secret.yaml');
    fs.writeFileSync(file, dump(encrypted));
    const decrypted = sopsDecrypt(file) as { metadata: Record<string, unknown> };
    const plain = pullSecretManifest({
      name: encrypted!.metadata.name,
      namespace: ns,
      credentials: [RegistryCredentials.gitlab({ username: USER, token: TOKEN })],
    });
    expect(canonicalJson(decrypted)).toBe(
      canonicalJson({
        ...plain,
        metadata: {
          ...plain.metadata,
          ...(encrypted!.metadata.labels ? { labels: encrypted!.metadata.labels } : {}),
          annotations: { 'regcred.io/registries': 'registry.gitlab.com' },
        },
      }),
    );
    const check = await cli(['check', manifests]);
    expect(check.stdout.trim().split('\n').pop()).toMatch(/^0 errors, 0 warnings/);
  } finally {
    await stack.destroy();
  }
});

test("the guide's .sops.yaml: sops encrypts a plain Secret as regcred does, and updatekeys adds a recipient to regcred's file", async () => {
  const repo = fs.mkdtempSync(path.join(dir, 'sops-yaml-'));
  fs.mkdirSync(path.join(repo, 'dist'));
  fs.writeFileSync(path.join(repo, '.sops.yaml'), docExample('sops-yaml').code);
  const [alice, bob] = AGE_KEYS;
  const base = ['secret', 'gitlab', '--name', 'gitlab-pull', '--namespace', 'shop', '--username', USER];
  const plain = await cli([...base, '--password-env', 'TOKEN'], { env: { TOKEN } });
  const ours = await cli([...base, '--password-env', 'TOKEN', '--sops-age', alice.recipient], { env: { TOKEN } });
  fs.writeFileSync(path.join(repo, 'dist/theirs.yaml'), plain.stdout);
  fs.writeFileSync(path.join(repo, 'dist/ours.yaml'), ours.stdout);
  const sops = (args: string[], identity: string): string => {
    const key = path.join(repo, 'key.txt');
    fs.writeFileSync(key, `${identity}\n`);
    return execFileSync('sops', args, { cwd: repo, encoding: 'utf8', env: { ...process.env, SOPS_AGE_KEY_FILE: key } });
  };
  sops(['encrypt', '--in-place', 'dist/theirs.yaml'], alice.identity);
  const [theirs] = loadAll(fs.readFileSync(path.join(repo, 'dist/theirs.yaml'), 'utf8')) as Array<{
    sops: Record<string, unknown>;
  }>;
  const [mine] = loadAll(ours.stdout) as Array<{ sops: Record<string, unknown> }>;
  for (const field of ['encrypted_regex', 'mac_only_encrypted', 'version'])
    expect([field, theirs.sops[field]]).toEqual([field, mine.sops[field]]);

  // A second recipient in .sops.yaml, then updatekeys: bob opens regcred's file too.
  fs.writeFileSync(
    path.join(repo, '.sops.yaml'),
    docExample('sops-yaml').code.replace(alice.recipient, `${alice.recipient},${bob.recipient}`),
  );
  sops(['updatekeys', '--yes', 'dist/ours.yaml'], alice.identity);
  const opened = JSON.parse(sops(['-d', '--output-type', 'json', 'dist/ours.yaml'], bob.identity)) as {
    data: Record<string, string>;
  };
  expect(opened.data).toEqual((loadAll(plain.stdout)[0] as { data: Record<string, string> }).data);
});
