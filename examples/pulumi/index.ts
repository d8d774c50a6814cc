/**
 * A GitLab deploy token from Pulumi config, and a Deployment wired by regcred's transformation.
 *
 *   pulumi config set --secret gitlabDeployToken gldt-…
 *   pulumi config set gitlabDeployUser gitlab+deploy-token-1234567
 *   pulumi up
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { GitlabDeployTokenScope } from 'regcred';
import { GitlabRegistrySecret } from 'regcred/pulumi';

const config = new pulumi.Config();

const gitlab = new GitlabRegistrySecret('gitlab-pull', {
  username: config.get('gitlabDeployUser') ?? 'gitlab+deploy-token-1234567',
  token: config.requireSecret('gitlabDeployToken'),
  scopes: [GitlabDeployTokenScope.READ_REGISTRY],
  namespaces: ['shop'],
});

const labels = { app: 'api' };
export const api = new k8s.apps.v1.Deployment(
  'api',
  {
    metadata: { namespace: 'shop' },
    spec: {
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: { containers: [{ name: 'api', image: 'registry.gitlab.com/acme/shop/api:1.4.2' }] },
      },
    },
  },
  // `transforms: [gitlab.transform]` does the same with the current transforms API.
  { transformations: [gitlab.transformation] },
);

export const secretName = gitlab.secretName;
export const dockerConfigJson = gitlab.dockerConfigJson;
