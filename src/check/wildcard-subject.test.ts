import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type ContextChange, makeContext } from '../../test/support/check-context.js';
import { checkWildcardSubject } from './wildcard-subject.js';

/** [case, change, expected severity or null when the rule must stay silent]. */
const cases: readonly [string, ContextChange, 'error' | 'warning' | null][] = [
  ['a host name', {}, null],
  ['a wildcard', { certificate: { subjectCommonName: '*.contoso.net' } }, 'error'],
  [
    'a wildcard even where SAN wildcards are allowed',
    { certificate: { subjectCommonName: '*.contoso.com' }, requirement: { wildcardAllowed: true } },
    'error',
  ],
  ['no common name', { certificate: { subjectCommonName: null } }, null],
];

for (const [name, change, expected] of cases) {
  test(`WILDCARD_SUBJECT: ${name}`, () => {
    const findings = checkWildcardSubject(makeContext(change));
    assert.deepEqual(
      findings.map((f) => [f.code, f.severity]),
      expected === null ? [] : [['WILDCARD_SUBJECT', expected]],
    );
    for (const f of findings) {
      assert.equal(f.target, 'fe01.contoso.net/Default');
      assert.ok(f.fix.length > 0 && f.sources.length > 0);
    }
  });
}
