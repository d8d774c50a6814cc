/**
 * regcred's Pulumi components deployed for real: Pulumi's own engine (CLI,
 * Kubernetes provider) into a Kubernetes API server on 127.0.0.1, read back
 * with kubectl and checked by `regcred check`. Started by scripts/engine.sh.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { docExample } from '../docs/blocks';
import { loadAll } from 'js-yaml';
import { RegistryCredentials, pullSecretManifest } from 'regcred';
import { GitlabRegistrySecret } from 'regcred/pulumi';
import { cli } from '../cli/run-cli';
import { sealingKeys } from '../sealing-keys';
import {
  engineEnv,
  inlineStack,
  kubectl,
  namespace,
  operations,
  pulumiCli,
  secretForms,
  stateText,
  up,
} from './engine';
import { scratchDir, scratchProject } from '../scratch';

jest.setTimeout(240_000);

const USER = 'gitlab+deploy-token-77';
const TOKEN = 'gldt-engineToken77';
const IMAGE = 'registry.gitlab.com/acme/shop/api:1.4.2';

/** No node runs pods here: workloads must not wait for readiness. */
const skipAwait: pulumi.ResourceTransform = (args) => {
  if (!args.type.startsWith('kubernetes:apps/v1:')) return undefined;
  const props = args.props as { metadata?: { annotations?: Record<string, string> } };
  return {
    props: {
      ...props,
      metadata: { ...props.metadata, annotations: { ...props.metadata?.annotations, 'pulumi.com/skipAwait': 'true' } },
    },
    opts: args.opts,
  };
};

function deployment(ns: string, name: string, image: pulumi.Input<string>, opts: pulumi.CustomResourceOptions = {}) {
  const labels = { app: name };
  return new k8s.apps.v1.Deployment(
    name,
    {
      metadata: { namespace: ns, name, annotations: { 'pulumi.com/skipAwait': 'true' } },
      spec: {
        selector: { matchLabels: labels },
        template: { metadata: { labels }, spec: { containers: [{ name, image }] } },
      },
    },
    opts,
  );
}

const pullSecretsOf = (ns: string, name: string): string[] =>
  (
    JSON.parse(kubectl(['get', 'deployment', name, '-n', ns, '-o', 'json'])) as {
      spec: { template: { spec: { imagePullSecrets?: Array<{ name: string }> } } };
    }
  ).spec.template.spec.imagePullSecrets?.map((r) => r.name) ?? [];

