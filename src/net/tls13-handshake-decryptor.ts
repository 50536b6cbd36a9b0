// Decrypts the server's TLS 1.3 handshake records (EncryptedExtensions, CertificateRequest,
// Certificate …) with the server handshake traffic secret that Node's 'keylog' event reports,
// so the probe reads the chain as sent and the CA names of a CertificateRequest in TLS 1.3 too.
// Key schedule: RFC 8446 §7.1 (HKDF-Expand-Label) and §7.3 (traffic keys); records: §5.2–5.3.

import { createDecipheriv, createHmac } from 'node:crypto';
import type { RecordDecryptor, TlsRecord } from './tls-handshake-reader.js';

interface SuiteParameters {
  readonly cipher: 'aes-128-gcm' | 'aes-256-gcm' | 'chacha20-poly1305';
  readonly hash: 'sha256' | 'sha384';
  readonly keyLength: number;
}

/** The TLS 1.3 cipher suites OpenSSL enables by default (RFC 8446 §B.4). */
const suites: ReadonlyMap<number, SuiteParameters> = new Map([
  [0x1301, { cipher: 'aes-128-gcm', hash: 'sha256', keyLength: 16 }],
  [0x1302, { cipher: 'aes-256-gcm', hash: 'sha384', keyLength: 32 }],
  [0x1303, { cipher: 'chacha20-poly1305', hash: 'sha256', keyLength: 32 }],
] as const);

const tagLength = 16;
const ivLength = 12;

/** HKDF-Expand-Label (RFC 8446 §7.1) for lengths up to one hash block, all the key schedule needs here. */
export function expandLabel(hash: string, secret: Uint8Array, label: string, length: number): Buffer {
  const fullLabel = Buffer.from(`tls13 ${label}`, 'ascii');
  const info = Buffer.concat([
    Buffer.from([length >> 8, length & 0xff, fullLabel.length]),
    fullLabel,
    Buffer.from([0]),
  ]);
  // HKDF-Expand's first block is HMAC(PRK, info || 0x01) (RFC 5869 §2.3).
  return createHmac(hash, secret)
    .update(info)
    .update(Buffer.from([1]))
    .digest()
    .subarray(0, length);
}

/** The secret of `label` (e.g. SERVER_HANDSHAKE_TRAFFIC_SECRET) in NSS key log lines, or null. */
export function findKeyLogSecret(lines: readonly string[], label: string): Buffer | null {
  for (const line of lines) {
    const [name, , secret] = line.trim().split(' ');
    if (name === label && secret !== undefined && /^[0-9a-f]+$/i.test(secret))
      return Buffer.from(secret, 'hex');
  }
  return null;
}

/** A decryptor for the records protected by `secret`, or null for a suite we do not know. */
export function createHandshakeDecryptor(cipherSuite: number, secret: Uint8Array): RecordDecryptor | null {
  const suite = suites.get(cipherSuite);
  if (suite === undefined) return null;
  const key = expandLabel(suite.hash, secret, 'key', suite.keyLength);
  const iv = expandLabel(suite.hash, secret, 'iv', ivLength);
  let sequence = 0n;
  return (record: TlsRecord) => {
    if (record.fragment.length < tagLength + 1) return null;
    const nonce = Buffer.from(iv);
    const seq = Buffer.alloc(8);
    seq.writeBigUInt64BE(sequence++);
    for (let i = 0; i < 8; i++) nonce[ivLength - 8 + i]! ^= seq[i]!;
    const ciphertext = record.fragment.subarray(0, record.fragment.length - tagLength);
    const tag = record.fragment.subarray(record.fragment.length - tagLength);
    try {
      const options = { authTagLength: tagLength };
      const decipher =
        suite.cipher === 'chacha20-poly1305'
          ? createDecipheriv(suite.cipher, key, nonce, options)
          : createDecipheriv(suite.cipher, key, nonce, options);
      decipher.setAAD(record.header, { plaintextLength: ciphertext.length });
      decipher.setAuthTag(tag);
      const plain = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
      // TLSInnerPlaintext: content, the real content type, then zero padding (RFC 8446 §5.2).
      let end = plain.length;
      while (end > 0 && plain[end - 1] === 0) end--;
      if (end === 0) return null;
      return { type: plain[end - 1]!, content: plain.subarray(0, end - 1) };
    } catch {
      // Wrong key (the server already moved to application keys) or a forged record: stop reading.
      return null;
    }
  };
}
