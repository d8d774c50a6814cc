/**
 * YAML for a manifest made of nested objects, lists of objects, strings and booleans, without loading a
 * YAML library (the `secret` command starts faster). A scalar is written plain
 * only when every YAML reader takes it for the same string — YAML 1.1 readers
 * such as kubectl's (sigs.k8s.io/yaml) included, which read `y`, `n`, `on`,
 * `0b101`, `012` and `2001-12-14` as booleans, numbers and times — and as a
 * JSON string, which YAML reads the same, otherwise.
 */

/** Starts with a letter (no number, time, `.inf`, `~`), or a dot and a letter (`.dockerconfigjson`). */
const PLAIN = /^\.?[A-Za-z][A-Za-z0-9_./-]*$/;
/**
 * YAML 1.1 booleans and nulls, the dotted infinity and not-a-number, and an exponent alone
 * (`e9`, `e-0`, `.e1`), which some YAML 1.1 readers take for a number.
 */
const RESERVED = /^(?:y|n|yes|no|true|false|on|off|null|\.inf|\.nan|\.?e[-+]?\d+)$/i;

/** Lines of printable text without white space at either end, each ending in one newline (an armored key). */
const BLOCK = /^(?:[!-~](?:[ -~]*[!-~])?\n)+$/;

function scalar(value: string): string {
  return PLAIN.test(value) && !RESERVED.test(value) ? value : JSON.stringify(value);
}

/** `key: value` for a string: a literal block for text in lines, else a scalar. */
function keyValue(key: string, value: string, indent: string): string[] {
  if (!BLOCK.test(value)) return [`${indent}${scalar(key)}: ${scalar(value)}`];
  return [
    `${indent}${scalar(key)}: |`,
    ...value
      .slice(0, -1)
      .split('\n')
      .map((l) => `${indent}  ${l}`),
  ];
}

function lines(value: unknown, indent: string): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error('manifestYaml writes nested objects, lists of objects, strings and booleans only');
  }
  const out: string[] = [];
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === undefined) continue;
    if (typeof v === 'string') out.push(...keyValue(key, v, indent));
    else if (typeof v === 'boolean') out.push(`${indent}${scalar(key)}: ${v}`);
    else if (Array.isArray(v)) {
      out.push(`${indent}${scalar(key)}:`);
      for (const item of v) {
        const itemLines = lines(item, `${indent}    `);
        out.push(`${indent}  - ${itemLines[0].slice(indent.length + 4)}`, ...itemLines.slice(1));
      }
    } else {
      out.push(`${indent}${scalar(key)}:`);
      out.push(...lines(v, `${indent}  `));
    }
  }
  return out;
}

/** The manifest as a YAML document. */
export function manifestYaml(manifest: object): string {
  return lines(manifest, '').join('\n') + '\n';
}
