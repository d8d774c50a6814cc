/** The rules every External Secrets source checks its props by. */
import { RegcredError, RegcredIssue, isRecord, quote } from '../errors';
import { registryKeyProblems } from '../registry-key';
import type { GeneratorProps } from './props';

const DURATION = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;

/** A generator's `spec` must be an object. */
export function specOf(props: GeneratorProps): void {
  if (!isRecord(props.spec)) {
    throw new RegcredError('INVALID_ARGUMENT', {
      field: 'spec',
      message: `'spec' must be the generator's spec as an object (as in its CRD), got ${props.spec === null ? 'null' : typeof props.spec}.`,
    });
  }
}

export function check(issues: RegcredIssue[]): void {
  if (issues.length > 0) throw new RegcredError('INVALID_ARGUMENT', issues);
}

export function nonEmpty(value: unknown, field: string, issues: RegcredIssue[]): string {
  if (typeof value !== 'string' || value.trim() === '' || value !== value.trim()) {
    issues.push({
      field,
      message: `'${field}' must be a non-empty string without surrounding white space, got ${typeof value === 'string' ? quote(value) : typeof value}.`,
    });
    return '';
  }
  return value;
}

export function duration(value: string | undefined, field: string, issues: RegcredIssue[]): void {
  if (value !== undefined && (typeof value !== 'string' || !DURATION.test(value) || /^0+[a-zµ]+$/.test(value))) {
    issues.push({ field, message: `'${field}' ${quote(value)} is not a Go duration such as "1h" or "20m".` });
  }
}

/** An AWS region name: `eu-west-1`, `us-gov-west-1`, `cn-north-1`. */
export const AWS_REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

export function registry(value: unknown, field: string, issues: RegcredIssue[]): string {
  const r = nonEmpty(value, field, issues);
  if (r) for (const message of registryKeyProblems(r, field)) issues.push({ field, message });
  // The key is written into the template's text, where "{{" would open an action.
  if (r.includes('{{') || r.includes('}}')) {
    issues.push({
      field,
      message: `'${field}' ${quote(r)} holds "{{" or "}}"; no registry key does. Give the registry host.`,
    });
  }
  return r;
}

/** A constant username goes into the template as a Go string literal, which takes valid Unicode only. */
export function literalUsername(value: unknown, issues: RegcredIssue[]): void {
  const u = nonEmpty(value, 'username', issues);
  if (/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(u)) {
    issues.push({
      field: 'username',
      message: `'username' holds a lone UTF-16 surrogate, which is no character; give the username as valid text.`,
    });
  }
}

/** The shortest refresh of a GitLab deploy token generator: twice GitLab's default registry token life (5 min). */
export const GITLAB_MIN_REFRESH_MS = 10 * 60_000;

const DURATION_UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1e3, m: 6e4, h: 3.6e6 };

/** A Go duration in milliseconds; NaN when it is none (reported by {@link duration}). */
export function durationMs(value: string): number {
  if (typeof value !== 'string' || !DURATION.test(value)) return NaN;
  let ms = 0;
  for (const m of value.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) ms += Number(m[1]) * DURATION_UNITS[m[2]];
  return ms;
}
