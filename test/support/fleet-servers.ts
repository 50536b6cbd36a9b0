// Loopback peers for the scan tests: a server that answers only after a delay (a proxy in front of
// a TLS server), one that sends garbage, one that serves a certificate uccert's reader refuses, a
// port nothing listens on. Every server is bound to port 0 and closed by the test.

import { readFileSync } from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import tls from 'node:tls';
import { repoPath } from './repo.js';
import type { RunningServer } from './tls-servers.js';
import { indefiniteLengthPem } from './unreadable-certificate.js';

function listen(server: net.Server, sockets: Set<net.Socket>): Promise<RunningServer> {
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.once('close', () => sockets.delete(socket));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        host: '127.0.0.1',
        port,
        stop: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

/** Forwards each connection to `port` after `delayMs`: a slow but working endpoint. */
export function startSlowProxy(port: number, delayMs: number): Promise<RunningServer> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    socket.pause();
    const timer = setTimeout(() => {
      const upstream = net.connect(port, '127.0.0.1');
      upstream.on('error', () => socket.destroy());
      socket.on('close', () => upstream.destroy());
      upstream.pipe(socket);
      socket.pipe(upstream);
      socket.resume();
    }, delayMs);
    socket.once('close', () => clearTimeout(timer));
  });
  return listen(server, sockets);
}

/** Answers any connection with bytes that are no protocol at all, then closes. */
export function startGarbageServer(): Promise<RunningServer> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    socket.end(Buffer.from('\u0000\u0001garbage, not a TLS record\r\n\u00ff\u00fe', 'latin1'));
  });
  return listen(server, sockets);
}

/** A TLS server presenting `leaf` and then `extra` (PEM text) as its chain. */
export function startPemTlsServer(certPem: string, keyFixture: string): Promise<RunningServer> {
  const sockets = new Set<net.Socket>();
  const server = tls.createServer({ cert: certPem, key: readFileSync(repoPath(keyFixture)) });
  server.on('tlsClientError', () => {});
  return listen(server, sockets);
}

/** The leaf followed by `count` copies of a small CA certificate: a 200-certificate chain. */
export function longChainPem(leafFixture: string, caFixture: string, count: number): string {
  const leaf = readFileSync(repoPath(leafFixture), 'utf8');
  const ca = readFileSync(repoPath(caFixture), 'utf8');
  return leaf + ca.repeat(count);
}

export function startUnreadableCertificateServer(): Promise<RunningServer> {
  return startPemTlsServer(
    indefiniteLengthPem('test/fixtures/check/fe01-standard.pem'),
    'test/fixtures/check/fe01-standard.key',
  );
}

/** A loopback port nothing listens on: bound, then closed. */
export function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
