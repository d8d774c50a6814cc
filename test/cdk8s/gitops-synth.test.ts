/**
 * `cdk8s synth` as users run it (the cdk8s CLI, an app in a directory) with
 * sealed, SOPS and external output: no token and no `auth` value anywhere in
 * `dist/`, and a second synth does not change a byte.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { sealingKeys } from '../sealing-keys';
import { scratchDir } from '../scratch';
import { AGE_KEYS } from '../age-keys';

const USER = 'gitlab+deploy-token-99';
const TOKEN = 'gldt-distToken99x';
const root = path.join(__dirname, '../..');

function synth(dir: string): Map<string, Buffer> {
  execFileSync(
    path.join(root, 'node_modules/.bin/cdk8s'),
    ['synth', '--app', `${path.join(root, 'node_modules/.bin/tsx')} main.ts`, '--check-upgrade=false'],
    { cwd: dir, env: { ...process.env, GITLAB_DEPLOY_TOKEN: TOKEN }, stdio: 'pipe' },
  );
  const dist = path.join(dir, 'dist');
  return new Map(fs.readdirSync(dist).map((f) => [f, fs.readFileSync(path.join(dist, f))]));
}

test('dist/ of a sealed, a SOPS and an external pull secret holds no token or auth, and synth twice gives the same bytes', () => {
  const keys = sealingKeys();
  const dir = scratchDir('synth');
  try {
    fs.writeFileSync(path.join(dir, 'sealed-secrets.pem'), keys.certificate);
    fs.writeFileSync(
      path.join(dir, 'main.ts'),
      `import * as fs from 'node:fs';
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-32';
import { ExternalCredentials } from ${JSON.stringify(path.join(root, 'src/core'))};
import { ExternalRegistrySecret, GitlabRegistrySecret } from ${JSON.stringify(path.join(root, 'src/cdk8s'))};

const app = new App();
const chart = new Chart(app, 'shop', { namespace: 'shop' });
new GitlabRegistrySecret(chart, 'GitlabPull', {
  username: ${JSON.stringify(USER)},
  token: process.env.GITLAB_DEPLOY_TOKEN ?? '',
  seal: { certificate: fs.readFileSync('sealed-secrets.pem', 'utf8') },
});
new GitlabRegistrySecret(chart, 'GitlabJobsPull', {
  namespace: 'jobs',
  username: ${JSON.stringify(USER)},
  token: process.env.GITLAB_DEPLOY_TOKEN ?? '',
  sops: { age: [${JSON.stringify(AGE_KEYS[0].recipient)}] },
});
new kplus.Deployment(new Chart(app, 'jobs', { namespace: 'jobs' }), 'Worker', {
  containers: [{ image: 'registry.gitlab.com/acme/shop/worker:1.4.2' }],
});
new ExternalRegistrySecret(chart, 'GhcrPull', {
  credentials: ExternalCredentials.fromStore({ registry: 'ghcr.io', store: { name: 'vault' }, key: 'github/packages' }),
});
new kplus.Deployment(chart, 'Api', {
  containers: [{ image: 'registry.gitlab.com/acme/shop/api:1.4.2' }, { image: 'ghcr.io/acme/sidecar:1', name: 'sidecar' }],
});
app.synth();
`,
    );
    const first = synth(dir);
    const text = [...first.values()].map((b) => b.toString('utf8')).join('\n');
    expect(text).toContain('kind: SealedSecret');
    expect(text).toContain('kind: ExternalSecret');
    expect(text).toContain('mac_only_encrypted: true');
    for (const s of [TOKEN, Buffer.from(TOKEN).toString('base64'), Buffer.from(`${USER}:${TOKEN}`).toString('base64')])
      expect(text).not.toContain(s);
    const second = synth(dir);
    expect([...second.keys()]).toEqual([...first.keys()]);
    for (const [f, b] of first) expect([f, second.get(f)!.equals(b)]).toEqual([f, true]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
