/** Checks a preset's props: every problem of every field, reported at once. */
import { RegcredIssue, quote, typeName } from '../errors';
import { registryKeyProblems, registryKeyWarnings } from '../registry-key';
import { parseTime } from '../private/time';
import type { RegistryPreset } from './preset';

/** Collects the issues and warnings of one factory call. */
export class Checker {
  public readonly issues: RegcredIssue[] = [];
  public readonly warnings: string[] = [];

  public fail(field: string, message: string): void {
    this.issues.push({ field, message });
  }

  public warn(message: string): void {
    this.warnings.push(message);
  }

  public registryKey(key: unknown, field: string): void {
    if (typeof key !== 'string') {
      this.fail(field, `'${field}' must be a string, got ${typeName(key)}.`);
      return;
    }
    const problems = registryKeyProblems(key, field);
    for (const m of problems) this.fail(field, m);
    if (problems.length === 0) for (const m of registryKeyWarnings(key, field)) this.warn(m);
  }

  /** A string prop that may be absent; fails for any other type. */
  public optionalString(value: unknown, field: string): string | undefined {
    if (value === undefined || typeof value === 'string') return value;
    this.fail(field, `'${field}' must be a string, got ${typeName(value)}.`);
    return undefined;
  }

  public username(username: unknown, field = 'username'): username is string {
    if (typeof username !== 'string') {
      this.fail(field, `'${field}' must be a string, got ${typeName(username)}.`);
      return false;
    }
    if (username.length === 0) {
      this.fail(
        field,
        `'${field}' is empty. Give the registry username (for a GitLab deploy token, e.g. "gitlab+deploy-token-123").`,
      );
      return false;
    }
    const colon = username.indexOf(':');
    // What follows a colon may be a pasted token: never print it.
    const shown = colon < 0 ? quote(username) : `${quote(username.slice(0, colon))}:***`;
    if (colon >= 0) {
      this.fail(
        field,
        `'${field}' ${shown} contains ":"; the kubelet splits "auth" at the first colon, so the registry would receive user ${quote(username.slice(0, colon))} and the rest as part of the password (a pasted "user:token"?). Use a username without ":".`,
      );
    }
    if (/[\s\u0000-\u001f\u007f]/.test(username)) {
      this.fail(field, `'${field}' ${shown} contains white space or control characters. Remove them.`);
    }
    return colon < 0;
  }

  /** Validates a secret; returns it trimmed, or undefined when unusable. */
  public token(value: unknown, field: string): string | undefined {
    if (typeof value !== 'string') {
      this.fail(field, `'${field}' must be a string, got ${typeName(value)}.`);
      return undefined;
    }
    if (value.length === 0) {
      this.fail(
        field,
        `'${field}' is empty. Give the ${field} (read it from an environment variable or a secret store, not from source code).`,
      );
      return undefined;
    }
    const trimmed = value.trim();
    if (trimmed.length === 0) {
      this.fail(field, `'${field}' "***" is only white space. Give the ${field}.`);
      return undefined;
    }
    if (/[\s\u0000-\u001f\u007f]/.test(trimmed)) {
      this.fail(
        field,
        `'${field}' "***" contains white space or control characters inside it; a token never does, and the registry would reject it. Check how it was copied.`,
      );
      return undefined;
    }
    if (trimmed !== value) {
      const what = /[\r\n]/.test(value) ? 'a newline' : 'white space';
      this.warn(
        `'${field}' "***" had ${what} around it; regcred removed it rather than encode it into "auth". Read the token without the newline (e.g. "echo -n", or "tr -d '\\n'").`,
      );
    }
    return trimmed;
  }

  /**
   * Applies the preset's verdict on the token's kind. Messages name the kind
   * and its prefix, never the token.
   */
  public tokenKind(
    token: string,
    preset: Pick<RegistryPreset<unknown>, 'tokenKinds' | 'unknownToken'>,
    acceptRefused: unknown,
    field = 'token',
    unknownToken = preset.unknownToken,
  ): void {
    const kind = [...preset.tokenKinds]
      .sort((a, b) => b.prefix.length - a.prefix.length)
      .find((k) => token.startsWith(k.prefix));
    const rule = kind ?? unknownToken;
    if (!rule || rule.verdict === 'accept') return;
    const what = kind ? `is ${kind.name} (${kind.prefix}…)` : 'has no prefix regcred knows';
    const reason = `${rule.why ?? ''} ${rule.fix ?? ''}`.trim();
    if (rule.verdict === 'warn') {
      this.warn(`'${field}' ${what}: ${reason}`);
      return;
    }
    this.refuse(
      field,
      acceptRefused,
      `'${field}' ${what}, which cannot work in a pull secret for long: ${reason}`,
      `'${field}' ${what}, which cannot work in a pull secret: ${reason}`,
    );
  }

  /**
   * Refuses a credential that stops working by itself (a job token, an access token that lives
   * hours), or, with `acceptRefusedToken`, takes it with a warning.
   * @returns true when the credential is taken anyway
   */
  public refuse(field: string, acceptRefused: unknown, whenAccepted: string, whenRefused = whenAccepted): boolean {
    if (acceptRefused === true) {
      this.warn(`${whenAccepted} Used anyway because acceptRefusedToken (--accept-refused-token) is set.`);
      return true;
    }
    this.fail(
      field,
      `${whenRefused} If you know the pods only run while it lives, set acceptRefusedToken: true (regcred secret: --accept-refused-token).`,
    );
    return false;
  }

  public expiresAt(value: unknown): Date | undefined {
    if (value === undefined) return undefined;
    const t = parseTime(value, 'expiresAt');
    if ('problem' in t) {
      this.fail('expiresAt', t.problem);
      return undefined;
    }
    return t.date;
  }

  /** `expiresAt` resolved, as the optional field of {@link ResolvedCredentials}. */
  public expiry(value: unknown): { expiresAt?: Date } {
    const expiresAt = this.expiresAt(value);
    return expiresAt ? { expiresAt } : {};
  }
}
