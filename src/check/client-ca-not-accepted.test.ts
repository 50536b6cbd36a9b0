import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readFixtureFacts } from '../../test/support/tls-fixture-facts.js';
import { checkClientCaNotAccepted } from './client-ca-not-accepted.js';

const leaf = readFixtureFacts('rsa-leaf.pem');
const issuing = readFixtureFacts('issuing-ca.pem');
const root = readFixtureFacts('root-ca.pem');
const full = { leaf, issuers: [issuing, root] };
const leafOnly = { leaf, issuers: [] };

// [label, chain, requested, acceptable names, expected: null or a pattern of the message]
const cases = [
  ['not asked for a certificate', full, false, ['CN=Other Root'], null],
  ['asked, CA names unreadable', full, null, null, null],
  ['asked, no CA names (any CA)', full, true, [], null],
  ['root listed', full, true, ['CN=Other Root', root.subject], null],
  ['issuing CA listed', leafOnly, true, [issuing.subject], null],
  ['listed with other letter case', full, true, [root.subject.toUpperCase()], null],
  [
    'only other CAs',
    full,
    true,
    ['CN=Fabrikam Root'],
    /only from 1 CA \("CN=Fabrikam Root"\).*under the root "CN=uccert Test Root CA, O=uccert Tests", which/,
  ],
  [
    'only other CAs, root not known',
    leafOnly,
    true,
    ['CN=A', 'CN=B'],
    /only from 2 CAs.*under the root "CN=uccert Test Issuing CA, O=uccert Tests" \(not in the file\)/,
  ],
] as const;

for (const [label, chain, requested, acceptable, expected] of cases) {
  test(`CLIENT_CA_NOT_ACCEPTED: ${label}`, () => {
    const finding = checkClientCaNotAccepted(chain, requested, acceptable, 'sip.fabrikam.com:5061');
    if (expected === null) return assert.equal(finding, null);
    assert.equal(finding?.code, 'CLIENT_CA_NOT_ACCEPTED');
    assert.equal(finding?.severity, 'error');
    assert.match(finding?.message ?? '', expected);
    assert.match(
      finding?.fix ?? '',
      /Trusted Root Certification Authorities.*or use a certificate from a CA the peer already trusts/,
    );
  });
}

test('CLIENT_CA_NOT_ACCEPTED: a long list is cut after 12 names', () => {
  const names = Array.from({ length: 30 }, (_, i) => `CN=CA ${i}`);
  const finding = checkClientCaNotAccepted(full, true, names, 't');
  assert.match(finding?.message ?? '', /only from 30 CAs .*"CN=CA 11", "… 18 more"\)/);
});
