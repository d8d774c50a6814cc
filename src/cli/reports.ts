/**
 * `regcred check`'s findings in the formats CI systems annotate: SARIF 2.1.0
 * (GitHub code scanning), JUnit XML (GitLab and Jenkins test reports) and
 * GitLab Code Quality. Every report is a pure function of the findings, so the
 * same manifests give the same bytes.
 */
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { DIAGNOSTIC_CODES, Diagnostic, DiagnosticCode, Severity } from '../core/internal';

/** Where a finding's object is, as the command line reports it. */
export interface Source {
  readonly file: string;
  /** The line where the object starts. */
  readonly line: number;
  readonly documentIndex: number;
  /** The line of the diagnostic's field, when the text has it. */
  readonly fieldLine?: number;
}

/** A diagnostic with where its object is. */
export type Located = Diagnostic & { readonly source?: Source };

/** An object that was checked, for reports that list them all (JUnit). */
export interface CheckedObject {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  /** Where it was read; absent for objects read from the cluster. */
  readonly source?: Source;
}

export interface ReportContext {
  /** Paths in reports are relative to this directory (the working directory). */
  readonly cwd: string;
  /** regcred's version, for the report's tool. */
  readonly version: string;
}

/** The guide that explains each code and its severity; pinned to the version that wrote the report. */
function helpUri(version: string): string {
  return `https://unpkg.com/regcred@${version}/docs/check.md#diagnostics-and-their-severity`;
}

/** A file's path as CI systems match it against the repository: relative, with forward slashes. */
function reportPath(file: string, cwd: string): string {
  if (file === '<stdin>') return file;
  const relative = path.relative(cwd, path.resolve(cwd, file));
  return (relative === '' ? path.basename(file) : relative).split(path.sep).join('/');
}

function objectName(d: { kind: string; namespace: string; name: string }): string {
  return `${d.kind} ${d.namespace}/${d.name}`;
}

/**
 * A fingerprint that stays the same while the finding does: it does not hold the line, so an edit
 * above the object does not make the finding look new. Repeats of one finding (two copies of an
 * object in one file) are told apart by their order.
 */
function fingerprints(found: readonly Located[], cwd: string): string[] {
  const seen = new Map<string, number>();
  return found.map((d) => {
    const identity = [
      d.code,
      d.source ? reportPath(d.source.file, cwd) : '',
      d.object.kind,
      d.object.namespace,
      d.object.name,
      d.field,
      d.secret ?? '',
    ].join('\u0000');
    const n = seen.get(identity) ?? 0;
    seen.set(identity, n + 1);
    return createHash('sha256').update(`${identity}\u0000${n}`).digest('hex');
  });
}

function lineOf(d: Located): number | undefined {
  return d.source ? (d.source.fieldLine ?? d.source.line) : undefined;
}

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  [Severity.ERROR]: 'error',
  [Severity.WARNING]: 'warning',
  [Severity.INFO]: 'note',
};

/** A relative path as a URI reference: each segment percent-encoded. */
function uriReference(p: string): string {
  return p.split('/').map(encodeURIComponent).join('/');
}

/** SARIF 2.1.0, one run, with a rule for every code the findings use. */
export function sarifReport(found: readonly Located[], context: ReportContext): string {
  const codes = [...new Set(found.map((d) => d.code))].sort();
  const ruleIndex = new Map(codes.map((c, i) => [c, i]));
  const prints = fingerprints(found, context.cwd);
  const rules = codes.map((code) => {
    const { severity, summary } = DIAGNOSTIC_CODES[code];
    const text = `${summary} Default severity: ${severity}. Each finding's message says what is wrong and how to fix it.`;
    return {
      id: code,
      name: pascalCase(code),
      shortDescription: { text: summary },
      fullDescription: { text: summary },
      help: {
        text,
        markdown: `${summary}\n\nDefault severity: **${severity}**. Each finding's message says what is wrong and how to fix it.`,
      },
      helpUri: helpUri(context.version),
      defaultConfiguration: { level: SARIF_LEVEL[severity] },
    };
  });
  const results = found.map((d, i) => {
    const line = lineOf(d);
    return {
      ruleId: d.code,
      ruleIndex: ruleIndex.get(d.code),
      level: SARIF_LEVEL[d.severity],
      message: { text: `${objectName(d.object)}: ${d.field}: ${d.message} Fix: ${d.fix}` },
      locations: [
        {
          ...(d.source && line !== undefined
            ? {
                physicalLocation: {
                  artifactLocation: { uri: uriReference(reportPath(d.source.file, context.cwd)) },
                  region: { startLine: line },
                },
              }
            : {}),
          logicalLocations: [{ fullyQualifiedName: `${objectName(d.object)}/${d.field}`, kind: 'object' }],
        },
      ],
      partialFingerprints: { 'regcredFinding/v1': prints[i] },
    };
  });
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'regcred',
            version: context.version,
            semanticVersion: context.version,
            informationUri: helpUri(context.version),
            rules,
          },
        },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

