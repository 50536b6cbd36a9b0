import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { repoPath } from '../../test/support/repo.js';
import { layoutCertificate, parseCertificate, subjectPublicKeyInfoOf } from './certificate.js';
import { DerError } from './der.js';
import { parsePem } from './pem.js';

function fixtureDer(name: string): Uint8Array {
  const block = parsePem(readFileSync(repoPath(`test/fixtures/${name}`), 'latin1'))[0];
  assert.ok(block !== undefined, name);
  return block.der;
}

test('an RSA leaf: names, dates, SAN, EKU, CDP, AIA, key', () => {
  const facts = parseCertificate(fixtureDer('rsa-leaf.pem'));
  assert.equal(facts.subject, 'CN=pool01.contoso.net, OU=Lync, O=Contoso Ltd, L=Redmond, S=Washington, C=US');
  assert.equal(facts.issuer, 'CN=uccert Test Issuing CA, O=uccert Tests');
  assert.equal(facts.subjectCommonName, 'pool01.contoso.net');
  assert.equal(facts.notBefore, '2026-01-01T00:00:00Z');
  assert.equal(facts.notAfter, '2027-01-01T00:00:00Z');
  assert.deepEqual(facts.alternativeNames, [
    'pool01.contoso.net',
    'fe01.contoso.net',
    'meet.contoso.com',
    'dialin.contoso.com',
    'lyncdiscoverinternal.contoso.com',
  ]);
  assert.deepEqual(facts.extendedKeyUsage, ['serverAuth', 'clientAuth']);
  assert.deepEqual(facts.keyUsage, ['digitalSignature', 'keyEncipherment']);
  assert.deepEqual(facts.crlDistributionPoints, ['http://pki.contoso.net/crl/issuing.crl']);
  assert.deepEqual(facts.authorityInfoAccess, [
    { method: 'caIssuers', location: 'http://pki.contoso.net/aia/issuing.crt' },
    { method: 'ocsp', location: 'http://ocsp.contoso.net' },
  ]);
  assert.equal(facts.keyAlgorithm, 'RSA');
  assert.equal(facts.keySize, 2048);
  assert.equal(facts.curve, null);
  assert.equal(facts.signatureAlgorithm, 'sha256WithRSAEncryption');
  assert.equal(facts.isCa, false);
  assert.equal(facts.selfSigned, false);
  assert.equal(facts.hasPrivateKey, false);
  assert.equal(facts.version, 3);
  assert.match(facts.thumbprint, /^[0-9A-F]{40}$/);
  assert.match(facts.thumbprintSha256, /^[0-9A-F]{64}$/);
  // The serial's top bit is set: DER's sign-padding zero is not shown.
  assert.match(facts.serialNumber, /^A1B2C3D4E5F607/);
});

test('every SAN kind: DNS, IPv4, IPv6, URI, e-mail, UPN; E= in the subject', () => {
  const facts = parseCertificate(fixtureDer('san-kinds.pem'));
  assert.deepEqual(facts.subjectAltNames, [
    { type: 'dns', value: 'san.contoso.com' },
    { type: 'ip', value: '10.0.0.1' },
    { type: 'ip', value: '2001:db8::1' },
    { type: 'uri', value: 'https://meet.contoso.com/conf' },
    { type: 'email', value: 'admin@contoso.com' },
    { type: 'upn', value: 'admin@contoso.com' },
  ]);
  assert.deepEqual(facts.alternativeNames, ['san.contoso.com']);
  assert.equal(facts.subject, 'E=admin@contoso.com, CN=san.contoso.com, O=Contoso Ltd');
});

test('ECDSA key: curve and size', () => {
  const facts = parseCertificate(fixtureDer('ecdsa-leaf.pem'));
  assert.equal(facts.keyAlgorithm, 'EC');
  assert.equal(facts.curve, 'prime256v1');
  assert.equal(facts.keySize, 256);
  assert.deepEqual(facts.keyUsage, ['digitalSignature']);
  assert.equal(parseCertificate(fixtureDer('ecdsa-signed.pem')).signatureAlgorithm, 'ecdsa-with-SHA256');
});

test('CAs: basic constraints, path length, self-signed root', () => {
  const root = parseCertificate(fixtureDer('root-ca.pem'));
  assert.equal(root.isCa, true);
  assert.equal(root.pathLength, null);
  assert.equal(root.selfSigned, true);
  assert.equal(root.authorityKeyIdentifier, null);
  const issuing = parseCertificate(fixtureDer('issuing-ca.pem'));
  assert.equal(issuing.isCa, true);
  assert.equal(issuing.pathLength, 0);
  assert.equal(issuing.selfSigned, false);
  assert.equal(issuing.authorityKeyIdentifier, root.subjectKeyIdentifier);
  assert.equal(parseCertificate(fixtureDer('ecdsa-ca.pem')).selfSigned, true);
});

test('signature algorithms and weak keys as OpenSSL names them', () => {
  assert.equal(parseCertificate(fixtureDer('sha1.pem')).signatureAlgorithm, 'sha1WithRSAEncryption');
  assert.equal(parseCertificate(fixtureDer('pss.pem')).signatureAlgorithm, 'rsassaPss');
  assert.equal(parseCertificate(fixtureDer('rsa1024.pem')).keySize, 1024);
  assert.deepEqual(parseCertificate(fixtureDer('no-cdp.pem')).crlDistributionPoints, []);
  assert.deepEqual(parseCertificate(fixtureDer('no-server-auth.pem')).extendedKeyUsage, ['clientAuth']);
  assert.equal(parseCertificate(fixtureDer('many-sans.pem')).alternativeNames.length, 45);
  assert.equal(parseCertificate(fixtureDer('wildcard-subject.pem')).subjectCommonName, '*.contoso.com');
});

test('the SubjectPublicKeyInfo and signed parts are cut from the right places', () => {
  const der = fixtureDer('rsa-leaf.pem');
  const spki = subjectPublicKeyInfoOf(der);
  assert.equal(spki[0], 0x30);
  const layout = layoutCertificate(der);
  assert.equal(layout.signed[0], 0x30);
  assert.equal(layout.signature.length, 256);
});

test('truncated, padded and empty DER fail with DerError', () => {
  const der = fixtureDer('rsa-leaf.pem');
  assert.throws(() => parseCertificate(der.subarray(0, der.length - 1)), DerError);
  assert.throws(() => parseCertificate(Buffer.concat([der, Buffer.from([0])])), DerError);
  assert.throws(() => parseCertificate(new Uint8Array(0)), DerError);
  assert.throws(() => parseCertificate(Uint8Array.from([0x30, 0x00])), DerError);
});
