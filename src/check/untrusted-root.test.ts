import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readFixtureDer } from '../../test/support/tls-fixture-facts.js';
import { buildTrustStore, verifyChainTrust } from './chain-trust.js';
import { checkUntrustedRoot } from './untrusted-root.js';

const root = readFixtureDer('root-ca.pem');
const issuing = readFixtureDer('issuing-ca.pem');
const leaf = readFixtureDer('rsa-leaf.pem');

const cases: readonly [label: string, sent: Uint8Array[], ca: Uint8Array[], message: RegExp | null][] = [
  ['root trusted through --ca', [leaf, issuing], [root], null],
  ['root sent and trusted', [leaf, issuing, root], [root], null],
  [
    'root sent but not trusted',
    [leaf, issuing, root],
    [],
    /ends at the root "CN=uccert Test Root CA, O=uccert Tests" \(thumbprint [0-9A-F]{40}\), which is not a trusted root here \(this machine's trusted roots\)/,
  ],
  [
    'root not sent and not trusted',
    [leaf, issuing],
    [],
    /ends at the CA "CN=uccert Test Issuing CA, O=uccert Tests", whose issuer "CN=uccert Test Root CA, O=uccert Tests" is not a trusted root/,
  ],
  // The leaf's own issuer missing is CHAIN_INCOMPLETE's case, not this one.
  ['intermediate missing', [leaf], [], null],
];

for (const [label, sent, ca, message] of cases) {
  test(`UNTRUSTED_ROOT: ${label}`, () => {
    const finding = checkUntrustedRoot(verifyChainTrust(sent, buildTrustStore([], ca)), 'endpoint');
    if (message === null) return assert.equal(finding, null);
    assert.equal(finding?.code, 'UNTRUSTED_ROOT');
    assert.equal(finding?.severity, 'error');
    assert.match(finding?.message ?? '', message);
    assert.match(finding?.fix ?? '', /Trusted Root Certification Authorities/);
  });
}
