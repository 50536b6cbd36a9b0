import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixtureNow } from '../../test/support/cli-run.js';
import { type AssignedCertificate, checkServedNotAssigned } from './served-not-assigned.js';

const A = 'AAAA';
const B = 'BBBB';
const C = 'CCCC';
const set = (
  thumbprint: string,
  effectiveAt: string,
  previous: string | null,
  server = 'fe01.contoso.net',
): AssignedCertificate => ({
  server,
  thumbprint,
  effectiveAt,
  previousThumbprint: previous,
});
const past = '2026-05-01T00:00:00Z';
const future = '2026-07-01T00:00:00Z';

const cases: readonly [
  label: string,
  served: string,
  assigned: readonly AssignedCertificate[],
  fires: RegExp | null,
][] = [
  ['serves the assigned certificate', A, [set(A, past, null)], null],
  [
    'serves another certificate',
    B,
    [set(A, past, null)],
    /serves certificate BBBB, but the store assigns AAAA to fe01\.contoso\.net Default$/,
  ],
  ['staged roll: the previous one is served before the date', B, [set(A, future, B)], null],
  [
    'staged roll: the new one served early is drift (the previous is right until the date)',
    A,
    [set(A, future, B)],
    /assigns BBBB .*until the staged roll on 2026-07-01/,
  ],
  ['roll that took effect: the new one is right', A, [set(A, past, B)], null],
  [
    'roll that took effect: the previous still served',
    B,
    [set(A, past, B)],
    /still serves the previous certificate of a roll that took effect/,
  ],
  [
    'pool FQDN: any member’s certificate is right',
    C,
    [set(A, past, null), set(C, past, null, 'fe02.contoso.net')],
    null,
  ],
  ['nothing assigned: not this rule (USE_NOT_ASSIGNED)', A, [], null],
];

for (const [label, served, assigned, fires] of cases) {
  test(`SERVED_NOT_ASSIGNED: ${label}`, () => {
    const finding = checkServedNotAssigned({
      endpoint: 'fe01.contoso.net:5061',
      use: 'Default',
      served,
      assigned,
      now: fixtureNow,
    });
    if (fires === null) return assert.equal(finding, null);
    assert.equal(finding?.code, 'SERVED_NOT_ASSIGNED');
    assert.equal(finding?.severity, 'error');
    assert.equal(finding?.target, 'fe01.contoso.net:5061');
    assert.match(finding?.message ?? '', fires);
    assert.match(finding?.fix ?? '', /Set-CsCertificate -Type Default -Thumbprint/);
  });
}
