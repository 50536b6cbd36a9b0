// Connects to a TLS endpoint and collects what it presents: protocol, cipher, the chain in the
// order the server sent it, and the CA names of a CertificateRequest. I/O edge of `probe`: it
// tees the bytes the server sends (bounded), hands them to tls-handshake-reader, and turns every
// way a host can fail us into one environmentError naming host:port and what to do.

import net from 'node:net';
import { Duplex } from 'node:stream';
import tls from 'node:tls';
import { environmentError, type UccertError } from '../errors.js';
import {
  alertNames,
  looksLikeTls,
  readServerFlight,
  type ServerFlight,
  TlsReadError,
} from './tls-handshake-reader.js';
import { createHandshakeDecryptor, findKeyLogSecret } from './tls13-handshake-decryptor.js';

export interface TlsProbeTarget {
  readonly host: string;
  readonly port: number;
  /** The SNI name to send, or null to send none (IP literals). */
  readonly servername: string | null;
  readonly timeoutMs: number;
  /** Caps the protocol version (tests, and servers that only read a TLS 1.2 ClientHello). */
  readonly maxVersion?: tls.SecureVersion;
  /** The name resolver (dns.lookup by default); tests inject one so that no query leaves the machine. */
  readonly lookup?: net.LookupFunction;
  /** Ends the probe early (a scan's --deadline): it fails as a timeout. */
  readonly signal?: AbortSignal;
}

export interface TlsProbeResult {
  /** `TLSv1.3`, `TLSv1.2`, … */
  readonly protocol: string | null;
  /** The IANA name of the cipher suite (`TLS_AES_256_GCM_SHA384`). */
  readonly cipher: string | null;
  /** The DER certificates in the order the server sent them. */
  readonly chain: readonly Uint8Array[];
  /** `handshake`: read from the bytes sent; `peer-certificate`: rebuilt from Node's issuer links. */
  readonly chainSource: 'handshake' | 'peer-certificate';
  /** null: the handshake messages could not be read, so whether the server asked is unknown. */
  readonly clientCertificateRequested: boolean | null;
  /** DER names from the CertificateRequest; null when the list was unreadable or the request unknown. */
  readonly acceptableClientCaNames: readonly Uint8Array[] | null;
  /** From TCP connect to the end of the handshake, in milliseconds. */
  readonly handshakeMs: number;
  /** The alert with which the server ended the handshake after presenting its chain (mutual TLS). */
  readonly serverAlert: string | null;
}

/** More than any real handshake flight: OpenSSL itself refuses a certificate list above 100 KiB. */
export const maxFlightBytes = 256 * 1024;

/** Bytes the server sent, tee'd on their way into the TLS engine, bounded by `maxFlightBytes`. */
class TeeSocket extends Duplex {
  private readonly chunks: Buffer[] = [];
  private received = 0;
  private teeing = true;

  constructor(
    private readonly raw: net.Socket,
    private readonly onOverflow: () => void,
  ) {
    super();
    raw.on('data', (chunk: Buffer) => {
      if (this.teeing) {
        this.received += chunk.length;
        if (this.received > maxFlightBytes) {
          this.teeing = false;
          this.onOverflow();
          return;
        }
        this.chunks.push(chunk);
      }
      if (!this.push(chunk)) raw.pause();
    });
    raw.on('end', () => this.push(null));
    raw.on('error', (error) => this.destroy(error));
    raw.on('close', () => this.destroy());
  }

  get bytesReceived(): number {
    return this.received;
  }

  /** What the server sent so far, and stop recording. */
  takeFlight(): Buffer {
    this.teeing = false;
    return Buffer.concat(this.chunks);
  }

  override _read(): void {
    this.raw.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.raw.write(chunk, callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.raw.end();
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.raw.destroy();
    callback(error);
  }
}

type Stage = 'connect' | 'handshake';

type Outcome =
  | { readonly kind: 'secure' }
  | { readonly kind: 'error'; readonly error: NodeJS.ErrnoException & { reason?: string } }
  | { readonly kind: 'closed' }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'overflow' };

/** `host:port`, with brackets around an IPv6 literal. */
export function formatEndpoint(host: string, port: number): string {
  return `${net.isIPv6(host) ? `[${host}]` : host}:${port}`;
}

/** ProtocolVersion values (RFC 8446 §4.1.2, RFC 5246 §A.1) as Node names them. */
const versionNames: ReadonlyMap<number, string> = new Map([
  [0x0301, 'TLSv1'],
  [0x0302, 'TLSv1.1'],
  [0x0303, 'TLSv1.2'],
  [0x0304, 'TLSv1.3'],
]);

