import { Analyzer } from '@pulumi/pulumi/provider/experimental/analyzer';
const dir = process.argv[2];
for (const name of ['GitlabRegistrySecret', 'GithubRegistrySecret', 'DockerHubRegistrySecret', 'RegistrySecret', 'ExternalRegistrySecret']) {
  try {
    const r = new Analyzer(dir, 'regcred', { name: 'regcred' }, new Set([name])).analyze();
    console.log(name, 'OK', JSON.stringify(r.components[name]).slice(0, 300));
  } catch (e) {
    console.log(name, 'FAIL', (e as Error).message.split('\n')[0]);
  }
}
