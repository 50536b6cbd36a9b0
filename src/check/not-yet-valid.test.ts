import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixtureNow } from '../../test/support/cli-run.js';
import { readFixtureFacts } from '../../test/support/tls-fixture-facts.js';
import { checkNotYetValid, diagnoseTimeZone } from './not-yet-valid.js';

const leaf = readFixtureFacts('rsa-leaf.pem');
const minute = 60_000;

/** notBefore = now + gap; the expected offset named as the likely cause, or null for none. */
const cases: readonly [label: string, gapMinutes: number, fires: boolean, offset: string | null][] = [
  ['+5 h (a CA at UTC+05:00 keeping local time as UTC)', 300, true, '+05:00'],
  ['+5 h 7 min (within the 10-minute tolerance)', 307, true, '+05:00'],
  ['+8 h (a CA at +08:00, or a clock here at −08:00)', 480, true, '+08:00'],
  ['−8 h: notBefore 8 h ago is valid', -480, false, null],
  ['+5:30 (India)', 330, true, '+05:30'],
  ['+5:45 (Nepal)', 345, true, '+05:45'],
  ['+1 h', 60, true, '+01:00'],
  ['3 min: plain clock skew, no time zone', 3, true, null],
  ['47 min: not near any offset', 47, true, null],
  ['2 h 20 min: 20 min from any offset', 140, true, null],
  ['15 h: beyond every offset', 900, true, null],
  ['exactly now: valid', 0, false, null],
];

for (const [label, gapMinutes, fires, offset] of cases) {
  test(`NOT_YET_VALID at ${label}`, () => {
    const notBefore = new Date(fixtureNow.getTime() + gapMinutes * minute);
    const facts = { ...leaf, notBefore: notBefore.toISOString().replace('.000Z', 'Z') };
    const finding = checkNotYetValid(facts, fixtureNow, 'pool01.contoso.net:5061');
    if (!fires) {
      assert.equal(finding, null);
      return;
    }
    assert.ok(finding !== null);
    assert.equal(finding.code, 'NOT_YET_VALID');
    assert.equal(finding.severity, 'error');
    assert.equal(finding.target, 'pool01.contoso.net:5061');
    assert.match(finding.message, new RegExp(`notBefore is ${facts.notBefore}`));
    if (offset === null) {
      assert.doesNotMatch(finding.message, /time-zone/);
      assert.match(finding.fix, /clocks/);
    } else {
      assert.match(finding.message, /a time-zone setting is the likely cause/);
      assert.match(finding.message, new RegExp(`UTC\\${offset}`));
      assert.match(finding.fix, /time zone and clock of the issuing CA/);
    }
  });
}

test('the +5 h diagnosis shows notBefore in UTC and at +05:00, and the opposite offset', () => {
  const notBefore = new Date('2026-06-01T17:00:00Z');
  const zone = diagnoseTimeZone(notBefore, 5 * 60 * minute);
  assert.deepEqual(zone, {
    offsetMinutes: 300,
    offset: '+05:00',
    oppositeOffset: '-05:00',
    notBeforeAtOffset: '2026-06-01T17:00:00+05:00',
    meantUtc: '2026-06-01T12:00:00Z',
  });
  const finding = checkNotYetValid({ ...leaf, notBefore: '2026-06-01T17:00:00Z' }, fixtureNow, 't');
  assert.match(finding?.message ?? '', /5 h after now \(2026-06-01T12:00:00Z\)/);
  assert.match(
    finding?.message ?? '',
    /notBefore is 2026-06-01T17:00:00\+05:00 = 2026-06-01T12:00:00Z, which is now/,
  );
  assert.match(finding?.message ?? '', /UTC-05:00 local time/);
});

test('+5:30 names +05:30, and +5:45 has no opposite zone in use', () => {
  assert.equal(diagnoseTimeZone(new Date('2026-06-01T17:30:00Z'), 330 * minute)?.offset, '+05:30');
  assert.equal(diagnoseTimeZone(new Date('2026-06-01T17:45:00Z'), 345 * minute)?.oppositeOffset, null);
  assert.equal(diagnoseTimeZone(new Date('2026-06-01T17:45:00Z'), 345 * minute)?.offset, '+05:45');
});

test('a gap off the offset by a few minutes says how far from now the CA meant', () => {
  const finding = checkNotYetValid({ ...leaf, notBefore: '2026-06-01T17:07:00Z' }, fixtureNow, 't');
  assert.match(finding?.message ?? '', /= 2026-06-01T12:07:00Z, within 7 min of now/);
});

test('−8 h: a server whose clock keeps UTC−08:00 local time as UTC sees the certificate 8 h early, and is named', () => {
  // A CA 8 h behind back-dates notBefore (no finding, the −480 case above); a server 8 h behind
  // sees a fresh certificate as 8 h in the future: the diagnosis names both zones.
  const finding = checkNotYetValid({ ...leaf, notBefore: '2026-06-01T20:00:00Z' }, fixtureNow, 't');
  assert.match(finding?.message ?? '', /notBefore is 2026-06-01T20:00:00\+08:00 = 2026-06-01T12:00:00Z/);
  assert.match(finding?.message ?? '', /UTC-08:00 local time/);
});
