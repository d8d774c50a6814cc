/**
 * regcred's rules against the real kubelet: for several hundred pods, which
 * credentials `resolvePullCredentials` says the kubelet sends (and whether
 * `checkManifests` flags the pod) is compared with what the kubelet on the
 * engine's node did: the pull succeeded or failed, and, on the token-auth
 * registry, the usernames its token service was asked for, in order.
 *
 * Needs the engine and its node (`eval "$(bash scripts/engine.sh start)"`).
 * REGCRED_DIFF_SEED and REGCRED_DIFF_CASES choose other cases.
 */
import {
  checkManifests,
  DiagnosticCode,
  RegcredError,
  resolvePullCredentials,
  Severity,
  type SecretObject,
} from 'regcred';
import { ensureTools, pushImage, startBasicRegistry, startTokenRegistry, type Registry } from '../e2e/harness';
import { generateCases, REPOSITORIES, secretName, secretObjects, validUsers, type PullCase } from './cases';
import {
  create,
  dropNamespace,
  freshNamespace,
  nodeEnv,
  pod,
  pullOutcomes,
  runnableImage,
  trustPlainHttp,
  type PullOutcome,
} from './node';

const SEED = Number(process.env.REGCRED_DIFF_SEED ?? 20261129);
const COUNT = Number(process.env.REGCRED_DIFF_CASES ?? 320);
const BATCH = 40;

jest.setTimeout(30 * 60_000);

const admin = { username: 'ci-admin', password: 'admin-Secret-3', scopes: ['read_registry', 'write_registry'] };
const cases = generateCases(SEED, COUNT);
const registries: Partial<Record<PullCase['registry'], Registry>> = {};

beforeAll(async () => {
  nodeEnv();
  ensureTools();
  const users = (kind: PullCase['registry']) => [
    admin,
    ...validUsers(cases, kind).map((e) => ({ username: e.username, password: e.password, scopes: ['read_registry'] })),
  ];
  registries.basic = await startBasicRegistry(users('basic'));
  registries.token = await startTokenRegistry(users('token'));
  const layout = runnableImage('1');
  for (const r of [registries.basic, registries.token]) {
    const port = r.host.split(':')[1];
    trustPlainHttp(r.host);
    trustPlainHttp(`localhost:${port}`);
    for (const repo of REPOSITORIES) await pushImage(r.host, repo, '1', admin, layout);
  }
});

afterAll(async () => {
  await registries.basic?.stop();
  await registries.token?.stop();
});

interface Prediction {
  /** The kubelet fails before pulling: a secret it cannot parse. */
  readonly unreadable: boolean;
  /** The usernames it tries, in order, up to the first the registry accepts. */
  readonly attempts: readonly string[];
  readonly pulls: boolean;
  /** checkManifests reports an error, or NO_MATCHING_CREDENTIALS as a warning. */
  readonly checkError: boolean;
  readonly checkCodes: readonly string[];
}

function imageOf(c: PullCase): string {
  const port = registries[c.registry]!.host.split(':')[1];
  return `${c.imageHost === 'ip' ? '127.0.0.1' : 'localhost'}:${port}/${c.repository}:1`;
}

function objectsOf(c: PullCase, namespace: string): { secrets: object[]; pod: object } {
  const image = imageOf(c);
  const host = image.slice(0, image.indexOf('/'));
  const otherPort = Number(host.split(':')[1]) + 1;
  return {
    secrets: secretObjects(c, namespace, host, otherPort),
    pod: pod(
      `case-${c.id}`,
      namespace,
      image,
      c.refs.map((n) => secretName(c, n)),
    ),
  };
}

function predict(c: PullCase, namespace: string): Prediction {
  const { secrets, pod: p } = objectsOf(c, namespace);
  const refs = c.refs.map((n) => secretName(c, n));
  const byName = new Map(secrets.map((s) => [(s as { metadata: { name: string } }).metadata.name, s]));
  const podSecrets = refs.flatMap((n) => (byName.has(n) ? [byName.get(n) as SecretObject] : []));
  const valid = new Set(
    c.secrets.flatMap((s) => s.entries).flatMap((e) => (e.valid ? [`${e.username}:${e.password}`] : [])),
  );
  const all = checkManifests([...secrets, p] as never[]);
  const diagnostics = all.filter((d) => d.severity === Severity.ERROR);
  const checkCodes = [...new Set(diagnostics.map((d) => d.code))];
  // An anonymous pull must be reported: as an error, or, when the keys are plainly for other
  // registries and the image might be public, as a NO_MATCHING_CREDENTIALS warning.
  const flagged = checkCodes.length > 0 || all.some((d) => d.code === DiagnosticCode.NO_MATCHING_CREDENTIALS);
  try {
    const { creds } = resolvePullCredentials(podSecrets, imageOf(c));
    const attempts: string[] = [];
    let pulls = false;
    for (const cred of creds) {
      attempts.push(cred.username);
      if (valid.has(`${cred.username}:${cred.password}`)) {
        pulls = true;
        break;
      }
    }
    return { unreadable: false, attempts, pulls, checkError: flagged, checkCodes };
  } catch (e) {
    if (!(e instanceof RegcredError)) throw e;
    return { unreadable: true, attempts: [], pulls: false, checkError: flagged, checkCodes };
  }
}

