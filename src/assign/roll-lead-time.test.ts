import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatSetCsCertificate } from './cmdlet-lines.js';
import { findRollsTooLate, leadHoursFor, type RolledUse } from './roll-lead-time.js';

const oldNotAfter = '2026-07-01T12:00:00Z';
const current = { thumbprint: 'A'.repeat(40), notAfter: oldNotAfter };
const av: RolledUse = { use: 'AudioVideoAuthentication', current };
const oauth: RolledUse = { use: 'OAuthTokenIssuer', current };
const web: RolledUse = { use: 'WebServicesExternal', current };

test('lead time: 8 h for A/V, 24 h for OAuth, the larger when both, none for other uses', () => {
  assert.equal(leadHoursFor(['AudioVideoAuthentication']), 8);
  assert.equal(leadHoursFor(['OAuthTokenIssuer']), 24);
  assert.equal(leadHoursFor(['AudioVideoAuthentication', 'OAuthTokenIssuer']), 24);
  assert.equal(leadHoursFor(['Default', 'WebServicesExternal']), null);
});

/** [case, rolled uses, effective date, uses reported too late]. */
const cases: readonly [string, RolledUse[], string, string[]][] = [
  ['A/V exactly 8 h before', [av], '2026-07-01T04:00:00Z', []],
  ['A/V 7 h 59 min before', [av], '2026-07-01T04:01:00Z', ['AudioVideoAuthentication']],
  ['OAuth 24 h before', [oauth], '2026-06-30T12:00:00Z', []],
  ['OAuth 23 h before', [oauth], '2026-06-30T13:00:00Z', ['OAuthTokenIssuer']],
  [
    'A/V with OAuth takes 24 h: 10 h before is too late for both',
    [av, oauth],
    '2026-07-01T02:00:00Z',
    ['AudioVideoAuthentication', 'OAuthTokenIssuer'],
  ],
  ['a web use has no lead time', [web], '2026-07-01T11:00:00Z', []],
  [
    'nothing assigned: nothing to roll from',
    [{ use: 'AudioVideoAuthentication', current: null }],
    '2026-07-01T11:00:00Z',
    [],
  ],
];

for (const [name, rolled, effective, late] of cases) {
  test(`roll lead time: ${name}`, () => {
    const found = findRollsTooLate(rolled, new Date(effective));
    assert.deepEqual(
      found.map((f) => f.use),
      late,
    );
    for (const f of found) assert.ok(f.latest.getTime() < Date.parse(effective));
  });
}

// lync-certificate-rules.md §5 T23 and T24 [L13-ROLL]: the old certificate expires 7/22/2012 2:00 PM.
const t23Old = { thumbprint: 'B'.repeat(40), notAfter: '2012-07-22T14:00:00Z' };

test('T23: A/V roll, old certificate expires 7/22/2012 2:00 PM: 7/22/2012 6:00 AM is the latest EffectiveDate', () => {
  const rolled: RolledUse[] = [{ use: 'AudioVideoAuthentication', current: t23Old }];
  assert.deepEqual(findRollsTooLate(rolled, new Date('2012-07-22T06:00:00Z')), []);
  const late = findRollsTooLate(rolled, new Date('2012-07-22T06:00:01Z'));
  assert.deepEqual(
    late.map((f) => [f.use, f.leadHours, f.latest.toISOString()]),
    [['AudioVideoAuthentication', 8, '2012-07-22T06:00:00.000Z']],
  );
  // The line the rules give for T23, run on every Edge.
  assert.equal(
    formatSetCsCertificate({
      uses: ['AudioVideoAuthentication'],
      thumbprint: 'C'.repeat(40),
      effectiveDate: late[0]!.latest,
    }),
    `Set-CsCertificate -Type AudioVideoAuthentication -Thumbprint ${'C'.repeat(40)} -Roll -EffectiveDate "7/22/2012 6:00:00 AM"`,
  );
});

test('T24: OAuth roll, old certificate expires 7/22/2012 2:00 PM: EffectiveDate ≤ 7/21/2012 2:00 PM (the doc uses 1:00 PM)', () => {
  const rolled: RolledUse[] = [{ use: 'OAuthTokenIssuer', current: t23Old }];
  assert.deepEqual(findRollsTooLate(rolled, new Date('2012-07-21T13:00:00Z')), []);
  assert.deepEqual(findRollsTooLate(rolled, new Date('2012-07-21T14:00:00Z')), []);
  const late = findRollsTooLate(rolled, new Date('2012-07-21T14:00:01Z'));
  assert.deepEqual(
    late.map((f) => [f.use, f.leadHours, f.latest.toISOString()]),
    [['OAuthTokenIssuer', 24, '2012-07-21T14:00:00.000Z']],
  );
});
