/**
 * Token rotation observed on the engine's node: while a Deployment's pods are
 * replaced without pause (each new pod pulls, `imagePullPolicy: Always`), the
 * deploy token changes the way regcred's rotation runbooks say, for cdk8s and
 * for Pulumi. Every new pod is recorded with whether it could pull; the window
 * in which new pods could not pull is measured. A rotation in the wrong order
 * (the old token revoked before the new one is deployed) shows what a window
 * looks like.
 *
 * A pod that could not pull because its kubelet did not read one of its Secrets in time is counted
 * apart: a kubelet watches a Secret only while a pod of the node references it, and gives up on the
 * first read of a new watch after one second, then pulls without that Secret. Under load that
 * happens with any pull secret, rotation or not, and says nothing of the credentials.
 */
import * as k8s from '@pulumi/kubernetes';
import { ApiObject, Testing } from 'cdk8s';
import { GitlabRegistrySecret } from 'regcred/cdk8s';
import { GitlabRegistrySecret as PulumiGitlabRegistrySecret } from 'regcred/pulumi';
import { cli } from '../cli/run-cli';
import { inlineStack, up } from '../engine/engine';
import { ensureTools, pushImage, startTokenRegistry, type Registry, type RegistryUser } from '../e2e/harness';
import {
  failureWindow,
  freshNamespace,
  gitlabPullSecret,
  kubectlAsync,
  nodeDeployment,
  nodeEnv,
  PodChurn,
  pullOutcomes,
  runnableImage,
  trustPlainHttp,
  type ChurnedPod,
} from './node';

jest.setTimeout(600_000);

const admin = { username: 'ci-admin', password: 'admin-Secret-5', scopes: ['read_registry', 'write_registry'] };
const token = (n: number): RegistryUser => ({
  username: `gitlab+deploy-token-${n}`,
  password: `gldt-rotationToken${n}`,
  scopes: ['read_registry'],
});
const UNTIL = '2099-01-01T00:00:00Z';
let registry: Registry;
let image: string;
/** What each test did when, printed with its churn: failed pods are read against these times. */
const steps: string[] = [];
const step = (what: string): void => void steps.push(`${new Date().toISOString()} ${what}`);

beforeAll(async () => {
  nodeEnv();
  ensureTools();
  registry = await startTokenRegistry([admin]);
  trustPlainHttp(registry.host);
  await pushImage(registry.host, 'acme/app', '1', admin, runnableImage('1'));
  image = `${registry.host}/acme/app:1`;
});

afterAll(async () => {
  await registry?.stop();
});

/** A Deployment of three pods on the node, none of them listing a pull secret yet. */
const deployment = (namespace: string): object => nodeDeployment('api', namespace, image, 3);

async function apply(objects: readonly object[]): Promise<void> {
  await kubectlAsync(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }));
}

function report(label: string, pods: readonly ChurnedPod[]): string {
  const { failed, seconds } = failureWindow(pods);
  const span = pods.length > 0 ? (pods[pods.length - 1].created.getTime() - pods[0].created.getTime()) / 1000 : 0;
  const unsynced = pods.filter((p) => p.unretrieved.length > 0).length;
  const line =
    `${label}: ${pods.length} new pods over ${span} s, ${failed} could not pull with their credentials (window ${seconds} s)` +
    (unsynced > 0 ? `, ${unsynced} pulled before the kubelet could read a Secret that was there` : '');
  const lost = pods
    .filter((p) => p.outcome.state !== 'pulled')
    .map(
      (p) =>
        `  ${p.name} created ${p.created.toISOString()} with [${p.pullSecrets.join(', ')}]` +
        (p.unretrieved.length > 0 ? ` (kubelet could not retrieve ${p.unretrieved.join(', ')})` : '') +
        `: ${p.outcome.reason ?? p.outcome.state} ${p.outcome.message ?? ''}`,
    );
  console.log([line, ...steps.splice(0).map((s) => `  step ${s}`), ...lost].join('\n'));
  return line;
}

