import assert from 'node:assert/strict';
import { test } from 'node:test';
import { goodFacts, makeContext } from '../../test/support/check-context.js';
import type { FieldProblem } from '../x509/certificate-facts.js';
import { checkCertificate } from './rules.js';
import { checkSignatureAlgorithmMismatch } from './signature-algorithm-mismatch.js';

const mismatch: FieldProblem = {
  field: 'signatureAlgorithm',
  kind: 'algorithmMismatch',
  problem: 'the signed part names md5 (offset 19) but the certificate is signed with sha256WithRSAEncryption',
};

const cases: readonly [string, FieldProblem[], 'error' | null][] = [
  ['the two fields agree', [], null],
  ['inner md5, outer sha256WithRSAEncryption', [mismatch], 'error'],
  ['an unreadable field is another finding', [{ field: 'notAfter', kind: 'unreadable', problem: 'x' }], null],
];

for (const [name, problems, expected] of cases) {
  test(`SIGNATURE_ALGORITHM_MISMATCH: ${name}`, () => {
    const findings = checkSignatureAlgorithmMismatch({ ...goodFacts, fieldProblems: problems }, 'v1.pem');
    assert.deepEqual(
      findings.map((f) => [f.code, f.severity]),
      expected === null ? [] : [['SIGNATURE_ALGORITHM_MISMATCH', expected]],
    );
    for (const f of findings) {
      assert.match(f.message, /md5/);
      assert.deepEqual(f.sources, ['RFC 5280 §4.1.1.2']);
    }
  });
}

test('SIGNATURE_ALGORITHM_MISMATCH: check reports it', () => {
  const codes = checkCertificate(makeContext({ certificate: { fieldProblems: [mismatch] } })).map(
    (f) => f.code,
  );
  assert.ok(codes.includes('SIGNATURE_ALGORITHM_MISMATCH'));
});
