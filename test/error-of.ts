import { RegcredError } from 'regcred';

/** The RegcredError `fn` throws; fails the test when it throws nothing or another error. */
export function errorOf(fn: () => unknown): RegcredError {
  try {
    fn();
  } catch (e) {
    if (RegcredError.isRegcredError(e)) return e;
    throw e;
  }
  throw new Error('expected a RegcredError');
}
