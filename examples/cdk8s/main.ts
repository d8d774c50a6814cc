/**
 * A GitLab deploy token wired into the pods that pull from registry.gitlab.com.
 *
 *   npm run synth      # writes dist/regcred-example.k8s.yaml
 *
 * The token comes from GITLAB_DEPLOY_TOKEN (and GITLAB_DEPLOY_USER); without
 * them a demo token is used so the example synthesizes on a fresh machine.
 */
import { App, Chart, ChartProps, Cron } from 'cdk8s';
import * as kplus from 'cdk8s-plus-32';
import { Construct } from 'constructs';
import { GitlabDeployTokenScope } from 'regcred';
import { GitlabRegistrySecret } from 'regcred/cdk8s';

export class ExampleChart extends Chart {
  public constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);

    new GitlabRegistrySecret(this, 'GitlabPull', {
      name: 'gitlab-pull',
      username: process.env.GITLAB_DEPLOY_USER ?? 'gitlab+deploy-token-1234567',
      token: process.env.GITLAB_DEPLOY_TOKEN ?? 'gldt-demo-0000000000000000',
      scopes: [GitlabDeployTokenScope.READ_REGISTRY],
    });

    // Private image: gets imagePullSecrets [{ name: gitlab-pull }] at synth.
    new kplus.Deployment(this, 'Api', {
      containers: [{ image: 'registry.gitlab.com/acme/shop/api:1.4.2', portNumber: 8080 }],
    });

    // A CronJob in another namespace: wired too, and the Secret is copied there.
    new kplus.CronJob(this, 'Report', {
      metadata: { namespace: 'batch' },
      schedule: Cron.daily(),
      containers: [{ image: 'registry.gitlab.com/acme/shop/report:1.4.2' }],
    });

    // Public image: left alone.
    new kplus.Deployment(this, 'Proxy', { containers: [{ image: 'nginx:1.27', portNumber: 80 }] });
  }
}

const app = new App();
new ExampleChart(app, 'regcred-example', { namespace: 'shop' });
app.synth();
