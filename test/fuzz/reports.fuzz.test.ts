/**
 * Fuzzing the command line's reports: whatever manifests a file holds, finding each field's line
 * never throws and answers a line of the object's own text, and every report format is well formed.
 */
import { dump } from 'js-yaml';
import fc from 'fast-check';
import { checkManifests } from 'regcred';
import { fieldLocator } from '../../src/cli/field-lines';
import { parseManifests } from '../../src/cli/read-manifests';
import { gitlabReport, junitReport, sarifReport } from '../../src/cli/reports';
import { objectSet, oddString } from './arbitraries';

const RUNS = { numRuns: 200 };
const FIELDS = fc.oneof(
  oddString,
  fc.constantFrom(
    'metadata.name',
    'spec.containers[0].image',
    'spec.imagePullSecrets[1].name',
    'data[.dockerconfigjson]',
    'metadata.annotations[regcred.io/expires-at]',
    'objects[3]',
    '[',
    '.]',
  ),
);

/** The objects as a multi-document YAML file, or as one JSON List, the way tools print them. */
const manifestText = fc.tuple(objectSet, fc.boolean()).map(([objects, json]) => {
  const plain = JSON.parse(JSON.stringify(objects)) as object[];
  return json
    ? JSON.stringify({ apiVersion: 'v1', kind: 'List', items: plain }, null, 2)
    : plain.map((o) => dump(o, { skipInvalid: true })).join('---\n');
});

test('fieldLocator: any field of any object gives a line inside the object, or none', () => {
  fc.assert(
    fc.property(manifestText, fc.array(FIELDS, { maxLength: 6 }), (text, fields) => {
      const total = text.split('\n').length;
      for (const o of parseManifests(text, 'fuzz.yaml')) {
        const lineOf = fieldLocator(o);
        for (const field of fields) {
          const line = lineOf(field);
          if (line === undefined) continue;
          expect(line).toBeGreaterThanOrEqual(o.line);
          expect(line).toBeLessThanOrEqual(total);
        }
      }
    }),
    RUNS,
  );
});

test('reports: SARIF and GitLab are JSON, JUnit has one test case per object, for any findings', () => {
  fc.assert(
    fc.property(manifestText, (text) => {
      const sourced = parseManifests(text, 'dist/fuzz.yaml');
      const found = checkManifests(sourced.map((o) => o.object)).map((d) => {
        const o = sourced[d.objectIndex];
        return o ? { ...d, source: { file: o.file, line: o.line, documentIndex: o.documentIndex } } : d;
      });
      const context = { cwd: process.cwd(), version: '0.0.0' };
      expect(Array.isArray((JSON.parse(sarifReport(found, context)) as { runs: unknown[] }).runs)).toBe(true);
      expect((JSON.parse(gitlabReport(found, context)) as unknown[]).length).toBe(found.length);
      const checked = sourced.map((o) => ({ kind: 'K', namespace: 'n', name: 'x', source: o }));
      const junit = junitReport(found, checked, context);
      expect(junit.match(/<testcase /g)?.length ?? 0).toBe(sourced.length);
      // Nothing from the manifests opens an element: every `<` that is not regcred's is escaped.
      expect(junit.replace(/<\/?(testsuites|testsuite|testcase|failure|system-out)\b[^<]*?>/g, '')).not.toMatch(
        /<(?!\?xml)/,
      );
    }),
    RUNS,
  );
});
