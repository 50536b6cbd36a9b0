import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type ContextChange, makeContext } from '../../test/support/check-context.js';
import { checkWeakKey } from './weak-key.js';

/** [case, change, expected severity or null when the rule must stay silent]. */
const cases: readonly [string, ContextChange, 'error' | 'warning' | null][] = [
  ['RSA 2048', {}, null],
  ['RSA 4096', { certificate: { keySize: 4096 } }, null],
  ['RSA 1024 under a 2048 minimum', { certificate: { keySize: 1024 } }, 'error'],
  [
    'RSA 1024 where 1024 is the minimum (OAuthTokenIssuer)',
    { certificate: { keySize: 1024 }, requirement: { minKeySize: 1024 } },
    'warning',
  ],
  [
    'RSA 512 under a 1024 minimum',
    { certificate: { keySize: 512 }, requirement: { minKeySize: 1024 } },
    'error',
  ],
  ['EC P-256', { certificate: { keyAlgorithm: 'EC', keySize: 256, curve: 'prime256v1' } }, null],
];

for (const [name, change, expected] of cases) {
  test(`WEAK_KEY: ${name}`, () => {
    const findings = checkWeakKey(makeContext(change));
    assert.deepEqual(
      findings.map((f) => [f.code, f.severity]),
      expected === null ? [] : [['WEAK_KEY', expected]],
    );
    for (const f of findings) {
      assert.equal(f.target, 'fe01.contoso.net/Default');
      assert.ok(f.fix.length > 0 && f.sources.length > 0);
    }
  });
}
