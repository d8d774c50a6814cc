/** age recipients as users give them: checked, and read to their X25519 public keys. */
import { RegcredError, RegcredIssue, typeName } from '../errors';
import { decodeBech32 } from './bech32';
import { x25519 } from './age-encrypt';

const RECIPIENT_SHAPE = /^age1[0-9a-z]*$/;
const ANY_POINT_SCALAR = Buffer.alloc(32, 0x42);

/** What is wrong with one recipient, in a sentence that starts with its field; never the value of an identity. */
function problemOf(value: unknown, field: string): { key: Buffer } | { message: string } {
  const f = `'${field}'`;
  if (typeof value !== 'string') {
    return { message: `${f} must be an age recipient (a string starting "age1"), got ${typeName(value)}.` };
  }
  if (/AGE-SECRET-KEY-/i.test(value)) {
    return {
      message: `${f} is an age identity (AGE-SECRET-KEY-…, not shown): the private key, which opens every Secret encrypted for it and must never be in a manifest or a program. Give its recipient instead: age-keygen -y key.txt prints it. If the identity was committed, make a new key and re-encrypt.`,
    };
  }
  if (value !== value.trim()) return { message: `${f} has spaces or a line break around it; remove them.` };
  if (value === '') return { message: `${f} is empty; give an age recipient (age-keygen -y key.txt prints it).` };
  if (value.includes(',')) {
    return {
      message: `${f} holds several recipients separated by commas; give each recipient as its own entry of the list.`,
    };
  }
  if (value.startsWith('ssh-')) {
    return {
      message: `${f} is an SSH public key; regcred encrypts to age X25519 recipients (age1…) only. Make an age key with age-keygen and give its recipient.`,
    };
  }
  if (value.startsWith('age1pq1')) {
    return {
      message: `${f} is a post-quantum age recipient (age1pq1…); regcred encrypts to age X25519 recipients (age1…, what age-keygen makes by default) only. Give an X25519 recipient.`,
    };
  }
  const shown = RECIPIENT_SHAPE.test(value) ? JSON.stringify(value) : `(${value.length} characters, not shown)`;
  if (value.startsWith('age1') && value.indexOf('1', 4) >= 0) {
    return {
      message: `${f} ${shown} is an age plugin recipient (age1NAME1…): a plugin runs where the file is encrypted, which regcred cannot do. Give an age X25519 recipient (age-keygen -y key.txt prints it).`,
    };
  }
  const decoded = decodeBech32(value);
  const why =
    'problem' in decoded
      ? decoded.problem
      : decoded.prefix !== 'age'
        ? `it starts ${JSON.stringify(`${decoded.prefix}1`)}, not "age1"`
        : decoded.data.length !== 32
          ? `it holds ${decoded.data.length} bytes, not an X25519 key's 32`
          : x25519(ANY_POINT_SCALAR, decoded.data) === undefined
            ? 'its key is a point of small order, which age refuses'
            : undefined;
  if (why !== undefined || 'problem' in decoded) {
    return {
      message: `${f} ${shown} is not an age recipient: ${why}. Copy it again: age-keygen -y key.txt prints it.`,
    };
  }
  return { key: decoded.data };
}

/**
 * The X25519 public keys of `recipients` (field `field`), in order; a RegcredError naming each bad
 * entry (`age[1]`) otherwise. An empty list, an identity, a recipient given twice and a recipient
 * age knows but regcred cannot encrypt to (SSH, post-quantum, plugin) are refused.
 */
export function ageRecipientKeys(recipients: unknown, field: string): Buffer[] {
  if (!Array.isArray(recipients)) {
    throw new RegcredError('INVALID_ARGUMENT', {
      field,
      message: `'${field}' must be a list of age recipients (["age1…"]), got ${typeName(recipients)}.`,
    });
  }
  if (recipients.length === 0) {
    throw new RegcredError('INVALID_ARGUMENT', {
      field,
      message: `'${field}' is empty: a SOPS Secret needs at least one age recipient, the one whose identity decrypts it (for Flux, the key in its sops-age Secret). age-keygen -y key.txt prints it.`,
    });
  }
  const issues: RegcredIssue[] = [];
  const keys: Buffer[] = [];
  const seen = new Map<string, number>();
  recipients.forEach((value: unknown, i) => {
    const entry = `${field}[${i}]`;
    const result = problemOf(value, entry);
    if ('message' in result) {
      issues.push({ field: entry, message: result.message });
      return;
    }
    const first = seen.get(value as string);
    if (first !== undefined) {
      issues.push({ field: entry, message: `'${entry}' repeats '${field}[${first}]'; give each recipient once.` });
      return;
    }
    seen.set(value as string, i);
    keys.push(result.key);
  });
  if (issues.length > 0) throw new RegcredError('INVALID_ARGUMENT', issues);
  return keys;
}
