/**
 * The multi-language package as Pulumi's own CLI loads it: `pulumi package get-schema` starts
 * pulumi-package/pulumi-resource-regcred (the provider as an executable plugin), asks it for its
 * schema over gRPC, and gets what the analyser gives in the fast tier: the five components.
 *
 * The Pulumi guide's YAML program previews as printed through the YAML language host.
 *
 * (The source-based form, `pulumi package add pulumi-package`, needs a Node.js language host with
 * RunPlugin; the one built here, from sdk/v3 v3.68.0, answers "not supported".)
 */
import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { externalPullSecretManifests, ExternalCredentials, SecretStoreKind } from 'regcred';
import { docExample } from '../docs/blocks';
import { engineEnv, kubectl, namespace, pulumiCli } from './engine';

jest.setTimeout(120_000);

const TOKEN = 'gldt-readmeYamlToken9';
const plugin = path.join(__dirname, '..', '..', 'pulumi-package', 'pulumi-resource-regcred');

test('pulumi package get-schema on the executable plugin serves the components under regcred:index:<Type>', () => {
  const out = execFileSync('pulumi', ['package', 'get-schema', plugin], {
    env: { ...process.env, ...engineEnv() },
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  const schema = JSON.parse(out) as {
    name: string;
    resources: Record<string, { isComponent?: boolean; requiredInputs?: string[] }>;
  };
  expect(schema.name).toBe('regcred');
  expect(Object.keys(schema.resources).sort()).toEqual([
    'regcred:index:DockerHubRegistrySecret',
    'regcred:index:ExternalRegistrySecret',
    'regcred:index:GithubRegistrySecret',
    'regcred:index:GitlabRegistrySecret',
    'regcred:index:RegistrySecret',
  ]);
  expect(schema.resources['regcred:index:GitlabRegistrySecret']).toMatchObject({
    isComponent: true,
    requiredInputs: expect.arrayContaining(['username', 'token']),
  });
});

test("the Pulumi guide's YAML program, as printed, previews through the YAML language host with the package's provider", async () => {
  const printed = docExample('pulumi-yaml-program').code;
  // The program's directory as the Pulumi guide sets it up: regcred installed in node_modules.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regcred-readme-yaml-'));
  fs.mkdirSync(path.join(dir, 'node_modules'));
  fs.symlinkSync(path.join(__dirname, '..', '..'), path.join(dir, 'node_modules', 'regcred'), 'dir');
  fs.writeFileSync(path.join(dir, 'Pulumi.yaml'), printed);
  const env = { ...process.env, ...engineEnv() };
  const run = (args: string[]): Promise<{ code: number; output: string }> =>
    new Promise((resolve) =>
      execFile(
        'pulumi',
        [...args, '--non-interactive'],
        { cwd: dir, env, maxBuffer: 16 * 1024 * 1024 },
        (e, out, err) => resolve({ code: e ? 1 : 0, output: out + err }),
      ),
    );
  try {
    expect((await run(['stack', 'init', `readme-yaml-${Date.now().toString(36)}`])).code).toBe(0);
    expect((await run(['config', 'set', '--secret', 'gitlabDeployToken', TOKEN])).code).toBe(0);
    const preview = await run(['preview']);
    expect([preview.code, preview.output]).toEqual([0, expect.stringContaining('regcred:index:GitlabRegistrySecret')]);
    expect(preview.output).toContain('kubernetes:core/v1:Secret');
    expect(preview.output).toContain('kubernetes:apps/v1:Deployment');
    expect(preview.output).not.toContain(TOKEN);
  } finally {
    await run(['stack', 'rm', '--yes', '--force']);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("the Pulumi guide's ExternalRegistrySecret in a YAML program: the API server stores the ExternalSecret regcred writes", async () => {
  const ns = namespace('yaml-external');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regcred-yaml-external-'));
  fs.writeFileSync(
    path.join(dir, 'Pulumi.yaml'),
    `name: regcred-yaml-external
runtime: yaml
plugins:
  providers:
    - name: regcred
      path: ${path.dirname(plugin)}
${docExample('pulumi-yaml-external').code.replace('namespaces: [shop]', `namespaces: [${ns}]`)}outputs:
  pullSecrets: \${gitlab-pull.imagePullSecrets}
`,
  );
  try {
    expect((await pulumiCli(dir, ['stack', 'init', `yaml-external-${Date.now().toString(36)}`])).code).toBe(0);
    const up = await pulumiCli(dir, ['up', '--yes', '--skip-preview']);
    expect([up.code, up.output]).toEqual([0, expect.stringContaining('regcred:index:ExternalRegistrySecret')]);
    const outputs = await pulumiCli(dir, ['stack', 'output', 'pullSecrets', '--json']);
    const [{ name }] = JSON.parse(outputs.output) as Array<{ name: string }>;
    const stored = JSON.parse(kubectl(['get', 'externalsecret', name, '-n', ns, '-o', 'json'])) as {
      spec: unknown;
    };
    const [expected] = externalPullSecretManifests({
      name,
      namespace: ns,
      credentials: ExternalCredentials.fromStore({
        registry: 'registry.gitlab.com',
        store: { name: 'vault', kind: SecretStoreKind.CLUSTER_SECRET_STORE },
        key: 'gitlab/deploy-token',
        username: 'gitlab+deploy-token-1234567',
        passwordProperty: 'token',
      }),
    }) as Array<{ spec: Record<string, unknown> }>;
    expect(stored.spec).toMatchObject(expected.spec);
  } finally {
    await pulumiCli(dir, ['destroy', '--yes', '--skip-preview']);
    await pulumiCli(dir, ['stack', 'rm', '--yes', '--force']);
    fs.rmSync(dir, { recursive: true, force: true });
    kubectl(['delete', 'namespace', ns, '--wait=false']);
  }
});
