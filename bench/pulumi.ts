/**
 * Pulumi under mocks, in a process of its own: creating N regcred components
 * against N hand-written Secrets. Prints the milliseconds until every resource
 * is registered.
 */
import * as pulumi from '@pulumi/pulumi';

async function main(): Promise<void> {
  const [variant, count] = [process.argv[2], Number(process.argv[3])];
  let registered = 0;
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered++;
        return { id: `${args.name}-id`, state: args.inputs as Record<string, unknown> };
      },
      call: (args) => args.inputs as Record<string, unknown>,
    },
    'bench',
    'bench',
    false,
  );
  const k8s = await import('@pulumi/kubernetes');
  const { GitlabRegistrySecret } = await import('../src/pulumi');
  const start = process.hrtime.bigint();
  const urns: Array<pulumi.Output<string>> = [];
  for (let i = 0; i < count; i++) {
    if (variant === 'regcred') {
      const c = new GitlabRegistrySecret(`pull-${i}`, {
        username: 'gitlab+deploy-token-1',
        token: pulumi.secret(`gldt-benchToken${i}`),
      });
      urns.push(c.objects[0].urn);
    } else {
      // What users write by hand: the docker config built inside apply.
      const username = 'gitlab+deploy-token-1';
      const data = pulumi.secret(`gldt-benchToken${i}`).apply((token) => {
        const auth = Buffer.from(`${username}:${token}`).toString('base64');
        const config = { auths: { 'registry.gitlab.com': { username, password: token, auth } } };
        return { '.dockerconfigjson': Buffer.from(JSON.stringify(config)).toString('base64') };
      });
      urns.push(new k8s.core.v1.Secret(`pull-${i}`, { type: 'kubernetes.io/dockerconfigjson', data }).urn);
    }
  }
  await Promise.all(urns.map((u) => new Promise((resolve) => u.apply(resolve))));
  process.stdout.write(JSON.stringify({ ms: Number(process.hrtime.bigint() - start) / 1e6, registered }) + '\n');
}

void main();
