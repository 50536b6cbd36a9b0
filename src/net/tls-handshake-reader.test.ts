import assert from 'node:assert/strict';
import { createCipheriv } from 'node:crypto';
import { test } from 'node:test';
import { readFixtureDer } from '../../test/support/tls-fixture-facts.js';
import {
  HandshakeAssembler,
  looksLikeTls,
  parseCertificateRequest,
  readServerFlight,
  splitRecords,
  TlsReadError,
} from './tls-handshake-reader.js';
import { createHandshakeDecryptor, expandLabel } from './tls13-handshake-decryptor.js';

const u8 = (n: number) => Buffer.from([n]);
const u16 = (n: number) => Buffer.from([n >> 8, n & 0xff]);
const u24 = (n: number) => Buffer.from([n >> 16, (n >> 8) & 0xff, n & 0xff]);
const vec = (size: 1 | 2 | 3, ...parts: Buffer[]) => {
  const body = Buffer.concat(parts);
  return Buffer.concat([
    size === 1 ? u8(body.length) : size === 2 ? u16(body.length) : u24(body.length),
    body,
  ]);
};
const message = (type: number, body: Buffer) => Buffer.concat([u8(type), u24(body.length), body]);
const record = (type: number, fragment: Buffer) =>
  Buffer.concat([u8(type), u16(0x0303), u16(fragment.length), fragment]);

const serverHello12 = message(
  2,
  Buffer.concat([
    u16(0x0303),
    Buffer.alloc(32, 1),
    vec(1),
    u16(0xc02f),
    u8(0),
    vec(2, u16(0xff01), vec(2, u8(0))),
  ]),
);
const leaf = Buffer.from(readFixtureDer('rsa-leaf.pem'));
const issuing = Buffer.from(readFixtureDer('issuing-ca.pem'));
const rootName = Buffer.from('301b3119301706035504030c10436f6e746f736f20526f6f74204341', 'hex');

function tls12Flight(caNames: Buffer[]): Buffer {
  const certificate = message(11, vec(3, vec(3, leaf), vec(3, issuing)));
  const request = message(
    13,
    Buffer.concat([vec(1, u8(1), u8(64)), vec(2, u16(0x0401)), vec(2, ...caNames.map((n) => vec(2, n)))]),
  );
  const done = message(14, Buffer.alloc(0));
  const handshake = Buffer.concat([serverHello12, certificate, request, done]);
  // Split across records at awkward places: messages span records (RFC 5246 §6.2.1).
  return Buffer.concat([
    record(22, handshake.subarray(0, 50)),
    record(22, handshake.subarray(50, 1500)),
    record(22, handshake.subarray(1500)),
  ]);
}

test('a TLS 1.2 flight: chain in sent order and the CertificateRequest CA names', () => {
  const flight = readServerFlight(tls12Flight([rootName]));
  assert.equal(flight.serverHello?.version, 0x0303);
  assert.equal(flight.serverHello?.cipherSuite, 0xc02f);
  assert.deepEqual(
    flight.certificates?.map((c) => Buffer.from(c)),
    [leaf, issuing],
  );
  assert.equal(flight.certificateRequested, true);
  assert.deepEqual(
    flight.acceptableCaNames?.map((n) => Buffer.from(n).toString('hex')),
    [rootName.toString('hex')],
  );
});

test('a CertificateRequest with no CA names means any CA', () => {
  const flight = readServerFlight(tls12Flight([]));
  assert.equal(flight.certificateRequested, true);
  assert.deepEqual(flight.acceptableCaNames, []);
});

test('a flight cut short keeps what arrived and reads no more', () => {
  const bytes = tls12Flight([rootName]);
  const flight = readServerFlight(bytes.subarray(0, 60));
  assert.equal(flight.serverHello?.cipherSuite, 0xc02f);
  assert.equal(flight.certificates, null);
  // Cut before ServerHelloDone: whether a CertificateRequest would have followed is unknown.
  assert.equal(flight.certificateRequested, null);
});

test('a whole flight without a CertificateRequest says no request', () => {
  const certificate = message(11, vec(3, vec(3, leaf)));
  const bytes = record(22, Buffer.concat([serverHello12, certificate, message(14, Buffer.alloc(0))]));
  assert.equal(readServerFlight(bytes).certificateRequested, false);
});

