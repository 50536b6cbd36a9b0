// The fixture script must keep working: run it into a temp directory and check that every file
// other tests rely on appears and parses. (The checked-in copies are what golden transcripts use.)

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseCertificateContainer } from '../src/x509/certificate-container.js';
import { repoPath } from './support/repo.js';

const expected: Readonly<
  Record<string, { format: string; certificates: number; requests?: number; keys?: number }>
> = {
  'root-ca.pem': { format: 'pem', certificates: 1 },
  'issuing-ca.pem': { format: 'pem', certificates: 1 },
  'ecdsa-ca.pem': { format: 'pem', certificates: 1 },
  'ecdsa-signed.pem': { format: 'pem', certificates: 1 },
  'rsa-leaf.pem': { format: 'pem', certificates: 1 },
  'rsa-leaf.der': { format: 'der', certificates: 1 },
  'ecdsa-leaf.pem': { format: 'pem', certificates: 1 },
  'chain.pem': { format: 'pem', certificates: 3 },
  'bundle-with-text.pem': { format: 'pem', certificates: 3 },
  'localhost-leaf.pem': { format: 'pem', certificates: 1 },
  'wronghost-leaf.pem': { format: 'pem', certificates: 1 },
  'san-kinds.pem': { format: 'pem', certificates: 1 },
  'wildcard-subject.pem': { format: 'pem', certificates: 1 },
  'many-sans.pem': { format: 'pem', certificates: 1 },
  'expired.pem': { format: 'pem', certificates: 1 },
  'not-yet-valid.pem': { format: 'pem', certificates: 1 },
  'expires-soon.pem': { format: 'pem', certificates: 1 },
  'sha1.pem': { format: 'pem', certificates: 1 },
  'pss.pem': { format: 'pem', certificates: 1 },
  'no-cdp.pem': { format: 'pem', certificates: 1 },
  'no-server-auth.pem': { format: 'pem', certificates: 1 },
  'rsa1024.pem': { format: 'pem', certificates: 1 },
  'request.csr': { format: 'csr', certificates: 0, requests: 1 },
  'request-der.csr': { format: 'csr', certificates: 0, requests: 1 },
  'chain.p7b': { format: 'p7b', certificates: 3 },
  'chain-der.p7b': { format: 'p7b', certificates: 3 },
  'modern.pfx': { format: 'pfx', certificates: 3, keys: 1 },
  'legacy.pfx': { format: 'pfx', certificates: 3, keys: 1 },
  'nopass.pfx': { format: 'pfx', certificates: 3, keys: 1 },
  'ecdsa.pfx': { format: 'pfx', certificates: 3, keys: 1 },
};

const passwords: Readonly<Record<string, string | undefined>> = { 'nopass.pfx': undefined };

function checkDirectory(dir: string): void {
  const present = new Set(readdirSync(dir));
  for (const [name, want] of Object.entries(expected)) {
    assert.ok(present.has(name), `${name} is missing from ${dir}`);
    const password = name in passwords ? passwords[name] : 'uccert-test';
    const file = parseCertificateContainer(readFileSync(join(dir, name)), { source: name, password });
    assert.equal(file.format, want.format, name);
    assert.equal(file.certificates.length, want.certificates, name);
    assert.equal(file.requests.length, want.requests ?? 0, name);
    assert.equal(file.keys.length, want.keys ?? 0, name);
    if (want.keys !== undefined)
      assert.equal(file.keys[0]?.certificate, 0, `${name}: the key belongs to the leaf`);
  }
  // Each leaf's key sits beside it.
  for (const name of Object.keys(expected)) {
    if (name.endsWith('.pem') && !['chain.pem', 'bundle-with-text.pem'].includes(name)) {
      assert.ok(present.has(name.replace(/\.pem$/, '.key')), `${name} has no key beside it`);
    }
  }
}

test('the checked-in fixtures are all there and parse', () => {
  checkDirectory(repoPath('test/fixtures'));
});

test('make-fixtures.sh rebuilds every fixture into an empty directory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'uccert-fixtures-'));
  try {
    execFileSync('bash', [repoPath('test/fixtures/make-fixtures.sh'), dir], { stdio: 'pipe' });
    checkDirectory(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** What a certificate says apart from its key and serial: subject, issuer, dates, names, EKU, CDP. */
function describeForComparison(der: Uint8Array): unknown {
  const facts = parseCertificateContainer(der, { source: 'fixture' }).certificates[0]?.facts;
  assert.ok(facts !== undefined);
  const { subject, issuer, notBefore, notAfter, subjectAltNames, extendedKeyUsage, crlDistributionPoints } =
    facts;
  return { subject, issuer, notBefore, notAfter, subjectAltNames, extendedKeyUsage, crlDistributionPoints };
}

test('make-check-fixtures.sh rebuilds the check certificates as checked in (new keys, same contents)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'uccert-check-fixtures-'));
  try {
    execFileSync('bash', [repoPath('test/fixtures/make-check-fixtures.sh'), dir, repoPath('test/fixtures')], {
      stdio: 'pipe',
    });
    const checkedIn = repoPath('test/fixtures/check');
    const names = readdirSync(checkedIn).filter((n) => n.endsWith('.pem'));
    assert.ok(names.length >= 10, `only ${names.length} check fixtures`);
    for (const name of names) {
      assert.deepEqual(
        describeForComparison(readFileSync(join(dir, name))),
        describeForComparison(readFileSync(join(checkedIn, name))),
        name,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
