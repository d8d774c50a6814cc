/**
 * What a cdk8s user sees when a construct refuses its input: `cdk8s synth` of an app as printed,
 * with a bad token. One block naming the construct path, the field and the fix, and the app's line.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Testing } from 'cdk8s';
import { GitlabRegistrySecret } from 'regcred/cdk8s';
import { errorOf } from '../error-of';
import { scratchDir } from '../scratch';

const root = path.join(__dirname, '../..');

test('cdk8s synth with an empty token prints one block: code, construct path, field, fix and the app line', () => {
  const dir = scratchDir('synth-error');
  try {
    fs.writeFileSync(
      path.join(dir, 'main.ts'),
      `import { App, Chart } from 'cdk8s';
import { GitlabRegistrySecret } from ${JSON.stringify(path.join(root, 'src/cdk8s'))};

const app = new App();
const chart = new Chart(app, 'shop', { namespace: 'shop' });
new GitlabRegistrySecret(chart, 'GitlabPull', { username: 'gitlab+deploy-token-1', token: process.env.GITLAB_DEPLOY_TOKEN ?? '' });
app.synth();
`,
    );
    let stderr = '';
    try {
      execFileSync(
        path.join(root, 'node_modules/.bin/cdk8s'),
        ['synth', '--app', `${path.join(root, 'node_modules/.bin/tsx')} main.ts`, '--check-upgrade=false'],
        { cwd: dir, stdio: 'pipe', env: { ...process.env, GITLAB_DEPLOY_TOKEN: '' } },
      );
    } catch (e) {
      stderr = String((e as { stderr?: Buffer }).stderr ?? '');
    }
    expect(stderr).toContain(
      "RegcredError [INVALID_CREDENTIALS]: [shop/GitlabPull] 'token' is empty. Give the token (read it from an environment variable or a secret store, not from source code).\n    at ",
    );
    expect(stderr).toMatch(/RegcredError \[INVALID_CREDENTIALS\]: .*\n {4}at .*main\.ts:6:\d+\)?\n/);
    for (const noise of ['withConstructPath', 'registry-secret.ts', 'issues:', "code: '"])
      expect([noise, stderr.includes(noise)]).toEqual([noise, false]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the error keeps code, field and issues for programs that catch it', () => {
  const e = errorOf(() => new GitlabRegistrySecret(Testing.chart(), 'P', { username: 'u', token: '' }));
  expect([e.code, e.field, e.issues.length]).toEqual(['INVALID_CREDENTIALS', 'token', 1]);
  expect(e.message).toBe(
    "[test/P] 'token' is empty. Give the token (read it from an environment variable or a secret store, not from source code).",
  );
});
