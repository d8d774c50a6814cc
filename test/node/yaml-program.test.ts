/**
 * A Pulumi YAML program uses regcred's components through the multi-language package: Pulumi's
 * CLI and YAML language host (built by scripts/engine.sh) load pulumi-package/pulumi-resource-regcred
 * as the `regcred` provider and construct a GitlabRegistrySecret in two namespaces, one of them an
 * Output of the program's own Namespace; one Deployment (its pods bound to the node: no scheduler
 * runs here) is wired by the component's `imagePullSecrets` output, another through the
 * `serviceAccounts` option (the namespace's default ServiceAccount), and the node's kubelet pulls
 * a private image of the e2e registry (token auth) for both. Bad input ends `pulumi up` with the component's message, naming the
 * property and never printing the token.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cli } from '../cli/run-cli';
import { pulumiCli, secretForms, stateText } from '../engine/engine';
import type { Registry, RegistryUser } from '../e2e/harness';
import { freshNamespace, kubectlAsync, nodeEnv, pullOutcomes, registryWithImage } from './node';

jest.setTimeout(600_000);

const admin = { username: 'ci-admin', password: 'admin-Secret-8', scopes: ['read_registry', 'write_registry'] };
const deploy: RegistryUser = {
  username: 'gitlab+deploy-token-81',
  password: 'gldt-yamlProgramToken81',
  scopes: ['read_registry'],
};
/** The deploy token that replaces `deploy` in the rotation test. */
const next: RegistryUser = {
  username: 'gitlab+deploy-token-82',
  password: 'gldt-yamlNextToken82',
  scopes: ['read_registry'],
};
const plugin = path.join(__dirname, '..', '..', 'pulumi-package');
let registry: Registry;
let image: string;

beforeAll(async () => {
  ({ registry, image } = await registryWithImage(admin, [deploy, next]));
});

afterAll(async () => {
  await registry?.stop();
});

/**
 * A Deployment of two pods bound to the node (no scheduler runs here), in YAML: wired by
 * `pullSecrets` (an expression), or by nothing, after `dependsOn`, for a ServiceAccount's to reach it.
 */
function deploymentYaml(name: string, namespace: string, wiring: { pullSecrets?: string; dependsOn?: string }): string {
  return `  ${name}:
    type: kubernetes:apps/v1:Deployment
${wiring.dependsOn ? `    options:\n      dependsOn:\n        - ${wiring.dependsOn}\n` : ''}    properties:
      metadata:
        name: ${name}
        namespace: ${namespace}
        annotations:
          pulumi.com/skipAwait: "true"
      spec:
        replicas: 2
        selector:
          matchLabels:
            app: ${name}
        template:
          metadata:
            labels:
              app: ${name}
          spec:
            nodeName: ${nodeEnv().node}
            hostNetwork: true
            terminationGracePeriodSeconds: 0
            containers:
              - name: app
                image: ${JSON.stringify(image)}
                imagePullPolicy: Always
${wiring.pullSecrets ? `            imagePullSecrets: ${wiring.pullSecrets}\n` : ''}`;
}

/** The YAML expression of the program's Namespace name. */
const YAML_SHOP_NAME = '${shop.metadata.name}';

/** The YAML program: its own Namespace, the component in it and in `other`, and a Deployment wired by the output. */
function program(
  shop: string,
  other: string,
  token: string,
  rotation?: { readonly username: string; readonly previousUsername: string },
): string {
  return `name: regcred-yaml
runtime: yaml
plugins:
  providers:
    - name: regcred
      path: ${plugin}
config:
  gitlabToken:
    type: string
    secret: true
${rotation ? '  previousToken:\n    type: string\n    secret: true\n' : ''}resources:
  shop:
    type: kubernetes:core/v1:Namespace
    properties:
      metadata:
        name: ${shop}
  pull:
    type: regcred:index:GitlabRegistrySecret
    properties:
      username: ${rotation?.username ?? deploy.username}
      token: ${token}
${rotation ? `      previous:\n        username: ${rotation.previousUsername}\n        token: \${previousToken}\n        until: "2099-01-01"\n` : ''}      registry: ${JSON.stringify(registry.host)}
      namespaces:
        - \${shop.metadata.name}
        - ${other}
      serviceAccounts:
        - name: default
          namespace: ${other}
${deploymentYaml('api', YAML_SHOP_NAME, { pullSecrets: '${pull.imagePullSecrets}' })}
${deploymentYaml('batch', other, { dependsOn: '${pull}' })}
outputs:
  secretName: \${pull.secretName}
`;
}

