/**
 * One-layer OCI image layouts built by hand (no Docker engine here), for
 * skopeo to push: the e2e tests' images and the node's sandbox image.
 *
 * As a command: `tsx test/e2e/oci-image.ts DIR TAG EXECUTABLE` writes a layout
 * to DIR whose only file is EXECUTABLE, as `/pause`, run as the entrypoint.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';

/** A file of the image's one layer. */
export interface LayerFile {
  readonly name: string;
  readonly content: Buffer;
  /** @default 0o644 */
  readonly mode?: number;
}

function tarEntry(file: LayerFile): Buffer {
  const header = Buffer.alloc(512);
  const field = (value: string, offset: number, length: number): void =>
    void header.write(value, offset, length, 'ascii');
  field(file.name, 0, 100);
  field(`${(file.mode ?? 0o644).toString(8).padStart(7, '0')}\0`, 100, 8);
  field('0000000\0', 108, 8);
  field('0000000\0', 116, 8);
  field(file.content.length.toString(8).padStart(11, '0') + '\0', 124, 12);
  field('00000000000\0', 136, 12);
  field('        ', 148, 8);
  field('0', 156, 1);
  field('ustar\0', 257, 6);
  field('00', 263, 2);
  let sum = 0;
  for (const b of header) sum += b;
  field(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8);
  const padded = Buffer.alloc(Math.ceil(file.content.length / 512) * 512);
  file.content.copy(padded);
  return Buffer.concat([header, padded]);
}

/**
 * Writes an OCI image layout with one layer holding `files` into `dir` (a new
 * temporary directory by default) and returns the directory. With
 * `entrypoint`, the image runs it.
 */
export function buildOciLayout(
  tag: string,
  files: readonly LayerFile[] = [{ name: 'hello.txt', content: Buffer.from('pulled by regcred e2e\n') }],
  entrypoint?: readonly string[],
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regcred-oci-')),
): string {
  const blobs = path.join(dir, 'blobs', 'sha256');
  fs.mkdirSync(blobs, { recursive: true });
  const put = (data: Buffer): { digest: string; size: number } => {
    const hex = createHash('sha256').update(data).digest('hex');
    fs.writeFileSync(path.join(blobs, hex), data);
    return { digest: `sha256:${hex}`, size: data.length };
  };
  const tar = Buffer.concat([...files.map(tarEntry), Buffer.alloc(1024)]);
  const layer = put(zlib.gzipSync(tar));
  const diffId = `sha256:${createHash('sha256').update(tar).digest('hex')}`;
  const config = put(
    Buffer.from(
      JSON.stringify({
        architecture: 'amd64',
        os: 'linux',
        rootfs: { type: 'layers', diff_ids: [diffId] },
        config: entrypoint ? { Entrypoint: entrypoint } : {},
      }),
    ),
  );
  const manifest = put(
    Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
        layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', ...layer }],
      }),
    ),
  );
  fs.writeFileSync(path.join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  fs.writeFileSync(
    path.join(dir, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      manifests: [
        {
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          ...manifest,
          annotations: { 'org.opencontainers.image.ref.name': tag },
        },
      ],
    }),
  );
  return dir;
}

/** The files of an image that runs `executable` as `/pause`. */
export function pauseImageFiles(executable: string): LayerFile[] {
  return [{ name: 'pause', content: fs.readFileSync(executable), mode: 0o755 }];
}

if (require.main === module) {
  const [dir, tag, executable] = process.argv.slice(2);
  if (!dir || !tag || !executable) {
    process.stderr.write('usage: tsx test/e2e/oci-image.ts DIR TAG EXECUTABLE\n');
    process.exit(2);
  }
  fs.mkdirSync(dir, { recursive: true });
  buildOciLayout(tag, pauseImageFiles(executable), ['/pause'], dir);
}
