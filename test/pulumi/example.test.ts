/** The Pulumi example program, run under mocks. */
import * as pulumi from '@pulumi/pulumi';
import { createdOfType, setupMocks, unwrap, valueOf } from './mocks';

setupMocks('regcred-example');
pulumi.runtime.setAllConfig(
  {
    'regcred-example:gitlabDeployToken': 'gldt-example-token-01',
    'regcred-example:gitlabDeployUser': 'gitlab+deploy-token-88',
  },
  ['regcred-example:gitlabDeployToken'],
);

test('examples/pulumi creates the Secret and a Deployment that references it', async () => {
  const program = await import('../../examples/pulumi/index');
  const name = await valueOf(program.secretName);

  const secret = await createdOfType('kubernetes:core/v1:Secret');
  expect(secret?.name).toBe('gitlab-pull-shop');
  const inputs = unwrap(secret?.inputs);
  expect(inputs.metadata).toEqual({ name, namespace: 'shop' });
  const auths = JSON.parse(Buffer.from(inputs.data['.dockerconfigjson'], 'base64').toString()).auths;
  expect(auths['registry.gitlab.com'].username).toBe('gitlab+deploy-token-88');
  expect(auths['registry.gitlab.com'].password).toBe('gldt-example-token-01');

  const deployment = await createdOfType('kubernetes:apps/v1:Deployment');
  expect(unwrap(deployment?.inputs).spec.template.spec.imagePullSecrets).toEqual([{ name }]);
  expect(await pulumi.isSecret(program.dockerConfigJson)).toBe(true);
});
