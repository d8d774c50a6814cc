import * as pulumi from '@pulumi/pulumi';
import { setupMocks, valueOf } from './mocks';

setupMocks();

// Mocks are set before the functions under test are loaded.
import {
  chartTransformation,
  kindOfType,
  wireWorkloadProps,
  workloadTransform,
  workloadTransformation,
  type WiringTarget,
} from '../../src/pulumi/transform';

const target: WiringTarget = { secretNames: ['gitlab-pull-abc'], registries: ['registry.gitlab.com'] };
const spec = (image: unknown) => ({ containers: [{ name: 'app', image }] });

const workloads: Array<[type: string, props: (image: unknown) => Record<string, any>, path: string[]]> = [
  ['kubernetes:core/v1:Pod', (i) => ({ metadata: { name: 'p' }, spec: spec(i) }), ['spec']],
  ['kubernetes:core/v1:PodTemplate', (i) => ({ template: { spec: spec(i) } }), ['template', 'spec']],
  [
    'kubernetes:apps/v1:Deployment',
    (i) => ({ spec: { selector: {}, template: { spec: spec(i) } } }),
    ['spec', 'template', 'spec'],
  ],
  ['kubernetes:apps/v1:StatefulSet', (i) => ({ spec: { template: { spec: spec(i) } } }), ['spec', 'template', 'spec']],
  ['kubernetes:apps/v1:DaemonSet', (i) => ({ spec: { template: { spec: spec(i) } } }), ['spec', 'template', 'spec']],
  ['kubernetes:apps/v1:ReplicaSet', (i) => ({ spec: { template: { spec: spec(i) } } }), ['spec', 'template', 'spec']],
  ['kubernetes:batch/v1:Job', (i) => ({ spec: { template: { spec: spec(i) } } }), ['spec', 'template', 'spec']],
  [
    'kubernetes:batch/v1:CronJob',
    (i) => ({ spec: { schedule: '@daily', jobTemplate: { spec: { template: { spec: spec(i) } } } } }),
    ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
  ],
  [
    'kubernetes:core/v1:ReplicationController',
    (i) => ({ spec: { template: { spec: spec(i) } } }),
    ['spec', 'template', 'spec'],
  ],
  // Kinds regcred does not know, found by the shape of their pod spec (CustomResource types).
  [
    'kubernetes:argoproj.io/v1alpha1:Rollout',
    (i) => ({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', spec: { template: { spec: spec(i) } } }),
    ['spec', 'template', 'spec'],
  ],
  [
    'kubernetes:apps.openshift.io/v1:DeploymentConfig',
    (i) => ({ apiVersion: 'apps.openshift.io/v1', kind: 'DeploymentConfig', spec: { template: { spec: spec(i) } } }),
    ['spec', 'template', 'spec'],
  ],
];

const at = (obj: any, path: string[]) => path.reduce((o, k) => o?.[k], obj);

describe.each(workloads)('%s', (type, props, path) => {
  const args = (image: unknown) => ({ custom: true, type, name: 'w', props: props(image), opts: {} });

  test('a matching image gets the secret in imagePullSecrets', async () => {
    const result = await workloadTransform(target)(args('registry.gitlab.com/acme/app:1.0'));
    expect(at(result?.props, [...path, 'imagePullSecrets'])).toEqual([{ name: 'gitlab-pull-abc' }]);
  });

  test('a non-matching image is left untouched', async () => {
    expect(await workloadTransform(target)(args('registry.gitlab.com.evil.io/acme/app'))).toBeUndefined();
    expect(await workloadTransform(target)(args('nginx'))).toBeUndefined();
  });

  test('an image still unknown makes imagePullSecrets an Output that adds the secret when it matches', async () => {
    const result = await workloadTransform(target)(args(pulumi.output('registry.gitlab.com/acme/app')));
    expect(await valueOf(at(result?.props, [...path, 'imagePullSecrets']))).toEqual([{ name: 'gitlab-pull-abc' }]);
    const other = await workloadTransform(target)(args(pulumi.output('quay.io/x/y')));
    expect(await valueOf(at(other?.props, [...path, 'imagePullSecrets']))).toBeUndefined();
  });
});

test('existing entries and their order stay; the transform adds no duplicate', () => {
  const props = {
    spec: { imagePullSecrets: [{ name: 'legacy' }], containers: [{ name: 'a', image: 'registry.gitlab.com/a/b' }] },
  };
  const once = wireWorkloadProps('Pod', props, target)!;
  expect((once.spec as any).imagePullSecrets).toEqual([{ name: 'legacy' }, { name: 'gitlab-pull-abc' }]);
  expect((wireWorkloadProps('Pod', once, target)!.spec as any).imagePullSecrets).toEqual([
    { name: 'legacy' },
    { name: 'gitlab-pull-abc' },
  ]);
  expect(props.spec.imagePullSecrets).toEqual([{ name: 'legacy' }]);
});

test('init containers count; other resources and component resources are left alone', async () => {
  const props = {
    spec: {
      initContainers: [{ name: 'i', image: 'registry.gitlab.com/a/init' }],
      containers: [{ name: 'c', image: 'nginx' }],
    },
  };
  expect(wireWorkloadProps('Pod', props, target)).toBeDefined();
  expect(
    await workloadTransform(target)({
      custom: true,
      type: 'kubernetes:core/v1:Service',
      name: 's',
      props: { spec: {} },
      opts: {},
    }),
  ).toBeUndefined();
  expect(
    await workloadTransform(target)({ custom: false, type: 'my:index:Component', name: 'c', props, opts: {} }),
  ).toBeUndefined();
  expect(kindOfType('aws:s3/bucket:Bucket')).toBeUndefined();
});

test('registry keys known only later are matched once known', async () => {
  const later: WiringTarget = {
    secretNames: [pulumi.output('pull-1')],
    registries: pulumi.output(['gitlab.example.com:5050']),
  };
  const props = wireWorkloadProps('Pod', { spec: spec('gitlab.example.com:5050/a/b') }, later)!;
  expect(await valueOf((props.spec as any).imagePullSecrets)).toEqual([{ name: 'pull-1' }]);
});

test('the legacy transformation and the chart transformation wire the same way', () => {
  const t = workloadTransformation(target)({
    resource: undefined as unknown as pulumi.Resource,
    type: 'kubernetes:apps/v1:Deployment',
    name: 'd',
    props: { spec: { template: { spec: spec('registry.gitlab.com/a/b') } } },
    opts: {},
  });
  expect((t?.props as any).spec.template.spec.imagePullSecrets).toEqual([{ name: 'gitlab-pull-abc' }]);

  const obj: Record<string, any> = {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    spec: { jobTemplate: { spec: { template: { spec: spec('registry.gitlab.com/a/b') } } } },
  };
  chartTransformation(target)(obj, {});
  expect(obj.spec.jobTemplate.spec.template.spec.imagePullSecrets).toEqual([{ name: 'gitlab-pull-abc' }]);
  const svc: Record<string, any> = { apiVersion: 'v1', kind: 'Service', spec: {} };
  chartTransformation(target)(svc, {});
  expect(svc).toEqual({ apiVersion: 'v1', kind: 'Service', spec: {} });
});
