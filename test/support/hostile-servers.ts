// Broken and hostile TCP servers on loopback, for the probe's failure paths: one that stalls,
// one that closes mid-handshake, non-TLS services, and one that streams an endless "chain".
// Every one is bounded: it stops writing after a fixed amount and is closed by the test.

import { randomBytes } from 'node:crypto';
import net, { type AddressInfo } from 'node:net';
import type { RunningServer } from './tls-servers.js';

export type HostileBehaviour =
  /** Accepts TCP and never sends a byte. */
  | 'stall'
  /** Reads the ClientHello, sends the start of a ServerHello record, then closes. */
  | 'close-mid-handshake'
  /** Reads the ClientHello and resets the connection (TCP RST). */
  | 'reset'
  /** Answers the ClientHello the way an HTTP server answers garbage. */
  | 'http'
  /** Sends an SSH banner as soon as the connection opens. */
  | 'ssh-banner'
  /** A plausible TLS 1.2 ServerHello, then a Certificate message that claims 16 MiB and never ends. */
  | 'endless-certificate'
  /** A ServerHello, then endless records of empty HelloRequest messages, which a client skips. */
  | 'endless-records';

/** At most this much is written per connection, so a test can never flood the machine. */
const writeLimit = 32 * 1024 * 1024;

/** A TLS 1.2 ServerHello choosing ECDHE-RSA-AES128-GCM-SHA256, which Node's client offers. */
function serverHelloRecord(): Buffer {
  const renegotiationInfo = Buffer.from([0xff, 0x01, 0x00, 0x01, 0x00]);
  const body = Buffer.concat([
    Buffer.from([0x03, 0x03]),
    randomBytes(32),
    Buffer.from([0x00]), // empty session id
    Buffer.from([0xc0, 0x2f]),
    Buffer.from([0x00]),
    Buffer.from([0x00, renegotiationInfo.length]),
    renegotiationInfo,
  ]);
  const message = Buffer.concat([Buffer.from([0x02, 0x00, body.length >> 8, body.length & 0xff]), body]);
  return Buffer.concat([
    Buffer.from([0x16, 0x03, 0x03, message.length >> 8, message.length & 0xff]),
    message,
  ]);
}

function handshakeRecord(payload: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from([0x16, 0x03, 0x03, payload.length >> 8, payload.length & 0xff]),
    payload,
  ]);
}

/** Writes records from `next` until `writeLimit`, honouring back-pressure, until the peer goes. */
function stream(socket: net.Socket, next: () => Buffer): void {
  let written = 0;
  const pump = (): void => {
    while (written < writeLimit && !socket.destroyed) {
      const chunk = next();
      written += chunk.length;
      if (!socket.write(chunk)) {
        socket.once('drain', pump);
        return;
      }
    }
    socket.end();
  };
  pump();
}

const behaviours: Readonly<Record<HostileBehaviour, (socket: net.Socket) => void>> = {
  stall: () => {},
  'close-mid-handshake': (socket) => {
    socket.once('data', () => socket.end(serverHelloRecord().subarray(0, 20)));
  },
  reset: (socket) => {
    socket.once('data', () => socket.resetAndDestroy());
  },
  http: (socket) => {
    socket.once('data', () =>
      socket.end(
        'HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nBad Request',
      ),
    );
  },
  'ssh-banner': (socket) => {
    socket.write('SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n');
  },
  'endless-certificate': (socket) => {
    socket.once('data', () => {
      socket.write(serverHelloRecord());
      // Certificate (11) claiming 2^24 − 1 bytes, then filler forever.
      socket.write(handshakeRecord(Buffer.from([0x0b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfc])));
      const filler = randomBytes(16_000);
      stream(socket, () => handshakeRecord(filler));
    });
  },
  'endless-records': (socket) => {
    socket.once('data', () => {
      socket.write(serverHelloRecord());
      // HelloRequest (type 0, empty): RFC 5246 §7.4.1.1 has clients ignore it mid-handshake.
      const helloRequests = Buffer.alloc(16_000);
      stream(socket, () => handshakeRecord(helloRequests));
    });
  },
};

export function startHostileServer(behaviour: HostileBehaviour): Promise<RunningServer> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
    behaviours[behaviour](socket);
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