test('TLS 1.3 parses the certificate_authorities extension of a CertificateRequest', () => {
  const extension = Buffer.concat([u16(47), vec(2, vec(2, vec(2, rootName)))]);
  const body = Buffer.concat([vec(1), vec(2, u16(13), vec(2, u16(0x0804)), extension)]);
  assert.deepEqual(
    parseCertificateRequest(body, 0x0304).map((n) => Buffer.from(n).toString('hex')),
    [rootName.toString('hex')],
  );
});

test('a message cut into one-byte and empty records is put back together', () => {
  const handshake = tls12Flight([rootName]);
  const { records } = splitRecords(handshake);
  const messages = Buffer.concat(records.map((r) => r.fragment));
  // One byte per record, with an empty record between each (the worst a server can send).
  const pieces = Array.from(messages, (byte) =>
    Buffer.concat([record(22, u8(byte)), record(22, Buffer.alloc(0))]),
  );
  const flight = readServerFlight(Buffer.concat(pieces));
  assert.deepEqual(
    flight.certificates?.map((c) => Buffer.from(c)),
    [leaf, issuing],
  );
  assert.deepEqual(
    flight.acceptableCaNames?.map((n) => Buffer.from(n).toString('hex')),
    [rootName.toString('hex')],
  );
});

/** A TLS 1.3 server flight (RFC 8446 §2): ServerHello, the dummy ChangeCipherSpec, then
 * EncryptedExtensions, CertificateRequest and Certificate under the handshake key, as
 * AES-128-GCM records; `edit` may change the plaintext first, as a hostile server can. */
function tls13Flight(
  edit: (plain: Buffer) => Buffer = (p) => p,
  retry = false,
): { bytes: Buffer; secret: Buffer } {
  const secret = Buffer.alloc(32, 5);
  const key = expandLabel('sha256', secret, 'key', 16);
  const iv = expandLabel('sha256', secret, 'iv', 12);
  const hello = message(
    2,
    Buffer.concat([
      u16(0x0303),
      Buffer.alloc(32, 2),
      vec(1),
      u16(0x1301),
      u8(0),
      vec(2, u16(43), vec(2, u16(0x0304))),
    ]),
  );
  const authorities = Buffer.concat([u16(47), vec(2, vec(2, vec(2, rootName)))]);
  const plain = edit(
    Buffer.concat([
      message(8, vec(2)),
      message(13, Buffer.concat([vec(1), vec(2, u16(13), vec(2, u16(0x0804)), authorities)])),
      message(11, Buffer.concat([vec(1), vec(3, vec(3, leaf), vec(2), vec(3, issuing), vec(2))])),
    ]),
  );
  const sealed: Buffer[] = [];
  for (let at = 0, seq = 0; at < plain.length; at += 1000, seq++) {
    const inner = Buffer.concat([plain.subarray(at, at + 1000), u8(22)]);
    const header = Buffer.from([23, 3, 3, (inner.length + 16) >> 8, (inner.length + 16) & 0xff]);
    const nonce = Buffer.from(iv);
    nonce.writeUInt32BE(nonce.readUInt32BE(8) ^ seq, 8);
    const cipher = createCipheriv('aes-128-gcm', key, nonce, { authTagLength: 16 });
    cipher.setAAD(header);
    sealed.push(header, cipher.update(inner), cipher.final(), cipher.getAuthTag());
  }
  // A HelloRetryRequest is a ServerHello with SHA-256("HelloRetryRequest") as its random, then
  // the dummy ChangeCipherSpec; the real ServerHello follows (RFC 8446 §4.1.4, §D.4).
  const retryRequest = message(
    2,
    Buffer.concat([
      u16(0x0303),
      Buffer.from('cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c', 'hex'),
      vec(1),
      u16(0x1301),
      u8(0),
      vec(2, u16(43), vec(2, u16(0x0304)), u16(51), vec(2, u16(23))),
    ]),
  );
  const opening = retry
    ? [record(22, retryRequest), record(20, u8(1)), record(22, hello)]
    : [record(22, hello), record(20, u8(1))];
  return { bytes: Buffer.concat([...opening, ...sealed]), secret };
}

test('a TLS 1.3 flight is read through the decryptor: chain as sent and CA names', () => {
  const { bytes, secret } = tls13Flight();
  const flight = readServerFlight(bytes, (hello) => createHandshakeDecryptor(hello.cipherSuite, secret));
  assert.equal(flight.serverHello?.version, 0x0304);
  assert.deepEqual(
    flight.certificates?.map((c) => Buffer.from(c)),
    [leaf, issuing],
  );
  assert.equal(flight.certificateRequested, true);
  assert.deepEqual(
    flight.acceptableCaNames?.map((n) => Buffer.from(n).toString('hex')),
    [rootName.toString('hex')],
  );
});

