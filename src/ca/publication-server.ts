// Serves the lab CA's CRLs and certificates at their CDP and AIA paths over plain HTTP on
// loopback, until stopped. Tests start and stop it in process.

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PublishedFile } from './ca-crl.js';

export interface PublicationServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export async function startPublicationServer(
  files: readonly PublishedFile[],
  port: number,
  host = '127.0.0.1',
): Promise<PublicationServer> {
  const byPath = new Map(files.map((file) => [file.path, file]));
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const file = byPath.get(path);
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
    } else if (file === undefined) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${path}\n`);
    } else {
      response.writeHead(200, { 'content-type': file.contentType, 'content-length': file.body.length });
      response.end(request.method === 'HEAD' ? undefined : file.body);
    }
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
