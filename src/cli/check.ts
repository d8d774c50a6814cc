import {
  DIAGNOSTIC_CODES,
  Diagnostic,
  RegcredError,
  Severity,
  atLeast,
  checkManifests,
  identifyObject,
  KubeObject,
  parseWindow,
  requirePodSpecPaths,
} from '../core/internal';
import * as fs from 'node:fs';
import { parseCommandArgs } from './args';
import { readCluster } from './cluster';
import { fieldLocator } from './field-lines';
import { EXIT, Io, UsageError, now, printable, version } from './io';
import { InputError, SourcedObject, readManifests } from './read-manifests';
import { Located, ReportContext, gitlabReport, junitReport, sarifReport } from './reports';

/** The severities `--fail-on` takes, by name. */
const FAIL_ON = new Map<string, Severity>([
  ['error', Severity.ERROR],
  ['warning', Severity.WARNING],
]);

/** The formats `--output` writes. */
const OUTPUTS = ['text', 'json', 'sarif', 'junit', 'gitlab'] as const;
type Output = (typeof OUTPUTS)[number];

export const CHECK_HELP = `Usage: regcred check [--fail-on error|warning] [--output FORMAT [--output-file FILE]]
         [--namespace NS] [--expiring-within DUR] [--pod-spec-path KIND=PATH]... [PATH|-]...
       regcred check --cluster [--context NAME] [--namespace NS | --all-namespaces] [options]

Reports every credentials reason a pod in the manifests would fail to pull an
image, and every unsafe pull secret, the way the cluster would see the set.
PATH is a YAML or JSON file (multi-document, or a kind: List as printed by
kubectl get -o yaml) or a directory searched recursively for *.yaml, *.yml and
*.json (a cdk8s dist/ for example); - reads standard input (the default when
input is piped in). With --cluster, the objects come from the cluster the
kubeconfig names (KUBECONFIG, else ~/.kube/config): pods (with the kubelet's
pull failures), workloads, service accounts and the Secrets of the two pull
secret types, through list calls only; secret data is never printed.

Options:
  --fail-on error|warning  exit 1 when a finding is at or above this level (default error)
  --output FORMAT          text for people (default), json for scripts, or a report CI systems
                           annotate: sarif (SARIF 2.1.0, GitHub code scanning), junit (JUnit XML,
                           GitLab and Jenkins test reports), gitlab (GitLab Code Quality)
  --output-file FILE       write the --output format to FILE and the text to standard output
  --namespace NS           namespace of objects whose manifest names none (default "default");
                           with --cluster, the namespace to read (default: the context's)
  --cluster                read the live cluster instead of files (needs @kubernetes/client-node)
  --context NAME           the kubeconfig context to read (default: its current context)
  -A, --all-namespaces     with --cluster, read every namespace
  --expiring-within DUR    warn about tokens (regcred.io/expires-at) expiring within DUR: 30d, 2w, 12h
                           (default 30d); expired tokens are errors. REGCRED_NOW fixes the clock.
  --pod-spec-path KIND=PATH
                           where objects of KIND keep a pod spec, as a dot path with [] for every
                           item of a list: RayCluster=spec.workerGroupSpecs[].template.spec
                           (repeatable). Kubernetes' own kinds, and any kind with a pod spec at
                           spec.template.spec or spec.jobTemplate.spec.template.spec, need none.
  -h, --help               this help

Exit status: 0 nothing at or above --fail-on, 1 something is, 2 usage or unreadable input.

Codes:
${Object.entries(DIAGNOSTIC_CODES)
  .map(([code, d]) => `  ${code.padEnd(31)} ${d.severity.padEnd(8)}${d.summary}`)
  .join('\n')}
`;

/**
 * Each diagnostic with its object's file, line and document, and with `fieldLines` the line of its
 * field where the text has it (the reports show it; the text does not). Only objects with findings
 * are read again for their fields' lines.
 */
