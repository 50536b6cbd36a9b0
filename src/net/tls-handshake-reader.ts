// Reads the server's side of a TLS handshake from the raw bytes it sent: records (RFC 8446 §5.1,
// RFC 5246 §6.2) → handshake messages → ServerHello, Certificate and CertificateRequest. Node
// exposes neither the chain in the order the server sent it nor the CA names of a
// CertificateRequest, so the probe tees the socket and reads them here. Pure and bounded.

export class TlsReadError extends Error {
  override readonly name = 'TlsReadError';
}

/** Record content types (RFC 8446 §5.1). */
export const ContentType = {
  changeCipherSpec: 20,
  alert: 21,
  handshake: 22,
  applicationData: 23,
} as const;

/** Handshake message types (RFC 8446 §4, RFC 5246 §7.4). */
export const HandshakeType = {
  serverHello: 2,
  encryptedExtensions: 8,
  certificate: 11,
  serverKeyExchange: 12,
  certificateRequest: 13,
  serverHelloDone: 14,
  certificateVerify: 15,
  finished: 20,
} as const;

/** A record may carry at most 2^14 bytes of plaintext plus 2048 of expansion (RFC 5246 §6.2.3). */
const maxRecordLength = 2 ** 14 + 2048;
/** No sane server flight holds a handshake message above this; OpenSSL's own cap is 100 KiB. */
export const maxHandshakeMessageLength = 256 * 1024;

export interface TlsRecord {
  readonly type: number;
  /** The 5-byte header, which TLS 1.3 uses as the AEAD's additional data (RFC 8446 §5.2). */
  readonly header: Uint8Array;
  readonly fragment: Uint8Array;
}

export interface HandshakeMessage {
  readonly type: number;
  readonly body: Uint8Array;
}

export interface ServerHello {
  /** The version the server chose: from supported_versions (TLS 1.3), else legacy_version. */
  readonly version: number;
  readonly cipherSuite: number;
  readonly isHelloRetryRequest: boolean;
}

export interface AlertRecord {
  readonly level: number;
  readonly description: number;
}

/** What the bytes start with when they are not TLS records (a banner, an HTTP answer). */
export interface NotTls {
  readonly firstBytes: Uint8Array;
}

/** Splits the bytes into whole records; a trailing partial record is left over, not an error. */
export function splitRecords(bytes: Uint8Array): { records: TlsRecord[]; rest: Uint8Array } {
  const records: TlsRecord[] = [];
  let at = 0;
  while (at + 5 <= bytes.length) {
    const type = bytes[at]!;
    const major = bytes[at + 1]!;
    const length = (bytes[at + 3]! << 8) | bytes[at + 4]!;
    if (type < ContentType.changeCipherSpec || type > 24 || major !== 3) {
      throw new TlsReadError(`byte ${at} does not start a TLS record (type ${type}, version ${major}.x)`);
    }
    if (length > maxRecordLength) throw new TlsReadError(`record at byte ${at} claims ${length} bytes`);
    if (at + 5 + length > bytes.length) break;
    records.push({
      type,
      header: bytes.subarray(at, at + 5),
      fragment: bytes.subarray(at + 5, at + 5 + length),
    });
    at += 5 + length;
  }
  return { records, rest: bytes.subarray(at) };
}

/** Whether the first bytes a server sent can be the start of a TLS record. */
export function looksLikeTls(bytes: Uint8Array): boolean {
  if (bytes.length === 0) return true;
  const type = bytes[0]!;
  if (type < ContentType.changeCipherSpec || type > 24) return false;
  return bytes.length < 2 || bytes[1] === 3;
}

/**
 * Joins handshake fragments and cuts them into messages (RFC 8446 §4: type, uint24 length). The
 * pending bytes sit in a buffer that grows by doubling, so a hostile server that cuts a message
 * into thousands of one-byte (or empty) records costs linear time, not a copy per record.
 */
export class HandshakeAssembler {
  private buffer: Uint8Array = new Uint8Array(0);
  private start = 0;
  private end = 0;
  readonly messages: HandshakeMessage[] = [];

  push(fragment: Uint8Array): void {
    this.append(fragment);
    const bytes = this.buffer;
    while (this.start + 4 <= this.end) {
      const at = this.start;
      const length = (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!;
      if (length > maxHandshakeMessageLength) {
        throw new TlsReadError(`handshake message of type ${bytes[at]} claims ${length} bytes`);
      }
      if (at + 4 + length > this.end) break;
      this.messages.push({ type: bytes[at]!, body: bytes.slice(at + 4, at + 4 + length) });
      this.start = at + 4 + length;
    }
  }

  private append(fragment: Uint8Array): void {
    if (this.end + fragment.length > this.buffer.length) {
      const pending = this.end - this.start;
      const grown = new Uint8Array(Math.max(1024, 2 * (pending + fragment.length)));
      grown.set(this.buffer.subarray(this.start, this.end), 0);
      this.buffer = grown;
      this.start = 0;
      this.end = pending;
    }
    this.buffer.set(fragment, this.end);
    this.end += fragment.length;
  }
}

/** A bounds-checked cursor over one structure, for TLS's length-prefixed vectors. */
class Cursor {
  private at: number;
  constructor(
    private readonly bytes: Uint8Array,
    private readonly what: string,
    start = 0,
    private readonly end = bytes.length,
  ) {
    this.at = start;
  }

