/** The Sealed Secrets controller's hybrid encryption (RSA-OAEP over a session key, AES-GCM), with the seed and key given. */
import {
  createHash,
  createPublicKey,
  constants,
  hkdfSync,
  publicEncrypt,
  createCipheriv,
  randomBytes,
} from 'node:crypto';

function mgf1(seed: Buffer, length: number): Buffer {
  const out: Buffer[] = [];
  for (let counter = 0; out.length * 32 < length; counter++) {
    const c = Buffer.alloc(4);
    c.writeUInt32BE(counter);
    out.push(createHash('sha256').update(seed).update(c).digest());
  }
  return Buffer.concat(out).subarray(0, length);
}

function xor(a: Buffer, b: Buffer): Buffer {
  return Buffer.from(a.map((x, i) => x ^ b[i]));
}

/** RSAES-OAEP (SHA-256, MGF1-SHA-256) with a given seed (RFC 8017 §7.1.1). */
function oaepEncrypt(key: ReturnType<typeof createPublicKey>, message: Buffer, label: Buffer, seed: Buffer): Buffer {
  const k = Math.ceil((key.asymmetricKeyDetails?.modulusLength ?? 0) / 8);
  const hLen = 32;
  if (message.length > k - 2 * hLen - 2) throw new Error('message too long for the RSA key');
  const lHash = createHash('sha256').update(label).digest();
  const db = Buffer.concat([lHash, Buffer.alloc(k - message.length - 2 * hLen - 2), Buffer.from([1]), message]);
  const maskedDb = xor(db, mgf1(seed, k - hLen - 1));
  const maskedSeed = xor(seed, mgf1(maskedDb, hLen));
  return publicEncrypt(
    { key, padding: constants.RSA_NO_PADDING },
    Buffer.concat([Buffer.from([0]), maskedSeed, maskedDb]),
  );
}

/**
 * The controller's hybrid encryption (`pkg/crypto.HybridEncrypt`): a 32-byte
 * session key sealed with RSA-OAEP-SHA256 under the scope label, then the
 * value with AES-256-GCM under the session key (nonce zero: a key is used
 * once). Deterministic, the session key and the OAEP seed come from the
 * value, the label, the data key and the controller's key (HKDF-SHA256), so
 * the same inputs seal to the same bytes; otherwise from fresh randomness.
 */
export function hybridEncrypt(
  sealing: { key: ReturnType<typeof createPublicKey>; spki: Buffer },
  value: Buffer,
  label: string,
  dataKey: string,
  deterministic: boolean,
): string {
  const info = Buffer.from(`regcred sealed-secrets v1\0${label}\0${dataKey}`, 'utf8');
  const material = deterministic
    ? Buffer.from(hkdfSync('sha256', value, createHash('sha256').update(sealing.spki).digest(), info, 64))
    : randomBytes(64);
  const sessionKey = material.subarray(0, 32);
  const rsa = oaepEncrypt(sealing.key, sessionKey, Buffer.from(label, 'utf8'), material.subarray(32));
  const cipher = createCipheriv('aes-256-gcm', sessionKey, Buffer.alloc(12));
  const aes = Buffer.concat([cipher.update(value), cipher.final(), cipher.getAuthTag()]);
  const length = Buffer.alloc(2);
  length.writeUInt16BE(rsa.length);
  return Buffer.concat([length, rsa, aes]).toString('base64');
}
