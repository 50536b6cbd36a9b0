import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type ContextChange, makeContext } from '../../test/support/check-context.js';
import { checkNameNotCovered } from './name-not-covered.js';

/** [case, change, expected severity or null when the rule must stay silent]. */
const cases: readonly [string, ContextChange, 'error' | 'warning' | null][] = [
  ['every required name in the SAN', {}, null],
  ['a required name missing', { certificate: { alternativeNames: ['pool01.contoso.net'] } }, 'error'],
  [
    'the name only in the subject CN',
    { certificate: { subjectCommonName: 'fe01.contoso.net', alternativeNames: ['pool01.contoso.net'] } },
    'error',
  ],
  [
    'an optional name missing',
    { certificate: { alternativeNames: ['pool01.contoso.net', 'fe01.contoso.net'] } },
    null,
  ],
  [
    'a wildcard where one is allowed',
    { certificate: { alternativeNames: ['*.contoso.net'] }, requirement: { wildcardAllowed: true } },
    null,
  ],
  ['a wildcard where none is allowed', { certificate: { alternativeNames: ['*.contoso.net'] } }, 'error'],
  [
    'a wildcard over two labels',
    { certificate: { alternativeNames: ['*.net'] }, requirement: { wildcardAllowed: true } },
    'error',
  ],
  [
    'case and trailing dot do not matter',
    { certificate: { alternativeNames: ['POOL01.contoso.net.', 'Fe01.Contoso.Net'] } },
    null,
  ],
];

for (const [name, change, expected] of cases) {
  test(`NAME_NOT_COVERED: ${name}`, () => {
    const findings = checkNameNotCovered(makeContext(change));
    assert.deepEqual(
      findings.map((f) => [f.code, f.severity]),
      expected === null ? [] : [['NAME_NOT_COVERED', expected]],
    );
    for (const f of findings) {
      assert.equal(f.target, 'fe01.contoso.net/Default');
      assert.ok(f.fix.length > 0 && f.sources.length > 0);
    }
  });
}
