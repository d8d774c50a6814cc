/**
 * A Pulumi Python program uses regcred's components through the multi-language package: the
 * package's schema, read by Pulumi's CLI from pulumi-package/pulumi-resource-regcred, becomes a
 * Python SDK by Pulumi's own Python code generator (scripts/engine/sdkgen, built by scripts/engine.sh), and
 * a program with `pulumi` and `pulumi-kubernetes` from PyPI runs under Pulumi's Python language
 * host: a GitlabRegistrySecret in two namespaces (one an Output of the program's own Namespace) and
 * a Deployment wired by its `image_pull_secrets` output, whose pods the node's kubelet pulls from
 * the e2e registry (token auth). Bad input ends `pulumi up` with the component's message.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cli } from '../cli/run-cli';
import { docExample } from '../docs/blocks';
import { engineEnv, pulumiCli, secretForms, stateText } from '../engine/engine';
import type { Registry, RegistryUser } from '../e2e/harness';
import { freshNamespace, kubectlAsync, nodeEnv, pullOutcomes, registryWithImage } from './node';

jest.setTimeout(900_000);

const admin = { username: 'ci-admin', password: 'admin-Secret-9', scopes: ['read_registry', 'write_registry'] };
const deploy: RegistryUser = {
  username: 'gitlab+deploy-token-91',
  password: 'gldt-pythonProgramToken91',
  scopes: ['read_registry'],
};
const pluginDir = path.join(__dirname, '..', '..', 'pulumi-package');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'regcred-python-'));
const venv = path.join(work, 'venv');
let registry: Registry;
let image: string;

const run = (cmd: string, args: string[], cwd = work): Promise<string> =>
  new Promise((resolve, reject) =>
    execFile(cmd, args, { cwd, env: { ...process.env, ...engineEnv() }, maxBuffer: 64 * 1024 * 1024 }, (e, out, err) =>
      e ? reject(new Error(`${cmd} ${args.join(' ')}: ${err || out}`)) : resolve(out),
    ),
  );

beforeAll(async () => {
  ({ registry, image } = await registryWithImage(admin, [deploy]));
  // The SDK: the schema as the CLI gets it from the plugin, generated into a Python package.
  const schema = path.join(work, 'schema.json');
  fs.writeFileSync(
    schema,
    await run('pulumi', ['package', 'get-schema', path.join(pluginDir, 'pulumi-resource-regcred')]),
  );
  await run('regcred-sdkgen', [schema, path.join(work, 'sdk')]);
  await run('python3', ['-m', 'venv', venv]);
  await run(path.join(venv, 'bin', 'pip'), [
    'install',
    '-q',
    'pulumi==3.272.0',
    'pulumi-kubernetes==4.34.2',
    path.join(work, 'sdk'),
  ]);
});

afterAll(async () => {
  await registry?.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

/** The program's environment: the venv's python first, and the package's provider found on PATH. */
const programEnv = (): Record<string, string> => ({
  PATH: [path.join(venv, 'bin'), pluginDir, process.env.PATH].join(path.delimiter),
});

function program(shop: string, other: string, token: string): string {
  return `import pulumi
import pulumi_kubernetes as k8s
import pulumi_regcred as regcred

config = pulumi.Config()
shop = k8s.core.v1.Namespace("shop", metadata={"name": ${JSON.stringify(shop)}})
pull = regcred.GitlabRegistrySecret(
    "pull",
    username=${JSON.stringify(deploy.username)},
    token=${token},
    registry=${JSON.stringify(registry.host)},
    namespaces=[shop.metadata.name, ${JSON.stringify(other)}],
)
k8s.apps.v1.Deployment(
    "api",
    metadata={"name": "api", "namespace": shop.metadata.name, "annotations": {"pulumi.com/skipAwait": "true"}},
    spec={
        "replicas": 2,
        "selector": {"match_labels": {"app": "api"}},
        "template": {
            "metadata": {"labels": {"app": "api"}},
            "spec": {
                "node_name": ${JSON.stringify(nodeEnv().node)},
                "host_network": True,
                "termination_grace_period_seconds": 0,
                "containers": [{"name": "app", "image": ${JSON.stringify(image)}, "image_pull_policy": "Always"}],
                "image_pull_secrets": pull.image_pull_secrets,
            },
        },
    },
)
pulumi.export("secretName", pull.secret_name)
`;
}

