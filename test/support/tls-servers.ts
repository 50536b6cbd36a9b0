// Loopback TLS servers for probe tests: `openssl s_server` (an independent TLS stack) spawned on
// a free port and killed after, and Node tls servers. Both serve the fixtures of
// test/fixtures/make-fixtures.sh and listen only on 127.0.0.1 or ::1.

import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import tls from 'node:tls';
import { repoPath } from './repo.js';

export interface RunningServer {
  readonly host: string;
  readonly port: number;
  stop(): Promise<void>;
}

export function fixturePath(name: string): string {
  return repoPath(`test/fixtures/${name}`);
}

export function readFixture(name: string): Buffer {
  return readFileSync(fixturePath(name));
}

export interface OpensslServerOptions {
  /** Fixture base name: `<name>.pem` and `<name>.key`. */
  readonly leaf: string;
  /** Fixture PEM files sent after the leaf (-cert_chain). */
  readonly chain?: readonly string[];
  /** Ask for a client certificate (-Verify 1) and name these CAs as acceptable (-CAfile). */
  readonly clientCa?: string;
  readonly version?: 'tls1_2' | 'tls1_3';
  readonly host?: '127.0.0.1' | '::1';
  /** Key-exchange groups (-groups): `P-256` alone makes a TLS 1.3 server send a HelloRetryRequest. */
  readonly groups?: string;
}

/** Starts `openssl s_server` on a free loopback port; resolves once it accepts connections. */
export function startOpensslServer(options: OpensslServerOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const args = [
    's_server',
    '-accept',
    host.includes(':') ? `[${host}]:0` : `${host}:0`,
    '-cert',
    fixturePath(`${options.leaf}.pem`),
    '-key',
    fixturePath(`${options.leaf}.key`),
    '-no_dhe',
  ];
  if (options.chain !== undefined && options.chain.length > 0) {
    // -cert_chain takes one file: the fixtures' chain pieces are single PEM files.
    args.push('-cert_chain', fixturePath(options.chain[0]!));
  }
  if (options.clientCa !== undefined) args.push('-Verify', '1', '-CAfile', fixturePath(options.clientCa));
  if (options.version !== undefined) args.push(`-${options.version}`);
  if (options.groups !== undefined) args.push('-groups', options.groups);
  const child = spawn('openssl', args, { stdio: ['pipe', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`openssl s_server did not start: ${output}`));
    }, 5000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /ACCEPT \[?([0-9a-f.:]+)\]?:(\d+)/.exec(output);
      if (match !== null) {
        clearTimeout(timer);
        child.stdout.off('data', onData);
        child.stdout.resume();
        child.stderr.resume();
        resolve({ host, port: Number(match[2]), stop: () => stopChild(child) });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`openssl s_server exited (${code}): ${output}`));
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill();
  });
}

export interface NodeTlsServerOptions {
  readonly leaf: string;
  readonly chain?: readonly string[];
  readonly clientCa?: string;
  readonly maxVersion?: tls.SecureVersion;
  readonly host?: '127.0.0.1' | '::1';
}

/** A Node tls server that completes handshakes and closes each connection. */
export function startNodeTlsServer(options: NodeTlsServerOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const cert = Buffer.concat([readFixture(`${options.leaf}.pem`), ...(options.chain ?? []).map(readFixture)]);
  const server = tls.createServer(
    {
      cert,
      key: readFixture(`${options.leaf}.key`),
      ...(options.clientCa === undefined
        ? {}
        : { requestCert: true, rejectUnauthorized: true, ca: readFixture(options.clientCa) }),
      ...(options.maxVersion === undefined ? {} : { maxVersion: options.maxVersion }),
    },
    (socket) => socket.end(),
  );
  server.on('tlsClientError', () => {});
  return new Promise((resolve) => {
    server.listen(0, host, () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        host,
        port,
        stop: () =>
          new Promise<void>((done) => {
            server.close(() => done());
          }),
      });
    });
  });
}