  get done(): boolean {
    return this.at >= this.end;
  }

  private take(n: number): number {
    if (this.at + n > this.end) throw new TlsReadError(`${this.what} is cut off at byte ${this.at}`);
    const start = this.at;
    this.at += n;
    return start;
  }

  uint(n: 1 | 2 | 3): number {
    const start = this.take(n);
    let value = 0;
    for (let i = 0; i < n; i++) value = value * 256 + this.bytes[start + i]!;
    return value;
  }

  bytesOf(n: number): Uint8Array {
    const start = this.take(n);
    return this.bytes.subarray(start, start + n);
  }

  /** A vector with an `n`-byte length prefix, as a cursor over its contents. */
  vector(n: 1 | 2 | 3, what: string): Cursor {
    const length = this.uint(n);
    const start = this.take(length);
    return new Cursor(this.bytes, what, start, start + length);
  }

  /** The contents of a vector with an `n`-byte length prefix. */
  readVectorBytes(n: 1 | 2 | 3, what: string): Uint8Array {
    const length = this.uint(n);
    if (length === 0) throw new TlsReadError(`${this.what}: empty ${what}`);
    return this.bytesOf(length);
  }

  skip(n: number): void {
    this.take(n);
  }
}

const tls13 = 0x0304;
const extensionSupportedVersions = 43;
const extensionCertificateAuthorities = 47;
/** SHA-256("HelloRetryRequest"), the random of a HelloRetryRequest (RFC 8446 §4.1.3). */
const helloRetryRandom = 'cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c';

export function parseServerHello(body: Uint8Array): ServerHello {
  const c = new Cursor(body, 'ServerHello');
  const legacyVersion = c.uint(2);
  const random = Buffer.from(c.bytesOf(32)).toString('hex');
  c.vector(1, 'session id');
  const cipherSuite = c.uint(2);
  c.skip(1);
  let version = legacyVersion;
  if (!c.done) {
    const extensions = c.vector(2, 'ServerHello extensions');
    while (!extensions.done) {
      const type = extensions.uint(2);
      const data = extensions.vector(2, `extension ${type}`);
      if (type === extensionSupportedVersions) version = data.uint(2);
    }
  }
  return { version, cipherSuite, isHelloRetryRequest: random === helloRetryRandom };
}

/** The DER certificates of a Certificate message, in the order the server sent them. */
export function parseCertificateMessage(body: Uint8Array, version: number): Uint8Array[] {
  const c = new Cursor(body, 'Certificate message');
  // TLS 1.3 adds a request context and per-entry extensions (RFC 8446 §4.4.2).
  if (version >= tls13) c.vector(1, 'certificate request context');
  const list = c.vector(3, 'certificate list');
  const certificates: Uint8Array[] = [];
  while (!list.done) {
    certificates.push(list.readVectorBytes(3, 'certificate'));
    if (version >= tls13) list.vector(2, 'certificate entry extensions');
  }
  return certificates;
}

/**
 * The DER distinguished names a CertificateRequest lists as acceptable client CAs: the
 * certificate_authorities field (RFC 5246 §7.4.4) or extension (RFC 8446 §4.2.4).
 */
export function parseCertificateRequest(body: Uint8Array, version: number): Uint8Array[] {
  const c = new Cursor(body, 'CertificateRequest');
  if (version >= tls13) {
    c.vector(1, 'certificate request context');
    const extensions = c.vector(2, 'CertificateRequest extensions');
    while (!extensions.done) {
      const type = extensions.uint(2);
      const data = extensions.vector(2, `extension ${type}`);
      if (type === extensionCertificateAuthorities)
        return readDistinguishedNames(data.vector(2, 'authorities'));
    }
    return [];
  }
  c.vector(1, 'certificate types');
  // TLS 1.0 and 1.1 have no supported_signature_algorithms (RFC 4346 §7.4.4).
  if (version >= 0x0303) c.vector(2, 'signature algorithms');
  return readDistinguishedNames(c.vector(2, 'certificate authorities'));
}

function readDistinguishedNames(list: Cursor): Uint8Array[] {
  const names: Uint8Array[] = [];
  while (!list.done) names.push(list.readVectorBytes(2, 'distinguished name'));
  return names;
}

/** Decrypts one TLS 1.3 record into its inner content type and content (RFC 8446 §5.2). */
export type RecordDecryptor = (
  record: TlsRecord,
) => { readonly type: number; readonly content: Uint8Array } | null;

export interface ServerFlight {
  /** The ServerHello that settled the version (not a HelloRetryRequest), or null. */
  readonly serverHello: ServerHello | null;
  /** The certificates as sent, or null when no Certificate message could be read. */
  readonly certificates: Uint8Array[] | null;
  /** Whether a CertificateRequest was sent; null when the flight was not read to its end
   * (ServerHelloDone in TLS 1.2, Finished in TLS 1.3), so that neither answer is known. */
  readonly certificateRequested: boolean | null;
  /** The CA names of the CertificateRequest, or null when there was none or it was unreadable. */
  readonly acceptableCaNames: Uint8Array[] | null;
  /** The first alert the server sent in the clear, if any. */
  readonly alert: AlertRecord | null;
  /** TLS 1.3 encrypted handshake records were seen but no decryptor was given. */
  readonly encryptedUnread: boolean;
}

/**
 * Reads the server's handshake flight. TLS 1.2 is plaintext until ChangeCipherSpec; TLS 1.3
 * encrypts everything after ServerHello, so `decryptorFor` gives the record decryptor once the
 * ServerHello's cipher suite is known (null when the secret is not known).
 */
export function readServerFlight(
  bytes: Uint8Array,
  decryptorFor: (hello: ServerHello) => RecordDecryptor | null = () => null,
): ServerFlight {
  const { records } = splitRecords(bytes);
  const assembler = new HandshakeAssembler();
  let hello: ServerHello | null = null;
  // The version of the latest ServerHello, HelloRetryRequest included: after a HelloRetryRequest
  // (RFC 8446 §4.1.4) the server sends TLS 1.3's dummy ChangeCipherSpec before its ServerHello.
  let latestVersion = 0;
  let decryptor: RecordDecryptor | null = null;
  let alert: AlertRecord | null = null;
  let encryptedUnread = false;
  let seen = 0;
  let finished = false;

  const absorb = (): void => {
    for (; seen < assembler.messages.length; seen++) {
      const message = assembler.messages[seen]!;
      if (message.type === HandshakeType.serverHello) {
        const parsed = parseServerHello(message.body);
        latestVersion = parsed.version;
        if (!parsed.isHelloRetryRequest) {
          hello = parsed;
          decryptor = parsed.version >= tls13 ? decryptorFor(parsed) : null;
        }
      }
      if (message.type === HandshakeType.serverHelloDone || message.type === HandshakeType.finished)
        finished = true;
    }
  };

  for (const record of records) {
    if (finished) break;
    const version = latestVersion;
    if (record.type === ContentType.handshake) {
      assembler.push(record.fragment);
    } else if (record.type === ContentType.alert) {
      if (alert === null && record.fragment.length >= 2) {
        alert = { level: record.fragment[0]!, description: record.fragment[1]! };
      }
    } else if (record.type === ContentType.changeCipherSpec) {
      // TLS 1.3 sends a dummy one for middlebox compatibility (RFC 8446 §D.4); in TLS 1.2 what
      // follows is encrypted.
      if (version < tls13) break;
    } else if (record.type === ContentType.applicationData && version >= tls13) {
      const current = decryptor as RecordDecryptor | null;
      if (current === null) {
        encryptedUnread = true;
        break;
      }
      const inner = current(record);
      if (inner === null) break;
      if (inner.type === ContentType.handshake) assembler.push(inner.content);
      else if (inner.type === ContentType.alert && alert === null && inner.content.length >= 2) {
        alert = { level: inner.content[0]!, description: inner.content[1]! };
      }
    }
    absorb();
  }
  absorb();

  const version = (hello as ServerHello | null)?.version ?? 0;
  let certificates: Uint8Array[] | null = null;
  let certificateRequested = false;
  let acceptableCaNames: Uint8Array[] | null = null;
  for (const message of assembler.messages) {
    if (message.type === HandshakeType.certificate && certificates === null) {
      certificates = parseCertificateMessage(message.body, version);
    } else if (message.type === HandshakeType.certificateRequest) {
      certificateRequested = true;
      acceptableCaNames = parseCertificateRequest(message.body, version);
    }
  }
  return {
    serverHello: hello,
    certificates,
    certificateRequested: certificateRequested ? true : finished ? false : null,
    acceptableCaNames,
    alert,
    encryptedUnread,
  };
}

/** Alert descriptions (RFC 8446 §6, RFC 5246 §7.2), for messages. */
export const alertNames: Readonly<Record<number, string>> = {
  0: 'close_notify',
  10: 'unexpected_message',
  20: 'bad_record_mac',
  22: 'record_overflow',
  40: 'handshake_failure',
  42: 'bad_certificate',
  43: 'unsupported_certificate',
  44: 'certificate_revoked',
  45: 'certificate_expired',
  46: 'certificate_unknown',
  47: 'illegal_parameter',
  48: 'unknown_ca',
  49: 'access_denied',
  50: 'decode_error',
  51: 'decrypt_error',
  70: 'protocol_version',
  71: 'insufficient_security',
  80: 'internal_error',
  86: 'inappropriate_fallback',
  90: 'user_canceled',
  109: 'missing_extension',
  110: 'unsupported_extension',
  112: 'unrecognized_name',
  113: 'bad_certificate_status_response',
  115: 'unknown_psk_identity',
  116: 'certificate_required',
  120: 'no_application_protocol',
};
