import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { repoPath } from '../../test/support/repo.js';
import { DerError } from './der.js';
import { parseBareBase64, parsePem } from './pem.js';

const chain = readFileSync(repoPath('test/fixtures/chain.pem'), 'latin1');

test('many blocks with text between and around them, in order', () => {
  const blocks = parsePem(readFileSync(repoPath('test/fixtures/bundle-with-text.pem'), 'latin1'));
  assert.deepEqual(
    blocks.map((b) => b.kind),
    ['certificate', 'certificate', 'certificate'],
  );
  assert.deepEqual(
    blocks.map((b) => Buffer.from(b.der).toString('base64')),
    parsePem(chain).map((b) => Buffer.from(b.der).toString('base64')),
  );
});

test('CRLF line ends, indentation and trailing spaces are accepted', () => {
  const crlf = chain.replaceAll('\n', '  \r\n').replaceAll('\r\nMI', '\r\n   MI');
  assert.equal(parsePem(crlf).length, 3);
  assert.deepEqual(parsePem(crlf)[0]?.der, parsePem(chain)[0]?.der);
});

test('labels: request, PKCS7, keys, CRL, unknown', () => {
  const block = (label: string) => `-----BEGIN ${label}-----\nMAA=\n-----END ${label}-----\n`;
  const kinds = parsePem(
    ['NEW CERTIFICATE REQUEST', 'PKCS7', 'ENCRYPTED PRIVATE KEY', 'EC PRIVATE KEY', 'X509 CRL', 'FOO']
      .map(block)
      .join(''),
  ).map((b) => b.kind);
  assert.deepEqual(kinds, ['request', 'pkcs7', 'encryptedPrivateKey', 'ecPrivateKey', 'crl', 'other']);
});

test('RFC 1421 headers mark a traditional encrypted key', () => {
  const text =
    '-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nMAA=\n-----END RSA PRIVATE KEY-----\n';
  assert.equal(parsePem(text)[0]?.encrypted, true);
});

test('broken blocks: no END, mismatched END, bad base64, empty', () => {
  assert.throws(
    () => parsePem('-----BEGIN CERTIFICATE-----\nMAA=\n'),
    /has no "-----END CERTIFICATE-----" line/,
  );
  assert.throws(() => parsePem('-----BEGIN CERTIFICATE-----\nMAA=\n-----END X509 CRL-----\n'), /ends with/);
  assert.throws(
    () => parsePem('-----BEGIN CERTIFICATE-----\nMA*A=\n-----END CERTIFICATE-----\n'),
    /not base64/,
  );
  assert.throws(() => parsePem('-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n'), DerError);
  assert.throws(() => parsePem('-----BEGIN CERTIFICATE-----\nM\n-----END CERTIFICATE-----\n'), DerError);
});

test('bare base64 decodes only when it is all base64', () => {
  const body = chain.split('-----')[2]!;
  assert.equal(parseBareBase64(body)?.[0], 0x30);
  assert.equal(parseBareBase64('hello world, not base64'), null);
});
