import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readFixtureDer } from '../../test/support/tls-fixture-facts.js';
import { buildTrustStore, verifyChainTrust } from './chain-trust.js';

const root = readFixtureDer('root-ca.pem');
const issuing = readFixtureDer('issuing-ca.pem');
const leaf = readFixtureDer('rsa-leaf.pem');
const other = readFixtureDer('wronghost-leaf.pem');

test('leaf + intermediate sent, root from --ca: trusted, nothing missing', () => {
  const trust = verifyChainTrust([leaf, issuing], buildTrustStore([], [root]));
  assert.equal(trust.trusted, true);
  assert.deepEqual(trust.end, { kind: 'anchor' });
  assert.deepEqual(
    trust.path.map((s) => [s.facts.subjectCommonName, s.source, s.sentIndex]),
    [
      ['pool01.contoso.net', 'sent', 0],
      ['uccert Test Issuing CA', 'sent', 1],
      ['uccert Test Root CA', 'ca-file', null],
    ],
  );
  assert.deepEqual(trust.notSent, []);
  assert.deepEqual(trust.unusedSent, []);
});

test('the root among the system roots counts as an anchor too', () => {
  const trust = verifyChainTrust([leaf, issuing], buildTrustStore([root], []));
  assert.equal(trust.trusted, true);
  assert.equal(trust.path.at(-1)?.source, 'system');
  assert.equal(trust.caFileGiven, false);
});

test('intermediate only in --ca: trusted, and reported as not sent', () => {
  const trust = verifyChainTrust([leaf], buildTrustStore([], [issuing, root]));
  assert.equal(trust.trusted, true);
  assert.deepEqual(
    trust.notSent.map((s) => s.facts.subjectCommonName),
    ['uccert Test Issuing CA'],
  );
});

test('intermediate nowhere: the path stops at the leaf, naming its issuer', () => {
  const trust = verifyChainTrust([leaf], buildTrustStore([], [root]));
  assert.equal(trust.trusted, false);
  assert.deepEqual(trust.end, {
    kind: 'issuer-not-found',
    issuer: 'CN=uccert Test Issuing CA, O=uccert Tests',
  });
});

test('a sent root that is not an anchor ends the path as untrusted-root', () => {
  const trust = verifyChainTrust([leaf, issuing, root], buildTrustStore([], []));
  assert.equal(trust.trusted, false);
  assert.deepEqual(trust.end, { kind: 'untrusted-root' });
  assert.equal(trust.path.length, 3);
});

test('extra and out-of-order certificates: the path is found, the unrelated one is left over', () => {
  const trust = verifyChainTrust([leaf, other, root, issuing], buildTrustStore([], [root]));
  assert.equal(trust.trusted, true);
  assert.deepEqual(
    trust.path.map((s) => s.sentIndex),
    [0, 3, 2],
  );
  assert.deepEqual(trust.unusedSent, [1]);
});

test('a same-named certificate whose key did not sign the leaf is not its issuer', () => {
  // The leaf signed by the issuing CA is presented with a stand-in "issuer" of the same name but
  // another key: the root cannot verify that link, so only the real issuing CA completes it.
  const trust = verifyChainTrust([leaf, root], buildTrustStore([], [root]));
  assert.deepEqual(trust.end, {
    kind: 'issuer-not-found',
    issuer: 'CN=uccert Test Issuing CA, O=uccert Tests',
  });
});
