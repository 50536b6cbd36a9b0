import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readFixtureDer } from '../../test/support/tls-fixture-facts.js';
import { checkChainIncomplete } from './chain-incomplete.js';
import { buildTrustStore, verifyChainTrust } from './chain-trust.js';

const root = readFixtureDer('root-ca.pem');
const issuing = readFixtureDer('issuing-ca.pem');
const leaf = readFixtureDer('rsa-leaf.pem');

const cases: readonly [label: string, sent: Uint8Array[], ca: Uint8Array[], messages: RegExp[]][] = [
  ['full chain sent', [leaf, issuing], [root], []],
  ['full chain sent with the root', [leaf, issuing, root], [root], []],
  [
    'intermediate not sent, --ca completes it',
    [leaf],
    [issuing, root],
    [
      /does not send the intermediate "CN=uccert Test Issuing CA, O=uccert Tests" \(thumbprint [0-9A-F]{40}\); the chain could be completed only from --ca/,
    ],
  ],
  [
    'intermediate not sent and nowhere',
    [leaf],
    [root],
    [
      /does not send the certificate of its issuer "CN=uccert Test Issuing CA, O=uccert Tests".*neither among the trusted roots nor in --ca/,
    ],
  ],
  [
    'intermediate not sent, no --ca',
    [leaf],
    [],
    [/not among the trusted roots, so the chain could not be completed \(give it with --ca FILE/],
  ],
  // Past a sent CA certificate the missing issuer is most likely the root: UNTRUSTED_ROOT's case.
  ['intermediate sent, root unknown', [leaf, issuing], [], []],
];

for (const [label, sent, ca, messages] of cases) {
  test(`CHAIN_INCOMPLETE: ${label}`, () => {
    const findings = checkChainIncomplete(
      verifyChainTrust(sent, buildTrustStore([], ca)),
      'sip.contoso.com:5061',
    );
    assert.equal(findings.length, messages.length);
    findings.forEach((finding, i) => {
      assert.equal(finding.code, 'CHAIN_INCOMPLETE');
      assert.equal(finding.severity, 'error');
      assert.equal(finding.target, 'sip.contoso.com:5061');
      assert.match(finding.message, messages[i]!);
      assert.match(finding.fix, /Intermediate Certification Authorities store/);
      assert.match(finding.fix, /include it in the chain it sends/);
    });
  });
}

test('issue 8.12: a file or the store, not a server: the message speaks of the file and the store, never of what a server sends', () => {
  const trust = { ...verifyChainTrust([leaf], buildTrustStore([], [])), notSent: [], sentByServer: false };
  const [finding, ...more] = checkChainIncomplete(trust, 'fe01.contoso.net/Default');
  assert.equal(more.length, 0);
  assert.equal(finding?.code, 'CHAIN_INCOMPLETE');
  assert.doesNotMatch(`${finding?.message} ${finding?.fix}`, /server does not send/);
  assert.match(
    finding?.message ?? '',
    /^the certificate of its issuer "CN=uccert Test Issuing CA, O=uccert Tests" \(issuer of "CN=[^"]+"\) is not in the file or the uccert store/,
  );
});
