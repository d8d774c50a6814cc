/**
 * `regcred secret` writes YAML without a YAML library; kubectl reads it with sigs.k8s.io/yaml
 * (YAML 1.1, where `y`, `on`, `0b101` and `2001-12-14` are no strings). Every scalar must come
 * back as the string regcred meant.
 */
import fc from 'fast-check';
import { manifestYaml } from '../../src/cli/manifest-yaml';
import { cli } from '../cli/run-cli';
import { kubectlYaml } from './operators';

const HOSTILE = [
  'y',
  'Y',
  'n',
  'NO',
  'on',
  'Off',
  'True',
  '0b101',
  '0x1f',
  '012',
  '1_000',
  '190:20:30',
  '2001-12-14',
  '2001-12-14t21:59:43.10-05:00',
  '.inf',
  '-.Inf',
  '.NaN',
  '~',
  'null',
  'Null',
  '-',
  '<<',
  '=',
  '1e3',
  'e9',
  '.5',
  '0o17',
  '+12',
  'yes-please',
  '.dockerconfigjson',
  'kubernetes.io/dockerconfigjson',
  'a b',
  '#x',
  '"',
  "'",
  '\\',
  '',
  ' lead',
];

test("every hostile scalar, as a key and as a value, is read back by kubectl's reader as the same string", () => {
  const docs = HOSTILE.map((v) => ({ metadata: { name: v }, [v]: v }));
  const read = kubectlYaml(docs.map((d) => manifestYaml(d)));
  expect(read.map((r, i) => [HOSTILE[i], r.error ?? r.json])).toEqual(docs.map((d, i) => [HOSTILE[i], d]));
});

test('random strings over the characters YAML 1.1 resolves are read back the same', () => {
  const values = fc.sample(fc.string({ unit: fc.constantFrom(...'yYnN01o:._-+~=<eE x9#t'.split('')), maxLength: 10 }), {
    numRuns: 3000,
    seed: 42,
  });
  const read = kubectlYaml(values.map((v) => manifestYaml({ v })));
  const wrong = values.filter((v, i) => (read[i].json as { v?: unknown } | undefined)?.v !== v);
  expect(wrong).toEqual([]);
});

test('regcred secret basic --name y: kubectl reads the name "y"', async () => {
  const r = await cli(
    [
      'secret',
      'basic',
      '--name',
      'y',
      '--namespace',
      'on',
      '--registry',
      'reg.example.com',
      '--username',
      'n',
      '--password-env',
      'P',
    ],
    { env: { P: 'pw' } },
  );
  expect(r.code).toBe(0);
  const [read] = kubectlYaml([r.stdout]);
  expect((read.json as { metadata: { name: unknown; namespace: unknown } }).metadata).toEqual({
    name: 'y',
    namespace: 'on',
  });
});