function locate(diagnostics: Diagnostic[], objects: readonly Checked[], fieldLines: boolean): Located[] {
  const locators = new Map<number, (field: string) => number | undefined>();
  return diagnostics.map((d) => {
    const o = objects[d.objectIndex]?.source;
    if (!o) return d;
    if (!fieldLines) return { ...d, source: { file: o.file, line: o.line, documentIndex: o.documentIndex } };
    let fieldLineOf = locators.get(d.objectIndex);
    if (!fieldLineOf) {
      fieldLineOf = fieldLocator(o);
      locators.set(d.objectIndex, fieldLineOf);
    }
    const fieldLine = fieldLineOf(d.field);
    return {
      ...d,
      source: { file: o.file, line: o.line, documentIndex: o.documentIndex, ...(fieldLine ? { fieldLine } : {}) },
    };
  });
}

/** The JSON output: each diagnostic without its index in the list of objects, which only this run knows. */
function jsonReport(found: readonly Located[], objectCount: number): string {
  const summary = {
    errors: found.filter((d) => d.severity === Severity.ERROR).length,
    warnings: found.filter((d) => d.severity === Severity.WARNING).length,
    info: found.filter((d) => d.severity === Severity.INFO).length,
    objects: objectCount,
  };
  const diagnostics = found.map(({ objectIndex: _, ...d }) => d);
  return JSON.stringify({ diagnostics, summary }, null, 2) + '\n';
}

/** An object to check, with where it was read when it was read from a file. */
interface Checked {
  readonly object: KubeObject;
  readonly source?: SourcedObject;
}

function report(
  output: Output,
  found: readonly Located[],
  objects: readonly Checked[],
  context: ReportContext & { defaultNamespace: string; readFrom?: string },
): string {
  const { defaultNamespace } = context;
  switch (output) {
    case 'text':
      return formatText(found, objects.length, context.readFrom);
    case 'json':
      return jsonReport(found, objects.length);
    case 'sarif':
      return sarifReport(found, context);
    case 'gitlab':
      return gitlabReport(found, context);
    case 'junit':
      return junitReport(
        found,
        objects.map((o) => ({
          ...identifyObject(o.object, defaultNamespace),
          ...(o.source ? { source: o.source } : {}),
        })),
        context,
      );
  }
}

function formatText(found: readonly Located[], objectCount: number, readFrom?: string): string {
  const groups = new Map<string, Located[]>();
  for (const d of found) {
    const at = d.source ? `${d.source.file}:${d.source.line}: ` : '';
    const head = printable(`${at}${d.object.kind} ${d.object.namespace}/${d.object.name}`);
    const list = groups.get(head);
    if (list) list.push(d);
    else groups.set(head, [d]);
  }
  const lines: string[] = [];
  for (const [head, list] of groups) {
    lines.push(head);
    for (const d of list) {
      lines.push(printable(`  ${d.severity}[${d.code}] ${d.field}: ${d.message}`));
      lines.push(printable(`    fix: ${d.fix}`));
    }
  }
  const count = (s: Severity): number => found.filter((d) => d.severity === s).length;
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  lines.push(
    `${plural(count(Severity.ERROR), 'error')}, ${plural(count(Severity.WARNING), 'warning')}, ${count(Severity.INFO)} info in ${plural(objectCount, 'object')}${readFrom ? ` of ${readFrom}` : ''}`,
  );
  return lines.join('\n') + '\n';
}

