/**
 * `pulumi up` of N Deployments through Pulumi's engine into the loopback API
 * server (scripts/engine.sh start): wired by regcred's transform against the
 * same program with `imagePullSecrets` written by hand. Prints JSON with the
 * median of each; run by bench/run.ts when the engine is started.
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { LocalWorkspace } from '@pulumi/pulumi/automation';
import { execFileSync } from 'node:child_process';
import { GitlabRegistrySecret } from '../src/pulumi';

const count = Number(process.argv[2] ?? '50');
const runs = Number(process.argv[3] ?? '3');
const IMAGE = 'registry.gitlab.com/acme/shop/api:1.4.2';

function program(variant: 'regcred' | 'hand', ns: string): () => Promise<void> {
  return () => {
    let transforms: pulumi.ResourceTransform[] = [];
    let pullSecrets: Array<{ name: pulumi.Input<string> }> | undefined;
    if (variant === 'regcred') {
      const gitlab = new GitlabRegistrySecret('gitlab-pull', {
        username: 'u',
        token: pulumi.secret('gldt-bench'),
        namespaces: [ns],
      });
      transforms = [gitlab.transform];
    } else {
      const auth = Buffer.from('u:gldt-bench').toString('base64');
      const json = JSON.stringify({
        auths: { 'registry.gitlab.com': { username: 'u', password: 'gldt-bench', auth } },
      });
      const secret = new k8s.core.v1.Secret('gitlab-pull', {
        metadata: { namespace: ns },
        type: 'kubernetes.io/dockerconfigjson',
        data: { '.dockerconfigjson': pulumi.secret(Buffer.from(json).toString('base64')) },
      });
      pullSecrets = [{ name: secret.metadata.name }];
    }
    for (let i = 0; i < count; i++) {
      const labels = { app: `w${i}` };
      new k8s.apps.v1.Deployment(
        `w${i}`,
        {
          metadata: { namespace: ns, annotations: { 'pulumi.com/skipAwait': 'true' } },
          spec: {
            selector: { matchLabels: labels },
            template: {
              metadata: { labels },
              spec: {
                ...(pullSecrets ? { imagePullSecrets: pullSecrets } : {}),
                containers: [{ name: 'app', image: IMAGE }],
              },
            },
          },
        },
        { transforms },
      );
    }
    return Promise.resolve();
  };
}

async function upOnce(variant: 'regcred' | 'hand', round: number): Promise<number> {
  const ns = `bench-${variant}-${round}-${Date.now().toString(36)}`;
  execFileSync('kubectl', ['create', 'namespace', ns], { stdio: 'pipe' });
  const stack = await LocalWorkspace.createOrSelectStack({
    stackName: ns,
    projectName: 'regcred-bench',
    program: program(variant, ns),
  });
  const started = process.hrtime.bigint();
  await stack.up();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  await stack.destroy();
  await stack.workspace.removeStack(ns);
  execFileSync('kubectl', ['delete', 'namespace', ns, '--wait=false'], { stdio: 'pipe' });
  return ms;
}

async function main(): Promise<void> {
  const samples: Record<'regcred' | 'hand', number[]> = { regcred: [], hand: [] };
  for (let r = 0; r < runs; r++) for (const v of ['hand', 'regcred'] as const) samples[v].push(await upOnce(v, r));
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  process.stdout.write(
    JSON.stringify({ count, runs, regcred: median(samples.regcred), hand: median(samples.hand) }) + '\n',
  );
}

void main();
