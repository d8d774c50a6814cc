import * as fs from 'node:fs';
import * as path from 'node:path';
import { KubeObject } from '../core/internal';
import { MAX_INPUT_BYTES, tooLarge } from './input-limit';
import { parseManifestText } from './parse-manifests';

/** An object read from a manifest, with where it came from. */
export interface SourcedObject {
  readonly object: KubeObject;
  readonly file: string;
  /** 1-based line of the document (or list item) start. */
  readonly line: number;
  /** 0-based index of its document in the file (empty documents count; the items of a List share one). */
  readonly documentIndex: number;
  /** The whole text of its file, and where the object sits in it ([start, end)), to find a field's line. */
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/** A file that cannot be read, with the file and line. */
export class InputError extends Error {}

const MANIFEST_FILE = /\.(ya?ml|json)$/i;

/** What went wrong with a file system call, in words (`EACCES` is not "no such file"). */
function describe(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    case 'EISDIR':
      return 'is a directory';
    default:
      return code ?? (e instanceof Error ? e.message : String(e));
  }
}

/**
 * Every manifest file under `p` (a file, or a directory searched recursively,
 * following symbolic links once per real directory), sorted by name.
 */
function expand(p: string, seen: Set<string> = new Set()): string[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(p);
  } catch (e) {
    throw new InputError(`${p}: ${describe(e)}`);
  }
  if (!stat.isDirectory()) return [p];
  let real: string;
  let entries: fs.Dirent[];
  try {
    real = fs.realpathSync(p);
    entries = fs.readdirSync(p, { withFileTypes: true });
  } catch (e) {
    throw new InputError(`${p}: cannot read directory: ${describe(e)}`);
  }
  if (seen.has(real)) return [];
  seen.add(real);
  return entries
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((e) => {
      const child = path.join(p, e.name);
      let isDirectory = e.isDirectory();
      if (e.isSymbolicLink()) {
        try {
          isDirectory = fs.statSync(child).isDirectory();
        } catch (err) {
          throw new InputError(`${child}: broken symbolic link: ${describe(err)}`);
        }
      }
      if (isDirectory) return expand(child, seen);
      return MANIFEST_FILE.test(e.name) ? [child] : [];
    });
}

/** Reads a whole file or stream, refusing more than {@link MAX_INPUT_BYTES} (so `/dev/zero` ends). */
function readBounded(fd: number, name: string): string {
  // Files and devices only; standard input is read as a stream (io.ts).
  const chunks: Buffer[] = [];
  let total = 0;
  const chunk = Buffer.allocUnsafe(1 << 20);
  for (;;) {
    let n: number;
    try {
      n = fs.readSync(fd, chunk, 0, chunk.length, null);
    } catch (e) {
      throw new InputError(`${name}: cannot read: ${describe(e)}`);
    }
    if (n === 0) break;
    total += n;
    if (total > MAX_INPUT_BYTES) {
      throw new InputError(`${name}: ${tooLarge()}`);
    }
    chunks.push(Buffer.from(chunk.subarray(0, n)));
  }
  return Buffer.concat(chunks, total).toString('utf8');
}

function readFileText(file: string): string {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (e) {
    throw new InputError(`${file}: cannot read: ${describe(e)}`);
  }
  try {
    return readBounded(fd, file);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Parses multi-document YAML or JSON; `kind: List` objects are flattened into
 * their items, each with the line where it starts.
 *
 * @throws InputError with `file:line` for text that is not YAML or JSON
 */
export function parseManifests(text: string, file: string): SourcedObject[] {
  const parsed = parseManifestText(text);
  if (!parsed.ok) throw new InputError(`${file}:${parsed.line}: ${parsed.message}`);
  return parsed.objects.map((o) => ({
    object: o.object,
    file,
    line: o.line,
    documentIndex: o.documentIndex,
    text,
    start: o.start,
    end: o.end,
  }));
}

/**
 * Reads manifests from files, directories (recursively, `*.yaml`, `*.yml`,
 * `*.json`) and `-` for standard input.
 *
 * @throws InputError naming the file (and line) that cannot be read
 */
export async function readManifests(
  inputs: readonly string[],
  readStdin: () => Promise<string>,
): Promise<SourcedObject[]> {
  const out: SourcedObject[] = [];
  for (const input of inputs) {
    if (input === '-') {
      for (const o of parseManifests(await readStdin(), '<stdin>')) out.push(o);
      continue;
    }
    const files = expand(input);
    // A directory without manifests is most often the dist/ of a synth that failed or wrote elsewhere.
    if (files.length === 0) {
      throw new InputError(
        `${input}: no *.yaml, *.yml or *.json file in this directory; if it is a synth output, did the synth run and write here?`,
      );
    }
    for (const file of files) {
      for (const o of parseManifests(readFileText(file), file)) out.push(o);
    }
  }
  return out;
}