/** `regcred check`: returns the exit code. */
export async function runCheck(argv: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    {
      args: [...argv],
      allowPositionals: true,
      options: {
        'fail-on': { type: 'string' },
        output: { type: 'string' },
        'output-file': { type: 'string' },
        namespace: { type: 'string' },
        'expiring-within': { type: 'string' },
        'pod-spec-path': { type: 'string', multiple: true },
        cluster: { type: 'boolean' },
        context: { type: 'string' },
        'all-namespaces': { type: 'boolean', short: 'A' },
        help: { type: 'boolean', short: 'h' },
      },
    },
    CHECK_HELP,
  );
  if (values.help) {
    io.stdout(CHECK_HELP);
    return EXIT.OK;
  }
  const failOn = FAIL_ON.get(values['fail-on'] ?? 'error');
  if (failOn === undefined) throw new UsageError(`--fail-on must be "error" or "warning", got "${values['fail-on']}"`);
  const output = (values.output ?? 'text') as Output;
  if (!OUTPUTS.includes(output))
    throw new UsageError(`--output must be one of ${OUTPUTS.join(', ')}, got "${printable(output)}"`);
  const outputFile = values['output-file'];
  if (outputFile !== undefined && (output === 'text' || outputFile === ''))
    throw new UsageError(
      outputFile === ''
        ? '--output-file needs a file name'
        : '--output-file writes the --output format beside the text; give --output json, sarif, junit or gitlab',
    );
  const defaultNamespace = values.namespace ?? 'default';
  const window = parseWindow(values['expiring-within'] ?? '30d');
  if (window === undefined)
    throw new UsageError(`--expiring-within must look like 30d, 2w or 12h, got "${values['expiring-within']}"`);

  const podSpecPaths = podSpecPathsOf(values['pod-spec-path'] ?? []);

  const { objects, readFrom } = await readObjects(values, positionals, io);
  const found = locate(
    checkManifests(
      objects.map((o) => o.object),
      { defaultNamespace, now: now(io), expiringWithinMs: window, ...(podSpecPaths ? { podSpecPaths } : {}) },
    ),
    objects,
    output !== 'text',
  );
  const context = { cwd: io.cwd ?? process.cwd(), version: version(), defaultNamespace, readFrom };
  if (outputFile === undefined) {
    io.stdout(report(output, found, objects, context));
  } else {
    try {
      fs.writeFileSync(outputFile, report(output, found, objects, context));
    } catch (e) {
      throw new UsageError(
        `--output-file ${printable(outputFile)}: cannot write: ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
      );
    }
    io.stdout(formatText(found, objects.length, readFrom));
  }
  return found.some((d) => atLeast(d.severity, failOn)) ? EXIT.FINDINGS : EXIT.OK;
}

/** The objects to check: from the live cluster with --cluster, else from files or standard input. */
async function readObjects(
  values: { cluster?: boolean; context?: string; namespace?: string; 'all-namespaces'?: boolean },
  positionals: readonly string[],
  io: Io,
): Promise<{ objects: Checked[]; readFrom?: string }> {
  if (values.cluster) {
    if (positionals.length > 0)
      throw new UsageError(
        `--cluster reads the cluster, not files; drop ${positionals.map((p) => `"${printable(p)}"`).join(', ')}`,
      );
    if (values['all-namespaces'] && values.namespace !== undefined)
      throw new UsageError('--namespace and --all-namespaces name the namespaces to read twice; give one');
    const cluster = await readCluster(
      {
        ...(values.context !== undefined ? { context: values.context } : {}),
        ...(values.namespace !== undefined ? { namespace: values.namespace } : {}),
        allNamespaces: values['all-namespaces'] === true,
      },
      io.cwd ?? process.cwd(),
    );
    return { objects: cluster.objects.map((object) => ({ object })), readFrom: cluster.scope };
  }
  if (values.context !== undefined || values['all-namespaces'])
    throw new UsageError(`--${values.context !== undefined ? 'context' : 'all-namespaces'} goes with --cluster`);
  if (positionals.length === 0 && io.stdinIsTerminal === true) {
    throw new UsageError(
      `no manifests given: pass files or directories, pipe manifests in and use - for standard input, or read the cluster with --cluster\n\n${CHECK_HELP}`,
    );
  }
  try {
    const sourced = await readManifests(positionals.length > 0 ? positionals : ['-'], io.readStdin);
    return { objects: sourced.map((source) => ({ object: source.object, source })) };
  } catch (e) {
    if (e instanceof InputError) throw new UsageError(printable(e.message));
    throw e;
  }
}

/** `--pod-spec-path KIND=PATH` options as podSpecPaths, or a usage error naming the one at fault. */
function podSpecPathsOf(options: readonly string[]): { [kind: string]: string[] } | undefined {
  if (options.length === 0) return undefined;
  const byKind = new Map<string, string[]>();
  for (const option of options) {
    const eq = option.indexOf('=');
    if (eq <= 0)
      throw new UsageError(
        `--pod-spec-path must look like KIND=PATH (RayCluster=spec.headGroupSpec.template.spec), got "${printable(option)}"`,
      );
    const kind = option.slice(0, eq);
    byKind.set(kind, [...(byKind.get(kind) ?? []), option.slice(eq + 1)]);
  }
  const paths = Object.fromEntries(byKind);
  try {
    requirePodSpecPaths(paths, 'podSpecPaths');
  } catch (e) {
    if (!RegcredError.isRegcredError(e)) throw e;
    throw new UsageError(`--pod-spec-path: ${printable(e.issues.map((i) => i.message).join(' '))}`);
  }
  return paths;
}
