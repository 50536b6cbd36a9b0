import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type ContextChange, makeContext } from '../../test/support/check-context.js';
import { checkKeyNotExportable } from './key-not-exportable.js';

/** [case, change, expected severity or null when the rule must stay silent]. */
const cases: readonly [string, ContextChange, 'error' | 'warning' | null][] = [
  [
    'an Edge key that is exportable',
    { requirement: { exportableKey: true }, privateKey: { exportable: true } },
    null,
  ],
  [
    'an Edge key that is not exportable',
    { requirement: { exportableKey: true }, privateKey: { exportable: false } },
    'error',
  ],
  ['an Edge certificate whose key is unknown', { requirement: { exportableKey: true } }, null],
  ['a Front End key that is not exportable (allowed)', { privateKey: { exportable: false } }, null],
];

for (const [name, change, expected] of cases) {
  test(`KEY_NOT_EXPORTABLE: ${name}`, () => {
    const findings = checkKeyNotExportable(makeContext(change));
    assert.deepEqual(
      findings.map((f) => [f.code, f.severity]),
      expected === null ? [] : [['KEY_NOT_EXPORTABLE', expected]],
    );
    for (const f of findings) {
      assert.equal(f.target, 'fe01.contoso.net/Default');
      assert.ok(f.fix.length > 0 && f.sources.length > 0);
    }
  });
}
