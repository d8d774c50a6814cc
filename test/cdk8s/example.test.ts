/**
 * The README's run command: the cdk8s example synthesizes, its Secret decodes
 * to the right auths entry, and the private workloads carry the reference.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { resolvePullCredentials } from 'regcred';

type Manifest = { kind: string; metadata: { name: string; namespace?: string }; [k: string]: any };

test('examples/cdk8s/main.ts synthesizes a wired Secret with a token from the environment', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'regcred-example-'));
  execFileSync(process.execPath, [require.resolve('tsx/cli'), 'examples/cdk8s/main.ts'], {
    cwd: path.join(__dirname, '../..'),
    env: {
      ...process.env,
      CDK8S_OUTDIR: outdir,
      GITLAB_DEPLOY_USER: 'gitlab+deploy-token-77',
      GITLAB_DEPLOY_TOKEN: 'gldt-from-env-1234',
    },
    stdio: 'pipe',
  });
  const text = fs.readFileSync(path.join(outdir, 'regcred-example.k8s.yaml'), 'utf8');
  const objects = parseAllDocuments(text).map((d) => d.toJSON() as Manifest);

  const secrets = objects.filter((o) => o.kind === 'Secret');
  expect(secrets.map((s) => `${s.metadata.namespace}/${s.metadata.name}`)).toEqual([
    'shop/gitlab-pull',
    'batch/gitlab-pull',
  ]);
  const auths = JSON.parse(Buffer.from(secrets[0].data['.dockerconfigjson'], 'base64').toString()).auths;
  expect(Object.keys(auths)).toEqual(['registry.gitlab.com']);
  expect(auths['registry.gitlab.com'].username).toBe('gitlab+deploy-token-77');

  const api = objects.find(
    (o) => o.kind === 'Deployment' && o.spec.template.spec.containers[0].image.startsWith('registry.gitlab.com'),
  )!;
  const report = objects.find((o) => o.kind === 'CronJob')!;
  const proxy = objects.find(
    (o) => o.kind === 'Deployment' && o.spec.template.spec.containers[0].image.startsWith('nginx'),
  )!;
  expect(api.spec.template.spec.imagePullSecrets).toEqual([{ name: 'gitlab-pull' }]);
  expect(report.spec.jobTemplate.spec.template.spec.imagePullSecrets).toEqual([{ name: 'gitlab-pull' }]);
  expect(proxy.spec.template.spec.imagePullSecrets).toBeUndefined();

  const got = resolvePullCredentials([secrets[0]], api.spec.template.spec.containers[0].image);
  expect(got.creds).toEqual([{ username: 'gitlab+deploy-token-77', password: 'gldt-from-env-1234', email: '' }]);
});
