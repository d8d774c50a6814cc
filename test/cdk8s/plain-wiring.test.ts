/**
 * Objects built from plain data (raw ApiObjects, Include, imported L1 classes) are wired through
 * cdk8s's public API (`toJson()` to read, `addJsonPatch` to write): each must render exactly as the
 * same object with the reference added by a JSON patch by hand, stay the user's own props, and follow
 * what happens to it between synths. The `cdk8s-renamed` jest project runs this file again against a
 * cdk8s whose private fields have other names.
 */
import { ApiObject, Chart, JsonPatch, Lazy, Testing } from 'cdk8s';
import { k8s } from 'cdk8s-plus-32';
import { Construct } from 'constructs';
import { GitlabRegistrySecret } from 'regcred/cdk8s';

const TOKEN = 'gldt-Q4nP8sW2xY6zA0bC';
const IMAGE = 'registry.gitlab.com/acme/app:1.0';
type Manifest = { kind: string; metadata: { name: string; labels?: Record<string, string> }; [k: string]: any };

let stderr: jest.SpyInstance;
beforeEach(() => {
  stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterEach(() => stderr.mockRestore());

const synth = (chart: Chart): Manifest[] => Testing.synth(chart) as Manifest[];
const deployments = (chart: Chart): string => JSON.stringify(synth(chart).filter((o) => o.kind === 'Deployment'));
const gitlab = (chart: Chart): GitlabRegistrySecret =>
  new GitlabRegistrySecret(chart, 'Pull', { name: 'gitlab-pull', username: 'gitlab+deploy-token-9', token: TOKEN });

function spec(image: string, imagePullSecrets?: Array<{ name: string }>) {
  return {
    replicas: 1,
    selector: { matchLabels: { app: 'a' } },
    template: {
      metadata: { labels: { app: 'a' } },
      spec: {
        ...(imagePullSecrets ? { imagePullSecrets } : {}),
        containers: [{ name: 'app', image, ports: [{ containerPort: 8080 }] }],
      },
    },
  };
}

/** A raw Deployment, and the same one in another chart with `names` patched in by hand. */
function rawPair(names: string[], imagePullSecrets?: Array<{ name: string }>) {
  const wired = Testing.chart();
  gitlab(wired);
  const byHand = Testing.chart();
  for (const chart of [wired, byHand]) {
    const d = new ApiObject(chart, 'App', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'app', namespace: 'shop' },
      spec: spec(IMAGE, imagePullSecrets),
    });
    if (chart === byHand) {
      const pointer = '/spec/template/spec/imagePullSecrets';
      names.forEach((name, i) =>
        d.addJsonPatch(
          imagePullSecrets || i > 0 ? JsonPatch.add(`${pointer}/-`, { name }) : JsonPatch.add(pointer, [{ name }]),
        ),
      );
    }
  }
  return { wired, byHand };
}

