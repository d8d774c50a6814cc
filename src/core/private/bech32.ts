/**
 * Bech32 (BIP 173) decoding, as age encodes its recipients: a human-readable part, "1", then data in
 * a 32-character alphabet ending in a six-character checksum. Like age, no length limit of 90.
 * @see https://github.com/bitcoin/bips/blob/master/bip-0173.mediawiki
 */

const ALPHABET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const GENERATOR = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];

function polymod(values: readonly number[]): number {
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = (((chk & 0x1ffffff) << 5) ^ v) >>> 0;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk = (chk ^ GENERATOR[i]) >>> 0;
  }
  return chk;
}

function expandPrefix(prefix: string): number[] {
  const codes = [...prefix].map((c) => c.charCodeAt(0));
  return [...codes.map((c) => c >>> 5), 0, ...codes.map((c) => c & 31)];
}

/** Why `text` is not Bech32, or its prefix and data bytes. Lower case only, as age writes it. */
export function decodeBech32(text: string): { prefix: string; data: Buffer } | { problem: string } {
  if (text !== text.toLowerCase()) return { problem: 'it has upper-case letters' };
  const sep = text.lastIndexOf('1');
  if (sep < 1 || text.length - sep - 1 < 6) return { problem: 'it has no "1" separator followed by a checksum' };
  const prefix = text.slice(0, sep);
  if (![...prefix].every((c) => c >= '!' && c <= '~')) return { problem: 'its prefix has characters Bech32 refuses' };
  const values: number[] = [];
  for (const c of text.slice(sep + 1)) {
    const v = ALPHABET.indexOf(c);
    if (v < 0) return { problem: `it has ${JSON.stringify(c)}, which is not in the Bech32 alphabet` };
    values.push(v);
  }
  if (polymod([...expandPrefix(prefix), ...values]) !== 1)
    return { problem: 'its checksum does not match (a character is wrong or missing)' };
  // Regroup the 5-bit values (without the checksum) into bytes; leftover bits must be zero padding.
  const bytes: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const v of values.slice(0, -6)) {
    acc = ((acc << 5) | v) & 0xfff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((acc >>> bits) & 0xff);
    }
  }
  if (bits >= 5 || (acc & ((1 << bits) - 1)) !== 0) return { problem: 'its data has bits left over' };
  return { prefix, data: Buffer.from(bytes) };
}