export async function probeTls(target: TlsProbeTarget): Promise<TlsProbeResult> {
  const endpoint = formatEndpoint(target.host, target.port);
  const started = performance.now();
  const raw = await connectTcp(target, endpoint);
  const remaining = Math.max(1, target.timeoutMs - (performance.now() - started));

  let settle: (outcome: Outcome) => void = () => {};
  const settled = new Promise<Outcome>((resolve) => {
    settle = resolve;
  });
  const tee = new TeeSocket(raw, () => settle({ kind: 'overflow' }));
  // A reset reaches the TLS socket as a close; keep the cause, and never leave 'error' unheard.
  tee.on('error', (error: Error) => settle({ kind: 'error', error }));
  const keyLog: string[] = [];
  let protocol: string | null = null;
  let cipher: string | null = null;
  const socket = tls.connect({
    socket: tee,
    rejectUnauthorized: false,
    ...(target.servername === null ? {} : { servername: target.servername }),
    ...(target.maxVersion === undefined ? {} : { maxVersion: target.maxVersion }),
  });
  const noteSession = (): void => {
    protocol = socket.getProtocol() ?? protocol;
    const current = socket.getCipher() as tls.CipherNameAndProtocol | undefined;
    if (current !== undefined) cipher = current.standardName ?? current.name;
  };
  // TLS 1.3 handshake secrets let us read the encrypted Certificate and CertificateRequest.
  socket.on('keylog', (line: Buffer) => {
    if (keyLog.length < 16) keyLog.push(line.toString('latin1'));
    noteSession();
  });
  socket.once('secureConnect', () => settle({ kind: 'secure' }));
  socket.on('error', (error: Error) => settle({ kind: 'error', error }));
  socket.once('close', () => settle({ kind: 'closed' }));
  const timer = setTimeout(() => settle({ kind: 'timeout' }), remaining);
  const abort = (): void => settle({ kind: 'timeout' });
  target.signal?.addEventListener('abort', abort, { once: true });
  if (target.signal?.aborted === true) abort();

  const outcome = await settled;
  clearTimeout(timer);
  target.signal?.removeEventListener('abort', abort);
  const handshakeMs = Math.round(performance.now() - started);
  if (outcome.kind === 'secure') noteSession();
  const peerChain = outcome.kind === 'secure' ? readPeerChain(socket) : [];
  const bytesReceived = tee.bytesReceived;
  const flightBytes = tee.takeFlight();
  socket.destroy();
  raw.destroy();

  if (outcome.kind === 'overflow') {
    throw environmentError(
      'HANDSHAKE_TOO_LARGE',
      `${endpoint} sent more than ${maxFlightBytes / 1024} KiB during the TLS handshake; no real certificate chain is that large`,
      'the service is broken or hostile; check what listens on that port',
    );
  }
  if (!looksLikeTls(flightBytes)) throw notTlsError(endpoint, flightBytes);

  const flight = readFlightSafely(flightBytes, keyLog);
  if (outcome.kind !== 'secure') {
    // A mutual-TLS server may end the handshake because we send no client certificate; by then
    // it has shown everything a probe needs.
    const alert = outcome.kind === 'error' ? alertOf(outcome.error) : null;
    if (
      alert === null ||
      flight === null ||
      flight.certificates === null ||
      flight.certificates.length === 0
    ) {
      throw handshakeError(endpoint, outcome, bytesReceived, target.timeoutMs, flight);
    }
  }

  const sentChain = flight?.certificates ?? null;
  const chain = sentChain !== null && sentChain.length > 0 ? sentChain : peerChain;
  if (chain.length === 0) throw handshakeError(endpoint, outcome, bytesReceived, target.timeoutMs, flight);
  const helloVersion = flight?.serverHello?.version;
  const helloSuite = flight?.serverHello?.cipherSuite;
  return {
    protocol: protocol ?? (helloVersion === undefined ? null : (versionNames.get(helloVersion) ?? null)),
    cipher:
      cipher ??
      (helloSuite === undefined ? null : `0x${helloSuite.toString(16).padStart(4, '0').toUpperCase()}`),
    chain,
    chainSource: sentChain !== null && sentChain.length > 0 ? 'handshake' : 'peer-certificate',
    clientCertificateRequested: flight?.certificateRequested ?? null,
    acceptableClientCaNames:
      flight?.certificateRequested === true
        ? flight.acceptableCaNames
        : flight?.certificateRequested === false
          ? []
          : null,
    handshakeMs,
    serverAlert: outcome.kind === 'error' ? alertOf(outcome.error) : null,
  };
}

