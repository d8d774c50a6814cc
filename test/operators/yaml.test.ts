/**
 * `regcred secret` writes YAML without a YAML library; kubectl reads it with sigs.k8s.io/yaml
 * (YAML 1.1, where `y`, `on`, `0b101` and `2001-12-14` are no strings). Every scalar must come
 * back as the string regcred meant.
 */
import fc from 'fast-check';
import { manifestYaml } from '../../src/cli/manifest-yaml';
import { cli } from '../cli/run-cli';
import YAML_SCALARS from '../fixtures/yaml-1.1-scalars.json';
import { kubectlYaml } from './operators';

const HOSTILE = YAML_SCALARS.scalars;

test("every hostile scalar, as a key and as a value, is read back by kubectl's reader as the same string", () => {
  const docs = HOSTILE.map((v) => ({ metadata: { name: v }, [v]: v }));
  const read = kubectlYaml(docs.map((d) => manifestYaml(d)));
  expect(read.map((r, i) => [HOSTILE[i], r.error ?? r.json])).toEqual(docs.map((d, i) => [HOSTILE[i], d]));
});

test('random strings over the characters YAML 1.1 resolves are read back the same', () => {
  const values = fc.sample(fc.string({ unit: fc.constantFrom(...YAML_SCALARS.alphabet.split('')), maxLength: 10 }), {
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