async function project(name: string, source: string): Promise<string> {
  const dir = fs.mkdtempSync(path.join(work, `${name}-`));
  fs.writeFileSync(path.join(dir, 'Pulumi.yaml'), `name: regcred-python-${name}\nruntime: python\n`);
  fs.writeFileSync(path.join(dir, '__main__.py'), source);
  expect((await pulumiCli(dir, ['stack', 'init', `${name}-${Date.now().toString(36)}`], programEnv())).code).toBe(0);
  expect((await pulumiCli(dir, ['config', 'set', '--secret', 'gitlabToken', deploy.password], programEnv())).code).toBe(
    0,
  );
  return dir;
}

test('a Python program deploys a GitlabRegistrySecret in two namespaces and the kubelet pulls with its output', async () => {
  const shop = `py-shop-${Date.now().toString(36)}`;
  const other = await freshNamespace('py-other');
  const dir = await project('ok', program(shop, other, 'config.require_secret("gitlabToken")'));
  try {
    const up = await pulumiCli(dir, ['up', '--yes', '--skip-preview'], programEnv());
    expect([up.code, up.output]).toEqual([0, expect.stringContaining('regcred:index:GitlabRegistrySecret')]);
    const { secretName } = JSON.parse((await pulumiCli(dir, ['stack', 'output', '--json'], programEnv())).output) as {
      secretName: string;
    };
    for (const ns of [shop, other]) {
      expect(await kubectlAsync(['get', 'secret', secretName, '-n', ns, '-o', 'name'])).toBe(`secret/${secretName}\n`);
    }
    const outcomes = await pullOutcomes(shop);
    expect([...outcomes.values()].map((o) => o.state)).toEqual(['pulled', 'pulled']);
    const dump = path.join(dir, 'cluster.yaml');
    fs.writeFileSync(dump, await kubectlAsync(['get', 'deployments,secrets,pods', '-n', shop, '-o', 'yaml']));
    const check = await cli(['check', dump]);
    expect(check.stdout.trim().split('\n').pop()).toMatch(/^0 errors, 0 warnings/);
    const written = `${stateText()}\n${up.output}`;
    for (const form of secretForms(deploy.username, deploy.password)) expect(written).not.toContain(form);
  } finally {
    await pulumiCli(dir, ['destroy', '--yes', '--skip-preview'], programEnv());
    await pulumiCli(dir, ['stack', 'rm', '--yes', '--force'], programEnv());
  }
});

test('bad input (a CI job token) ends pulumi up with the message, naming the property and not its value', async () => {
  const shop = `py-bad-${Date.now().toString(36)}`;
  const dir = await project('bad', program(shop, 'default', '"glcbt-64_PythonJobTokenNotShown1"'));
  try {
    const up = await pulumiCli(dir, ['up', '--yes', '--skip-preview'], programEnv());
    expect(up.code).not.toBe(0);
    expect(up.output).toContain("property token (value not shown) has a problem: 'token' is a GitLab CI/CD job token");
    expect(up.output).not.toContain('glcbt-64_PythonJobTokenNotShown1');
    expect(await kubectlAsync(['get', 'secrets', '-n', shop, '-o', 'name'])).toBe('');
  } finally {
    await pulumiCli(dir, ['destroy', '--yes', '--skip-preview'], programEnv());
    await pulumiCli(dir, ['stack', 'rm', '--yes', '--force'], programEnv());
  }
});

test("the Pulumi guide's Python program, as printed, previews with the generated SDK", async () => {
  const printed = docExample('pulumi-python-program').code;
  const dir = fs.mkdtempSync(path.join(work, 'readme-'));
  fs.writeFileSync(path.join(dir, 'Pulumi.yaml'), 'name: regcred-python-readme\nruntime: python\n');
  fs.writeFileSync(path.join(dir, '__main__.py'), printed);
  const token = 'gldt-readmePythonToken5';
  try {
    expect((await pulumiCli(dir, ['stack', 'init', `readme-${Date.now().toString(36)}`], programEnv())).code).toBe(0);
    expect((await pulumiCli(dir, ['config', 'set', '--secret', 'gitlabDeployToken', token], programEnv())).code).toBe(
      0,
    );
    const preview = await pulumiCli(dir, ['preview'], programEnv());
    expect([preview.code, preview.output]).toEqual([0, expect.stringContaining('regcred:index:GitlabRegistrySecret')]);
    expect(preview.output).toContain('kubernetes:core/v1:Secret');
    expect(preview.output).toContain('kubernetes:apps/v1:Deployment');
    expect(preview.output).not.toContain(token);
  } finally {
    await pulumiCli(dir, ['stack', 'rm', '--yes', '--force'], programEnv());
  }
});
