/**
 * SOPS's decryption of a Secret regcred encrypted, written out with node:crypto from SOPS's format
 * (the system tier runs the sops CLI itself): the data key from an age identity, each `ENC[…]`
 * value under its path, and the MAC checked.
 */
import { createDecipheriv, createHash } from 'node:crypto';
import { ageDecrypt } from './age-keys';

const ENC = /^ENC\[AES256_GCM,data:([^,]*),iv:([^,]+),tag:([^,]+),type:str\]$/;
const MAC_ONLY_ENCRYPTED = Buffer.from('8a3fd2ad54ce66527b1034f3d147be0b0b975b3bf44f72c6fdadec8176f27d69', 'hex');

function decryptValue(value: string, key: Buffer, additionalData: string): string {
  const m = ENC.exec(value);
  if (!m) throw new Error(`not a SOPS value: ${value.slice(0, 20)}`);
  const d = createDecipheriv('aes-256-gcm', key, Buffer.from(m[2], 'base64'));
  d.setAAD(Buffer.from(additionalData));
  d.setAuthTag(Buffer.from(m[3], 'base64'));
  return Buffer.concat([d.update(Buffer.from(m[1], 'base64')), d.final()]).toString('utf8');
}

interface SopsSecret {
  readonly data: Record<string, string>;
  readonly sops: {
    readonly age: ReadonlyArray<{ readonly enc: string; readonly recipient: string }>;
    readonly lastmodified: string;
    readonly mac: string;
  };
}

/** The plain `data` of a SOPS Secret, opened with the identity of its `index`th recipient; throws on a wrong MAC. */
export function sopsDecryptData(secret: SopsSecret, identity: string, index = 0): Record<string, string> {
  const key = ageDecrypt(secret.sops.age[index].enc, identity);
  const hash = createHash('sha512').update(MAC_ONLY_ENCRYPTED);
  const data: Record<string, string> = {};
  for (const [k, v] of Object.entries(secret.data)) {
    data[k] = decryptValue(v, key, `data:${k}:`);
    hash.update(data[k]);
  }
  const mac = decryptValue(secret.sops.mac, key, secret.sops.lastmodified);
  if (mac !== hash.digest('hex').toUpperCase()) throw new Error('SOPS MAC mismatch');
  return data;
}

/** JSON with every object's keys sorted: two objects compare byte for byte whatever key order a tool wrote. */
export function canonicalJson(o: unknown): string {
  const sorted = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sorted)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, sorted((v as Record<string, unknown>)[k])]),
          )
        : v;
  return JSON.stringify(sorted(o));
}
