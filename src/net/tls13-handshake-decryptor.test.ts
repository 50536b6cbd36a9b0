import assert from 'node:assert/strict';
import { createCipheriv } from 'node:crypto';
import { test } from 'node:test';
import type { TlsRecord } from './tls-handshake-reader.js';
import { createHandshakeDecryptor, expandLabel, findKeyLogSecret } from './tls13-handshake-decryptor.js';

test('HKDF-Expand-Label gives RFC 8448 §3’s server handshake key and iv', () => {
  const secret = Buffer.from('b67b7d690cc16c4e75e54213cb2d37b4e9c912bcded9105d42befd59d391ad38', 'hex');
  assert.equal(expandLabel('sha256', secret, 'key', 16).toString('hex'), '3fce516009c21727d0f2e4e86ee403bc');
  assert.equal(expandLabel('sha256', secret, 'iv', 12).toString('hex'), '5d313eb2671276ee13000b30');
});

test('findKeyLogSecret picks the labelled line of an NSS key log', () => {
  const lines = [
    'CLIENT_HANDSHAKE_TRAFFIC_SECRET 00aa 1111\n',
    'SERVER_HANDSHAKE_TRAFFIC_SECRET 00aa 2222\n',
  ];
  assert.equal(findKeyLogSecret(lines, 'SERVER_HANDSHAKE_TRAFFIC_SECRET')?.toString('hex'), '2222');
  assert.equal(findKeyLogSecret(lines, 'EXPORTER_SECRET'), null);
});

/** Protects records as a TLS 1.3 server would (RFC 8446 §5.2), to check the decryptor against. */
function protect(
  suite: 'aes-128-gcm' | 'aes-256-gcm' | 'chacha20-poly1305',
  hash: string,
  keyLength: number,
) {
  const secret = Buffer.alloc(hash === 'sha384' ? 48 : 32, 7);
  const key = expandLabel(hash, secret, 'key', keyLength);
  const iv = expandLabel(hash, secret, 'iv', 12);
  let seq = 0;
  return {
    secret,
    seal(type: number, content: Buffer, padding: number): TlsRecord {
      const inner = Buffer.concat([content, Buffer.from([type]), Buffer.alloc(padding)]);
      const header = Buffer.from([23, 3, 3, (inner.length + 16) >> 8, (inner.length + 16) & 0xff]);
      const nonce = Buffer.from(iv);
      nonce.writeUInt32BE(nonce.readUInt32BE(8) ^ seq++, 8);
      const cipher =
        suite === 'chacha20-poly1305'
          ? createCipheriv(suite, key, nonce, { authTagLength: 16 })
          : createCipheriv(suite, key, nonce, { authTagLength: 16 });
      cipher.setAAD(header, { plaintextLength: inner.length });
      const body = Buffer.concat([cipher.update(inner), cipher.final(), cipher.getAuthTag()]);
      return { type: 23, header, fragment: body };
    },
  };
}

const suites = [
  [0x1301, 'aes-128-gcm', 'sha256', 16],
  [0x1302, 'aes-256-gcm', 'sha384', 32],
  [0x1303, 'chacha20-poly1305', 'sha256', 32],
] as const;

for (const [id, suite, hash, keyLength] of suites) {
  test(`decrypts successive records of suite 0x${id.toString(16)}, stripping padding`, () => {
    const server = protect(suite, hash, keyLength);
    const first = server.seal(22, Buffer.from('first'), 0);
    const second = server.seal(22, Buffer.from('second'), 5);
    const decrypt = createHandshakeDecryptor(id, server.secret);
    assert.ok(decrypt !== null);
    assert.deepEqual(decrypt(first), { type: 22, content: Buffer.from('first') });
    assert.deepEqual(decrypt(second), { type: 22, content: Buffer.from('second') });
  });
}

test('a tampered record, a wrong key or an unknown suite yields null, not a throw', () => {
  const server = protect('aes-128-gcm', 'sha256', 16);
  const record = server.seal(22, Buffer.from('hello'), 0);
  const tampered = Buffer.from(record.fragment);
  tampered[0]! ^= 1;
  assert.equal(createHandshakeDecryptor(0x1301, server.secret)?.({ ...record, fragment: tampered }), null);
  assert.equal(createHandshakeDecryptor(0x1301, Buffer.alloc(32, 9))?.(record), null);
  assert.equal(createHandshakeDecryptor(0x1304, server.secret), null);
});