function connectTcp(target: TlsProbeTarget, endpoint: string): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const raw = net.connect({
      host: target.host,
      port: target.port,
      ...(target.lookup === undefined ? {} : { lookup: target.lookup }),
    });
    const giveUp = (): void => {
      clearTimeout(timer);
      raw.destroy();
      reject(timeoutError(endpoint, 'connect', 0, target.timeoutMs));
    };
    const timer = setTimeout(giveUp, target.timeoutMs);
    target.signal?.addEventListener('abort', giveUp, { once: true });
    if (target.signal?.aborted === true) giveUp();
    raw.once('connect', () => {
      clearTimeout(timer);
      target.signal?.removeEventListener('abort', giveUp);
      raw.removeAllListeners('error');
      raw.setNoDelay(true);
      resolve(raw);
    });
    raw.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      target.signal?.removeEventListener('abort', giveUp);
      raw.destroy();
      reject(connectError(target.host, endpoint, error));
    });
  });
}

/** Node's issuer links, used only when the handshake bytes could not be read; stops on repeats. */
function readPeerChain(socket: tls.TLSSocket): Uint8Array[] {
  const chain: Uint8Array[] = [];
  const seen = new Set<string>();
  let current: tls.DetailedPeerCertificate | undefined = socket.getPeerCertificate(true);
  while (current?.raw !== undefined && !seen.has(current.fingerprint256) && chain.length < 16) {
    seen.add(current.fingerprint256);
    chain.push(new Uint8Array(current.raw));
    current = current.issuerCertificate;
  }
  return chain;
}

function readFlightSafely(bytes: Buffer, keyLog: readonly string[]): ServerFlight | null {
  const secret = findKeyLogSecret(keyLog, 'SERVER_HANDSHAKE_TRAFFIC_SECRET');
  try {
    return readServerFlight(bytes, (hello) =>
      secret === null ? null : createHandshakeDecryptor(hello.cipherSuite, secret),
    );
  } catch (error) {
    if (error instanceof TlsReadError) return null;
    throw error;
  }
}

/** The TLS alert name in an OpenSSL error (`…:sslv3 alert handshake failure`, `tlsv13 alert certificate required`). */
function alertOf(error: NodeJS.ErrnoException & { reason?: string }): string | null {
  const text = error.reason ?? error.message;
  const match = /(?:sslv3|tlsv1|tlsv13) alert ([a-z ]+)/i.exec(text);
  return match === null ? null : match[1]!.trim().replaceAll(' ', '_').toLowerCase();
}

const connectFailures: Readonly<
  Record<string, (host: string, endpoint: string) => [string, string, string]>
> = {
  ENOTFOUND: (host) => [
    'HOST_NOT_FOUND',
    `cannot resolve host "${host}" (no such name in DNS)`,
    `check the spelling and the DNS server this machine uses (nslookup ${host})`,
  ],
  EAI_AGAIN: (host) => [
    'HOST_NOT_FOUND',
    `cannot resolve host "${host}" (the DNS server did not answer)`,
    'check this machine’s DNS settings and network, then try again',
  ],
  ECONNREFUSED: (_host, endpoint) => [
    'CONNECTION_REFUSED',
    `${endpoint} refused the connection: nothing listens on that port`,
    'check the port (443 for web services, 5061 for SIP/TLS) and that the service runs; check any firewall',
  ],
  EHOSTUNREACH: (_host, endpoint) => [
    'HOST_UNREACHABLE',
    `${endpoint} is unreachable from this machine`,
    'check the address and the route or firewall between this machine and the host',
  ],
  ENETUNREACH: (_host, endpoint) => [
    'HOST_UNREACHABLE',
    `${endpoint} is unreachable: no route to its network`,
    'check the address and this machine’s network configuration',
  ],
  ECONNRESET: (_host, endpoint) => [
    'CONNECTION_RESET',
    `${endpoint} reset the connection`,
    'check that the service runs and accepts connections from this machine',
  ],
};

function connectError(host: string, endpoint: string, error: NodeJS.ErrnoException): UccertError {
  const describe = connectFailures[error.code ?? ''];
  if (describe !== undefined) {
    const [code, message, hint] = describe(host, endpoint);
    return environmentError(code, message, hint, error);
  }
  return environmentError(
    'CONNECT_FAILED',
    `cannot connect to ${endpoint}: ${error.message}`,
    'check the host, the port and the network between this machine and the host',
    error,
  );
}