/** A CLI run that ended well; its output is shown when it did not. */
function expectSucceeded(run: { code: number; output: string }): void {
  expect({ code: run.code, output: run.code === 0 ? '' : run.output }).toEqual({ code: 0, output: '' });
}

async function project(name: string, yaml: string): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `regcred-yaml-${name}-`));
  fs.writeFileSync(path.join(dir, 'Pulumi.yaml'), yaml);
  const init = await pulumiCli(dir, ['stack', 'init', `${name}-${Date.now().toString(36)}`]);
  expect([init.code, init.output]).toEqual([0, expect.any(String)]);
  return dir;
}

test('a YAML program deploys a GitlabRegistrySecret in two namespaces; the kubelet pulls with its output and through the ServiceAccount', async () => {
  const shop = `yaml-shop-${Date.now().toString(36)}`;
  const other = await freshNamespace('yaml-other');
  const dir = await project('ok', program(shop, other, '${gitlabToken}'));
  try {
    const set = await pulumiCli(dir, ['config', 'set', '--secret', 'gitlabToken', deploy.password]);
    expect(set.code).toBe(0);
    const up = await pulumiCli(dir, ['up', '--yes', '--skip-preview']);
    expect([up.code, up.output]).toEqual([0, expect.stringContaining('regcred:index:GitlabRegistrySecret')]);

    const secretName = JSON.parse((await pulumiCli(dir, ['stack', 'output', '--json'])).output) as {
      secretName: string;
    };
    for (const ns of [shop, other]) {
      expect(await kubectlAsync(['get', 'secret', secretName.secretName, '-n', ns, '-o', 'name'])).toBe(
        `secret/${secretName.secretName}\n`,
      );
    }
    const outcomes = await pullOutcomes(shop);
    expect([...outcomes.values()].map((o) => o.state)).toEqual(['pulled', 'pulled']);
    // The other namespace's pods list no pull secret themselves: the ServiceAccount's reached them.
    const batch = await pullOutcomes(other);
    expect([...batch.values()].map((o) => o.state)).toEqual(['pulled', 'pulled']);
    const pods = JSON.parse(await kubectlAsync(['get', 'pods', '-n', other, '-o', 'json'])) as {
      items: Array<{ spec: { imagePullSecrets?: Array<{ name: string }> } }>;
    };
    expect(pods.items.map((p) => p.spec.imagePullSecrets)).toEqual([
      [{ name: secretName.secretName }],
      [{ name: secretName.secretName }],
    ]);

    const dump = path.join(dir, 'cluster.yaml');
    fs.writeFileSync(dump, await kubectlAsync(['get', 'deployments,secrets,pods', '-n', shop, '-o', 'yaml']));
    const check = await cli(['check', dump]);
    expect(check.stdout.trim().split('\n').pop()).toMatch(/^0 errors, 0 warnings/);

    const written = `${stateText()}\n${up.output}`;
    for (const form of secretForms(deploy.username, deploy.password)) expect(written).not.toContain(form);
  } finally {
    await pulumiCli(dir, ['destroy', '--yes', '--skip-preview']);
    await pulumiCli(dir, ['stack', 'rm', '--yes', '--force']);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test.each([
  // Plain values: the provider's constructor throws an InputPropertyError at the property.
  ['an empty token', '""', 'unused', "property token (value not shown) has a problem: 'token' is empty"],
  [
    'a CI job token',
    'glcbt-64_YamlJobTokenNotShown01',
    'unused',
    "property token (value not shown) has a problem: 'token' is a GitLab CI/CD job token",
  ],
  // From secret config: an Output in the provider, checked once known; one error on the component.
  [
    'a CI job token from secret config',
    '${gitlabToken}',
    'glcbt-64_YamlJobTokenNotShown01',
    "credentials[0].token: 'token' is a GitLab CI/CD job token",
  ],
])(
  'bad input (%s) ends pulumi up with the message, naming the property and not its value',
  async (_, token, config, why) => {
    const shop = `yaml-bad-${Date.now().toString(36)}`;
    const dir = await project('bad', program(shop, 'default', token));
    try {
      expect((await pulumiCli(dir, ['config', 'set', '--secret', 'gitlabToken', config])).code).toBe(0);
      const up = await pulumiCli(dir, ['up', '--yes', '--skip-preview']);
      expect(up.code).not.toBe(0);
      expect(up.output).toContain(why);
      expect(up.output).not.toContain('glcbt-64_YamlJobTokenNotShown01');
      expect(await kubectlAsync(['get', 'secrets', '-n', shop, '-o', 'name'])).toBe('');
    } finally {
      await pulumiCli(dir, ['destroy', '--yes', '--skip-preview']);
      await pulumiCli(dir, ['stack', 'rm', '--yes', '--force']);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
);

test('rotation from YAML: a new token with the old one as previous creates the new Secret before the old one goes; pods pull with both listed', async () => {
  const shop = `yaml-rot-${Date.now().toString(36)}`;
  const other = await freshNamespace('yaml-rot-other');
  const dir = await project('rotate', program(shop, other, '${gitlabToken}'));
  try {
    expect((await pulumiCli(dir, ['config', 'set', '--secret', 'gitlabToken', deploy.password])).code).toBe(0);
    const first = await pulumiCli(dir, ['up', '--yes', '--skip-preview']);
    expectSucceeded(first);
    const before = (JSON.parse((await pulumiCli(dir, ['stack', 'output', '--json'])).output) as { secretName: string })
      .secretName;

    fs.writeFileSync(
      path.join(dir, 'Pulumi.yaml'),
      program(shop, other, '${gitlabToken}', { username: next.username, previousUsername: deploy.username }),
    );
    expect((await pulumiCli(dir, ['config', 'set', '--secret', 'gitlabToken', next.password])).code).toBe(0);
    expect((await pulumiCli(dir, ['config', 'set', '--secret', 'previousToken', deploy.password])).code).toBe(0);
    const events = path.join(dir, 'events.jsonl');
    // The engine's event log is a debug command of Pulumi's CLI.
    const second = await pulumiCli(dir, ['up', '--yes', '--skip-preview', '--event-log', events], {
      PULUMI_DEBUG_COMMANDS: 'true',
    });
    expectSucceeded(second);
    const after = (JSON.parse((await pulumiCli(dir, ['stack', 'output', '--json'])).output) as { secretName: string })
      .secretName;
    expect(after).not.toBe(before);

    // The engine's own record of the steps: the Secret in the program's namespace is replaced
    // create-before-delete, and the previous Secret is created.
    type Step = { op: string; urn: string };
    const steps: Step[] = fs
      .readFileSync(events, 'utf8')
      .split('\n')
      .filter((l) => l.includes('"resOutputsEvent"'))
      .map((l) => (JSON.parse(l) as { resOutputsEvent: { metadata: Step } }).resOutputsEvent.metadata);
    const secretSteps = steps.filter((st) => st.urn.endsWith('kubernetes:core/v1:Secret::pull-0'));
    expect(secretSteps.map((st) => st.op)).toEqual(['create-replacement', 'replace', 'delete-replaced']);
    expect(steps.some((st) => st.op === 'create' && st.urn.includes('::pull-previous-0'))).toBe(true);

    // The wired Deployment lists the new Secret first, then the previous one; its new pods pull.
    const deployment = JSON.parse(await kubectlAsync(['get', 'deployment', 'api', '-n', shop, '-o', 'json'])) as {
      spec: { template: { spec: { imagePullSecrets: Array<{ name: string }> } } };
    };
    const listed = deployment.spec.template.spec.imagePullSecrets.map((r) => r.name);
    expect(listed[0]).toBe(after);
    expect(listed[1]).toMatch(/^pull-previous-[0-9a-f]{10}$/);
    const deadline = Date.now() + 180_000;
    let states: string[] = [];
    for (;;) {
      const pods = JSON.parse(await kubectlAsync(['get', 'pods', '-n', shop, '-o', 'json'])) as {
        items: Array<{
          metadata: { deletionTimestamp?: string };
          spec: { imagePullSecrets?: Array<{ name: string }> };
        }>;
      };
      const rolled = pods.items.filter(
        (p) => !p.metadata.deletionTimestamp && p.spec.imagePullSecrets?.[0]?.name === after,
      );
      const outcomes = await pullOutcomes(shop);
      states = [...outcomes.values()].map((o) => o.state);
      if ((rolled.length === 2 && pods.items.length === 2) || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    expect(states).toEqual(['pulled', 'pulled']);
    expect(await kubectlAsync(['get', 'secret', before, '-n', shop, '--ignore-not-found', '-o', 'name'])).toBe('');
    const written = `${stateText()}\n${first.output}\n${second.output}`;
    for (const user of [deploy, next]) {
      for (const form of secretForms(user.username, user.password)) expect(written).not.toContain(form);
    }
  } finally {
    await pulumiCli(dir, ['destroy', '--yes', '--skip-preview']);
    await pulumiCli(dir, ['stack', 'rm', '--yes', '--force']);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
