import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkObservedNotAssigned, type ObservedUse } from './observed-not-assigned.js';

const observed: ObservedUse = {
  server: 'fe01.contoso.net',
  use: 'Default',
  thumbprint: 'A'.repeat(40),
  observedAt: '2026-06-01T10:00:00Z',
  sourceFile: 'uccert-inventory-fe01.contoso.net.json',
  certificateKnown: true,
};

const cases: readonly [
  label: string,
  assigned: string | null,
  severity: string | null,
  fix: RegExp | null,
][] = [
  ['the store assigns the same certificate', 'A'.repeat(40), null, null],
  [
    'the store assigns another certificate',
    'B'.repeat(40),
    'error',
    /Set-CsCertificate -Type Default -Thumbprint B{40}/,
  ],
  [
    'the store assigns none',
    null,
    'warning',
    /uccert set --server fe01\.contoso\.net --type Default --thumbprint A{40}/,
  ],
];

for (const [label, assigned, severity, fix] of cases) {
  test(`OBSERVED_NOT_ASSIGNED: ${label}`, () => {
    const finding = checkObservedNotAssigned(observed, assigned);
    if (severity === null) return assert.equal(finding, null);
    assert.equal(finding?.code, 'OBSERVED_NOT_ASSIGNED');
    assert.equal(finding?.severity, severity);
    assert.match(
      finding?.message ?? '',
      /fe01\.contoso\.net reported A{40} for Default at 2026-06-01T10:00:00Z/,
    );
    assert.match(finding?.fix ?? '', fix ?? /./);
  });
}
