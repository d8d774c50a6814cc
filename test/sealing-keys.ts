/** A Sealed Secrets controller's key pair for tests: an RSA key and its self-signed certificate (openssl). */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface SealingKeys {
  readonly certificate: string;
  readonly privateKey: string;
  readonly certFile: string;
}

/**
 * A new key pair; `algorithm` other than rsa makes a certificate the controller could not have, and
 * `bits` an RSA key of another size than the controller's 4096.
 */
export function sealingKeys(algorithm: 'rsa' | 'ec' = 'rsa', days = 3650, bits = 4096): SealingKeys {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regcred-seal-'));
  const key = path.join(dir, 'tls.key');
  const certFile = path.join(dir, 'tls.crt');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      algorithm === 'rsa' ? `rsa:${bits}` : 'ec',
      ...(algorithm === 'ec' ? ['-pkeyopt', 'ec_paramgen_curve:prime256v1'] : []),
      '-nodes',
      '-keyout',
      key,
      '-out',
      certFile,
      '-days',
      String(days),
      '-subj',
      '/O=sealed-secret',
    ],
    { stdio: 'pipe' },
  );
  return { certificate: fs.readFileSync(certFile, 'utf8'), privateKey: fs.readFileSync(key, 'utf8'), certFile };
}
