import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type ContextChange, makeContext } from '../../test/support/check-context.js';
import { checkMissingCrlDistributionPoint } from './missing-crl-distribution-point.js';

/** [case, change, expected severity or null when the rule must stay silent]. */
const cases: readonly [string, ContextChange, 'error' | 'warning' | null][] = [
  ['a CDP', {}, null],
  ['no CDP', { certificate: { crlDistributionPoints: [] } }, 'error'],
  [
    'no CDP on a self-signed certificate',
    { certificate: { crlDistributionPoints: [], selfSigned: true } },
    null,
  ],
];

for (const [name, change, expected] of cases) {
  test(`MISSING_CRL_DISTRIBUTION_POINT: ${name}`, () => {
    const findings = checkMissingCrlDistributionPoint(makeContext(change));
    assert.deepEqual(
      findings.map((f) => [f.code, f.severity]),
      expected === null ? [] : [['MISSING_CRL_DISTRIBUTION_POINT', expected]],
    );
    for (const f of findings) {
      assert.equal(f.target, 'fe01.contoso.net/Default');
      assert.ok(f.fix.length > 0 && f.sources.length > 0);
    }
  });
}
