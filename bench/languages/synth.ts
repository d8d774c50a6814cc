/**
 * One cdk8s synth of N cdk8s-plus Deployments across 20 namespaces with a GitlabRegistrySecret,
 * as `cdk8s synth` runs an app (App.synth to files); prints the synth time in ms. synth.py is the
 * same app in Python, run through jsii's process bridge.
 *   npx tsx bench/languages/synth.ts N OUTDIR
 */
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-32';
import { GitlabRegistrySecret } from '../../src/cdk8s';

const [n, outdir] = [Number(process.argv[2]), process.argv[3]];
const start = process.hrtime.bigint();
const app = new App({ outdir });
const chart = new Chart(app, 'bench');
new GitlabRegistrySecret(chart, 'Pull', {
  username: 'gitlab+deploy-token-1',
  token: 'gldt-benchToken000000',
  name: 'pull',
});
for (let i = 0; i < n; i++) {
  new kplus.Deployment(chart, `w${i}`, {
    metadata: { namespace: `team-${i % 20}` },
    containers: [{ image: `registry.gitlab.com/acme/service-${i % 50}:1.${i % 7}`, portNumber: 8080 }],
  });
}
app.synth();
console.log(JSON.stringify({ ms: Number(process.hrtime.bigint() - start) / 1e6 }));
