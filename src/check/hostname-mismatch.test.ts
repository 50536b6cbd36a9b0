import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readFixtureFacts } from '../../test/support/tls-fixture-facts.js';
import type { CertificateFacts } from '../x509/certificate-facts.js';
import { canonicalIp, checkHostnameMismatch } from './hostname-mismatch.js';

const pool = readFixtureFacts('rsa-leaf.pem');
const localhost = readFixtureFacts('localhost-leaf.pem');
const wildcard: CertificateFacts = {
  ...pool,
  alternativeNames: ['*.contoso.com'],
  subjectAltNames: [{ type: 'dns', value: '*.contoso.com' }],
};
const cnOnly: CertificateFacts = {
  ...pool,
  alternativeNames: [],
  subjectAltNames: [],
  subjectCommonName: 'sip.contoso.com',
};
const ipCn: CertificateFacts = { ...cnOnly, subjectCommonName: '127.0.0.1' };

const cases: readonly [label: string, facts: CertificateFacts, name: string, fires: boolean][] = [
  ['exact SAN', pool, 'pool01.contoso.net', false],
  ['exact SAN, other case and trailing dot', pool, 'MEET.contoso.com.', false],
  ['name not in the SAN', pool, 'sip.contoso.com', true],
  [
    'subject CN is ignored when a DNS SAN exists',
    { ...pool, subjectCommonName: 'sip.contoso.com' },
    'sip.contoso.com',
    true,
  ],
  ['wildcard covers one label', wildcard, 'meet.contoso.com', false],
  ['wildcard does not cover the bare domain', wildcard, 'contoso.com', true],
  ['wildcard does not cover two labels', wildcard, 'a.meet.contoso.com', true],
  ['CN counts when there is no DNS SAN', cnOnly, 'sip.contoso.com', false],
  ['CN other than the name', cnOnly, 'av.contoso.com', true],
  ['IPv4 in the IP SAN', localhost, '127.0.0.1', false],
  ['IPv6 in the IP SAN, short form', localhost, '::1', false],
  ['IPv6 in the IP SAN, bracketed long form', localhost, '[0:0:0:0:0:0:0:1]', false],
  ['IPv4 not in the IP SAN', localhost, '127.0.0.2', true],
  ['an IP is never matched by a DNS name or CN', ipCn, '127.0.0.1', true],
  ['a DNS name of the localhost certificate', localhost, 'localhost', false],
];

for (const [label, facts, name, fires] of cases) {
  test(`HOSTNAME_MISMATCH: ${label}`, () => {
    const finding = checkHostnameMismatch(facts, name, 'endpoint');
    if (!fires) return assert.equal(finding, null);
    assert.equal(finding?.code, 'HOSTNAME_MISMATCH');
    assert.equal(finding?.severity, 'error');
    assert.ok(finding?.message.includes(`"${name}"`), finding?.message);
    assert.match(finding?.fix ?? '', /--sni/);
  });
}

test('the message lists what the certificate covers', () => {
  const finding = checkHostnameMismatch(readFixtureFacts('wronghost-leaf.pem'), 'pool01.contoso.net', 'e');
  assert.match(finding?.message ?? '', /\(names it covers: www\.fabrikam\.com\)$/);
});

test('canonicalIp puts v4, v6 and v4-in-v6 forms side by side', () => {
  assert.equal(canonicalIp('::1'), canonicalIp('0:0:0:0:0:0:0:1'));
  assert.equal(canonicalIp('::ffff:127.0.0.1'), canonicalIp('127.0.0.1'));
  assert.equal(canonicalIp('fe80::1:2'), 'fe800000000000000000000000010002');
  assert.equal(canonicalIp('pool01.contoso.net'), null);
});
