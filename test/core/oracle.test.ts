/**
 * Randomized end-to-end cases whose answers the kubelet's own code computed
 * (secrets + image → repoToPull, found, creds in order, or where it fails).
 * Format: ../shared/kubelet/SPEC.md, section 13.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { gunzipSync } from 'zlib';
import { RegcredError, resolvePullCredentials, type SecretObject } from 'regcred';

interface OracleCase {
  id: string;
  secrets: SecretObject[];
  image: string;
  expected: {
    repoToPull?: string;
    found?: boolean;
    creds?: Array<{ username: string; password: string }>;
    error: 'image' | 'keyring' | null;
    orderUnstable?: boolean;
  };
}

const cases: OracleCase[] = gunzipSync(readFileSync(join(__dirname, '../fixtures/oracle-sample.jsonl.gz')))
  .toString('utf8')
  .split('\n')
  .filter((line) => line.length > 0)
  .map((line) => JSON.parse(line) as OracleCase);

type Outcome = { error: 'image' | 'keyring' } | { error: null; repoToPull: string; found: boolean; creds: string[] };

/** What regcred answers, in the oracle's terms; any non-RegcredError propagates and fails the test. */
function regcredOutcome(c: OracleCase): Outcome {
  try {
    const r = resolvePullCredentials(c.secrets, c.image);
    const creds = r.creds.map((x) => JSON.stringify([x.username, x.password]));
    return {
      error: null,
      repoToPull: r.repoToPull,
      found: r.found,
      creds: c.expected.orderUnstable ? creds.sort() : creds,
    };
  } catch (e) {
    if (!(e instanceof RegcredError)) throw e;
    return { error: e.code === 'INVALID_IMAGE_REFERENCE' ? 'image' : 'keyring' };
  }
}

function oracleOutcome(c: OracleCase): Outcome {
  const e = c.expected;
  if (e.error !== null) return { error: e.error };
  const creds = (e.creds ?? []).map((x) => JSON.stringify([x.username, x.password]));
  return {
    error: null,
    repoToPull: e.repoToPull ?? '',
    found: e.found ?? false,
    creds: e.orderUnstable ? creds.sort() : creds,
  };
}

test('the sample holds 6,000 cases of every outcome', () => {
  expect(cases).toHaveLength(6000);
  const outcomes = new Set(cases.map((c) => c.expected.error ?? (c.expected.found ? 'found' : 'anonymous')));
  expect([...outcomes].sort()).toEqual(['anonymous', 'found', 'image', 'keyring']);
});

test('regcred agrees with the kubelet on every sample case', () => {
  const disagreements = cases
    .map((c) => ({ id: c.id, image: c.image, regcred: regcredOutcome(c), kubelet: oracleOutcome(c) }))
    .filter((d) => JSON.stringify(d.regcred) !== JSON.stringify(d.kubelet));
  // The first few, so a failure shows what differs.
  expect(disagreements.slice(0, 5)).toEqual([]);
  expect(disagreements).toHaveLength(0);
});
