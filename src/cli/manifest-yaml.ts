/**
 * YAML for a manifest made of nested objects and strings, without loading a
 * YAML library (the `secret` command starts faster). Scalars that could be
 * read as anything but a string are written as JSON strings, which YAML reads
 * the same.
 */
const PLAIN = /^[A-Za-z0-9_./-]+$/;
const AMBIGUOUS =
  /^(?:true|false|yes|no|on|off|null|~|[-+]?(?:\d[\d_]*)?\.?\d+(?:e[-+]?\d+)?|0x[0-9a-f]+|0o[0-7]+|\.inf|\.nan)$/i;

function scalar(value: string): string {
  return PLAIN.test(value) && !AMBIGUOUS.test(value) ? value : JSON.stringify(value);
}

function lines(value: unknown, indent: string): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error('manifestYaml writes nested objects of strings only');
  }
  const out: string[] = [];
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === undefined) continue;
    if (typeof v === 'string') out.push(`${indent}${scalar(key)}: ${scalar(v)}`);
    else {
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