test("the README's Pulumi program deploys a pull secret the Deployment lists, with no token in Pulumi's files", async () => {
  try {
    kubectl(['create', 'namespace', 'shop']);
  } catch {
    // exists from an earlier run
  }
  const snippet = docExample('pulumi-program').code;
  const file = path.join(scratchDir('readme'), 'program.ts');
  fs.writeFileSync(file, snippet);
  const stack = await inlineStack(
    'readme',
    () => {
      pulumi.runtime.registerResourceTransform(skipAwait);
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require(file);
    },
    { gitlabDeployToken: { value: TOKEN, secret: true } },
  );
  try {
    const { events, output } = await up(stack);
    const secrets = JSON.parse(kubectl(['get', 'secrets', '-n', 'shop', '-o', 'json'])) as {
      items: Array<{ metadata: { name: string }; type: string }>;
    };
    const pull = secrets.items.find((s) => s.metadata.name.startsWith('gitlab-pull-'));
    expect(pull?.type).toBe('kubernetes.io/dockerconfigjson');
    const api = kubectl(['get', 'deployments', '-n', 'shop', '-o', 'name'])
      .trim()
      .split('\n')
      .map((n) => n.replace('deployment.apps/', ''))
      .find((n) => n.startsWith('api'));
    expect(pullSecretsOf('shop', api!)).toEqual([pull!.metadata.name]);
    const dump = path.join(os.tmpdir(), `regcred-engine-readme-${Date.now()}.yaml`);
    fs.writeFileSync(dump, kubectl(['get', 'deployments,secrets,serviceaccounts', '-n', 'shop', '-o', 'yaml']));
    const check = await cli(['check', dump]);
    expect(check.stdout.trim().split('\n').pop()).toMatch(/^0 errors, 0 warnings/);
    const written = `${stateText()}\n${JSON.stringify(events)}\n${output}`;
    for (const form of secretForms('gitlab+deploy-token-1234567', TOKEN)) expect(written).not.toContain(form);
  } finally {
    await stack.destroy();
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
  expect(kubectl(['get', 'secrets,deployments', '-n', 'shop', '-o', 'name']).trim()).toBe('');
});

test('every wiring form wires the workloads whose images match, known or Outputs of other resources', async () => {
  const ns = namespace('wiring');
  const stack = await inlineStack(`wiring-${ns}`, () => {
    const gitlab = new GitlabRegistrySecret('gitlab-pull', {
      username: USER,
      token: pulumi.secret(TOKEN),
      namespaces: [ns],
    });
    // An image known only once another resource exists.
    const source = new k8s.core.v1.ConfigMap('image-source', { metadata: { namespace: ns }, data: { image: IMAGE } });
    deployment(ns, 'with-transforms', IMAGE, { transforms: [gitlab.transform] });
    deployment(ns, 'with-transformations', IMAGE, { transformations: [gitlab.transformation] });
    deployment(
      ns,
      'with-output-image',
      source.data.apply((d) => d.image),
      { transforms: [gitlab.transform] },
    );
    deployment(ns, 'public-image', 'nginx:1.27', { transforms: [gitlab.transform] });
    pulumi.runtime.registerResourceTransform(gitlab.transform);
    deployment(ns, 'stack-wide', IMAGE);
    return { secretName: gitlab.secretName };
  });
  try {
    const { outputs } = await up(stack);
    const name = outputs.secretName as string;
    expect(name).toMatch(/^gitlab-pull-[0-9a-f]{10}$/);
    for (const d of ['with-transforms', 'with-transformations', 'with-output-image', 'stack-wide']) {
      expect([d, pullSecretsOf(ns, d)]).toEqual([d, [name]]);
    }
    expect(pullSecretsOf(ns, 'public-image')).toEqual([]);
  } finally {
    await stack.destroy();
  }
});

test('a new token creates the new Secret before the workloads move and deletes the old one after', async () => {
  const ns = namespace('rotation');
  const program = (token: string) => () => {
    const gitlab = new GitlabRegistrySecret('gitlab-pull', {
      username: USER,
      token: pulumi.secret(token),
      namespaces: [ns],
    });
    deployment(ns, 'api', IMAGE, { transforms: [gitlab.transform] });
    return { secretName: gitlab.secretName };
  };
  const first = await inlineStack(`rotation-${ns}`, program(TOKEN));
  try {
    const before = (await up(first)).outputs.secretName as string;
    const second = await inlineStack(`rotation-${ns}`, program('gldt-engineTokenNew'));
    const { events, outputs } = await up(second);
    const after = outputs.secretName as string;
    expect(after).not.toBe(before);
    const ops = operations(events).map(([op, type, n]) => `${op} ${type.split(':').pop()} ${n}`);
    const created = ops.indexOf(`create-replacement Secret gitlab-pull-${ns}`);
    const moved = ops.indexOf('update Deployment api');
    const deleted = ops.indexOf(`delete-replaced Secret gitlab-pull-${ns}`);
    expect([created >= 0, moved > created, deleted > moved]).toEqual([true, true, true]);
    expect(pullSecretsOf(ns, 'api')).toEqual([after]);
    expect(kubectl(['get', 'secrets', '-n', ns, '-o', 'name']).trim()).toBe(`secret/${after}`);
    const refreshed = await second.refresh();
    expect(refreshed.summary.result).toBe('succeeded');
  } finally {
    await first.destroy();
  }
  expect(kubectl(['get', 'secrets,deployments', '-n', ns, '-o', 'name']).trim()).toBe('');
});

/** regcred compiled as an installed package's lib/ once per run of this file (not into lib/, which other tests pack). */
let compiledLib: string | undefined;
function compiledRegcred(): string {
  if (compiledLib === undefined) {
    const root = path.join(__dirname, '../..');
    compiledLib = path.join(scratchDir('compiled'), 'lib');
    execFileSync(path.join(root, 'node_modules/.bin/tsc'), [
      '-p',
      path.join(root, 'tsconfig.build.json'),
      '--outDir',
      compiledLib,
    ]);
  }
  return compiledLib;
}
afterAll(() => {
  if (compiledLib !== undefined) fs.rmSync(path.dirname(compiledLib), { recursive: true, force: true });
});

/**
 * A Pulumi project of the Node.js runtime in a scratch directory, run by Pulumi's CLI and language
 * host as a user's is, with regcred in its node_modules as an installed package.
 */
function nodeProject(prefix: string): string {
  const root = path.join(__dirname, '../..');
  const project = scratchProject(prefix);
  fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: `regcred-${prefix}`, private: true }));
  fs.writeFileSync(
    path.join(project, 'Pulumi.yaml'),
    `name: regcred-${prefix}\nruntime:\n  name: nodejs\n  options:\n    typescript: true\nmain: index.ts\n`,
  );
  // A copy, not a link: the compiled code resolves its dependencies from the project's node_modules.
  const installed = path.join(project, 'node_modules/regcred');
  fs.cpSync(compiledRegcred(), path.join(installed, 'lib'), { recursive: true });
  fs.copyFileSync(path.join(root, 'package.json'), path.join(installed, 'package.json'));
  return project;
}

