// Serves the lab CA's CRLs and certificates at their CDP and AIA paths over plain HTTP on
// loopback, until stopped. It asks `files` on every request (the CA's current publication, read
// from the store), so later CRLs are served without a restart. Tests start and stop it in process.

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PublishedFile } from './ca-crl.js';

export interface PublicationServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export type PublicationSource = () => Promise<readonly PublishedFile[]>;

export async function startPublicationServer(
  files: PublicationSource,
  port: number,
  host = '127.0.0.1',
): Promise<PublicationServer> {
  // One lookup at a time: concurrent requests share it rather than each re-signing a CRL.
  let inFlight: Promise<readonly PublishedFile[]> | null = null;
  const current = (): Promise<readonly PublishedFile[]> => {
    inFlight ??= files().finally(() => {
      inFlight = null;
    });
    return inFlight;
  };
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    current().then(
      (published) => {
        const file = published.find((f) => f.path === path);
        if (file === undefined) {
          response.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${path}\n`);
        } else {
          response.writeHead(200, { 'content-type': file.contentType, 'content-length': file.body.length });
          response.end(request.method === 'HEAD' ? undefined : file.body);
        }
      },
      (error: unknown) => {
        const reason = error instanceof Error ? error.message : String(error);
        response
          .writeHead(503, { 'content-type': 'text/plain' })
          .end(`the lab CA cannot publish: ${reason}\n`);
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${address.port}`,
    port: address.port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error === undefined ? resolve() : reject(error)));
      }),
  };
}