describe('plain objects wired by JSON patches', () => {
  test('GIVEN a raw Deployment WHEN wired THEN it renders as the same Deployment with the reference patched in, key order included', () => {
    const { wired, byHand } = rawPair(['gitlab-pull']);
    expect(deployments(wired)).toBe(deployments(byHand));
    expect(deployments(wired)).toContain('"imagePullSecrets":[{"name":"gitlab-pull"}]');
  });

  test('GIVEN a raw Deployment listing another secret WHEN wired THEN the reference is appended after it, as a patch would', () => {
    const { wired, byHand } = rawPair(['gitlab-pull'], [{ name: 'legacy' }]);
    expect(deployments(wired)).toBe(deployments(byHand));
    expect(deployments(wired)).toContain('"imagePullSecrets":[{"name":"legacy"},{"name":"gitlab-pull"}]');
  });

  test('GIVEN an imported L1 Deployment over plain props WHEN wired THEN it renders as the same L1 object patched by hand', () => {
    const wired = Testing.chart();
    gitlab(wired);
    const byHand = Testing.chart();
    for (const chart of [wired, byHand]) {
      const d = new k8s.KubeDeployment(chart, 'App', {
        metadata: { name: 'app' },
        spec: {
          selector: { matchLabels: { app: 'a' } },
          template: {
            metadata: { labels: { app: 'a' } },
            // A field the L1 mapping puts after imagePullSecrets.
            spec: { containers: [{ name: 'app', image: IMAGE }], serviceAccountName: 'app' },
          },
        },
      });
      if (chart === byHand) {
        d.addJsonPatch(JsonPatch.add('/spec/template/spec/imagePullSecrets', [{ name: 'gitlab-pull' }]));
      }
    }
    expect(deployments(wired)).toBe(deployments(byHand));
  });

  test("GIVEN a raw Deployment WHEN synthesized THEN the user's props are left as they were", () => {
    const chart = Testing.chart();
    gitlab(chart);
    const props = spec(IMAGE);
    const before = JSON.stringify(props);
    new ApiObject(chart, 'App', { apiVersion: 'apps/v1', kind: 'Deployment', spec: props });
    synth(chart);
    synth(chart);
    expect(JSON.stringify(props)).toBe(before);
  });

  test('GIVEN a synthesized raw Deployment WHEN its props change and the chart is synthesized again THEN the change is in the output with the reference once', () => {
    const chart = Testing.chart();
    gitlab(chart);
    const props = spec(IMAGE);
    new ApiObject(chart, 'App', { apiVersion: 'apps/v1', kind: 'Deployment', spec: props });
    synth(chart);
    props.replicas = 3;
    props.template.spec.containers.push({ name: 'side', image: 'nginx:1.27', ports: [] });
    const d = synth(chart).find((o) => o.kind === 'Deployment')!;
    expect(d.spec.replicas).toBe(3);
    expect(d.spec.template.spec.containers).toHaveLength(2);
    expect(d.spec.template.spec.imagePullSecrets).toEqual([{ name: 'gitlab-pull' }]);
  });

  test('GIVEN a raw Deployment and a later validation appending to imagePullSecrets WHEN synthesized twice THEN each output lists regcred first, then the patch', () => {
    const chart = Testing.chart();
    gitlab(chart);
    const d = new ApiObject(chart, 'App', { apiVersion: 'apps/v1', kind: 'Deployment', spec: spec(IMAGE) });
    let added = 0;
    // Its construct comes after the secret's wiring, so it validates (and patches) after regcred wired.
    new Construct(chart, 'Later').node.addValidation({
      validate: () => {
        if (added++ === 0) d.addJsonPatch(JsonPatch.add('/spec/template/spec/imagePullSecrets/-', { name: 'extra' }));
        return [];
      },
    });
    for (const out of [synth(chart), synth(chart)]) {
      const refs = out.find((o) => o.kind === 'Deployment')!.spec.template.spec.imagePullSecrets;
      expect(refs).toEqual([{ name: 'gitlab-pull' }, { name: 'extra' }]);
    }
  });

  test('GIVEN a synthesized raw Deployment WHEN a patch is added and the chart is synthesized again THEN the reference still comes first, once', () => {
    const chart = Testing.chart();
    gitlab(chart);
    const d = new ApiObject(chart, 'App', { apiVersion: 'apps/v1', kind: 'Deployment', spec: spec(IMAGE) });
    synth(chart);
    d.addJsonPatch(JsonPatch.add('/spec/template/spec/imagePullSecrets/-', { name: 'extra' }));
    d.addJsonPatch(JsonPatch.add('/metadata/labels', { team: 'shop' }));
    for (const out of [synth(chart), synth(chart)]) {
      const deployment = out.find((o) => o.kind === 'Deployment')!;
      expect(deployment.spec.template.spec.imagePullSecrets).toEqual([{ name: 'gitlab-pull' }, { name: 'extra' }]);
      expect(deployment.metadata.labels).toEqual({ team: 'shop' });
    }
  });

  test('GIVEN a synthesized raw Deployment WHEN a container image becomes a Lazy THEN the next synth resolves it and still wires it once', () => {
    const chart = Testing.chart();
    gitlab(chart);
    const props = spec(IMAGE);
    new ApiObject(chart, 'App', { apiVersion: 'apps/v1', kind: 'Deployment', spec: props });
    synth(chart);
    (props.template.spec.containers[0] as { image: unknown }).image = Lazy.any({ produce: () => IMAGE });
    for (const out of [synth(chart), synth(chart)]) {
      const pod = out.find((o) => o.kind === 'Deployment')!.spec.template.spec;
      expect(pod.containers[0].image).toBe(IMAGE);
      expect(pod.imagePullSecrets).toEqual([{ name: 'gitlab-pull' }]);
    }
  });

  test('GIVEN a Deployment in a chart nested in the chart with the secret, which has a secret of its own, WHEN synthesized THEN both references are listed once each', () => {
    const outer = Testing.chart();
    gitlab(outer);
    const inner = new Chart(outer, 'Inner');
    new GitlabRegistrySecret(inner, 'Own', { name: 'own-pull', username: 'gitlab+deploy-token-9', token: TOKEN });
    new ApiObject(inner, 'App', { apiVersion: 'apps/v1', kind: 'Deployment', spec: spec(IMAGE) });
    const first = synth(inner).find((o) => o.kind === 'Deployment')!.spec.template.spec.imagePullSecrets;
    const second = synth(inner).find((o) => o.kind === 'Deployment')!.spec.template.spec.imagePullSecrets;
    expect(first.map((r: { name: string }) => r.name).sort()).toEqual(['gitlab-pull', 'own-pull']);
    expect(second).toEqual(first);
  });

  test('GIVEN a wired raw Deployment WHEN its toJson() is called directly THEN it lists the reference, as with a patch', () => {
    const chart = Testing.chart();
    gitlab(chart);
    const d = new ApiObject(chart, 'App', { apiVersion: 'apps/v1', kind: 'Deployment', spec: spec(IMAGE) });
    synth(chart);
    const json = d.toJson() as Manifest;
    expect(json.spec.template.spec.imagePullSecrets).toEqual([{ name: 'gitlab-pull' }]);
    expect(d.toJson()).toEqual(json);
  });

  test('GIVEN a wired raw Deployment WHEN its image changes to one the secret does not match and it is synthesized again THEN the reference stays, once', () => {
    // A JSON patch cannot be taken back on cdk8s's public API; a pull secret that matches no image
    // is harmless to the kubelet (it tries no credential of it).
    const chart = Testing.chart();
    // The check would (rightly) fail the pod: it lists a secret and its image matches none.
    new GitlabRegistrySecret(chart, 'Pull', {
      name: 'gitlab-pull',
      username: 'gitlab+deploy-token-9',
      token: TOKEN,
      check: false,
    });
    const props = spec(IMAGE);
    new ApiObject(chart, 'App', { apiVersion: 'apps/v1', kind: 'Deployment', spec: props });
    synth(chart);
    props.template.spec.containers[0].image = 'nginx:1.27';
    const pod = synth(chart).find((o) => o.kind === 'Deployment')!.spec.template.spec;
    expect(pod.containers[0].image).toBe('nginx:1.27');
    expect(pod.imagePullSecrets).toEqual([{ name: 'gitlab-pull' }]);
  });
});
