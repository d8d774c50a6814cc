/**
 * Masking of a credential in text that a server sent back (an error page, a redirect target, a
 * realm): regcred quotes servers in its messages, and a server may echo what it was sent.
 */

/** The forms a value travels in: as is, base64 (with and without padding), base64url, JSON-escaped, URL-encoded. */
function forms(value: string): string[] {
  const b64 = Buffer.from(value, 'utf8').toString('base64');
  const url = b64.replace(/\+/g, '-').replace(/\//g, '_');
  return [
    value,
    b64,
    b64.replace(/=+$/, ''),
    url,
    url.replace(/=+$/, ''),
    JSON.stringify(value).slice(1, -1),
    encodeURIComponent(value),
  ];
}

/**
 * A function that writes `***` for the password and `username:password`, in each of their forms,
 * whatever their length. Apply it before shortening text: a cut must not leave a secret's first
 * characters.
 */
export function credentialMasker(
  cred: { readonly username: string; readonly password: string } | undefined,
): (text: string) => string {
  if (!cred || cred.password === '') return (text) => text;
  const secrets = [...new Set([...forms(cred.password), ...forms(`${cred.username}:${cred.password}`)])]
    .filter((s) => s !== '')
    // Longest first, so that a short form never cuts a longer one in two.
    .sort((a, b) => b.length - a.length);
  return (text) => secrets.reduce((t, s) => t.split(s).join('***'), text);
}
