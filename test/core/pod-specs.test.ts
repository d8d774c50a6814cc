import {
  POD_BEARING_KINDS,
  containerImages,
  findPodSpecs,
  mergeImagePullSecrets,
  withImagePullSecrets,
  type KubeObject,
} from '../../src/core/internal';

const podSpec = () => ({
  initContainers: [{ name: 'init', image: 'registry.gitlab.com/acme/init' }],
  containers: [{ name: 'app', image: 'registry.gitlab.com/acme/app' }],
  ephemeralContainers: [{ name: 'debug', image: 'busybox' }],
});

/** One object of each pod-bearing kind, built by hand as it would appear in a manifest. */
const objects: Record<string, KubeObject> = {
  Pod: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: podSpec() },
  PodTemplate: { apiVersion: 'v1', kind: 'PodTemplate', metadata: { name: 't' }, template: { spec: podSpec() } },
  Deployment: { apiVersion: 'apps/v1', kind: 'Deployment', spec: { template: { spec: podSpec() } } },
  ReplicaSet: { apiVersion: 'apps/v1', kind: 'ReplicaSet', spec: { template: { spec: podSpec() } } },
  StatefulSet: { apiVersion: 'apps/v1', kind: 'StatefulSet', spec: { template: { spec: podSpec() } } },
  DaemonSet: { apiVersion: 'apps/v1', kind: 'DaemonSet', spec: { template: { spec: podSpec() } } },
  Job: { apiVersion: 'batch/v1', kind: 'Job', spec: { template: { spec: podSpec() } } },
  ReplicationController: { apiVersion: 'v1', kind: 'ReplicationController', spec: { template: { spec: podSpec() } } },
  CronJob: {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    spec: { jobTemplate: { spec: { template: { spec: podSpec() } } } },
  },
};

test('every pod-bearing kind has a case here', () => {
  expect(Object.keys(objects).sort()).toEqual([...POD_BEARING_KINDS].sort());
});

describe.each(Object.entries(objects))('%s', (_kind, obj) => {
  test('its pod spec and all three container lists are found', () => {
    expect(findPodSpecs(obj)).toHaveLength(1);
    expect(containerImages(obj).map((i) => i.image)).toEqual([
      'registry.gitlab.com/acme/init',
      'registry.gitlab.com/acme/app',
      'busybox',
    ]);
  });

  test('withImagePullSecrets adds the name without touching the input', () => {
    const before = JSON.stringify(obj);
    const wired = withImagePullSecrets(obj, ['gitlab-pull']);
    expect(JSON.stringify(obj)).toBe(before);
    expect(findPodSpecs(wired)[0].spec.imagePullSecrets).toEqual([{ name: 'gitlab-pull' }]);
    expect(withImagePullSecrets(wired, ['gitlab-pull'])).toBe(wired);
  });
});

test('containerImages names the JSON path of each image', () => {
  expect(containerImages(objects.CronJob)[1].field).toBe('spec.jobTemplate.spec.template.spec.containers[0].image');
});

test('objects without a pod spec are returned as they are', () => {
  const svc: KubeObject = { apiVersion: 'v1', kind: 'Service', spec: { ports: [] } };
  expect(withImagePullSecrets(svc, ['x'])).toBe(svc);
  expect(containerImages(svc)).toEqual([]);
});

test('mergeImagePullSecrets keeps existing entries and order and adds no duplicates', () => {
  expect(mergeImagePullSecrets([{ name: 'b' }, { name: 'a' }], ['a', 'c', 'c'])).toEqual([
    { name: 'b' },
    { name: 'a' },
    { name: 'c' },
  ]);
});
