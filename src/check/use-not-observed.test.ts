import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkUseNotObserved, type ServerReport } from './use-not-observed.js';

const report: ServerReport = {
  server: 'edge01.contoso.net',
  observedAt: '2026-06-01T10:00:00Z',
  sourceFile: 'edge01.json',
  uses: ['Internal', 'AccessEdgeExternal', 'DataEdgeExternal'],
  unreadable: 0,
};

const cases: readonly [
  label: string,
  use: string,
  assigned: string | null,
  fires: boolean,
  fix: RegExp | null,
][] = [
  ['the report holds the use', 'Internal', null, false, null],
  ['use names compare without case, as -Type does', 'accessedgeexternal', null, false, null],
  [
    'missing, and the store assigns one',
    'AudioVideoAuthentication',
    'C'.repeat(40),
    true,
    /Set-CsCertificate -Type AudioVideoAuthentication -Thumbprint C{40}/,
  ],
  [
    'missing, and the store assigns none',
    'AudioVideoAuthentication',
    null,
    true,
    /uccert request --new --type AudioVideoAuthentication/,
  ],
];

for (const [label, use, assigned, fires, fix] of cases) {
  test(`USE_NOT_OBSERVED: ${label}`, () => {
    const finding = checkUseNotObserved(report, use, assigned);
    if (!fires) return assert.equal(finding, null);
    assert.equal(finding?.code, 'USE_NOT_OBSERVED');
    assert.equal(finding?.severity, 'error');
    assert.match(
      finding?.message ?? '',
      /the server reported none for it at 2026-06-01T10:00:00Z \(edge01\.json\)/,
    );
    assert.match(finding?.fix ?? '', fix ?? /./);
  });
}

test('USE_NOT_OBSERVED: a report with unreadable entries gives a warning that says so', () => {
  const finding = checkUseNotObserved({ ...report, unreadable: 2 }, 'AudioVideoAuthentication', null);
  assert.equal(finding?.severity, 'warning');
  assert.match(finding?.message ?? '', /2 entries of that report could not be read/);
});
