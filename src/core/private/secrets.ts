/**
 * Where credential secrets live. Not exported from the package: a secret is
 * reachable only through the render functions, never through a property.
 */
const SECRETS = new WeakMap<object, string>();

export function storeSecret(owner: object, secret: string): void {
  SECRETS.set(owner, secret);
}

export function revealSecret(owner: object): string {
  const secret = SECRETS.get(owner);
  if (secret === undefined) throw new Error('regcred: credentials object has no secret (was it copied?)');
  return secret;
}
