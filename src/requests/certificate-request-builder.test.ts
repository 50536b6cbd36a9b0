import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import { parseCertificateRequest } from '../x509/certificate-request.js';
import { buildCertificateRequest, type RequestKeyAlgorithm } from './certificate-request-builder.js';

const keys = {
  RSA: () => generateKeyPairSync('rsa', { modulusLength: 2048 }),
  ECDH_P256: () => generateKeyPairSync('ec', { namedCurve: 'P-256' }),
  ECDH_P384: () => generateKeyPairSync('ec', { namedCurve: 'P-384' }),
  ECDH_P521: () => generateKeyPairSync('ec', { namedCurve: 'P-521' }),
} as const satisfies Record<RequestKeyAlgorithm, () => unknown>;

/** [algorithm, signature algorithm openssl names, key usage]. */
const cases: readonly [RequestKeyAlgorithm, string, string[]][] = [
  ['RSA', 'sha256WithRSAEncryption', ['digitalSignature', 'keyEncipherment']],
  ['ECDH_P256', 'ecdsa-with-SHA256', ['digitalSignature']],
  ['ECDH_P384', 'ecdsa-with-SHA384', ['digitalSignature']],
  ['ECDH_P521', 'ecdsa-with-SHA512', ['digitalSignature']],
];

for (const [algorithm, signature, keyUsage] of cases) {
  test(`buildCertificateRequest (${algorithm}): the uccert CSR reader reads back what was built, signature valid`, () => {
    const pair = keys[algorithm]();
    const names = ['pool01.contoso.net', 'fe01.contoso.net', 'sip.contoso.com'];
    const built = buildCertificateRequest({
      subject: { commonName: 'pool01.contoso.net', organization: 'Contoso', country: 'US' },
      dnsNames: names,
      clientEku: algorithm === 'RSA',
      spki: new Uint8Array(pair.publicKey.export({ type: 'spki', format: 'der' })),
      pkcs8: new Uint8Array(pair.privateKey.export({ type: 'pkcs8', format: 'der' })),
      algorithm,
    });
    const facts = parseCertificateRequest(built.der);
    assert.equal(facts.signatureValid, true);
    assert.equal(facts.signatureAlgorithm, signature);
    assert.equal(facts.subject, 'CN=pool01.contoso.net, O=Contoso, C=US');
    assert.deepEqual(facts.alternativeNames, names);
    assert.deepEqual(facts.keyUsage, keyUsage);
    assert.deepEqual(
      facts.extendedKeyUsage,
      algorithm === 'RSA' ? ['serverAuth', 'clientAuth'] : ['serverAuth'],
    );
  });
}

test('buildCertificateRequest: no names, no SAN extension', () => {
  const pair = keys.ECDH_P256();
  const built = buildCertificateRequest({
    subject: { commonName: 'edgepool01.contoso.net' },
    dnsNames: [],
    clientEku: false,
    spki: new Uint8Array(pair.publicKey.export({ type: 'spki', format: 'der' })),
    pkcs8: new Uint8Array(pair.privateKey.export({ type: 'pkcs8', format: 'der' })),
    algorithm: 'ECDH_P256',
  });
  assert.equal(built.subjectAltName, null);
  assert.deepEqual(parseCertificateRequest(built.der).subjectAltNames, []);
});
