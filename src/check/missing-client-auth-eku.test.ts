import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type ContextChange, makeContext } from '../../test/support/check-context.js';
import { checkMissingClientAuthEku } from './missing-client-auth-eku.js';

/** [case, change, expected severity or null when the rule must stay silent]. */
const cases: readonly [string, ContextChange, 'error' | 'warning' | null][] = [
  ['the use does not need it', {}, null],
  [
    'needed and present',
    {
      certificate: { extendedKeyUsage: ['serverAuth', 'clientAuth'] },
      requirement: { extendedKeyUsage: ['serverAuth', 'clientAuth'] },
    },
    null,
  ],
  ['needed and absent', { requirement: { extendedKeyUsage: ['serverAuth', 'clientAuth'] } }, 'error'],
  [
    'needed, no EKU extension (any purpose)',
    {
      certificate: { extendedKeyUsage: [] },
      requirement: { extendedKeyUsage: ['serverAuth', 'clientAuth'] },
    },
    null,
  ],
];

for (const [name, change, expected] of cases) {
  test(`MISSING_CLIENT_AUTH_EKU: ${name}`, () => {
    const findings = checkMissingClientAuthEku(makeContext(change));
    assert.deepEqual(
      findings.map((f) => [f.code, f.severity]),
      expected === null ? [] : [['MISSING_CLIENT_AUTH_EKU', expected]],
    );
    for (const f of findings) {
      assert.equal(f.target, 'fe01.contoso.net/Default');
      assert.ok(f.fix.length > 0 && f.sources.length > 0);
    }
  });
}