function timeoutError(endpoint: string, stage: Stage, bytesReceived: number, timeoutMs: number): UccertError {
  if (stage === 'connect') {
    return environmentError(
      'CONNECT_TIMEOUT',
      `no TCP connection to ${endpoint} within ${timeoutMs} ms`,
      'check the host, the port and any firewall that drops packets; raise --timeout for a slow link',
    );
  }
  const what =
    bytesReceived === 0
      ? 'accepted the connection but sent nothing back to the TLS ClientHello'
      : `stalled during the TLS handshake after sending ${bytesReceived} bytes`;
  return environmentError(
    'HANDSHAKE_TIMEOUT',
    `${endpoint} ${what} within ${timeoutMs} ms`,
    'check that this port speaks TLS directly (not plain TCP or STARTTLS); raise --timeout for a slow link',
  );
}

/** A quotable first line of what a non-TLS service sent (an HTTP status line, an SSH banner). */
export function describeFirstBytes(bytes: Uint8Array): string {
  const head = bytes.subarray(0, 80);
  const printable = Array.from(head).every((b) => b === 9 || b === 10 || b === 13 || (b >= 32 && b < 127));
  if (printable) {
    const line = Buffer.from(head).toString('latin1').split(/\r?\n/)[0] ?? '';
    return `"${line}"`;
  }
  return `bytes ${Buffer.from(bytes.subarray(0, 8)).toString('hex').toUpperCase()}…`;
}

function notTlsError(endpoint: string, bytes: Uint8Array): UccertError {
  return environmentError(
    'NOT_TLS',
    `${endpoint} does not speak TLS: it answered ${describeFirstBytes(bytes)}`,
    'check the port: the service there is not a TLS listener (443 for web services, 5061 for SIP/TLS)',
  );
}

function handshakeError(
  endpoint: string,
  outcome: Outcome,
  bytesReceived: number,
  timeoutMs: number,
  flight: ServerFlight | null,
): UccertError {
  switch (outcome.kind) {
    case 'timeout':
      return timeoutError(endpoint, 'handshake', bytesReceived, timeoutMs);
    case 'closed':
      return closedError(endpoint, bytesReceived);
    case 'overflow':
    case 'secure':
      return environmentError(
        'NO_CERTIFICATE',
        `${endpoint} completed the TLS handshake but presented no certificate`,
        'the server uses a cipher suite without certificates (anonymous or PSK); uccert cannot check it',
      );
    case 'error': {
      const error = outcome.error;
      if (error.code === 'ECONNRESET' || error.code === 'EPIPE') return closedError(endpoint, bytesReceived);
      const alert = alertOf(error) ?? (flight?.alert ? (alertNames[flight.alert.description] ?? null) : null);
      if (alert !== null) {
        return environmentError(
          'HANDSHAKE_REFUSED',
          `${endpoint} refused the TLS handshake with alert "${alert}"`,
          'the server may expect another SNI name (try --sni NAME) or protocol version; check its TLS settings',
          error,
        );
      }
      const reason = error.reason ?? error.message;
      const meaning = opensslReasons[reason];
      return environmentError(
        'HANDSHAKE_FAILED',
        `the TLS handshake with ${endpoint} failed: ${reason}${meaning === undefined ? '' : ` (${meaning})`}`,
        'check that this port speaks TLS and that its certificate and key are installed correctly',
        error,
      );
    }
  }
}

/** What OpenSSL's terse reasons mean for a probed server. */
const opensslReasons: Readonly<Record<string, string>> = {
  'excessive message size': 'the server sent a handshake message larger than any real certificate chain',
  'unexpected message': 'the server sent handshake messages out of order',
  'wrong version number': 'what the server sent is not a TLS record',
  'packet length too long': 'what the server sent is not a TLS record',
  'unsupported protocol': 'the server and uccert share no TLS version',
  'no shared cipher': 'the server and uccert share no cipher suite',
  'decode error': 'the server sent a malformed handshake message',
};

function closedError(endpoint: string, bytesReceived: number): UccertError {
  const what =
    bytesReceived === 0
      ? 'closed the connection without answering the TLS ClientHello'
      : `closed the connection in the middle of the TLS handshake, after ${bytesReceived} bytes`;
  return environmentError(
    'HANDSHAKE_CLOSED',
    `${endpoint} ${what}`,
    'the service may not speak TLS on this port, or may refuse this SNI name or this machine; check its logs',
  );
}
