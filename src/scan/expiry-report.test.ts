import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixtureNow } from '../../test/support/cli-run.js';
import { buildExpiryReport, daysLeft, gradeDaysLeft } from './expiry-report.js';

const windows = { warnDays: 30, criticalDays: 7 };

const grades: readonly [days: number, grade: string][] = [
  [-3, 'red'],
  [0, 'red'],
  [7, 'red'],
  [8, 'amber'],
  [30, 'amber'],
  [31, 'green'],
  [700, 'green'],
];

for (const [days, grade] of grades) {
  test(`expiry grade: ${days} days left is ${grade} (--warn-days 30, --critical-days 7)`, () => {
    assert.equal(gradeDaysLeft(days, windows), grade);
  });
}

test('expiry: whole days left from a pinned clock (23 h left is 0 days; expired is negative)', () => {
  assert.equal(daysLeft('2026-06-02T11:00:00Z', fixtureNow), 0);
  assert.equal(daysLeft('2026-07-01T12:00:00Z', fixtureNow), 30);
  assert.equal(daysLeft('2026-05-31T12:00:00Z', fixtureNow), -1);
});

test('expiry report: one entry per certificate with every place it is, soonest first', () => {
  const report = buildExpiryReport(
    [
      { thumbprint: 'B', subject: 'CN=b', notAfter: '2027-01-01T00:00:00Z', where: 'fe01:443' },
      { thumbprint: 'A', subject: 'CN=a', notAfter: '2026-06-05T12:00:00Z', where: 'fe01:5061' },
      { thumbprint: 'A', subject: 'CN=a', notAfter: '2026-06-05T12:00:00Z', where: 'fe01/Default' },
      { thumbprint: 'A', subject: 'CN=a', notAfter: '2026-06-05T12:00:00Z', where: 'fe01:5061' },
      { thumbprint: 'C', subject: 'CN=c', notAfter: '2026-06-20T12:00:00Z', where: 'edge:443' },
    ],
    fixtureNow,
    windows,
  );
  assert.deepEqual(
    report.map((e) => [e.thumbprint, e.daysLeft, e.grade, e.where.join(' ')]),
    [
      ['A', 4, 'red', 'fe01:5061 fe01/Default'],
      ['C', 19, 'amber', 'edge:443'],
      ['B', 213, 'green', 'fe01:443'],
    ],
  );
});
