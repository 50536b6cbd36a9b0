import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type ContextChange, makeContext } from '../../test/support/check-context.js';
import { checkWildcardNotAllowed } from './wildcard-not-allowed.js';

/** [case, change, expected severity or null when the rule must stay silent]. */
const cases: readonly [string, ContextChange, 'error' | 'warning' | null][] = [
  ['no wildcard', {}, null],
  [
    'a wildcard SAN where none is allowed',
    { certificate: { alternativeNames: ['sip.contoso.com', '*.contoso.com'] } },
    'error',
  ],
  [
    'a wildcard SAN where one is allowed',
    { certificate: { alternativeNames: ['*.contoso.com'] }, requirement: { wildcardAllowed: true } },
    null,
  ],
  [
    'a wildcard only in the subject (WILDCARD_SUBJECT says it)',
    { certificate: { subjectCommonName: '*.contoso.com' } },
    null,
  ],
];

for (const [name, change, expected] of cases) {
  test(`WILDCARD_NOT_ALLOWED: ${name}`, () => {
    const findings = checkWildcardNotAllowed(makeContext(change));
    assert.deepEqual(
      findings.map((f) => [f.code, f.severity]),
      expected === null ? [] : [['WILDCARD_NOT_ALLOWED', expected]],
    );
    for (const f of findings) {
      assert.equal(f.target, 'fe01.contoso.net/Default');
      assert.ok(f.fix.length > 0 && f.sources.length > 0);
    }
  });
}