test('cdk8s: the new token deployed first with the old as previous, the old revoked, previous dropped: every new pod pulls', async () => {
  const ns = await freshNamespace('rot-cdk8s');
  const [old, next] = [token(50), token(51)];
  registry.admit(old);
  const synth = (current: RegistryUser, previous?: RegistryUser): object[] => {
    const chart = Testing.chart();
    new GitlabRegistrySecret(chart, 'GitlabPull', {
      name: 'gitlab-pull',
      namespace: ns,
      registry: registry.host,
      username: current.username,
      token: current.password,
      previous: previous && { username: previous.username, token: previous.password, until: UNTIL },
    });
    new ApiObject(chart, 'Api', deployment(ns) as never);
    return Testing.synth(chart) as object[];
  };

  await apply(synth(old));
  await pullOutcomes(ns);
  const churn = new PodChurn(ns, 'app=api');
  churn.start();
  await churn.more(5);
  registry.admit(next);
  step('apply the new token, the old as previous');
  await apply(synth(next, old));
  await churn.more(5);
  const manifests = [...synth(next, old)];
  const each = await cli(
    [
      'verify',
      '--image',
      image,
      '--manifests',
      '-',
      '--each',
      ...registry.plainHttp.flatMap((h) => ['--plain-http', h]),
    ],
    { stdin: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: manifests }) },
  );
  expect(each.code).toBe(0);
  step('old token revoked');
  registry.revoke(old.username);
  await churn.more(5);
  step('apply without previous');
  await apply(synth(next));
  await kubectlAsync(['delete', 'secret', '-n', ns, 'gitlab-pull-previous']);
  await churn.more(5);
  const pods = await churn.stop();

  report('cdk8s rotation', pods);
  expect(pods.length).toBeGreaterThan(15);
  expect(failureWindow(pods).failed).toBe(0);
});

test('Pulumi: up with the new token and the old as previous, revoke, up without previous: every new pod pulls', async () => {
  const ns = await freshNamespace('rot-pulumi');
  const [old, next] = [token(60), token(61)];
  registry.admit(old);
  let state: { current: RegistryUser; previous?: RegistryUser } = { current: old };
  const stack = await inlineStack(`rotation-${Date.now().toString(36)}`, () => {
    const gitlab = new PulumiGitlabRegistrySecret('gitlab-pull', {
      registry: registry.host,
      username: state.current.username,
      token: state.current.password,
      namespaces: [ns],
      previous: state.previous && { username: state.previous.username, token: state.previous.password, until: UNTIL },
    });
    const d = deployment(ns) as unknown as k8s.apps.v1.DeploymentArgs;
    new k8s.apps.v1.Deployment('api', d, { transforms: [gitlab.transform] });
  });
  try {
    await up(stack);
    const churn = new PodChurn(ns, 'app=api');
    churn.start();
    await churn.more(6);
    registry.admit(next);
    state = { current: next, previous: old };
    step('up with the new token, the old as previous');
    await up(stack);
    step('up done; old token revoked');
    registry.revoke(old.username);
    await churn.more(6);
    state = { current: next };
    step('up without previous');
    await up(stack);
    step('up done');
    await churn.more(6);
    const pods = await churn.stop();

    report('Pulumi rotation', pods);
    expect(pods.length).toBeGreaterThan(15);
    expect(failureWindow(pods).failed).toBe(0);
  } finally {
    await stack.destroy();
    await stack.workspace.removeStack(stack.name);
  }
});

test('the wrong order (old token revoked before the new one is deployed) leaves a window the churn measures', async () => {
  const ns = await freshNamespace('rot-wrong');
  const [old, next] = [token(70), token(71)];
  registry.admit(old);
  const secretFor = (user: RegistryUser): Promise<object> => gitlabPullSecret('gitlab-pull', ns, registry.host, user);
  const d = deployment(ns) as { spec: { template: { spec: Record<string, unknown> } } };
  d.spec.template.spec.imagePullSecrets = [{ name: 'gitlab-pull' }];
  await apply([await secretFor(old), d]);
  await pullOutcomes(ns);
  const churn = new PodChurn(ns, 'app=api');
  churn.start();
  await churn.more(5);
  registry.revoke(old.username);
  // The window lasts until the new token is deployed: keep it open for three seconds of failed pulls.
  const revoked = churn.after();
  await churn.until('3 s of failed pulls', (seen) => failureWindow(revoked(seen)).seconds >= 3);
  registry.admit(next);
  await apply([await secretFor(next)]);
  const fixed = churn.after();
  await churn.until(
    '3 new pods that pulled',
    (seen) => fixed(seen).filter((p) => p.outcome.state === 'pulled').length >= 3,
  );
  const pods = await churn.stop();

  report('wrong-order rotation', pods);
  const { failed, seconds } = failureWindow(pods);
  expect(failed).toBeGreaterThan(0);
  expect(seconds).toBeGreaterThanOrEqual(3);
  expect(pods[pods.length - 1].outcome.state).toBe('pulled');
});
