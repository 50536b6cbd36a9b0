import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type ContextChange, makeContext } from '../../test/support/check-context.js';
import { checkMissingServerAuthEku } from './missing-server-auth-eku.js';

/** [case, change, expected severity or null when the rule must stay silent]. */
const cases: readonly [string, ContextChange, 'error' | 'warning' | null][] = [
  ['serverAuth present', {}, null],
  ['serverAuth among others', { certificate: { extendedKeyUsage: ['clientAuth', 'serverAuth'] } }, null],
  ['clientAuth only', { certificate: { extendedKeyUsage: ['clientAuth'] } }, 'error'],
  [
    'no EKU extension: any purpose, but the wizard hides it',
    { certificate: { extendedKeyUsage: [] } },
    'warning',
  ],
  [
    'a use that does not need it',
    { certificate: { extendedKeyUsage: ['clientAuth'] }, requirement: { extendedKeyUsage: [] } },
    null,
  ],
];

for (const [name, change, expected] of cases) {
  test(`MISSING_SERVER_AUTH_EKU: ${name}`, () => {
    const findings = checkMissingServerAuthEku(makeContext(change));
    assert.deepEqual(
      findings.map((f) => [f.code, f.severity]),
      expected === null ? [] : [['MISSING_SERVER_AUTH_EKU', expected]],
    );
    for (const f of findings) {
      assert.equal(f.target, 'fe01.contoso.net/Default');
      assert.ok(f.fix.length > 0 && f.sources.length > 0);
    }
  });
}
