import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type ContextChange, makeContext } from '../../test/support/check-context.js';
import { checkUnsupportedSignatureAlgorithm } from './unsupported-signature-algorithm.js';

/** [case, change, expected severity or null when the rule must stay silent]. */
const cases: readonly [string, ContextChange, 'error' | 'warning' | null][] = [
  ['SHA-256 with RSA', {}, null],
  ['ECDSA with SHA-384', { certificate: { signatureAlgorithm: 'ecdsa-with-SHA384' } }, null],
  ['SHA-512 with RSA', { certificate: { signatureAlgorithm: 'sha512WithRSAEncryption' } }, null],
  ['RSASSA-PSS', { certificate: { signatureAlgorithm: 'rsassaPss' } }, 'error'],
  ['MD5 with RSA', { certificate: { signatureAlgorithm: 'md5WithRSAEncryption' } }, 'error'],
  ['SHA-1 with RSA', { certificate: { signatureAlgorithm: 'sha1WithRSAEncryption' } }, 'warning'],
  ['ECDSA with SHA-1', { certificate: { signatureAlgorithm: 'ecdsa-with-SHA1' } }, 'warning'],
];

for (const [name, change, expected] of cases) {
  test(`UNSUPPORTED_SIGNATURE_ALGORITHM: ${name}`, () => {
    const findings = checkUnsupportedSignatureAlgorithm(makeContext(change));
    assert.deepEqual(
      findings.map((f) => [f.code, f.severity]),
      expected === null ? [] : [['UNSUPPORTED_SIGNATURE_ALGORITHM', expected]],
    );
    for (const f of findings) {
      assert.equal(f.target, 'fe01.contoso.net/Default');
      assert.ok(f.fix.length > 0 && f.sources.length > 0);
    }
  });
}
