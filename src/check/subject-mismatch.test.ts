import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type ContextChange, makeContext } from '../../test/support/check-context.js';
import { checkSubjectMismatch } from './subject-mismatch.js';

/** [case, change, expected severity or null when the rule must stay silent]. */
const cases: readonly [string, ContextChange, 'error' | 'warning' | null][] = [
  ['the pool FQDN', {}, null],
  ['the server FQDN, also accepted', { certificate: { subjectCommonName: 'FE01.contoso.net' } }, null],
  ['another host', { certificate: { subjectCommonName: 'fe02.contoso.net' } }, 'error'],
  ['no common name', { certificate: { subjectCommonName: null } }, 'error'],
  ['a wildcard (WILDCARD_SUBJECT says it)', { certificate: { subjectCommonName: '*.contoso.net' } }, null],
  [
    'a use without name requirements',
    { certificate: { subjectCommonName: 'anything' }, requirement: { acceptedSubjects: [] } },
    null,
  ],
];

for (const [name, change, expected] of cases) {
  test(`SUBJECT_MISMATCH: ${name}`, () => {
    const findings = checkSubjectMismatch(makeContext(change));
    assert.deepEqual(
      findings.map((f) => [f.code, f.severity]),
      expected === null ? [] : [['SUBJECT_MISMATCH', expected]],
    );
    for (const f of findings) {
      assert.equal(f.target, 'fe01.contoso.net/Default');
      assert.ok(f.fix.length > 0 && f.sources.length > 0);
    }
  });
}
