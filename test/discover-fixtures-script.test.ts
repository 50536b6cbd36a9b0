// make-discover-fixtures.sh must keep working and must never overwrite: run it twice into a temp
// directory, check the certificates it writes (names, issuer) and that the second run kept them.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseCertificateContainer } from '../src/x509/certificate-container.js';
import { repoPath } from './support/repo.js';

const script = repoPath('test/fixtures/make-discover-fixtures.sh');
const wanted: Readonly<Record<string, readonly string[]>> = {
  'pool01-sipinternal': [
    'pool01.contoso.net',
    'fe01.contoso.net',
    'sipinternal.contoso.com',
    'sip.contoso.com',
    'sip.fabrikam.com',
  ],
  'fabrikam-wildcard': ['webcon.fabrikam.com', '*.fabrikam.com'],
};

function readLeaf(dir: string, name: string) {
  const file = parseCertificateContainer(readFileSync(join(dir, `${name}.pem`)), { source: name });
  assert.equal(file.certificates.length, 2, `${name}: the leaf then the issuing CA`);
  return file.certificates[0]!.facts;
}

test('make-discover-fixtures.sh writes its certificates once, and keeps them on a second run', () => {
  const dir = mkdtempSync(join(tmpdir(), 'uccert-discover-fixtures-'));
  try {
    execFileSync('bash', [script, dir, repoPath('test/fixtures')], { stdio: 'pipe' });
    const first = new Map<string, string>();
    for (const [name, names] of Object.entries(wanted)) {
      const leaf = readLeaf(dir, name);
      assert.deepEqual(leaf.alternativeNames, names, name);
      assert.match(leaf.issuer, /Issuing/i, name);
      first.set(name, readFileSync(join(dir, `${name}.pem`), 'utf8'));
    }
    const again = execFileSync('bash', [script, dir, repoPath('test/fixtures')], { encoding: 'utf8' });
    assert.match(again, /kept .*pool01-sipinternal\.pem \(exists\)/);
    for (const [name, text] of first)
      assert.equal(readFileSync(join(dir, `${name}.pem`), 'utf8'), text, name);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the checked-in discover fixtures carry the names the discover test relies on', () => {
  const dir = repoPath('test/fixtures/discover');
  for (const [name, names] of Object.entries(wanted))
    assert.deepEqual(readLeaf(dir, name).alternativeNames, names);
});
