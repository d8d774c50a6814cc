/**
 * age v1 encryption to X25519 recipients, ASCII-armored: what `age -a -r age1…` writes, with the
 * randomness given, so that a caller may derive it. Only node:crypto.
 * @see https://github.com/C2SP/C2SP/blob/main/age.md
 */
import { createCipheriv, createHmac, createPrivateKey, createPublicKey, diffieHellman, hkdfSync } from 'node:crypto';

/** DER prefixes that make a raw 32-byte X25519 key a PKCS #8 private key or an SPKI public key. */
const PKCS8_X25519 = Buffer.from('302e020100300506032b656e04220420', 'hex');
const SPKI_X25519 = Buffer.from('302a300506032b656e032100', 'hex');

/** The randomness of an age file: its file key and payload nonce, and each recipient's ephemeral scalar. */
export interface AgeRandomness {
  /** The file key: 16 bytes. */
  readonly fileKey: Buffer;
  /** The payload nonce: 16 bytes. */
  readonly nonce: Buffer;
  /** An ephemeral X25519 scalar per recipient: 32 bytes each. */
  readonly ephemeral: readonly Buffer[];
}

function hkdf(ikm: Buffer, salt: Buffer, info: string, length: number): Buffer {
  return Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from(info, 'utf8'), length));
}

function chacha(key: Buffer, nonce: Buffer, plaintext: Buffer): Buffer {
  const c = createCipheriv('chacha20-poly1305', key, nonce, { authTagLength: 16 });
  return Buffer.concat([c.update(plaintext), c.final(), c.getAuthTag()]);
}

/** Base64 without padding, as age writes stanza arguments, bodies and the MAC. */
function b64raw(bytes: Buffer): string {
  return bytes.toString('base64').replace(/=+$/, '');
}

/** Base64 text in lines of `width` columns, each ending in "\n"; an empty last line when the text fills its last line. */
function wrap(text: string, width: number, emptyLastLine: boolean): string {
  const lines: string[] = [];
  for (let i = 0; i < text.length; i += width) lines.push(text.slice(i, i + width));
  if (emptyLastLine && text.length % width === 0) lines.push('');
  return lines.map((l) => `${l}\n`).join('');
}

/**
 * X25519 of `scalar` and `point` (both 32 bytes, RFC 7748), or undefined when the result is all
 * zeros (a point of small order: age refuses it).
 */
export function x25519(scalar: Buffer, point: Buffer): Buffer | undefined {
  try {
    return diffieHellman({
      privateKey: privateKeyOf(scalar),
      publicKey: createPublicKey({ key: Buffer.concat([SPKI_X25519, point]), format: 'der', type: 'spki' }),
    });
  } catch {
    return undefined;
  }
}

/** An X25519 scalar (32 bytes) as a private key. */
function privateKeyOf(scalar: Buffer): ReturnType<typeof createPrivateKey> {
  return createPrivateKey({ key: Buffer.concat([PKCS8_X25519, scalar]), format: 'der', type: 'pkcs8' });
}

/** The public key (32 bytes) of an X25519 scalar. */
function publicOf(scalar: Buffer): Buffer {
  return createPublicKey(privateKeyOf(scalar)).export({ type: 'spki', format: 'der' }).subarray(SPKI_X25519.length);
}

/**
 * `plaintext` (at most 64 KiB: one STREAM chunk) encrypted to each X25519 public key of
 * `recipients`, armored. Throws a plain Error for a recipient of small order, which a caller checks
 * first with {@link x25519}.
 */
export function ageEncryptArmored(plaintext: Buffer, recipients: readonly Buffer[], random: AgeRandomness): string {
  if (plaintext.length > 64 * 1024) throw new Error('age payload over one chunk');
  let header = 'age-encryption.org/v1\n';
  recipients.forEach((recipient, i) => {
    const ephemeral = random.ephemeral[i];
    const share = publicOf(ephemeral);
    const shared = x25519(ephemeral, recipient);
    if (!shared) throw new Error('age recipient of small order');
    const wrapKey = hkdf(shared, Buffer.concat([share, recipient]), 'age-encryption.org/v1/X25519', 32);
    const body = chacha(wrapKey, Buffer.alloc(12), random.fileKey);
    header += `-> X25519 ${b64raw(share)}\n${wrap(b64raw(body), 64, true)}`;
  });
  header += '---';
  const mac = createHmac('sha256', hkdf(random.fileKey, Buffer.alloc(0), 'header', 32))
    .update(header, 'utf8')
    .digest();
  const payloadKey = hkdf(random.fileKey, random.nonce, 'payload', 32);
  // The one chunk is the last: counter 0, last-chunk flag 1.
  const chunkNonce = Buffer.alloc(12);
  chunkNonce[11] = 1;
  const file = Buffer.concat([
    Buffer.from(`${header} ${b64raw(mac)}\n`, 'utf8'),
    random.nonce,
    chacha(payloadKey, chunkNonce, plaintext),
  ]);
  const armored = wrap(file.toString('base64'), 64, false);
  return `-----BEGIN AGE ENCRYPTED FILE-----\n${armored}-----END AGE ENCRYPTED FILE-----\n`;
}
