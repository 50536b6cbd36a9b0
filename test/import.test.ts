// `uccert import` of each container the fixtures script makes: P7B (PEM and DER) with the chain,
// DER, PFX in the modern and legacy profiles (key from the file), a PEM certificate with its key
// file beside it in one bundle; a CSR is refused. openssl's fingerprints are the thumbprints stored.

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { makeLab, openssl, runWithHome, scrubVarying } from './ca-test-support.js';
import { assertGolden } from './support/golden.js';

const fixturePassword = 'uccert-test';

interface ImportJson {
  certificates: {
    certificate: { thumbprint: string; hasPrivateKey: boolean };
    privateKey: string;
    chainComplete: boolean;
  }[];
  authorities: { thumbprint: string; added: boolean }[];
  warnings: string[];
}

function fingerprint(pemPath: string): string {
  const out = openssl(['x509', '-in', pemPath, '-noout', '-fingerprint', '-sha1']).stdout;
  return out.trim().split('=')[1]!.replaceAll(':', '');
}

test('import P7B (PEM and DER): the leaf without a key, and the whole chain', async () => {
  const lab = makeLab('import-p7b');
  const scrub = scrubVarying(lab.dir);
  const p7b = await runWithHome(lab.home, ['import', 'test/fixtures/chain.p7b']);
  assertGolden('import-p7b', p7b, scrub);
  assert.equal(p7b.exitCode, 0);
  const again = await runWithHome(lab.home, ['import', 'test/fixtures/chain-der.p7b', '--json']);
  assertGolden('import-p7b-der-json', again, scrub);
  const parsed = JSON.parse(again.stdout) as ImportJson;
  assert.equal(parsed.certificates[0]!.certificate.thumbprint, fingerprint('test/fixtures/rsa-leaf.pem'));
  assert.equal(parsed.certificates[0]!.chainComplete, true);
  assert.deepEqual(
    parsed.authorities.map((a) => [a.thumbprint, a.added]),
    [
      [fingerprint('test/fixtures/issuing-ca.pem'), false],
      [fingerprint('test/fixtures/root-ca.pem'), false],
    ],
  );
});

test('import PFX (modern and legacy profiles) and a PEM bundle: the key comes from the file', async () => {
  const lab = makeLab('import-pfx');
  const scrub = scrubVarying(lab.dir);
  const modern = await runWithHome(lab.home, [
    'import',
    'test/fixtures/modern.pfx',
    '--password',
    fixturePassword,
  ]);
  assertGolden('import-pfx-modern', modern, scrub);
  assert.equal(modern.exitCode, 0, modern.stderr);
  assert.match(modern.stdout, /PrivateKey\s+: from the file/);
  for (const [name, args] of [
    ['legacy', ['import', 'test/fixtures/legacy.pfx', '--password', fixturePassword, '--json']],
    ['ecdsa', ['import', 'test/fixtures/ecdsa.pfx', '--password', fixturePassword, '--json']],
  ] as const) {
    const other = makeLab(`import-pfx-${name}`);
    const run = await runWithHome(other.home, [...args]);
    assert.equal(run.exitCode, 0, `${name}: ${run.stderr}`);
    const parsed = JSON.parse(run.stdout) as ImportJson;
    assert.equal(parsed.certificates[0]!.privateKey, 'file', name);
    assert.equal(parsed.certificates[0]!.certificate.hasPrivateKey, true, name);
  }
  // A PEM certificate with its key in one bundle (as `cat cert.pem key.pem` makes it).
  const other = makeLab('import-bundle');
  const bundle = join(other.dir, 'bundle.pem');
  writeFileSync(
    bundle,
    readFileSync('test/fixtures/rsa-leaf.pem', 'utf8') + readFileSync('test/fixtures/rsa-leaf.key', 'utf8'),
  );
  const run = await runWithHome(other.home, ['import', bundle, '--json']);
  assert.equal(run.exitCode, 0, run.stderr);
  assert.equal((JSON.parse(run.stdout) as ImportJson).certificates[0]!.privateKey, 'file');
  // The key is exportable again: its public key is the certificate's.
  const out = join(other.dir, 'again.pem');
  const exported = await runWithHome(other.home, [
    'export',
    fingerprint('test/fixtures/rsa-leaf.pem'),
    '--out',
    out,
    '--format',
    'pem',
    '--password',
    'x',
  ]);
  assert.equal(exported.exitCode, 0, exported.stderr);
  assert.equal(
    openssl(['pkey', '-in', out, '-passin', 'pass:x', '-pubout']).stdout,
    openssl(['x509', '-in', 'test/fixtures/rsa-leaf.pem', '-noout', '-pubkey']).stdout,
  );
});

test('import DER, and refusals: a CSR, no file, a PFX without its password', async () => {
  const lab = makeLab('import-der');
  const scrub = scrubVarying(lab.dir);
  const der = await runWithHome(lab.home, ['import', 'test/fixtures/rsa-leaf.der', '--json']);
  assert.equal(der.exitCode, 0);
  assert.equal((JSON.parse(der.stdout) as ImportJson).certificates[0]!.privateKey, 'none');
  const cases: [string, string[]][] = [
    ['import-csr', ['import', 'test/fixtures/request.csr']],
    ['import-no-file', ['import']],
    ['import-pfx-no-password', ['import', 'test/fixtures/modern.pfx']],
    ['import-missing-file', ['import', 'test/fixtures/nope.pem']],
  ];
  for (const [name, args] of cases) {
    const run = await runWithHome(lab.home, args);
    assertGolden(name, run, scrub);
    assert.equal(run.exitCode, 2, `${name}: ${run.stderr}`);
  }
});
