/** Where a construct's refusal points: its path, the field and the fix, and the app's own line. */
import * as path from 'node:path';
import { IConstruct } from 'constructs';
import { RegcredError } from '../core/internal';

/**
 * Runs `fn`, prefixing every message of a RegcredError with the construct path. The error prints as
 * cdk8s users read validation errors: one block with the code and each `[path] 'field' … fix`, then
 * the line of the app that made the construct; no frames of regcred's own code, no dump of `issues`
 * (`code`, `field` and `issues` stay readable).
 */
export function withConstructPath<T>(scope: IConstruct, id: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (!RegcredError.isRegcredError(e)) throw e;
    const constructPath = [scope.node.path, id].filter(Boolean).join('/');
    const error = new RegcredError(
      e.code,
      e.issues.map((i) => ({ field: i.field, message: `[${constructPath}] ${i.message}` })),
    );
    const app = (error.stack ?? '')
      .split('\n')
      .find((l) => /^\s+at /.test(l) && !l.includes(OWN_CODE) && !/node_modules|node:internal|\(node:/.test(l));
    Object.defineProperty(error, 'stack', {
      value: `${error.name} [${error.code}]: ${error.issues.map((i) => i.message).join('\n  ')}${app ? `\n${app}` : ''}`,
      configurable: true,
      writable: true,
    });
    for (const key of ['code', 'field', 'issues']) Object.defineProperty(error, key, { enumerable: false });
    throw error;
  }
}

/** regcred's own files (src/ or lib/): frames in them are left out of a construct's error. */
const OWN_CODE = path.join(__dirname, '..');
