import * as path from 'node:path';
import { ApiObject, Chart, Include, JsonPatch, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-32';
import { Construct } from 'constructs';
import { DockerHubRegistrySecret, GithubRegistrySecret, GitlabRegistrySecret, RegistrySecret } from 'regcred/cdk8s';
import {
  RegcredError,
  RegistryCredentials,
  checkManifests,
  resolvePullCredentials,
  type KubeObject,
  type SecretObject,
} from 'regcred';

const TOKEN = 'gldt-Q4nP8sW2xY6zA0bC';
type Manifest = { kind: string; metadata: { name: string; namespace?: string }; [k: string]: any };

let stderr: jest.SpyInstance;
beforeEach(() => {
  stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterEach(() => stderr.mockRestore());

function synth(chart: Chart): Manifest[] {
  return Testing.synth(chart) as Manifest[];
}

const byKind = (out: Manifest[], kind: string) => out.filter((o) => o.kind === kind);
const named = (out: Manifest[], kind: string, name: string) =>
  out.find((o) => o.kind === kind && o.metadata.name === name);
const podSpecOf = (o: Manifest) =>
  o.kind === 'CronJob' ? o.spec.jobTemplate.spec.template.spec : o.kind === 'Pod' ? o.spec : o.spec.template.spec;

function gitlab(chart: Chart, props: Partial<ConstructorParameters<typeof GitlabRegistrySecret>[2]> = {}) {
  return new GitlabRegistrySecret(chart, 'GitlabPull', { username: 'gitlab+deploy-token-9', token: TOKEN, ...props });
}

describe('GitlabRegistrySecret', () => {
  test('GIVEN a deploy token WHEN synthesized THEN the Secret decodes to the kubelet-readable auths entry', () => {
    const chart = Testing.chart();
    const secret = gitlab(chart, { name: 'gitlab-pull' });
    new kplus.Deployment(chart, 'App', { containers: [{ image: 'registry.gitlab.com/acme/app:1.0' }] });

    const out = synth(chart);
    const s = named(out, 'Secret', 'gitlab-pull')!;
    expect(secret.name).toBe('gitlab-pull');
    expect(s.type).toBe('kubernetes.io/dockerconfigjson');
    const auths = JSON.parse(Buffer.from(s.data['.dockerconfigjson'], 'base64').toString()).auths;
    expect(Object.keys(auths)).toEqual(['registry.gitlab.com']);
    expect(Buffer.from(auths['registry.gitlab.com'].auth, 'base64').toString()).toBe(`gitlab+deploy-token-9:${TOKEN}`);
    expect(resolvePullCredentials([s as SecretObject], 'registry.gitlab.com/acme/app:1.0').creds[0].password).toBe(
      TOKEN,
    );
  });

  test('the primary Secret is the child "Resource", and apiObject is the escape hatch', () => {
    const chart = Testing.chart();
    const secret = gitlab(chart);
    expect(secret.node.defaultChild).toBe(secret.apiObject);
    expect(secret.apiObject.node.id).toBe('Resource');
    secret.apiObject.metadata.addLabel('team', 'platform');
    expect(named(synth(chart), 'Secret', secret.name)?.metadata).toMatchObject({ labels: { team: 'platform' } });
  });

  test('wires the deployment whose image it matches and leaves a public image alone', () => {
    const chart = Testing.chart();
    const secret = gitlab(chart);
    const app = new kplus.Deployment(chart, 'App', { containers: [{ image: 'registry.gitlab.com/acme/app:1.0' }] });
    const web = new kplus.Deployment(chart, 'Web', { containers: [{ image: 'nginx:1.27' }] });

    const out = synth(chart);
    expect(podSpecOf(named(out, 'Deployment', app.name)!).imagePullSecrets).toEqual([{ name: secret.name }]);
    expect(podSpecOf(named(out, 'Deployment', web.name)!).imagePullSecrets).toBeUndefined();
  });

  test('GIVEN a cdk8s-plus Deployment patched by a later validation WHEN synthesized twice THEN each output has the reference and the patch', () => {
    const chart = Testing.chart();
    const secret = gitlab(chart);
    const app = new kplus.Deployment(chart, 'App', { containers: [{ image: 'registry.gitlab.com/acme/app:1.0' }] });
    const resource = app.node.findAll().find((c): c is ApiObject => ApiObject.isApiObject(c))!;
    let added = 0;
    // A validation that runs after regcred's (its construct comes later in the tree): its patch must
    // reach the output although regcred read the object first.
    new Construct(chart, 'Later').node.addValidation({
      validate: () => {
        if (added++ === 0) resource.addJsonPatch(JsonPatch.add('/metadata/labels', { team: 'shop' }));
        return [];
      },
    });

    for (const out of [synth(chart), synth(chart)]) {
      const deployment = named(out, 'Deployment', app.name)!;
      expect(podSpecOf(deployment).imagePullSecrets).toEqual([{ name: secret.name }]);
      expect(deployment.metadata).toMatchObject({ labels: { team: 'shop' } });
    }
  });

  test('GIVEN cdk8s-plus Deployments WHEN wired THEN each renders as the same Deployment with the reference patched in by hand, key order included', () => {
    const wired = Testing.chart();
    const secret = gitlab(wired, { name: 'gitlab-pull' });
    const byHand = Testing.chart();
    for (const chart of [wired, byHand]) {
      for (const [id, image] of [
        ['App', 'registry.gitlab.com/acme/app:1.0'],
        ['Job', 'registry.gitlab.com/acme/job:2.0'],
      ]) {
        const d = new kplus.Deployment(chart, id, { metadata: { namespace: 'shop' }, containers: [{ image }] });
        if (chart === byHand) {
          ApiObject.of(d).addJsonPatch(JsonPatch.add('/spec/template/spec/imagePullSecrets', [{ name: secret.name }]));
        }
      }
    }
    const deployments = (out: Manifest[]) => JSON.stringify(byKind(out, 'Deployment'));
    expect(deployments(synth(wired))).toBe(deployments(synth(byHand)));
  });

  test('GIVEN a synthesized cdk8s-plus Deployment WHEN its metadata changes and the chart is synthesized again THEN the change is in the output', () => {
    const chart = Testing.chart();
    gitlab(chart);
    const app = new kplus.Deployment(chart, 'App', { containers: [{ image: 'registry.gitlab.com/acme/app:1.0' }] });
    expect(named(synth(chart), 'Deployment', app.name)?.metadata).not.toHaveProperty('labels.team');
    app.metadata.addLabel('team', 'shop');
    expect(named(synth(chart), 'Deployment', app.name)?.metadata).toMatchObject({ labels: { team: 'shop' } });
  });

  test('matches by kubelet rules, not by prefix: another port or a look-alike host is not wired', () => {
    const chart = Testing.chart();
    gitlab(chart, { registry: 'gitlab.example.com:5050', check: false });
    const portless = new kplus.Deployment(chart, 'Portless', {
      containers: [{ image: 'gitlab.example.com/acme/app' }],
    });
    const lookalike = new kplus.Deployment(chart, 'Lookalike', {
      containers: [{ image: 'gitlab.example.com.evil.io:5050/app' }],
    });
    const right = new kplus.Deployment(chart, 'Right', { containers: [{ image: 'gitlab.example.com:5050/acme/app' }] });

    const out = synth(chart);
    expect(podSpecOf(named(out, 'Deployment', portless.name)!).imagePullSecrets).toBeUndefined();
    expect(podSpecOf(named(out, 'Deployment', lookalike.name)!).imagePullSecrets).toBeUndefined();
    expect(podSpecOf(named(out, 'Deployment', right.name)!).imagePullSecrets).toHaveLength(1);
  });

  test('wires init and ephemeral-free raw objects of every pod-bearing kind, created after the secret', () => {
    const chart = Testing.chart();
    const secret = gitlab(chart);
    const spec = {
      initContainers: [{ name: 'i', image: 'registry.gitlab.com/acme/init' }],
      containers: [{ name: 'c', image: 'busybox' }],
    };
    const kinds: Array<[string, string, Record<string, unknown>]> = [
      ['v1', 'Pod', { spec }],
      ['v1', 'PodTemplate', { template: { spec } }],
      ['apps/v1', 'Deployment', { spec: { template: { spec } } }],
      ['apps/v1', 'ReplicaSet', { spec: { template: { spec } } }],
      ['apps/v1', 'StatefulSet', { spec: { template: { spec } } }],
      ['apps/v1', 'DaemonSet', { spec: { template: { spec } } }],
      ['batch/v1', 'Job', { spec: { template: { spec } } }],
      ['batch/v1', 'CronJob', { spec: { schedule: '@daily', jobTemplate: { spec: { template: { spec } } } } }],
      ['v1', 'ReplicationController', { spec: { template: { spec } } }],
    ];
    for (const [apiVersion, kind, body] of kinds) new ApiObject(chart, kind, { apiVersion, kind, ...body });

    const out = synth(chart);
    for (const [, kind] of kinds) {
      const o = byKind(out, kind)[0];
      const holder = kind === 'PodTemplate' ? o.template.spec : podSpecOf(o);
      expect([kind, holder.imagePullSecrets]).toEqual([kind, [{ name: secret.name }]]);
    }
  });

  test('keeps existing imagePullSecrets and their order, and adds no duplicate', () => {
    const chart = Testing.chart();
    const secret = gitlab(chart, { name: 'gitlab-pull' });
    new ApiObject(chart, 'Pod', {
      apiVersion: 'v1',
      kind: 'Pod',
      spec: {
        imagePullSecrets: [{ name: 'legacy' }, { name: 'gitlab-pull' }],
        containers: [{ name: 'c', image: 'registry.gitlab.com/a/b' }],
      },
    });
    new ApiObject(chart, 'Pod2', {
      apiVersion: 'v1',
      kind: 'Pod',
      spec: { imagePullSecrets: [{ name: 'legacy' }], containers: [{ name: 'c', image: 'registry.gitlab.com/a/b' }] },
    });
    const pods = byKind(synth(chart), 'Pod');
    expect(pods[0].spec.imagePullSecrets).toEqual([{ name: 'legacy' }, { name: secret.name }]);
    expect(pods[1].spec.imagePullSecrets).toEqual([{ name: 'legacy' }, { name: secret.name }]);
  });

  test('wires objects from Include and emits a copy of the secret in their namespace', () => {
    const chart = new Chart(Testing.app(), 'apps', { namespace: 'apps' });
    const secret = gitlab(chart);
    new Include(chart, 'Vendor', { url: path.join(__dirname, '../fixtures/manifests/vendor-app.yaml') });

    const out = synth(chart);
    const api = named(out, 'Deployment', 'vendor-api')!;
    expect(podSpecOf(api).imagePullSecrets).toEqual([{ name: secret.name }]);
    expect(podSpecOf(named(out, 'Job', 'public-migrate')!).imagePullSecrets).toBeUndefined();
    const secrets = byKind(out, 'Secret').map((s) => [s.metadata.name, s.metadata.namespace]);
    expect(secrets).toEqual([
      [secret.name, 'apps'],
      [secret.name, 'vendor'],
    ]);
  });

  test('emits the secret once per namespace of the wired pods', () => {
    const chart = Testing.chart();
    const secret = gitlab(chart, { namespace: 'shared' });
    ['b', 'a', 'b', 'shared'].forEach((ns, i) => {
      new kplus.Deployment(chart, `App${i}`, {
        metadata: { namespace: ns },
        containers: [{ image: 'registry.gitlab.com/acme/app' }],
      });
    });
    const namespaces = byKind(synth(chart), 'Secret').map((s) => s.metadata.namespace);
    expect(namespaces).toEqual(['shared', 'a', 'b']);
    expect(secret.node.tryFindChild('Resource-a')).toBeDefined();
  });

  test('synthesizing twice gives identical output', () => {
    const chart = Testing.chart();
    gitlab(chart);
    new kplus.Deployment(chart, 'App', {
      metadata: { namespace: 'x' },
      containers: [{ image: 'registry.gitlab.com/acme/app' }],
    });
    const first = JSON.stringify(synth(chart));
    expect(JSON.stringify(synth(chart))).toBe(first);
    expect(JSON.stringify(synth(chart))).toBe(first);
  });

  test('autoWire false wires only what wireTo names, even without a match', () => {
    const chart = Testing.chart();
    const secret = gitlab(chart, { autoWire: false, check: false });
    const matching = new kplus.Deployment(chart, 'Matching', {
      containers: [{ image: 'registry.gitlab.com/acme/app' }],
    });
    const chosen = new kplus.Deployment(chart, 'Chosen', { containers: [{ image: 'quay.io/acme/app' }] });
    secret.wireTo(chosen);

    const out = synth(chart);
    expect(podSpecOf(named(out, 'Deployment', matching.name)!).imagePullSecrets).toBeUndefined();
    expect(podSpecOf(named(out, 'Deployment', chosen.name)!).imagePullSecrets).toEqual([{ name: secret.name }]);
  });

  test('addToServiceAccounts lists the secret in a ServiceAccount of the chart', () => {
    const chart = Testing.chart();
    const secret = gitlab(chart, { autoWire: false });
    const sa = new kplus.ServiceAccount(chart, 'Builder');
    secret.addToServiceAccounts(sa);
    expect(named(synth(chart), 'ServiceAccount', sa.name)?.imagePullSecrets).toEqual([{ name: secret.name }]);
  });

  test('fails synth when a wireTo target holds nothing to wire', () => {
    const chart = Testing.chart();
    const secret = gitlab(chart, { autoWire: false });
    secret.wireTo(new kplus.ConfigMap(chart, 'Config'));
    expect(() => synth(chart)).toThrow('target test/Config holds no pod-bearing object or ServiceAccount to wire');
  });

  test('fails synth when a wireTo target is in another chart, naming both charts and the fix', () => {
    const app = Testing.app();
    const shop = new Chart(app, 'shop', { namespace: 'shop' });
    const batch = new Chart(app, 'batch', { namespace: 'batch' });
    const secret = gitlab(shop, { autoWire: false });
    secret.wireTo(
      new kplus.Deployment(batch, 'Worker', { containers: [{ image: 'registry.gitlab.com/acme/worker:1' }] }),
    );
    expect(() => app.synth()).toThrow(
      "target batch/Worker is in chart batch, not in this secret's chart shop: regcred wires only the objects of its own chart. Create a regcred secret in that chart (its pods need one in their own namespace anyway).",
    );
  });

  test('warns at synth when the credentials match no image in the chart', () => {
    const chart = Testing.chart();
    const secret = gitlab(chart);
    new kplus.Deployment(chart, 'Web', { containers: [{ image: 'nginx' }] });
    synth(chart);
    synth(chart);
    const expected = `credentials for "registry.gitlab.com" match no container image in the chart, so no pod uses this secret. Check the registry host and port against the images, or wire it with wireTo().`;
    expect(secret.warnings).toEqual([expected]);
    const printed = stderr.mock.calls.map((c) => String(c[0])).filter((l) => l.includes('match no container image'));
    expect(printed).toEqual([`Warning: [test/GitlabPull] ${expected}\n`]);
  });

  test('a credentials warning is kept at construction and printed at synth, once', () => {
    const chart = Testing.chart();
    const secret = gitlab(chart, { registry: 'Registry.Example.com' });
    new kplus.Deployment(chart, 'Web', { containers: [{ image: 'Registry.Example.com/acme/web:1' }] });
    expect(stderr.mock.calls).toEqual([]);
    expect(secret.warnings.join('\n')).toContain('has uppercase letters in the host');
    synth(chart);
    synth(chart);
    expect(stderr.mock.calls.map((c) => String(c[0])).filter((l) => l.includes('uppercase letters'))).toHaveLength(1);
  });

  test('credentials evidently meant for an image of the chart that match none fail synth on the secret (a port left out)', () => {
    const chart = Testing.chart();
    gitlab(chart, { registry: 'gitlab.example.com:5050' });
    new kplus.Deployment(chart, 'Web', {
      containers: [{ image: 'nginx' }, { image: 'gitlab.example.com/acme/shop/api:1.4.2', name: 'api' }],
    });
    expect(() => synth(chart)).toThrow(
      'Validation failed with the following errors:\n' +
        '  [test/GitlabPull] credentials for "gitlab.example.com:5050" match no container image in the chart, so no pod uses this secret. ' +
        'They were evidently meant for "gitlab.example.com/acme/shop/api": key "gitlab.example.com:5050" has port 5050 and the image has no port; the kubelet requires the same port. ' +
        'If the registry listens on port 5050, write the image as "gitlab.example.com:5050/acme/shop/api" (the image lacks the port); otherwise key the credentials on "gitlab.example.com". ' +
        '(If the secret is for images outside this chart, set check: false to make this a warning.)',
    );
  });

  test('the image without its port, under an Included Secret of another name: the check names the near miss on the pod', () => {
    const chart = Testing.chart();
    gitlab(chart);
    new ApiObject(chart, 'Hand', {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'by-hand' },
      type: 'kubernetes.io/dockerconfigjson',
      stringData: { '.dockerconfigjson': '{"auths":{"gitlab.example.com":{"username":"u","password":"p"}}}' },
    });
    new kplus.Deployment(chart, 'Web', { containers: [{ image: 'gitlab.example.com:5050/acme/api:1' }] });
    expect(() => synth(chart)).toThrow(/\[test\/Web\/Resource\] error\[NEARLY_MATCHING_SECRET\] .*secret "by-hand"/);
  });

  test('with check: false the near miss is a warning that names the nearest image', () => {
    const chart = Testing.chart();
    const secret = gitlab(chart, { registry: 'gitlab.example.com:5050', check: false });
    new kplus.Deployment(chart, 'Web', {
      containers: [{ image: 'nginx' }, { image: 'gitlab.example.com/acme/shop/api:1.4.2', name: 'api' }],
    });
    synth(chart);
    expect(secret.warnings).toEqual([
      'credentials for "gitlab.example.com:5050" match no container image in the chart, so no pod uses this secret. ' +
        'Nearest image: "gitlab.example.com/acme/shop/api": key "gitlab.example.com:5050" has port 5050 and the image has no port; the kubelet requires the same port. ' +
        'If the registry listens on port 5050, write the image as "gitlab.example.com:5050/acme/shop/api" (the image lacks the port); otherwise key the credentials on "gitlab.example.com".',
    ]);
  });

  test('warns at synth when a workload of another chart uses an image the credentials match and has no pull secret', () => {
    const app = Testing.app();
    const shop = new Chart(app, 'shop', { namespace: 'shop' });
    const jobs = new Chart(app, 'jobs', { namespace: 'jobs' });
    const secret = gitlab(shop);
    new kplus.Deployment(jobs, 'Runner', { containers: [{ image: 'registry.gitlab.com/acme/jobs:2.0' }] });
    app.synth();
    expect(secret.warnings.filter((w) => w.includes('another chart'))).toEqual([
      expect.stringMatching(
        /^Deployment jobs\/jobs-runner-c\w+ \(jobs\/Runner\/Resource\) uses "registry\.gitlab\.com\/acme\/jobs:2\.0", which these credentials match, but it is in another chart: regcred wires only the pods of its own chart/,
      ),
    ]);
    expect(checkManifests(app.charts.flatMap((c) => c.toJson() as KubeObject[])).map((d) => d.code)).toContain(
      'PULL_SECRET_IN_OTHER_NAMESPACE',
    );
  });

  test('no such warning when the other chart has a regcred secret of its own for the image', () => {
    const app = Testing.app();
    const shop = new Chart(app, 'shop', { namespace: 'shop' });
    const jobs = new Chart(app, 'jobs', { namespace: 'jobs' });
    const secret = gitlab(shop);
    gitlab(jobs);
    new kplus.Deployment(jobs, 'Runner', { containers: [{ image: 'registry.gitlab.com/acme/jobs:2.0' }] });
    app.synth();
    expect(secret.warnings.filter((w) => w.includes('another chart'))).toEqual([]);
  });

  test('fails with the construct path and the field when the input is invalid', () => {
    const chart = Testing.chart();
    let err: unknown;
    try {
      gitlab(chart, { registry: 'registry.gitlab.com/v2' });
    } catch (e) {
      err = e;
    }
    expect(RegcredError.isRegcredError(err) && err.field).toBe('registry');
    expect((err as Error).message).toBe(
      `[test/GitlabPull] 'registry' "registry.gitlab.com/v2" ends in "/v2" without a slash; the kubelet would treat it as a path and never match. Use "registry.gitlab.com".`,
    );
  });

  test('fails when the name is not a DNS-1123 subdomain', () => {
    expect(() => gitlab(Testing.chart(), { name: 'Gitlab Pull' })).toThrow(
      `[test/GitlabPull] 'name' "Gitlab Pull" is not a valid Secret name`,
    );
  });
});

describe('the check at synth', () => {
  function misconfigured(check?: boolean): Chart {
    const chart = Testing.chart();
    gitlab(chart, check === undefined ? {} : { check });
    new ApiObject(chart, 'Legacy', {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'hub', namespace: 'other' },
      type: 'kubernetes.io/dockerconfigjson',
      stringData: { '.dockerconfigjson': '{"auths":{"https://index.docker.io/v1/":{"username":"u","password":"p"}}}' },
    });
    new ApiObject(chart, 'Pod', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'api' },
      spec: { imagePullSecrets: [{ name: 'hub' }], containers: [{ name: 'c', image: 'ghcr.io/acme/api' }] },
    });
    return chart;
  }

  test('fails synth with the construct path when a pod would fail to pull for a credentials reason', () => {
    expect(() => synth(misconfigured())).toThrow(
      '[test/Pod] error[PULL_SECRET_NOT_FOUND] spec.imagePullSecrets[0].name: Secret "hub" is not in namespace "default" but in "other"',
    );
  });

  test('check: false turns it off', () => {
    expect(() => synth(misconfigured(false))).not.toThrow();
  });

  test('prints warnings once', () => {
    const chart = Testing.chart();
    gitlab(chart);
    new ApiObject(chart, 'Pod', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'api' },
      spec: {
        imagePullSecrets: [{ name: 'made-elsewhere' }],
        containers: [{ name: 'c', image: 'registry.gitlab.com/a/b' }],
      },
    });
    synth(chart);
    synth(chart);
    const printed = stderr.mock.calls.map((c) => String(c[0])).filter((l) => l.includes('PULL_SECRET_NOT_FOUND'));
    expect(printed).toEqual([
      'Warning: [test/Pod] warning[PULL_SECRET_NOT_FOUND] spec.imagePullSecrets[0].name: Secret "made-elsewhere" is not among these manifests in namespace "default"; if it does not exist in the cluster, the kubelet skips it, and since Kubernetes 1.35 the pod may not use an image on the node that was pulled with credentials (a Secret deleted during a rotation). Fix: Make sure secret "made-elsewhere" exists in namespace "default".\n',
    ]);
  });
});

