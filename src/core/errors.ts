const REGCRED_ERROR = Symbol.for('regcred.RegcredError');

/** Stable codes of {@link RegcredError}. */
export type RegcredErrorCode =
  | 'INVALID_CREDENTIALS'
  | 'INVALID_IMAGE_REFERENCE'
  | 'INVALID_PULL_SECRET'
  | 'INVALID_SECRET_NAME'
  | 'INVALID_ARGUMENT'
  | 'INVALID_CERTIFICATE';

/** One problem with one field, as collected before a {@link RegcredError} is thrown. */
export interface RegcredIssue {
  /** The field, as the user wrote it (`token`, `credentials[1].registry`). */
  readonly field: string;
  /** What is wrong and how to fix it, with secrets shown as `***`. */
  readonly message: string;
}

/**
 * The one error regcred throws for bad input.
 *
 * The message names the field, the value received (secrets as `***`), the rule
 * and the fix. Where several fields are wrong, `issues` lists each and the
 * message joins them.
 *
 * @jsii ignore jsii's languages raise their own exception type with this message.
 */
export class RegcredError extends Error {
  /** True for any `RegcredError`, also one from another copy of regcred. */
  public static isRegcredError(x: unknown): x is RegcredError {
    return typeof x === 'object' && x !== null && REGCRED_ERROR in x;
  }

  /** The first field that is wrong. */
  public readonly field: string;
  /** Every field that is wrong, in the order they were checked. */
  public readonly issues: readonly RegcredIssue[];

  public constructor(
    public readonly code: RegcredErrorCode,
    issues: RegcredIssue | readonly RegcredIssue[],
  ) {
    const list = Array.isArray(issues) ? (issues as readonly RegcredIssue[]) : [issues as RegcredIssue];
    super(list.map((i) => i.message).join('\n'));
    this.name = 'RegcredError';
    this.field = list[0]?.field ?? '';
    this.issues = list;
    Object.defineProperty(this, REGCRED_ERROR, { value: true });
  }
}

/**
 * `e` with each issue's field under `prefix` (`token` → `previous.token`), in the field and in the
 * message that starts with it: for values a caller gave inside a larger prop.
 */
export function underField(e: RegcredError, prefix: string): RegcredError {
  return new RegcredError(
    e.code,
    e.issues.map((i) => ({
      field: `${prefix}.${i.field}`,
      message: i.message.startsWith(`'${i.field}'`)
        ? `'${prefix}.${i.field}'${i.message.slice(i.field.length + 2)}`
        : i.message,
    })),
  );
}

/** Quotes a user value for a message, the way JSON would; a value that is not a string is named by its type. */
export function quote(value: string): string {
  return typeof value === 'string' ? JSON.stringify(value) : `(${typeName(value)})`;
}

/** The JSON-ish type of a value, for messages about wrong types: "a number", "null", "an array". */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'an array';
  const t = typeof value;
  return t === 'object' ? 'an object' : `a ${t}`;
}

/** Whether a value is a plain JSON object (not null, not an array). */
export function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** A property of an object of untrusted data, read only if it is the object's own (never `toString` or `__proto__`). */
export function own(obj: unknown, key: string): unknown {
  return isRecord(obj) && Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
}

/**
 * Throws `INVALID_ARGUMENT` unless `props` is an object: what a construct or
 * component gets from a JavaScript caller who left its props out.
 */
export function requireProps(props: unknown, owner: string, example: string): asserts props is Record<string, unknown> {
  if (isRecord(props)) return;
  throw new RegcredError('INVALID_ARGUMENT', {
    field: 'props',
    message: `${owner} takes an object of props, got ${typeName(props)}. Give at least ${example}.`,
  });
}