// Through the CLI and its language host, as users run programs: Pulumi's program runner reports the
// component's ResourceError and fails the update. (An inline Automation API program in jest's
// process cannot show it: jest takes the process's unhandled rejections for itself.)
describe('bad credentials from secret config end the update at once, with one clear message and nothing created', () => {
  let project: string;
  beforeAll(() => {
    project = nodeProject('bad-input');
  });
  afterAll(() => fs.rmSync(project, { recursive: true, force: true }));

  // Wired by the imagePullSecrets output, the error is the component's alone; through `transforms`,
  // Pulumi's engine runs the transform and reports its failure once more, on the stack.
  test.each([
    ['an empty token', '', "credentials[0].token: 'token' is empty", 'output'],
    [
      'a CI job token',
      'glcbt-64_jobTokenSecret',
      "credentials[0].token: 'token' is a GitLab CI/CD job token",
      'output',
    ],
    ['an empty token, wired by transforms', '', "credentials[0].token: 'token' is empty", 'transforms'],
  ])('%s', async (_what, token, message, wiring) => {
    const ns = namespace('bad');
    fs.writeFileSync(
      path.join(project, 'index.ts'),
      `import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { GitlabRegistrySecret } from 'regcred/pulumi';

const gitlab = new GitlabRegistrySecret('gitlab-pull', {
  username: ${JSON.stringify(USER)},
  token: new pulumi.Config().requireSecret('token'),
  namespaces: [${JSON.stringify(ns)}],
});
const labels = { app: 'api' };
new k8s.apps.v1.Deployment(
  'api',
  {
    metadata: { namespace: ${JSON.stringify(ns)}, name: 'api', annotations: { 'pulumi.com/skipAwait': 'true' } },
    spec: {
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [{ name: 'api', image: ${JSON.stringify(IMAGE)} }],
          ${wiring === 'output' ? 'imagePullSecrets: gitlab.imagePullSecrets,' : ''}
        },
      },
    },
  },
  ${wiring === 'transforms' ? '{ transforms: [gitlab.transform] }' : '{}'},
);
`,
    );
    const stack = `bad-${ns}`;
    expect((await pulumiCli(project, ['stack', 'init', stack])).code).toBe(0);
    try {
      expect((await pulumiCli(project, ['config', 'set', '--secret', 'token', token])).code).toBe(0);
      const started = Date.now();
      const up = await pulumiCli(project, ['up', '--yes', '--skip-preview', '--color', 'never']);
      expect(up.code).not.toBe(0);
      expect(Date.now() - started).toBeLessThan(90_000);
      // On the component, and (through transforms) in the transform's failure on the stack.
      const diagnostics = up.output.slice(up.output.indexOf('Diagnostics:'));
      expect(diagnostics.split(message).length - 1).toBe(wiring === 'transforms' ? 2 : 1);
      if (wiring === 'transforms') expect(diagnostics).toContain('transform failed: Error: ' + message);
      expect(diagnostics).toMatch(
        /regcred:index:GitlabRegistrySecret \(gitlab-pull\):\s+error: credentials\[0\]\.token/,
      );
      expect(up.output).not.toMatch(/at .*(src|lib)\/(core|pulumi)\//);
      expect(up.output).not.toContain('jobTokenSecret');
      // No Secret is ever registered, nor the workload the credentials wire (its imagePullSecrets
      // reject with the same error).
      expect(kubectl(['get', 'secrets', '-n', ns, '-o', 'name']).trim()).toBe('');
      expect(kubectl(['get', 'deployments', '-n', ns, '-o', 'name']).trim()).toBe('');
      expect(stateText()).not.toContain('jobTokenSecret');
    } finally {
      await pulumiCli(project, ['destroy', '--yes', '--skip-preview']);
      await pulumiCli(project, ['stack', 'rm', '--yes', '--force']);
    }
  });
});

describe('a plain input that breaks a rule ends the program with one message, without regcred frames', () => {
  const MESSAGE = "token (value not shown): 'token' is empty.";
  const noFrames = (text: string): void => {
    expect(text.split(MESSAGE).length - 1).toBe(1);
    expect(text).not.toMatch(/^\s+at /m);
    expect(text).not.toContain('propertyPath');
  };

  // In a process of its own: jest would take the inline program's exception for itself.
  test('through the Automation API (an inline program, in a process of its own)', () => {
    const dir = scratchDir('automation-plain');
    const script = path.join(dir, 'main.ts');
    fs.writeFileSync(
      script,
      `import { LocalWorkspace } from '@pulumi/pulumi/automation';
import { GitlabRegistrySecret } from ${JSON.stringify(path.join(__dirname, '../../src/pulumi'))};

async function main(): Promise<void> {
  const stack = await LocalWorkspace.createOrSelectStack(
    {
      stackName: 'plain-${Date.now()}',
      projectName: 'regcred-engine-tests',
      program: async () => {
        new GitlabRegistrySecret('gitlab-pull', { username: ${JSON.stringify(USER)}, token: '' });
      },
    },
    { envVars: ${JSON.stringify(engineEnv())} },
  );
  try {
    await stack.up({ color: 'never' });
    console.log('UP SUCCEEDED');
  } catch (e) {
    console.log((e as Error).message);
  } finally {
    await stack.workspace.removeStack(stack.name, { force: true });
  }
}
void main();
`,
    );
    const run = spawnSync(process.execPath, ['--import', 'tsx', script], {
      cwd: path.join(__dirname, '../..'),
      encoding: 'utf8',
      env: { ...process.env, ...engineEnv() },
      timeout: 180_000,
    });
    const output = `${run.stdout}${run.stderr}`;
    expect(output).not.toContain('UP SUCCEEDED');
    // The Automation API reports an inline program's exception twice (as unhandled, then as the
    // program's failure): each time regcred's one text, never a frame or the reason alone.
    const diagnostics = output.slice(output.indexOf('Diagnostics:'), output.indexOf('Resources:'));
    const errors = diagnostics.split('\n').filter((l) => l.includes('error:'));
    expect(errors.length).toBeGreaterThan(0);
    for (const line of errors) expect(line).toContain(MESSAGE);
    expect(output).not.toMatch(/^\s+at /m);
    expect(output).not.toContain('propertyPath');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("through Pulumi's CLI and Node.js language host", async () => {
    const project = nodeProject('plain-bad-input');
    try {
      fs.writeFileSync(
        path.join(project, 'index.ts'),
        `import { GitlabRegistrySecret } from 'regcred/pulumi';

new GitlabRegistrySecret('gitlab-pull', { username: ${JSON.stringify(USER)}, token: '' });
`,
      );
      expect((await pulumiCli(project, ['stack', 'init', 'plain'])).code).toBe(0);
      const run = await pulumiCli(project, ['up', '--yes', '--skip-preview', '--color', 'never']);
      expect(run.code).not.toBe(0);
      noFrames(run.output);
      await pulumiCli(project, ['stack', 'rm', '--yes', '--force']);
    } finally {
      fs.rmSync(project, { recursive: true, force: true });
    }
  });
});

test('preview with credentials and images that are not known yet shows the Secret and the wiring as unknown, without failing', async () => {
  const ns = namespace('preview');
  const stack = await inlineStack(`preview-${ns}`, () => {
    const source = new k8s.core.v1.ConfigMap('source', {
      metadata: { namespace: ns },
      data: { token: TOKEN, image: IMAGE },
    });
    const gitlab = new GitlabRegistrySecret('gitlab-pull', {
      username: USER,
      token: pulumi.secret(source.data.apply((d) => d.token)),
      namespaces: [ns],
    });
    deployment(
      ns,
      'api',
      source.data.apply((d) => d.image),
      { transforms: [gitlab.transform] },
    );
  });
  try {
    const events: string[] = [];
    const preview = await stack.preview({
      onEvent: (e) => e.resourcePreEvent && events.push(e.resourcePreEvent.metadata.type),
    });
    expect(preview.changeSummary.create).toBeGreaterThanOrEqual(4);
    expect(events).toContain('kubernetes:core/v1:Secret');
    expect(events).toContain('kubernetes:apps/v1:Deployment');
    expect(kubectl(['get', 'secrets,deployments', '-n', ns, '-o', 'name']).trim()).toBe('');
  } finally {
    await stack.destroy();
  }
});

test('children of a helm.v4.Chart and a yaml.v2.ConfigGroup are wired through the component transforms option', async () => {
  const ns = namespace('charts');
  const chartDir = fs.mkdtempSync(path.join(os.tmpdir(), 'regcred-chart-'));
  fs.mkdirSync(path.join(chartDir, 'templates'));
  fs.writeFileSync(path.join(chartDir, 'Chart.yaml'), 'apiVersion: v2\nname: shop\nversion: 0.1.0\n');
  fs.writeFileSync(
    path.join(chartDir, 'templates/deployment.yaml'),
    [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: from-chart',
      '  annotations: { pulumi.com/skipAwait: "true" }',
      'spec:',
      '  selector: { matchLabels: { app: from-chart } }',
      '  template:',
      '    metadata: { labels: { app: from-chart } }',
      `    spec: { containers: [{ name: app, image: "${IMAGE}" }] }`,
    ].join('\n'),
  );
  const configYaml = [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: from-yaml`,
    `  namespace: ${ns}`,
    '  annotations: { pulumi.com/skipAwait: "true" }',
    'spec:',
    '  selector: { matchLabels: { app: from-yaml } }',
    '  template:',
    '    metadata: { labels: { app: from-yaml } }',
    `    spec: { containers: [{ name: app, image: "${IMAGE}" }] }`,
  ].join('\n');
  const stack = await inlineStack(`charts-${ns}`, () => {
    const gitlab = new GitlabRegistrySecret('gitlab-pull', {
      username: USER,
      token: pulumi.secret(TOKEN),
      namespaces: [ns],
    });
    new k8s.helm.v4.Chart('shop', { chart: chartDir, namespace: ns }, { transforms: [gitlab.transform] });
    new k8s.yaml.v2.ConfigGroup('config', { yaml: configYaml }, { transforms: [gitlab.transform] });
    return { secretName: gitlab.secretName };
  });
  try {
    const { outputs } = await up(stack);
    expect(pullSecretsOf(ns, 'from-chart')).toEqual([outputs.secretName]);
    expect(pullSecretsOf(ns, 'from-yaml')).toEqual([outputs.secretName]);
  } finally {
    await stack.destroy();
    fs.rmSync(chartDir, { recursive: true, force: true });
  }
});

test('render mode writes manifests that regcred check passes; the Secret is in them in plain text', async () => {
  const ns = namespace('render');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regcred-render-'));
  const stack = await inlineStack(`render-${ns}`, () => {
    // The SDK takes KUBECONFIG from the environment, which render mode refuses: a render-only provider has none.
    const kubeconfig = process.env.KUBECONFIG;
    delete process.env.KUBECONFIG;
    const provider = new k8s.Provider('render', { renderYamlToDirectory: dir });
    process.env.KUBECONFIG = kubeconfig;
    const gitlab = new GitlabRegistrySecret(
      'gitlab-pull',
      { username: USER, token: pulumi.secret(TOKEN), namespaces: [ns] },
      { providers: { kubernetes: provider } },
    );
    deployment(ns, 'api', IMAGE, { provider, transforms: [gitlab.transform] });
  });
  try {
    await up(stack);
    const check = await cli(['check', dir]);
    expect(check.code).toBe(0);
    expect(check.stdout.trim().split('\n').pop()).toBe('0 errors, 0 warnings, 0 info in 2 objects');
    // What the Pulumi guide warns about: render mode writes the token into the files.
    const rendered = fs
      .readdirSync(path.join(dir, '1-manifest'))
      .map((f) => fs.readFileSync(path.join(dir, '1-manifest', f), 'utf8'));
    const secret = rendered
      .flatMap((text) => loadAll(text) as Array<{ kind?: string; data?: Record<string, string> }>)
      .find((o) => o.kind === 'Secret');
    const payload = JSON.parse(Buffer.from(secret?.data?.['.dockerconfigjson'] ?? '', 'base64').toString()) as {
      auths: Record<string, { password: string }>;
    };
    expect(payload.auths['registry.gitlab.com'].password).toBe(TOKEN);
    expect(kubectl(['get', 'secrets,deployments', '-n', ns, '-o', 'name']).trim()).toBe('');
  } finally {
    await stack.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("logs: Pulumi's --debug and verbosity-9 logs print the plain Secret's data; with seal they hold no token", async () => {
  const ns = namespace('logs');
  const certificate = sealingKeys().certificate;
  const program = (seal: boolean) => () => {
    const gitlab = new GitlabRegistrySecret('gitlab-pull', {
      username: USER,
      token: pulumi.secret(TOKEN),
      namespaces: [ns],
      ...(seal ? { seal: { certificate } } : {}),
    });
    deployment(ns, 'api', IMAGE, { transforms: [gitlab.transform] });
  };
  const payload = pullSecretManifest({
    name: 'x',
    credentials: [RegistryCredentials.gitlab({ username: USER, token: TOKEN })],
  }).data['.dockerconfigjson'];
  const leaks = (text: string): string[] => [...secretForms(USER, TOKEN), payload].filter((f) => text.includes(f));
  const runs = async (stack: Awaited<ReturnType<typeof inlineStack>>): Promise<string[]> => {
    // `pulumi up --debug`: the SDK's and the provider's debug messages.
    const debug = await stack.up({ debug: true, color: 'never' });
    await stack.destroy();
    // `pulumi up --logtostderr -v=9 --logflow`: every property of every RPC.
    const verbose = await stack.up({ logToStdErr: true, logVerbosity: 9, logFlow: true, color: 'never' });
    await stack.destroy();
    expect(debug.stdout).toContain('debug: RegisterResource RPC');
    expect(verbose.stderr).toContain('Provider[kubernetes]');
    return [debug.stdout + debug.stderr, verbose.stdout + verbose.stderr];
  };
  // Pulumi prints secret values in these logs: what a plain Secret holds is there, whatever regcred does.
  for (const log of await runs(await inlineStack(`logs-${ns}`, program(false)))) expect(leaks(log)).toContain(payload);
  // A SealedSecret carries ciphertext only.
  for (const log of await runs(await inlineStack(`logs-sealed-${ns}`, program(true)))) expect(leaks(log)).toEqual([]);
});

test('a token expiring soon shows as a warning of the update, on the component', async () => {
  const ns = namespace('expiry');
  const soon = new Date(Date.now() + 5 * 24 * 3600 * 1000).toISOString();
  const stack = await inlineStack(`expiry-${ns}`, () => {
    new GitlabRegistrySecret('gitlab-pull', {
      username: USER,
      token: pulumi.secret(TOKEN),
      namespaces: [ns],
      expiresAt: soon,
    });
  });
  try {
    const { output } = await up(stack);
    const diagnostics = output.slice(output.indexOf('Diagnostics:'));
    expect(diagnostics).toMatch(/regcred:index:GitlabRegistrySecret \(gitlab-pull\):\s+warning: .*expires on/);
    expect(output).not.toContain(TOKEN);
  } finally {
    await stack.destroy();
  }
});

test('examples/pulumi, as printed, through the pulumi CLI and its Node.js language host: preview plans the Secret and the wired Deployment', () => {
  const root = path.join(__dirname, '../..');
  const project = nodeProject('example');
  try {
    fs.copyFileSync(path.join(root, 'examples/pulumi/index.ts'), path.join(project, 'index.ts'));
    const cliSync = (args: string[]): string =>
      execFileSync('pulumi', [...args, '--non-interactive', '--color', 'never'], {
        cwd: project,
        encoding: 'utf8',
        env: process.env,
      });
    cliSync(['stack', 'init', `example-${Date.now()}`]);
    cliSync(['config', 'set', '--secret', 'gitlabDeployToken', TOKEN]);
    const plan = cliSync(['preview', '--diff']);
    expect(plan).toMatch(/\+ kubernetes:core\/v1:Secret: \(create\)/);
    expect(plan).toMatch(/imagePullSecrets: \[\s+\[0\]: \{\s+name: "gitlab-pull-[0-9a-f]{10}"/);
    expect(plan).not.toContain(TOKEN);
    cliSync(['stack', 'rm', '--yes', '--force']);
  } finally {
    fs.rmSync(project, { recursive: true, force: true });
  }
});
