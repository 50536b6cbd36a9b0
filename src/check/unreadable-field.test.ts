import assert from 'node:assert/strict';
import { test } from 'node:test';
import { goodFacts, makeContext } from '../../test/support/check-context.js';
import type { FieldProblem } from '../x509/certificate-facts.js';
import { checkCertificate } from './rules.js';
import { checkUnreadableField } from './unreadable-field.js';

const bad = (field: string, problem = 'bad time value "271301000000Z" at offset 113'): FieldProblem => ({
  field,
  kind: 'unreadable',
  problem,
});

/** [case, problems, expected severities]. */
const cases: readonly [string, FieldProblem[], string[]][] = [
  ['every field read', [], []],
  ['notAfter unreadable', [bad('notAfter')], ['error']],
  ['a malformed SAN entry', [bad('subjectAltNames', 'malformed SAN entry at offset 308')], ['error']],
  [
    'a field no rule reads',
    [bad('certificatePolicies', 'malformed certificatePolicies extension')],
    ['warning'],
  ],
  ['two fields', [bad('notBefore'), bad('extendedKeyUsage')], ['error', 'error']],
  [
    'a non-ASCII name is not unreadable',
    [{ field: 'subjectAltNames', kind: 'nonAsciiIa5', problem: 'UTF-8 in a dNSName' }],
    [],
  ],
];

for (const [name, problems, expected] of cases) {
  test(`UNREADABLE_FIELD: ${name}`, () => {
    const findings = checkUnreadableField({ ...goodFacts, fieldProblems: problems }, 'cert.pem');
    assert.deepEqual(
      findings.map((f) => [f.code, f.severity]),
      expected.map((s) => ['UNREADABLE_FIELD', s]),
    );
    for (const f of findings) {
      assert.equal(f.target, 'cert.pem');
      assert.ok(f.message.includes(problems[0]!.problem), f.message);
      assert.ok(f.fix.length > 0 && f.sources.length > 0);
    }
  });
}

test('UNREADABLE_FIELD: check drops the verdicts of rules that read an unreadable field (issue 9 item 3)', () => {
  // An unreadable notAfter is left empty; EXPIRED must not judge it, nor pass it silently.
  const expiredAndUnreadable = makeContext({
    certificate: { notAfter: '', fieldProblems: [bad('notAfter')] },
  });
  const codes = checkCertificate(expiredAndUnreadable).map((f) => f.code);
  assert.ok(codes.includes('UNREADABLE_FIELD'));
  assert.ok(!codes.includes('EXPIRED') && !codes.includes('EXPIRES_SOON'));
  // An unreadable EKU would otherwise read as "no serverAuth".
  const noEku = makeContext({
    certificate: { extendedKeyUsage: [], fieldProblems: [bad('extendedKeyUsage')] },
  });
  const ekuCodes = checkCertificate(noEku).map((f) => f.code);
  assert.ok(ekuCodes.includes('UNREADABLE_FIELD'));
  assert.ok(!ekuCodes.includes('MISSING_SERVER_AUTH_EKU'), ekuCodes.join());
  // Without the problem, the same empty EKU is the rule's own error.
  const plainNoEku = checkCertificate(makeContext({ certificate: { extendedKeyUsage: [] } })).map(
    (f) => f.code,
  );
  assert.ok(plainNoEku.includes('MISSING_SERVER_AUTH_EKU'));
});
