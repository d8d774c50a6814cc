/**
 * The copy of cdk8s this project runs the cdk8s suites against really keeps `ApiObject`'s private
 * fields under other names, and regcred's wiring works there.
 */
import { ApiObject, Testing } from 'cdk8s';
import { GitlabRegistrySecret } from 'regcred/cdk8s';
import { RENAMED_CDK8S, RENAMED_FIELDS } from './setup';

test('GIVEN the cdk8s copy WHEN an ApiObject is made THEN its props and patches sit under the new names only', () => {
  expect(require.resolve('cdk8s')).toContain(RENAMED_CDK8S);
  const obj = new ApiObject(Testing.chart(), 'X', { apiVersion: 'v1', kind: 'ConfigMap' });
  for (const [field, renamed] of Object.entries(RENAMED_FIELDS)) {
    expect(Object.prototype.hasOwnProperty.call(obj, field)).toBe(false);
    expect(Object.prototype.hasOwnProperty.call(obj, renamed)).toBe(true);
  }
});

test('GIVEN the cdk8s copy WHEN a chart with a secret and a private workload is synthesized THEN the workload lists the secret', () => {
  const chart = Testing.chart();
  new GitlabRegistrySecret(chart, 'Pull', {
    name: 'gitlab-pull',
    username: 'gitlab+deploy-token-1',
    token: 'gldt-Q4nP8sW2xY6zA0bC',
  });
  new ApiObject(chart, 'App', {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'app' },
    spec: { template: { spec: { containers: [{ name: 'app', image: 'registry.gitlab.com/acme/app:1' }] } } },
  });
  const deployment = (Testing.synth(chart) as Array<{ kind: string; spec?: any }>).find((o) => o.kind === 'Deployment');
  expect(deployment?.spec.template.spec.imagePullSecrets).toEqual([{ name: 'gitlab-pull' }]);
});
