/**
 * KEP-2535 (KubeletEnsureSecretPulledImages, beta and on by default since
 * Kubernetes 1.35) on the engine's node: for each
 * `imagePullCredentialsVerificationPolicy`, what pods get for an image that
 * another pod pulled with credentials and that is now on the node
 * (`imagePullPolicy: IfNotPresent`, or `Never`), after a token rotation:
 * the old Secret deleted, the old token revoked, a new Secret with a new token.
 */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { cli } from '../cli/run-cli';
import { ensureTools, pushImage, startTokenRegistry, type Registry, type RegistryUser } from '../e2e/harness';
import { buildOciLayout, pauseImageFiles } from '../e2e/oci-image';
import {
  create,
  freshNamespace,
  gitlabPullSecret,
  kubectlAsync,
  nodeEnv,
  pod,
  pullOutcomes,
  trustPlainHttp,
} from './node';

jest.setTimeout(600_000);

const POLICIES = ['NeverVerify', 'NeverVerifyPreloadedImages', 'NeverVerifyAllowlistedImages', 'AlwaysVerify'] as const;
type Policy = (typeof POLICIES)[number];

const admin = { username: 'ci-admin', password: 'admin-Secret-6', scopes: ['read_registry', 'write_registry'] };
let registry: Registry;

beforeAll(async () => {
  nodeEnv();
  ensureTools();
  registry = await startTokenRegistry([admin]);
  trustPlainHttp(registry.host);
});

afterAll(async () => {
  setPolicy('NeverVerifyPreloadedImages');
  await registry?.stop();
});

function setPolicy(policy: Policy, allowlist?: string): void {
  execFileSync(
    'bash',
    [path.join(__dirname, '../../scripts/engine.sh'), 'node-policy', policy, ...(allowlist ? [allowlist] : [])],
    {
      stdio: 'pipe',
    },
  );
}

const pullSecret = (namespace: string, name: string, user: RegistryUser): Promise<object> =>
  gitlabPullSecret(name, namespace, registry.host, user);

/** The pods started after the rotation, and what each shows. */
const CASES = {
  'no pull secret': { secrets: [] as string[], policy: 'IfNotPresent' },
  'the deleted old Secret': { secrets: ['old'], policy: 'IfNotPresent' },
  'a copy of the old Secret, token revoked': { secrets: ['old-copy'], policy: 'IfNotPresent' },
  'the new Secret, new token': { secrets: ['new'], policy: 'IfNotPresent' },
  'no pull secret, imagePullPolicy Never': { secrets: [] as string[], policy: 'Never' },
} as const;
type Case = keyof typeof CASES;

/** What the kubelet code (pkg/kubelet/images/pullmanager) makes of each case: true = the container starts. */
const STARTS: Record<Policy, Record<Case, boolean>> = {
  NeverVerify: {
    'no pull secret': true,
    'the deleted old Secret': true,
    'a copy of the old Secret, token revoked': true,
    'the new Secret, new token': true,
    'no pull secret, imagePullPolicy Never': true,
  },
  NeverVerifyPreloadedImages: {
    'no pull secret': false,
    'the deleted old Secret': false,
    'a copy of the old Secret, token revoked': true,
    'the new Secret, new token': true,
    'no pull secret, imagePullPolicy Never': false,
  },
  // With the image on the allowlist.
  NeverVerifyAllowlistedImages: {
    'no pull secret': true,
    'the deleted old Secret': true,
    'a copy of the old Secret, token revoked': true,
    'the new Secret, new token': true,
    'no pull secret, imagePullPolicy Never': true,
  },
  AlwaysVerify: {
    'no pull secret': false,
    'the deleted old Secret': false,
    'a copy of the old Secret, token revoked': true,
    'the new Secret, new token': true,
    'no pull secret, imagePullPolicy Never': false,
  },
};

const table: string[] = [];

afterAll(() => console.log(['KEP-2535 on the node (container starts: yes/no, else the reason):', ...table].join('\n')));

test.each(POLICIES)('%s: pods after a rotation, for an image another pod pulled with the old token', async (policy) => {
  const slug = policy.toLowerCase();
  const repo = `acme/kep-${slug}`;
  const image = `${registry.host}/${repo}:1`;
  // An image of its own (its digest too), so no earlier pull record of the node applies.
  const layout = buildOciLayout(
    '1',
    [...pauseImageFiles(nodeEnv().pauseBinary), { name: 'policy', content: Buffer.from(policy) }],
    ['/pause'],
  );
  await pushImage(registry.host, repo, '1', admin, layout);
  setPolicy(policy, policy === 'NeverVerifyAllowlistedImages' ? `${registry.host}/${repo}` : undefined);

  const [old, next]: RegistryUser[] = [80, 81].map((n) => ({
    username: `gitlab+deploy-token-${n}-${slug}`,
    password: `gldt-kep${n}${slug}`,
    scopes: ['read_registry'],
  }));
  registry.admit(old);
  registry.admit(next);
  const ns = await freshNamespace(`kep-${slug.slice(0, 20)}`);
  await create([await pullSecret(ns, 'old', old), pod('first', ns, image, ['old'], 'IfNotPresent')]);
  expect((await pullOutcomes(ns)).get('first')).toEqual({ state: 'pulled' });

  await create([await pullSecret(ns, 'old-copy', old), await pullSecret(ns, 'new', next)]);
  await kubectlAsync(['delete', 'secret', '-n', ns, 'old']);
  registry.revoke(old.username);
  const names = Object.keys(CASES) as Case[];
  await create(names.map((c, i) => pod(`case-${i}`, ns, image, CASES[c].secrets, CASES[c].policy)));
  const outcomes = await pullOutcomes(ns);

  const seen = Object.fromEntries(
    names.map((c, i) => {
      const o = outcomes.get(`case-${i}`);
      return [
        c,
        o?.state === 'pulled'
          ? 'yes'
          : `no (${o?.reason ?? o?.state}${o?.message?.match(/\b40[13]\b[^:]*/)?.[0] ? `, ${o.message.match(/\b40[13]\b[^:]*/)![0]}` : ''})`,
      ];
    }),
  );
  table.push(`${policy}:`, ...names.map((c) => `  ${c}: ${seen[c]}`));
  expect(Object.fromEntries(names.map((c) => [c, seen[c].startsWith('yes')]))).toEqual(STARTS[policy]);

  if (policy === 'NeverVerifyPreloadedImages') {
    // regcred check over what is in the namespace, for the kubelet's default policy: a finding that
    // names Kubernetes 1.35 on every pod that cannot start, none on the others.
    const check = await cli(['check', '--output', 'json', '-'], {
      stdin: await kubectlAsync(['get', 'pods,secrets', '-n', ns, '-o', 'json']),
    });
    const findings = (JSON.parse(check.stdout) as { diagnostics: Array<{ object: { name: string }; message: string }> })
      .diagnostics;
    const explained = (i: number): boolean =>
      findings.some((d) => d.object.name === `case-${i}` && d.message.includes('Kubernetes 1.35'));
    expect(Object.fromEntries(names.map((c, i) => [c, !explained(i)]))).toEqual(STARTS[policy]);
  }
});
