import assert from 'node:assert/strict';
import { test } from 'node:test';
import { goodFacts } from '../../test/support/check-context.js';
import type { FieldProblem } from '../x509/certificate-facts.js';
import { checkNonAsciiIa5String } from './non-ascii-ia5-string.js';

const utf8: FieldProblem = {
  field: 'subjectAltNames',
  kind: 'nonAsciiIa5',
  problem: 'dns name "biztosítás.hu" at offset 283 is an IA5String (ASCII only) holding UTF-8',
};

const cases: readonly [string, FieldProblem[], 'warning' | null][] = [
  ['ASCII names', [], null],
  ['UTF-8 in a dNSName', [utf8], 'warning'],
  ['UTF-8 in a name attribute', [{ ...utf8, field: 'subject' }], 'warning'],
];

for (const [name, problems, expected] of cases) {
  test(`NON_ASCII_IA5STRING: ${name}`, () => {
    const findings = checkNonAsciiIa5String({ ...goodFacts, fieldProblems: problems }, 'idn.pem');
    assert.deepEqual(
      findings.map((f) => [f.code, f.severity]),
      expected === null ? [] : [['NON_ASCII_IA5STRING', expected]],
    );
    for (const f of findings) assert.ok(f.message.includes('biztosítás.hu') && f.fix.includes('xn--'));
  });
}
