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
