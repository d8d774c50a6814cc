/** Times that users give as text: RFC 3339 dates and times, the one format regcred reads everywhere. */
import { RegcredError, quote, typeName } from '../errors';

const RFC3339 = /^\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:\d{2}))?$/;

/**
 * Reads `value` of `field` as an RFC 3339 date (`2027-01-31`, midnight UTC) or time with a zone
 * (`2027-01-31T00:00:00Z`), or says why it is not one, in a sentence that names the field and the fix.
 */
export function parseTime(value: unknown, field: string): { readonly date: Date } | { readonly problem: string } {
  if (value instanceof Date) {
    return {
      problem: `'${field}' is a Date; it takes RFC 3339 text. Give date.toISOString() (or a date such as "2027-01-31").`,
    };
  }
  const time =
    typeof value === 'string' && RFC3339.test(value)
      ? Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value)
      : NaN;
  if (
    Number.isNaN(time) &&
    typeof value === 'string' &&
    /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/.test(value)
  ) {
    return {
      problem: `'${field}' ${quote(value)} has no time zone, so it names a different instant in each zone. Add one: "${value}Z" for UTC, or an offset such as "${value}+02:00".`,
    };
  }
  if (Number.isNaN(time)) {
    const shown = typeof value === 'string' ? quote(value) : `(${typeName(value)})`;
    return {
      problem: `'${field}' ${shown} is not a date. Use an RFC 3339 date or time, e.g. "2027-01-31" or "2027-01-31T00:00:00Z".`,
    };
  }
  return { date: new Date(time) };
}

/** Throws `INVALID_ARGUMENT` unless `now` (what a caller gave as the current time) is a valid Date. */
export function requireNow(now: unknown): asserts now is Date {
  if (now instanceof Date && !Number.isNaN(now.getTime())) return;
  throw new RegcredError('INVALID_ARGUMENT', {
    field: 'now',
    message: `'now' must be a valid Date, got ${now instanceof Date ? 'an invalid Date' : typeName(now)}. Leave it out to use the current time.`,
  });
}
