/** IMAGE_PULL_FAILING: a Pod's status says the kubelet cannot pull, reported with regcred's reasons. */
import { DiagnosticCode, checkManifests, pullFailures, type KubeObject } from '../../src/core/internal';

function pod(status: Record<string, unknown>, spec: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'n' },
    spec: {
      initContainers: [{ name: 'init', image: 'busybox:1' }],
      containers: [{ name: 'app', image: 'quay.io/acme/app:9' }],
      ...spec,
    },
    status,
  };
}
const waiting = (name: string, reason: string, message = ''): Record<string, unknown> => ({
  name,
  image: 'from-status:1',
  state: { waiting: { reason, message } },
});

test('a failing pull with no credentials reason says regcred finds none', () => {
  const [d] = checkManifests([pod({ containerStatuses: [waiting('app', 'ErrImagePull', 'manifest unknown')] })]);
  expect(d.code).toBe(DiagnosticCode.IMAGE_PULL_FAILING);
  expect(d.field).toBe('spec.containers[0].image');
  expect(d.message).toBe(
    'The kubelet reports ErrImagePull for container "app" (image "quay.io/acme/app:9"): manifest unknown. regcred finds no credentials reason: the image or tag may not exist, or the node may not reach the registry.',
  );
});

test('init and ephemeral containers, and a status without its container in the spec', () => {
  const failures = pullFailures(
    pod({
      initContainerStatuses: [waiting('init', 'ImagePullBackOff')],
      ephemeralContainerStatuses: [waiting('debug', 'ErrImageNeverPull')],
      containerStatuses: [{ name: 'app', state: { running: {} } }, waiting('gone', 'InvalidImageName')],
    }),
  );
  expect(failures.map((f) => [f.field, f.image, f.reason])).toEqual([
    ['spec.initContainers[0].image', 'busybox:1', 'ImagePullBackOff'],
    ['status.containerStatuses[1]', 'from-status:1', 'InvalidImageName'],
    ['status.ephemeralContainerStatuses[0]', 'from-status:1', 'ErrImageNeverPull'],
  ]);
});

test("the kubelet's message is cut, and statuses of the wrong shape are no failure", () => {
  const [d] = checkManifests([pod({ containerStatuses: [waiting('app', 'ErrImagePull', 'x'.repeat(1000))] })]);
  expect(d.message).toContain(`${'x'.repeat(300)}…`);
  expect(d.message).not.toContain('x'.repeat(301));
  for (const status of [
    { containerStatuses: 'no' },
    { containerStatuses: [null, 3, { state: { waiting: 'x' } }] },
    'x',
  ])
    expect(pullFailures(pod(status as Record<string, unknown>))).toEqual([]);
  expect(
    pullFailures({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      status: { containerStatuses: [waiting('a', 'ErrImagePull')] },
    }),
  ).toEqual([]);
});
