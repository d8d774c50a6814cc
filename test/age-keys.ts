/**
 * age test keys (made by Debian's age-keygen, for tests only) and an age decryption written out
 * with node:crypto: an identity opens what regcred encrypted for its recipient, without regcred's
 * own code in the way.
 */
import { createDecipheriv, createHmac, createPrivateKey, createPublicKey, diffieHellman, hkdfSync } from 'node:crypto';
import { decodeBech32 } from '../src/core/private/bech32';

export const AGE_KEYS = [
  {
    identity: 'AGE-SECRET-KEY-1R6WJR47J39882PK4HF6XTG7N3WQXRLXFY9DDNY9EQFUNADW3KYDSMT7E4J',
    recipient: 'age142zspwlqvc4u8xvj4jn4df9hrwma3k2nrjnj9m9d9a34jtfc7a7qjl2nh8',
  },
  {
    identity: 'AGE-SECRET-KEY-1FW9J7HMMDPZGH47W92TRMTUWYFS2Y8SH02ZAV0CYJCVJHXD4WTXSYXTFY9',
    recipient: 'age1r5wsrkcv8dtcennqghwdt4se3xzuqculh9jetjy6kjs0vjmqcszsgstjdv',
  },
] as const;

const PKCS8 = Buffer.from('302e020100300506032b656e04220420', 'hex');
const SPKI = Buffer.from('302a300506032b656e032100', 'hex');

function hkdf(ikm: Buffer, salt: Buffer, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from(info), 32));
}

function unchacha(key: Buffer, nonce: Buffer, sealed: Buffer): Buffer {
  const d = createDecipheriv('chacha20-poly1305', key, nonce, { authTagLength: 16 });
  d.setAuthTag(sealed.subarray(sealed.length - 16));
  return Buffer.concat([d.update(sealed.subarray(0, sealed.length - 16)), d.final()]);
}

/** Opens an armored age file with an X25519 identity, checking the header MAC; throws when it cannot. */
export function ageDecrypt(armored: string, identity: string): Buffer {
  const lines = armored.trim().split('\n');
  if (lines[0] !== '-----BEGIN AGE ENCRYPTED FILE-----' || lines.at(-1) !== '-----END AGE ENCRYPTED FILE-----') {
    throw new Error('not an armored age file');
  }
  const file = Buffer.from(lines.slice(1, -1).join(''), 'base64');
  const decoded = decodeBech32(identity.toLowerCase());
  if ('problem' in decoded) throw new Error(decoded.problem);
  const secret = createPrivateKey({ key: Buffer.concat([PKCS8, decoded.data]), format: 'der', type: 'pkcs8' });
  const ours = createPublicKey(secret).export({ type: 'spki', format: 'der' }).subarray(SPKI.length);
  const macAt = file.indexOf('\n--- ');
  const headerEnd = file.indexOf('\n', macAt + 1);
  const header = file.subarray(0, macAt + 4).toString('utf8');
  const [intro, stanza, body] = header.split('\n');
  if (intro !== 'age-encryption.org/v1' || !stanza.startsWith('-> X25519 ')) throw new Error('not an X25519 age file');
  const share = Buffer.from(stanza.slice('-> X25519 '.length), 'base64');
  const shared = diffieHellman({
    privateKey: secret,
    publicKey: createPublicKey({ key: Buffer.concat([SPKI, share]), format: 'der', type: 'spki' }),
  });
  const fileKey = unchacha(
    hkdf(shared, Buffer.concat([share, ours]), 'age-encryption.org/v1/X25519'),
    Buffer.alloc(12),
    Buffer.from(body, 'base64'),
  );
  const mac = createHmac('sha256', hkdf(fileKey, Buffer.alloc(0), 'header'))
    .update(header)
    .digest();
  if (!mac.equals(Buffer.from(file.subarray(macAt + 5, headerEnd).toString('utf8'), 'base64'))) {
    throw new Error('age header MAC mismatch');
  }
  const nonce = file.subarray(headerEnd + 1, headerEnd + 17);
  const last = Buffer.alloc(12);
  last[11] = 1;
  return unchacha(hkdf(fileKey, nonce, 'payload'), last, file.subarray(headerEnd + 17));
}