test('after a HelloRetryRequest and its ChangeCipherSpec, the flight is still read', () => {
  const { bytes, secret } = tls13Flight(undefined, true);
  const flight = readServerFlight(bytes, (hello) => createHandshakeDecryptor(hello.cipherSuite, secret));
  assert.equal(flight.serverHello?.isHelloRetryRequest, false);
  assert.deepEqual(
    flight.certificates?.map((c) => Buffer.from(c)),
    [leaf, issuing],
  );
  assert.equal(flight.certificateRequested, true);
});

test('a hostile TLS 1.3 server (it holds the keys) cannot make the reader throw anything but TlsReadError', () => {
  let seed = 7;
  const next = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed;
  };
  const outcomes = { read: 0, refused: 0 };
  for (let i = 0; i < 2000; i++) {
    const { bytes, secret } = tls13Flight((plain) => {
      const mutated = Buffer.from(
        plain.subarray(0, i % 5 === 0 ? next() % (plain.length + 1) : plain.length),
      );
      for (let j = 0; j < 1 + (next() % 4); j++)
        // Half the edits land in the framing (the first messages and the list headers).
        if (mutated.length > 0)
          mutated[next() % (j % 2 === 0 ? Math.min(mutated.length, 120) : mutated.length)] = next() & 0xff;
      return mutated;
    });
    try {
      readServerFlight(bytes, (hello) => createHandshakeDecryptor(hello.cipherSuite, secret));
      outcomes.read++;
    } catch (error) {
      assert.ok(error instanceof TlsReadError, String(error));
      outcomes.refused++;
    }
  }
  // Both paths must be reached, or the mutations prove little.
  assert.ok(outcomes.read > 100 && outcomes.refused > 100, JSON.stringify(outcomes));
  if (process.env.FUZZ_STATS === '1') console.log(outcomes);
});

test('TLS 1.3 records are left unread without a decryptor, and said so', () => {
  const hello13 = message(
    2,
    Buffer.concat([
      u16(0x0303),
      Buffer.alloc(32, 2),
      vec(1),
      u16(0x1301),
      u8(0),
      vec(2, u16(43), vec(2, u16(0x0304))),
    ]),
  );
  const bytes = Buffer.concat([record(22, hello13), record(20, u8(1)), record(23, Buffer.alloc(40, 9))]);
  const flight = readServerFlight(bytes);
  assert.equal(flight.serverHello?.version, 0x0304);
  assert.equal(flight.encryptedUnread, true);
  assert.equal(flight.certificates, null);
  assert.equal(flight.certificateRequested, null);
});

test('hostile lengths are refused, never allocated', () => {
  assert.throws(() => splitRecords(Buffer.from([22, 3, 3, 0xff, 0xff])), TlsReadError);
  const assembler = new HandshakeAssembler();
  assert.throws(() => assembler.push(Buffer.from([11, 0xff, 0xff, 0xff])), TlsReadError);
  const certificate = message(11, Buffer.concat([u24(10), u24(200)]));
  assert.throws(
    () => readServerFlight(Buffer.concat([record(22, serverHello12), record(22, certificate)])),
    TlsReadError,
  );
});

test('looksLikeTls tells a record from a banner', () => {
  assert.equal(looksLikeTls(Buffer.from([22, 3, 3])), true);
  assert.equal(looksLikeTls(Buffer.from('HTTP/1.1 400 Bad Request')), false);
  assert.equal(looksLikeTls(Buffer.from('SSH-2.0-OpenSSH')), false);
  assert.equal(looksLikeTls(Buffer.alloc(0)), true);
});

test('mutated flights end in a result or TlsReadError, nothing else', () => {
  const bytes = tls12Flight([rootName]);
  let seed = 42;
  const next = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed;
  };
  for (let i = 0; i < 3000; i++) {
    const mutated = Buffer.from(bytes.subarray(0, next() % (bytes.length + 1)));
    for (let j = 0; j < 1 + (next() % 4); j++)
      if (mutated.length > 0) mutated[next() % mutated.length] = next() & 0xff;
    try {
      readServerFlight(mutated);
    } catch (error) {
      assert.ok(error instanceof TlsReadError, String(error));
    }
  }
});