describe('other constructs', () => {
  test('RegistrySecret holds several registries in one Secret and wires each matching pod', () => {
    const chart = Testing.chart();
    const secret = new RegistrySecret(chart, 'Pull', {
      credentials: [
        RegistryCredentials.gitlab({ username: 'gitlab+deploy-token-9', token: TOKEN }),
        RegistryCredentials.basic({ registry: 'harbor.example.com', username: 'robot$ci', password: 'pw-123' }),
      ],
    });
    const a = new kplus.Deployment(chart, 'A', { containers: [{ image: 'harbor.example.com/team/a' }] });
    const out = synth(chart);
    expect(podSpecOf(named(out, 'Deployment', a.name)!).imagePullSecrets).toEqual([{ name: secret.name }]);
    const s = named(out, 'Secret', secret.name)!;
    expect(Object.keys(JSON.parse(Buffer.from(s.data['.dockerconfigjson'], 'base64').toString()).auths)).toEqual([
      'harbor.example.com',
      'registry.gitlab.com',
    ]);
  });

  test('two secrets wiring one pod both end up in imagePullSecrets, in creation order', () => {
    const chart = Testing.chart();
    const gl = gitlab(chart);
    const gh = new GithubRegistrySecret(chart, 'Ghcr', { username: 'octocat', token: 'ghp_abcdefghijklmnop' });
    const d = new kplus.Deployment(chart, 'D', {
      containers: [{ image: 'registry.gitlab.com/acme/app' }, { image: 'ghcr.io/octocat/sidecar' }],
    });
    expect(podSpecOf(named(synth(chart), 'Deployment', d.name)!).imagePullSecrets).toEqual([
      { name: gl.name },
      { name: gh.name },
    ]);
  });

  test('GithubRegistrySecret keys on ghcr.io', () => {
    const chart = Testing.chart();
    const secret = new GithubRegistrySecret(chart, 'Ghcr', { username: 'octocat', token: 'ghp_abcdefghijklmnop' });
    const d = new kplus.Deployment(chart, 'D', { containers: [{ image: 'ghcr.io/octocat/app:1' }] });
    expect(podSpecOf(named(synth(chart), 'Deployment', d.name)!).imagePullSecrets).toEqual([{ name: secret.name }]);
  });

  test('DockerHubRegistrySecret wires Docker Hub images, public ones included', () => {
    const chart = Testing.chart();
    const secret = new DockerHubRegistrySecret(chart, 'Hub', { username: 'me', token: 'dckr_pat_abcdef' });
    const d = new kplus.Deployment(chart, 'D', { containers: [{ image: 'nginx' }] });
    const other = new kplus.Deployment(chart, 'O', { containers: [{ image: 'quay.io/x/y' }] });
    const out = synth(chart);
    expect(podSpecOf(named(out, 'Deployment', d.name)!).imagePullSecrets).toEqual([{ name: secret.name }]);
    expect(podSpecOf(named(out, 'Deployment', other.name)!).imagePullSecrets).toBeUndefined();
  });

  test('a secret manifest snapshot (one per construct)', () => {
    const chart = Testing.chart();
    gitlab(chart, { name: 'gitlab-pull' });
    new kplus.Deployment(chart, 'App', { containers: [{ image: 'registry.gitlab.com/acme/app' }] });
    expect(byKind(synth(chart), 'Secret')).toMatchInlineSnapshot(`
[
  {
    "apiVersion": "v1",
    "data": {
      ".dockerconfigjson": "eyJhdXRocyI6eyJyZWdpc3RyeS5naXRsYWIuY29tIjp7InVzZXJuYW1lIjoiZ2l0bGFiK2RlcGxveS10b2tlbi05IiwicGFzc3dvcmQiOiJnbGR0LVE0blA4c1cyeFk2ekEwYkMiLCJhdXRoIjoiWjJsMGJHRmlLMlJsY0d4dmVTMTBiMnRsYmkwNU9tZHNaSFF0VVRSdVVEaHpWeko0V1RaNlFUQmlRdz09In19fQ==",
    },
    "kind": "Secret",
    "metadata": {
      "name": "gitlab-pull",
    },
    "type": "kubernetes.io/dockerconfigjson",
  },
]
`);
  });
});