const unique = (xs: readonly string[]): string[] => [...new Set(xs)];

interface Result {
  readonly c: PullCase;
  readonly prediction: Prediction;
  readonly outcome: PullOutcome;
  /** Token registry only: usernames asked of its token service for this case, first asks in order. */
  readonly asked?: readonly string[];
}

function disagreements(r: Result): string[] {
  const { prediction: p, outcome: o } = r;
  const out: string[] = [];
  if (p.unreadable) {
    if (o.state !== 'other') out.push(`predicted a keyring error before any pull, the kubelet: ${o.state}`);
    if (!p.checkCodes.includes('PULL_SECRET_UNREADABLE')) out.push('check did not report PULL_SECRET_UNREADABLE');
  } else {
    const expected = p.pulls ? 'pulled' : 'failed';
    if (o.state !== expected)
      out.push(`predicted ${expected}, the kubelet: ${o.state} ${o.reason ?? ''} ${o.message ?? ''}`);
    if (o.state === 'failed' && !/\b(401|403)\b|unauthorized|forbidden/i.test(o.message ?? ''))
      out.push(`failed for another reason than credentials: ${o.message}`);
    if (p.attempts.length === 0 && !p.checkError)
      out.push('anonymous pull, but check reported neither an error nor NO_MATCHING_CREDENTIALS');
  }
  if (r.asked) {
    const predicted = unique(p.attempts);
    if (predicted.join(',') !== r.asked.join(','))
      out.push(`predicted credentials [${predicted.join(', ')}], the kubelet sent [${r.asked.join(', ')}]`);
  }
  return out;
}

test(`the kubelet sends the credentials regcred predicts (${COUNT} pods, seed ${SEED})`, async () => {
  const results: Result[] = [];
  for (let start = 0; start < cases.length; start += BATCH) {
    const batch = cases.slice(start, start + BATCH);
    const ns = await freshNamespace('kdiff');
    const asked = new Map<number, number>(
      batch.map((c) => [c.id, registries.token!.tokenRequests.length] as [number, number]),
    );
    await create(batch.flatMap((c) => Object.values(objectsOf(c, ns)).flat()));
    const outcomes = await pullOutcomes(ns, 180_000);
    for (const c of batch) {
      const requests = registries.token!.tokenRequests.slice(asked.get(c.id));
      results.push({
        c,
        prediction: predict(c, ns),
        outcome: outcomes.get(`case-${c.id}`) ?? { state: 'pending' },
        asked:
          c.registry === 'token'
            ? unique(requests.flatMap((q) => (q.username?.startsWith(`c${c.id}e`) ? [q.username] : [])))
            : undefined,
      });
    }
    await dropNamespace(ns);
  }

  const failures = results.flatMap((r) =>
    disagreements(r).map((d) => `case ${r.c.id}: ${d}\n    ${JSON.stringify(r.c)}`),
  );
  const before = results.filter((r) => r.outcome.state === 'other');
  const pulled = results.filter((r) => r.outcome.state === 'pulled').length;
  const tokenCases = results.filter((r) => r.asked).length;
  console.log(
    [
      `kubelet differential, seed ${SEED}: ${results.length - new Set(failures.map((f) => f.split(' (')[0])).size} of ${results.length} cases agree`,
      `  pulled ${pulled}, failed ${results.filter((r) => r.outcome.state === 'failed').length}, failed before pulling ${before.length}${before[0] ? ` (${before[0].outcome.reason}: ${before[0].outcome.message})` : ''}`,
      `  credentials sent compared on ${tokenCases} token-auth cases; anonymous pulls ${results.filter((r) => r.prediction.attempts.length === 0).length}`,
      ...failures.slice(0, 40),
    ].join('\n'),
  );
  expect(failures).toEqual([]);
});
