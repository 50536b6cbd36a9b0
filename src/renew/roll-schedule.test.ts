import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scheduleRoll } from './roll-schedule.js';

const now = new Date('2026-06-01T12:20:00Z');

const cases = [
  ['Default alone needs no roll', ['Default'], '2027-01-01T00:00:00Z', { kind: 'none' }],
  [
    'A/V: one 8-hour lead from now, on the hour',
    ['AudioVideoAuthentication'],
    '2027-01-01T00:00:00Z',
    { kind: 'staged', effective: '2026-06-01T21:00:00.000Z' },
  ],
  [
    'OAuth: 24 hours',
    ['OAuthTokenIssuer'],
    '2027-01-01T00:00:00Z',
    { kind: 'staged', effective: '2026-06-02T13:00:00.000Z' },
  ],
  [
    'Edge external with A/V: the A/V lead',
    ['AccessEdgeExternal', 'AudioVideoAuthentication'],
    '2027-01-01T00:00:00Z',
    { kind: 'staged', effective: '2026-06-01T21:00:00.000Z' },
  ],
  [
    'old one expires in 12 h: effective at latest 8 h before',
    ['AudioVideoAuthentication'],
    '2026-06-02T00:30:00Z',
    { kind: 'staged', effective: '2026-06-01T16:00:00.000Z' },
  ],
  [
    'old one expires in 6 h: too late for an 8-hour lead',
    ['AudioVideoAuthentication'],
    '2026-06-01T18:20:00Z',
    { kind: 'too-late' },
  ],
] as const;

for (const [label, uses, oldNotAfter, expected] of cases) {
  test(`scheduleRoll: ${label}`, () => {
    const schedule = scheduleRoll(uses, oldNotAfter, '2026-06-01T12:10:00Z', now);
    assert.equal(schedule.kind, expected.kind);
    if (schedule.kind === 'staged' && 'effective' in expected) {
      assert.equal(schedule.effective.toISOString(), expected.effective);
      assert.ok(schedule.effective.getTime() <= schedule.latest.getTime());
      assert.ok(schedule.effective.getTime() > now.getTime());
    }
  });
}

test('scheduleRoll: never before the new certificate is valid', () => {
  const schedule = scheduleRoll(
    ['AudioVideoAuthentication'],
    '2027-01-01T00:00:00Z',
    '2026-06-05T00:00:00Z',
    now,
  );
  assert.equal(schedule.kind, 'too-late');
});
