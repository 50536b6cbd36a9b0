import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  authorityName,
  publicationFileStem,
  publicationUrls,
  serialNumberHex,
  serialRandomBytes,
} from './ca-layout.js';

test('the CDP and AIA URLs follow AD CS /CertEnroll/<CA name>.crl|.crt', () => {
  assert.deepEqual(publicationUrls('http://pki.contoso.com/', authorityName('Contoso Lab CA', 'issuing')), {
    crl: 'http://pki.contoso.com/CertEnroll/Contoso-Lab-CA.crl',
    certificate: 'http://pki.contoso.com/CertEnroll/Contoso-Lab-CA.crt',
  });
  assert.equal(authorityName('Contoso Lab CA', 'root'), 'Contoso Lab CA Root');
  assert.equal(publicationFileStem('Lab (test) CA 2.0'), 'Lab-test-CA-2-0');
  assert.equal(publicationFileStem('...'), 'ca');
});

test('issue 8.19: serial numbers carry 64+ random bits, then the counter; positive in DER', () => {
  const zeros = new Uint8Array(serialRandomBytes);
  const ones = new Uint8Array(serialRandomBytes).fill(0xff);
  assert.equal(serialNumberHex(zeros, 1), '40000000000000000000000001');
  assert.equal(serialNumberHex(ones, 0x100), '7FFFFFFFFFFFFFFFFF00000100');
  // 6 bits of the first byte and 8 whole bytes are random: 70 bits.
  assert.ok((serialRandomBytes - 1) * 8 + 6 >= 64);
  assert.throws(() => serialNumberHex(new Uint8Array(8), 1), /9 random bytes/);
});
