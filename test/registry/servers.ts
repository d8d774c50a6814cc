/**
 * Small HTTP(S) servers on 127.0.0.1 that behave as registries and token
 * services do, and as they should not, for `regcred verify`'s tests. Each
 * records what it received (method, path, Authorization header).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export interface Received {
  readonly method: string;
  readonly url: string;
  readonly authorization?: string;
}

export interface TestServer {
  /** `127.0.0.1:PORT`. */
  readonly host: string;
  /** `https://127.0.0.1:PORT` or `http://…`. */
  readonly origin: string;
  readonly received: Received[];
  close(): Promise<void>;
}

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse, server: TestServer) => void;

/** A CA and certificates for 127.0.0.1 signed by it (and one for another name), made with openssl. */
export interface Certificates {
  readonly caFile: string;
  readonly ca: string;
  /** Valid for IP 127.0.0.1. */
  readonly server: { readonly cert: string; readonly key: string; readonly certFile: string; readonly keyFile: string };
  /** Valid for DNS registry.other.example only. */
  readonly otherName: { readonly cert: string; readonly key: string };
}

export function makeCertificates(): Certificates {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regcred-tls-'));
  const run = (args: string[]): void => void execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  run([
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '2',
    '-subj',
    '/CN=regcred-test-ca',
  ]);
  const issue = (name: string, san: string): void => {
    run([
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.csr`,
      '-subj',
      `/CN=${name}`,
    ]);
    fs.writeFileSync(path.join(dir, `${name}.ext`), `subjectAltName=${san}\n`);
    run([
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      `${name}.pem`,
      '-days',
      '2',
      '-extfile',
      `${name}.ext`,
    ]);
  };
  issue('server', 'IP:127.0.0.1');
  issue('other', 'DNS:registry.other.example');
  const read = (f: string): string => fs.readFileSync(path.join(dir, f), 'utf8');
  return {
    caFile: path.join(dir, 'ca.pem'),
    ca: read('ca.pem'),
    server: {
      cert: read('server.pem'),
      key: read('server.key'),
      certFile: path.join(dir, 'server.pem'),
      keyFile: path.join(dir, 'server.key'),
    },
    otherName: { cert: read('other.pem'), key: read('other.key') },
  };
}

/** Starts a server; `tls` makes it HTTPS with that certificate. */
export async function startServer(handler: Handler, tls?: { cert: string; key: string }): Promise<TestServer> {
  const received: Received[] = [];
  const holder: { self?: TestServer } = {};
  const listener = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    received.push({
      method: req.method ?? '',
      url: req.url ?? '',
      ...(req.headers.authorization !== undefined ? { authorization: req.headers.authorization } : {}),
    });
    handler(req, res, holder.self!);
  };
  const server = tls ? https.createServer({ cert: tls.cert, key: tls.key }, listener) : http.createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const host = `127.0.0.1:${port}`;
  const self: TestServer = {
    host,
    origin: `${tls ? 'https' : 'http'}://${host}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  holder.self = self;
  return self;
}

export const bearer = (realm: string, extra = ''): string => `Bearer realm="${realm}",service="test-registry"${extra}`;

/** A token answer, as docker's token server gives it. */
export function tokenBody(): string {
  return JSON.stringify({ token: 'registry-issued-token', access_token: 'registry-issued-token', expires_in: 300 });
}
