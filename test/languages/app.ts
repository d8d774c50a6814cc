/**
 * The reference cdk8s app in TypeScript; python/app.py and java/…/App.java build the same charts,
 * and test-languages compares their synth output with this one's, byte for byte.
 *   npx tsx test/languages/app.ts OUTDIR   (GITLAB_TOKEN, SEAL_CERT: a token and a PEM file)
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, Chart, Include } from 'cdk8s';
import * as kplus from 'cdk8s-plus-32';
import { ExternalCredentials, SecretStoreKind } from 'regcred';
import { ExternalRegistrySecret, GitlabRegistrySecret } from 'regcred/cdk8s';

const [outdir] = process.argv.slice(2);
const token = process.env.GITLAB_TOKEN ?? '';
const app = new App({ outdir });

const shop = new Chart(app, 'shop');
new GitlabRegistrySecret(shop, 'GitlabPull', { username: 'gitlab+deploy-token-7', token, name: 'gitlab-pull' });
for (const namespace of ['shop', 'batch']) {
  new kplus.Deployment(shop, `web-${namespace}`, {
    metadata: { namespace },
    containers: [{ image: 'registry.gitlab.com/acme/web:1.0', portNumber: 8080 }],
  });
}
new Include(shop, 'Vendor', { url: path.join(__dirname, 'vendor.yaml') });

const sealed = new Chart(app, 'sealed', { namespace: 'shop' });
new GitlabRegistrySecret(sealed, 'GitlabPull', {
  username: 'gitlab+deploy-token-7',
  token,
  name: 'gitlab-pull',
  seal: { certificate: fs.readFileSync(process.env.SEAL_CERT ?? '', 'utf8') },
});
new kplus.Deployment(sealed, 'api', { containers: [{ image: 'registry.gitlab.com/acme/api:3.2', portNumber: 8080 }] });

const external = new Chart(app, 'external', { namespace: 'batch' });
new ExternalRegistrySecret(external, 'GitlabPull', {
  name: 'gitlab-pull',
  credentials: ExternalCredentials.fromStore({
    registry: 'registry.gitlab.com',
    store: { name: 'vault', kind: SecretStoreKind.CLUSTER_SECRET_STORE },
    key: 'gitlab/deploy-token',
    username: 'gitlab+deploy-token-7',
    passwordProperty: 'token',
  }),
});
new kplus.Deployment(external, 'worker', {
  containers: [{ image: 'registry.gitlab.com/acme/worker:1.4', portNumber: 8080 }],
});

app.synth();
