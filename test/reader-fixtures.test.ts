// make-reader-fixtures.sh must keep reproducing every issue 9 shape: run it into a temp dir and
// check each output has the shape its tests rely on, as the checked-in copy does (new keys and
// dates, same shape).

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { UccertError } from '../src/errors.js';
import { parseCertificateContainer } from '../src/x509/certificate-container.js';
import { repoPath } from './support/repo.js';

/** What each shape must look like, whoever built it. */
function describeShapes(dir: string): Record<string, unknown> {
  const read = (name: string, password?: string) =>
    parseCertificateContainer(readFileSync(join(dir, name)), { source: name, password });
  const problems = (name: string) =>
    read(name).certificates[0]!.facts.fieldProblems?.map((p) => [
      p.field,
      p.kind,
      p.problem.replace(/\d+/g, 'N'),
    ]);
  const refusal = (name: string) => {
    try {
      read(name);
      return 'read';
    } catch (error) {
      return error instanceof UccertError ? error.message.replace(dir, '') : String(error);
    }
  };
  const same = read('same-dn-500.pem');
  const ber = readFileSync(join(dir, 'ber-envelope.p7b'));
  const crl = read('reader.crl').crls[0]!;
  return {
    files: readdirSync(dir).sort(),
    sameDn: [
      same.certificates.length,
      new Set(same.certificates.map((c) => c.facts.subject)).size,
      new Set(same.certificates.map((c) => c.facts.issuer)).size,
      same.certificates[0]!.facts.subject === same.certificates[0]!.facts.issuer,
      same.certificates.some((c) => c.facts.selfSigned),
    ],
    berEnvelope: [ber[1], read('ber-envelope.p7b').encoding, read('ber-envelope.p7b').certificates.length],
    badUtcTime: problems('bad-utctime.pem'),
    malformedOtherName: problems('malformed-othername.pem'),
    utf8Ia5: [problems('utf8-ia5.pem'), read('utf8-ia5.pem').certificates[0]!.facts.alternativeNames],
    hexDn: read('hex-dn-value.pem').certificates[0]!.facts.subject,
    v1: [
      read('v1-mismatched-algorithms.pem').certificates[0]!.facts.version,
      problems('v1-mismatched-algorithms.pem'),
    ],
    friendlyName: read('friendlyname-nul.pfx', 'uccert-test').certificates[0]!.friendlyName,
    crl: [crl.issuer, crl.crlNumber, crl.revoked.map((r) => r.reason)],
    foreign: ['ocsp-response.der', 'certificate-pair.der', 'smime-message.eml'].map(refusal),
  };
}

test('make-reader-fixtures.sh rebuilds every issue 9 shape as checked in (new keys, same shapes)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'uccert-reader-fixtures-'));
  try {
    execFileSync('bash', [repoPath('test/fixtures/make-reader-fixtures.sh'), dir], { stdio: 'pipe' });
    const rebuilt = describeShapes(dir);
    assert.deepEqual(rebuilt, describeShapes(repoPath('test/fixtures/readers')));
    assert.deepEqual((rebuilt.sameDn as unknown[]).slice(0, 3), [500, 1, 1]);
    assert.equal(rebuilt.friendlyName, '6BC162DA');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
