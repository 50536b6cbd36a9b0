import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { repoPath } from '../../test/support/repo.js';
import { looksLikeCertificateRequest, parseCertificateRequest } from './certificate-request.js';
import { DerError } from './der.js';
import { parsePem } from './pem.js';

const der = new Uint8Array(readFileSync(repoPath('test/fixtures/request-der.csr')));

test('a CSR: subject, requested names and usages, key, valid signature', () => {
  const request = parseCertificateRequest(der);
  assert.equal(request.subject, 'CN=pool01.contoso.net, O=Contoso Ltd, C=US');
  assert.deepEqual(request.alternativeNames, [
    'pool01.contoso.net',
    'fe01.contoso.net',
    'meet.contoso.com',
    'dialin.contoso.com',
  ]);
  assert.deepEqual(request.subjectAltNames.at(-1), { type: 'ip', value: '10.0.0.5' });
  assert.deepEqual(request.extendedKeyUsage, ['serverAuth', 'clientAuth']);
  assert.deepEqual(request.keyUsage, ['digitalSignature', 'keyEncipherment']);
  assert.equal(request.keyAlgorithm, 'RSA');
  assert.equal(request.keySize, 2048);
  assert.equal(request.signatureAlgorithm, 'sha256WithRSAEncryption');
  assert.equal(request.signatureValid, true);
  assert.equal(request.version, 1);
});

test('the PEM and DER requests are the same request', () => {
  const pem = parsePem(readFileSync(repoPath('test/fixtures/request.csr'), 'latin1'))[0]!;
  assert.equal(pem.kind, 'request');
  assert.deepEqual(parseCertificateRequest(pem.der), parseCertificateRequest(der));
});

test('a tampered request no longer verifies; a truncated one is a DerError', () => {
  const tampered = Uint8Array.from(der);
  const at = Buffer.from(tampered).indexOf('fe01');
  tampered[at] = 'x'.charCodeAt(0);
  assert.equal(parseCertificateRequest(tampered).signatureValid, false);
  assert.throws(() => parseCertificateRequest(der.subarray(0, 100)), DerError);
});

test('a CSR is told apart from a certificate', () => {
  assert.equal(looksLikeCertificateRequest(der), true);
  const cert = new Uint8Array(readFileSync(repoPath('test/fixtures/rsa-leaf.der')));
  assert.equal(looksLikeCertificateRequest(cert), false);
});