describe('wrong types from JavaScript callers', () => {
  test.each([
    ['GitlabRegistrySecret without props', (c: Chart) => new GitlabRegistrySecret(c, 'NoProps', undefined as never)],
    ['RegistrySecret without props', (c: Chart) => new RegistrySecret(c, 'NoProps', undefined as never)],
  ])('%s fails with a RegcredError naming props and the construct path', (_what, make) => {
    const chart = Testing.chart();
    let err: unknown;
    try {
      make(chart);
    } catch (e) {
      err = e;
    }
    expect(RegcredError.isRegcredError(err)).toBe(true);
    expect((err as RegcredError).field).toBe('props');
    expect((err as Error).message).toMatch(/^\[[^\]]*NoProps\] .* takes an object of props, got undefined\./);
  });
});

describe('two Secrets of one name in one namespace', () => {
  const token = (chart: Chart, t: string) =>
    new GitlabRegistrySecret(chart, 'GitlabPull', { name: 'gitlab-pull', username: 'gitlab+deploy-token-1', token: t });

  test('two charts, one namespace, other tokens: synth fails on each secret, naming the other', () => {
    const app = Testing.app();
    const shop = new Chart(app, 'shop', { namespace: 'shop' });
    const jobs = new Chart(app, 'jobs', { namespace: 'shop' });
    token(shop, 'gldt-shopToken');
    token(jobs, 'gldt-jobsToken');
    expect(() => app.synth()).toThrow(
      'Validation failed with the following errors:\n' +
        '  [shop/GitlabPull] Secret shop/gitlab-pull is also emitted by jobs/GitlabPull, in another chart, with other content',
    );
    expect(() => app.synth()).toThrow('[jobs/GitlabPull] Secret shop/gitlab-pull is also emitted by shop/GitlabPull');
  });

  test('two charts with the same secret, or other namespaces: no conflict', () => {
    const app = Testing.app();
    token(new Chart(app, 'shop', { namespace: 'shop' }), 'gldt-same');
    token(new Chart(app, 'jobs', { namespace: 'shop' }), 'gldt-same');
    token(new Chart(app, 'other', { namespace: 'other' }), 'gldt-different');
    expect(() => app.synth()).not.toThrow();
  });

  test("an Included Secret with the name of regcred's: synth fails with DUPLICATE_OBJECT on both", () => {
    const chart = Testing.chart();
    token(chart, 'gldt-regcredToken');
    new ApiObject(chart, 'Vendor', {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'gitlab-pull' },
      type: 'kubernetes.io/dockerconfigjson',
      stringData: { '.dockerconfigjson': '{"auths":{"registry.gitlab.com":{"username":"old","password":"old"}}}' },
    });
    new kplus.Deployment(chart, 'Api', { containers: [{ image: 'registry.gitlab.com/acme/api:1' }] });
    let message = '';
    try {
      Testing.synth(chart);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message.match(/\[test\/(GitlabPull\/Resource|Vendor)\] error\[DUPLICATE_OBJECT\]/g)).toEqual([
      '[test/GitlabPull/Resource] error[DUPLICATE_OBJECT]',
      '[test/Vendor] error[DUPLICATE_OBJECT]',
    ]);
    expect(message).not.toContain('regcredToken');
  });
});

