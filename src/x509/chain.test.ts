import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { repoPath } from '../../test/support/repo.js';
import { isSignedBy, orderChain } from './chain.js';
import { parsePem } from './pem.js';

function der(name: string): Uint8Array {
  return parsePem(readFileSync(repoPath(`test/fixtures/${name}`), 'latin1'))[0]!.der;
}

const root = der('root-ca.pem');
const issuing = der('issuing-ca.pem');
const leaf = der('rsa-leaf.pem');

test('isSignedBy: RSA PKCS#1, RSASSA-PSS, SHA-1, ECDSA; and the wrong issuer', () => {
  assert.equal(isSignedBy(leaf, issuing), true);
  assert.equal(isSignedBy(issuing, root), true);
  assert.equal(isSignedBy(root, root), true);
  assert.equal(isSignedBy(der('pss.pem'), issuing), true);
  assert.equal(isSignedBy(der('sha1.pem'), issuing), true);
  assert.equal(isSignedBy(der('ecdsa-signed.pem'), der('ecdsa-ca.pem')), true);
  assert.equal(isSignedBy(leaf, root), false);
  assert.equal(isSignedBy(der('ecdsa-signed.pem'), issuing), false);
  assert.equal(isSignedBy(leaf, der('ecdsa-ca.pem')), false);
});

test('isSignedBy: a flipped signature bit does not verify', () => {
  const broken = Uint8Array.from(leaf);
  broken[broken.length - 10]! ^= 0x01;
  assert.equal(isSignedBy(broken, issuing), false);
});

test('orderChain puts the leaf first and says who signed whom, whatever the input order', () => {
  const result = orderChain([root, leaf, issuing]);
  assert.deepEqual(result.order, [1, 2, 0]);
  assert.deepEqual(
    result.links.map((l) => [l.issuedBy, l.signatureVerified, l.selfSigned]),
    [
      [0, true, true],
      [2, true, false],
      [0, true, false],
    ],
  );
  assert.equal(result.links[1]?.evidence, 'keyIdentifier');
});

test('orderChain: a missing intermediate leaves the leaf without an issuer', () => {
  const result = orderChain([leaf, root]);
  assert.deepEqual(result.order, [0, 1]);
  assert.equal(result.links[0]?.issuedBy, null);
  assert.equal(result.links[0]?.signatureVerified, false);
});

test('orderChain: unrelated certificates follow the chain in input order', () => {
  const result = orderChain([der('ecdsa-ca.pem'), leaf, issuing]);
  assert.deepEqual(result.order, [1, 2, 0]);
});

test('orderChain over 500 certificates sharing one DN verifies at most 4 signatures each (issue 9 item 1)', () => {
  // Every certificate names all the others as possible issuers; none signed another. Before the
  // index and the cap, each was tried against all 499 others: 249,500 verifications, 20 s.
  const same = parsePem(readFileSync(repoPath('test/fixtures/readers/same-dn-500.pem'), 'latin1')).map(
    (b) => b.der,
  );
  assert.equal(same.length, 500);
  const result = orderChain(same);
  assert.ok(result.signatureChecks <= 4 * same.length, `${result.signatureChecks} signature checks`);
  // They share one key, and a key that failed is not tried again for the same certificate.
  assert.ok(result.signatureChecks <= same.length, `${result.signatureChecks} signature checks`);
  assert.ok(result.signatureChecks > 0);
  assert.equal(result.order.length, 500);
  assert.ok(result.links.every((l) => !l.signatureVerified && !l.selfSigned));
});

test('orderChain finds the signing issuer among same-named CAs by key identifier, with one check', () => {
  const result = orderChain([leaf, root, issuing]);
  assert.equal(result.links[0]?.issuedBy, 2);
  assert.equal(result.links[0]?.signatureVerified, true);
  // leaf → issuing (1 check), issuing → root (1 check); the root is self-signed (none here).
  assert.equal(result.signatureChecks, 2);
});
