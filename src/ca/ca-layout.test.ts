import assert from 'node:assert/strict';
import { test } from 'node:test';
import { authorityName, publicationFileStem, publicationUrls, serialNumberHex } from './ca-layout.js';

test('the CDP and AIA URLs follow AD CS /CertEnroll/<CA name>.crl|.crt', () => {
  assert.deepEqual(publicationUrls('http://pki.contoso.com/', authorityName('Contoso Lab CA', 'issuing')), {
    crl: 'http://pki.contoso.com/CertEnroll/Contoso-Lab-CA.crl',
    certificate: 'http://pki.contoso.com/CertEnroll/Contoso-Lab-CA.crt',
  });
  assert.equal(authorityName('Contoso Lab CA', 'root'), 'Contoso Lab CA Root');
  assert.equal(publicationFileStem('Lab (test) CA 2.0'), 'Lab-test-CA-2-0');
  assert.equal(publicationFileStem('...'), 'ca');
});

test('serial numbers: creation second, then the counter; unique per lab and positive in DER', () => {
  assert.equal(serialNumberHex('2026-06-01T12:00:00Z', 1), '6A1D744000000001');
  assert.equal(serialNumberHex('2026-06-01T12:00:00Z', 0x100), '6A1D744000000100');
  assert.equal(serialNumberHex('2026-06-01T12:00:01Z', 1), '6A1D744100000001');
  assert.ok(Number.parseInt(serialNumberHex('2038-01-01T00:00:00Z', 1).slice(0, 2), 16) < 0x80);
});