function pascalCase(code: DiagnosticCode): string {
  return code
    .toLowerCase()
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

/** Text as XML character data or attribute value; characters XML 1.0 cannot hold become `\xNN`. */
function xml(text: string): string {
  return text
    .replace(
      /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g,
      (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
    )
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\r/g, '&#13;')
    .replace(/\n/g, '&#10;');
}

/**
 * JUnit XML as GitLab and Jenkins read it: one test suite, one test case per object checked
 * (named by kind, namespace and name, with its file), a `<failure>` for each error; warnings and
 * info go to the case's `<system-out>`.
 */
export function junitReport(
  found: readonly Located[],
  checked: readonly CheckedObject[],
  context: ReportContext,
): string {
  const byObject = new Map<number, Located[]>();
  for (const d of found) byObject.set(d.objectIndex, [...(byObject.get(d.objectIndex) ?? []), d]);
  let failures = 0;
  const cases = checked.map((o, index) => {
    const file = o.source ? reportPath(o.source.file, context.cwd) : undefined;
    const list = byObject.get(index) ?? [];
    const errors = list.filter((d) => d.severity === Severity.ERROR);
    const others = list.filter((d) => d.severity !== Severity.ERROR);
    failures += errors.length;
    const body = errors.map(
      (d) =>
        `      <failure message="${xml(`[${d.code}] ${d.field}: ${d.message}`)}" type="${d.code}">${xml(
          `${file ? `${file}:${lineOf(d) ?? o.source?.line}: ` : ''}${d.field}: ${d.message}\nfix: ${d.fix}`,
        )}</failure>`,
    );
    if (others.length > 0) {
      const text = others.map((d) => `${d.severity}[${d.code}] ${d.field}: ${d.message}\n  fix: ${d.fix}`);
      body.push(`      <system-out>${xml(text.join('\n'))}</system-out>`);
    }
    const open = `    <testcase name="${xml(objectName(o))}" classname="${xml(`regcred.check.${o.kind}`)}"${file === undefined ? '' : ` file="${xml(file)}"`} time="0"`;
    return body.length === 0 ? `${open}/>` : `${open}>\n${body.join('\n')}\n    </testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="regcred check" tests="${cases.length}" failures="${failures}" errors="0">`,
    `  <testsuite name="regcred check" tests="${cases.length}" failures="${failures}" errors="0" skipped="0" time="0">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

const GITLAB_SEVERITY: Record<Severity, 'critical' | 'minor' | 'info'> = {
  [Severity.ERROR]: 'critical',
  [Severity.WARNING]: 'minor',
  [Severity.INFO]: 'info',
};

/** GitLab Code Quality (a subset of Code Climate's issue format), one issue per finding. */
export function gitlabReport(found: readonly Located[], context: ReportContext): string {
  const prints = fingerprints(found, context.cwd);
  const issues = found.map((d, i) => ({
    type: 'issue',
    check_name: d.code,
    description: `${objectName(d.object)}: ${d.field}: ${d.message} Fix: ${d.fix}`,
    categories: ['Bug Risk'],
    severity: GITLAB_SEVERITY[d.severity],
    fingerprint: prints[i],
    location: {
      path: d.source ? reportPath(d.source.file, context.cwd) : '',
      lines: { begin: lineOf(d) ?? 1 },
    },
  }));
  return JSON.stringify(issues, null, 2) + '\n';
}
