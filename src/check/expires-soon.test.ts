import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixtureNow } from '../../test/support/cli-run.js';
import { readFixtureFacts } from '../../test/support/tls-fixture-facts.js';
import { checkExpiresSoon } from './expires-soon.js';

const leaf = readFixtureFacts('rsa-leaf.pem');

const cases: readonly [label: string, notAfter: string, windowDays: number | undefined, fires: boolean][] = [
  ['in 14 days (expires-soon fixture)', '2026-06-15T00:00:00Z', undefined, true],
  ['in 29 days', '2026-06-30T12:00:00Z', undefined, true],
  ['in exactly 30 days', '2026-07-01T12:00:00Z', undefined, true],
  ['in 31 days', '2026-07-02T12:00:00Z', undefined, false],
  ['in 31 days with a 60-day window', '2026-07-02T12:00:00Z', 60, true],
  ['already expired (EXPIRED says so)', '2026-05-01T00:00:00Z', undefined, false],
];

for (const [label, notAfter, windowDays, fires] of cases) {
  test(`EXPIRES_SOON: ${label}`, () => {
    const finding = checkExpiresSoon({ ...leaf, notAfter }, fixtureNow, 'endpoint', windowDays);
    if (!fires) return assert.equal(finding, null);
    assert.equal(finding?.code, 'EXPIRES_SOON');
    assert.equal(finding?.severity, 'warning');
    assert.match(
      finding?.message ?? '',
      new RegExp(`expires on ${notAfter}, in \\d+ days \\(warning window ${windowDays ?? 30} days\\)`),
    );
  });
}

test('the expires-soon fixture is found 13 days ahead of the fixture clock', () => {
  const facts = readFixtureFacts('expires-soon.pem');
  assert.match(checkExpiresSoon(facts, fixtureNow, 't')?.message ?? '', /in 13 days/);
});