describe('wiring sees what check sees', () => {
  test('the items of an Included kind: List are wired, each in its namespace', () => {
    const chart = new Chart(Testing.app(), 'apps', { namespace: 'apps' });
    const secret = gitlab(chart);
    new Include(chart, 'Vendor', { url: path.join(__dirname, '../fixtures/manifests/vendor-list.yaml') });
    const out = synth(chart);
    const [list] = byKind(out, 'List');
    expect(list.items.map((i: Manifest) => [i.kind, i.spec.template?.spec.imagePullSecrets])).toEqual([
      ['Deployment', [{ name: secret.name }]],
      ['Service', undefined],
      ['Job', undefined],
    ]);
    expect(byKind(out, 'Secret').map((s) => [s.metadata.name, s.metadata.namespace])).toEqual([
      [secret.name, 'apps'],
      [secret.name, 'vendor'],
    ]);
  });

  test.each([
    [
      'argoproj.io/v1alpha1',
      'Rollout',
      (spec: object) => ({ spec: { template: { spec } } }),
      ['spec', 'template', 'spec'],
    ],
    [
      'example.io/v1',
      'ScheduledTask',
      (spec: object) => ({ spec: { jobTemplate: { spec: { template: { spec } } } } }),
      ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
    ],
  ])('a %s %s with a private image is wired by shape', (apiVersion, kind, body, at) => {
    const chart = Testing.chart();
    const secret = gitlab(chart);
    new ApiObject(chart, 'Workload', {
      apiVersion,
      kind,
      metadata: { name: 'api' },
      ...body({ containers: [{ name: 'api', image: 'registry.gitlab.com/acme/api:1' }] }),
    });
    const [o] = byKind(synth(chart), kind);
    const spec = at.reduce((v: any, k) => v[k], o);
    expect(spec.imagePullSecrets).toEqual([{ name: secret.name }]);
  });

  const rayCluster = (chart: Chart, id: string) =>
    new ApiObject(chart, id, {
      apiVersion: 'ray.io/v1',
      kind: 'RayCluster',
      metadata: { name: id.toLowerCase() },
      spec: {
        headGroupSpec: {
          template: { spec: { containers: [{ name: 'head', image: 'registry.gitlab.com/acme/ray:2' }] } },
        },
        workerGroupSpecs: [
          {
            groupName: 'a',
            template: { spec: { containers: [{ name: 'w', image: 'registry.gitlab.com/acme/ray:2' }] } },
          },
          { groupName: 'b', template: { spec: { containers: [{ name: 'w', image: 'rayproject/ray:2' }] } } },
        ],
      },
    });

  test('podSpecPaths wires a kind at the paths it names', () => {
    const chart = Testing.chart();
    const secret = gitlab(chart, {
      podSpecPaths: { RayCluster: ['spec.headGroupSpec.template.spec', 'spec.workerGroupSpecs[].template.spec'] },
    });
    rayCluster(chart, 'Ray');
    const [o] = byKind(synth(chart), 'RayCluster');
    expect([
      o.spec.headGroupSpec.template.spec.imagePullSecrets,
      ...o.spec.workerGroupSpecs.map((w: any) => w.template.spec.imagePullSecrets),
    ]).toEqual([[{ name: secret.name }], [{ name: secret.name }], [{ name: secret.name }]]);
  });

  test('without podSpecPaths, a kind that holds containers is printed once as not checked, and not wired', () => {
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const chart = Testing.chart();
      gitlab(chart, { check: true, autoWire: true });
      new kplus.Deployment(chart, 'Api', { containers: [{ image: 'registry.gitlab.com/acme/api:1' }] });
      rayCluster(chart, 'Ray');
      rayCluster(chart, 'Ray2');
      const [o] = byKind(synth(chart), 'RayCluster');
      expect(o.spec.headGroupSpec.template.spec.imagePullSecrets).toBeUndefined();
      const printed = stderr.mock.calls.map((c) => String(c[0])).filter((l) => l.includes('POD_SPEC_NOT_CHECKED'));
      expect(printed).toEqual([
        expect.stringMatching(
          /^Warning: \[test\/Ray\] info\[POD_SPEC_NOT_CHECKED\] spec\.headGroupSpec\.template\.spec\.containers: RayCluster objects hold containers .*\(and 1 more RayCluster object\)/,
        ),
      ]);
    } finally {
      stderr.mockRestore();
    }
  });

  test('podSpecPaths that are not paths are refused at construction, naming the field', () => {
    const chart = Testing.chart();
    expect(() => gitlab(chart, { podSpecPaths: { RayCluster: ['spec/template'] } })).toThrow(
      /\[test\/GitlabPull\].*'podSpecPaths\.RayCluster\[0\]' must be a dot path to a pod spec/,
    );
  });
});
