import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixtureNow } from '../../test/support/cli-run.js';
import { readFixtureFacts } from '../../test/support/tls-fixture-facts.js';
import { checkExpired } from './expired.js';

const leaf = readFixtureFacts('rsa-leaf.pem');
const ca = readFixtureFacts('issuing-ca.pem');

const cases: readonly [label: string, notAfter: string, fires: boolean, ago: string | null][] = [
  ['92 days ago', '2026-03-01T00:00:00Z', true, '92 days ago'],
  ['one second ago', '2026-06-01T11:59:59Z', true, 'under a minute ago'],
  [
    'exactly now (notAfter is still inside the window, RFC 5280 §4.1.2.5)',
    '2026-06-01T12:00:00Z',
    false,
    null,
  ],
  ['tomorrow', '2026-06-02T12:00:00Z', false, null],
];

for (const [label, notAfter, fires, ago] of cases) {
  test(`EXPIRED: notAfter ${label}`, () => {
    const finding = checkExpired({ ...leaf, notAfter }, fixtureNow, 'endpoint');
    if (!fires) return assert.equal(finding, null);
    assert.equal(finding?.code, 'EXPIRED');
    assert.equal(finding?.severity, 'error');
    assert.match(finding?.message ?? '', new RegExp(`expired on ${notAfter}, ${ago}`));
    assert.match(finding?.message ?? '', /CN=pool01\.contoso\.net/);
  });
}

test('an expired CA certificate gets the CA fix, a server certificate the renewal fix', () => {
  assert.match(
    checkExpired({ ...ca, notAfter: '2026-01-01T00:00:00Z' }, fixtureNow, 't')?.fix ?? '',
    /renewed CA certificate/,
  );
  assert.match(
    checkExpired({ ...leaf, notAfter: '2026-01-01T00:00:00Z' }, fixtureNow, 't')?.fix ?? '',
    /Set-CsCertificate/,
  );
});
