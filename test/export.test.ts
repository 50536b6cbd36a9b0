// `uccert export`: PFX in both profiles with the whole chain, read back by `openssl pkcs12 -info`
// (keys, certificates, encryption) and `openssl verify`; PEM with and without the key; a round
// trip through `uccert import` into another store; the printed Import-/Set-CsCertificate lines;
// a key requested not exportable (exported, and kept non-exportable on the server); and the refusals
// (no key, unknown thumbprint, no password).

import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { openStore } from '../src/store/store.js';
import {
  makeLab,
  openssl,
  runWithHome,
  scrubVarying,
  testPassphrase,
  thumbprintOf,
} from './ca-test-support.js';
import { assertGolden } from './support/golden.js';

const topology = 'examples/contoso.yaml';
const edgeUses = 'AccessEdgeExternal,DataEdgeExternal,AudioVideoAuthentication,XmppServer';
const password = 'Pfx-Passw0rd';

async function labWithEdge(
  prefix: string,
): Promise<{ dir: string; home: string; thumbprint: string; fe01: string }> {
  const lab = makeLab(prefix);
  assert.equal(
    (await runWithHome(lab.home, ['ca', 'init', '--name', 'Contoso Lab CA', '--out-dir', lab.dir])).exitCode,
    0,
  );
  const edge = await runWithHome(lab.home, [
    'request',
    '--new',
    '--type',
    edgeUses,
    '--server',
    'edge01.contoso.net',
    '--topology',
    topology,
    '--ca',
    'local',
    '--friendly-name',
    'Edge external 2026',
    '--json',
  ]);
  assert.equal(edge.exitCode, 0, edge.stderr);
  const thumbprint = thumbprintOf(edge);
  for (const server of ['edge01.contoso.net', 'edge02.contoso.net']) {
    const set = await runWithHome(lab.home, [
      'set',
      '--server',
      server,
      '--type',
      edgeUses,
      '--thumbprint',
      thumbprint,
    ]);
    assert.equal(set.exitCode, 0, set.stdout);
  }
  const fe01 = await runWithHome(lab.home, [
    'request',
    '--new',
    '--type',
    'Default,WebServicesInternal,WebServicesExternal',
    '--server',
    'fe01.contoso.net',
    '--topology',
    topology,
    '--ca',
    'local',
    '--json',
  ]);
  return { ...lab, thumbprint, fe01: thumbprintOf(fe01) };
}

/** The subjects of the certificates `openssl pkcs12` finds, and whether it found a key. */
function readPfx(path: string, legacy: boolean): { subjects: string[]; key: boolean; info: string } {
  const args = ['pkcs12', '-info', '-in', path, '-passin', `pass:${password}`, '-noenc'];
  const result = openssl(legacy ? [...args, '-legacy'] : args);
  assert.equal(result.status, 0, result.stderr);
  return {
    subjects: [...result.stdout.matchAll(/^subject=(.+)$/gm)].map((m) => m[1]!),
    key: /-----BEGIN PRIVATE KEY-----/.test(result.stdout),
    info: result.stderr + result.stdout,
  };
}

for (const profile of ['modern', 'legacy'] as const) {
  test(`export --format pfx (${profile}): openssl reads the key and the chain to the root, and verifies it`, async () => {
    const lab = await labWithEdge(`export-${profile}`);
    const out = join(lab.dir, `edge-${profile}.pfx`);
    const args = [
      'export',
      lab.thumbprint,
      '--out',
      out,
      '--password',
      password,
      ...(profile === 'legacy' ? ['--legacy'] : []),
    ];
    const run = await runWithHome(lab.home, args);
    assertGolden(`export-pfx-${profile}`, run, scrubVarying(lab.dir));
    assert.equal(run.exitCode, 0, run.stderr);
    assert.equal(statSync(out).mode & 0o777, 0o600, 'the PFX is owner-only');
    assert.doesNotMatch(run.stdout, new RegExp(password), 'the password is never printed');
    const pfx = readPfx(out, profile === 'legacy');
    assert.deepEqual(pfx.subjects, [
      'CN = sip.contoso.com',
      'CN = Contoso Lab CA',
      'CN = Contoso Lab CA Root',
    ]);
    assert.ok(pfx.key);
    if (profile === 'modern') {
      assert.match(pfx.info, /Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC/);
      assert.match(pfx.info, /MAC: sha256/);
    } else {
      assert.match(pfx.info, /Shrouded Keybag: pbeWithSHA1And3-KeyTripleDES-CBC/);
      assert.match(pfx.info, /PKCS7 Encrypted data: pbeWithSHA1And40BitRC2-CBC/);
      assert.match(pfx.info, /MAC: sha1/);
    }
    // The key in the PFX is the certificate's key.
    const pem = join(lab.dir, `edge-${profile}.pem`);
    const all = openssl([
      'pkcs12',
      '-in',
      out,
      '-passin',
      `pass:${password}`,
      '-noenc',
      '-out',
      pem,
      ...(profile === 'legacy' ? ['-legacy'] : []),
    ]);
    assert.equal(all.status, 0, all.stderr);
    // No key material is ever printed: not a line of the key's base64.
    const keyLines =
      /-----BEGIN PRIVATE KEY-----\n([\s\S]*?)-----END/.exec(readFileSync(pem, 'utf8'))?.[1]?.split('\n') ??
      [];
    assert.ok(keyLines.length > 3);
    for (const line of keyLines.filter((l) => l.length > 20))
      assert.ok(!(run.stdout + run.stderr).includes(line));
    const certKey = openssl(['x509', '-in', pem, '-noout', '-pubkey']).stdout;
    const keyPub = openssl(['pkey', '-in', pem, '-pubout']).stdout;
    assert.equal(certKey, keyPub);
    // The exported chain verifies with openssl against the lab root, the issuing CA from the PFX.
    const chain = openssl([
      'pkcs12',
      '-in',
      out,
      '-passin',
      `pass:${password}`,
      '-nokeys',
      '-cacerts',
      ...(profile === 'legacy' ? ['-legacy'] : []),
    ]);
    const leaf = openssl([
      'pkcs12',
      '-in',
      out,
      '-passin',
      `pass:${password}`,
      '-nokeys',
      '-clcerts',
      ...(profile === 'legacy' ? ['-legacy'] : []),
    ]);
    const cas = join(lab.dir, `cas-${profile}.pem`);
    const leafPath = join(lab.dir, `leaf-${profile}.pem`);
    writeCertificates(cas, chain.stdout);
    writeCertificates(leafPath, leaf.stdout);
    const verify = openssl(['verify', '-CAfile', join(lab.dir, 'root.pem'), '-untrusted', cas, leafPath]);
    assert.equal(verify.status, 0, verify.stderr);

    // Round trip: another store imports the PFX, with the key from the file.
    const other = makeLab(`export-import-${profile}`);
    const imported = await runWithHome(other.home, ['import', out, '--password', password, '--json']);
    assert.equal(imported.exitCode, 0, imported.stderr);
    const parsed = JSON.parse(imported.stdout) as {
      certificates: {
        certificate: { thumbprint: string; hasPrivateKey: boolean };
        privateKey: string;
        chainComplete: boolean;
      }[];
      authorities: unknown[];
    };
    assert.equal(parsed.certificates[0]!.certificate.thumbprint, lab.thumbprint);
    assert.equal(parsed.certificates[0]!.privateKey, 'file');
    assert.equal(parsed.certificates[0]!.chainComplete, true);
    assert.equal(parsed.authorities.length, 2);
    // …and can export it again (a key that came in a file is exportable).
    const again = await runWithHome(other.home, [
      'export',
      lab.thumbprint,
      '--out',
      join(other.dir, 'again.pfx'),
      '--password',
      password,
    ]);
    assert.equal(again.exitCode, 0, again.stderr);
  });
}

function writeCertificates(path: string, text: string): void {
  assert.ok(text.includes('BEGIN CERTIFICATE'), `openssl wrote certificates for ${path}`);
  writeFileSync(path, text);
}

test('export --format pem: the chain alone, or with the key encrypted; JSON', async () => {
  const lab = await labWithEdge('export-pem');
  const scrub = scrubVarying(lab.dir);
  const chainOnly = join(lab.dir, 'fe01-chain.pem');
  const run = await runWithHome(lab.home, ['export', lab.fe01, '--out', chainOnly, '--format', 'pem']);
  assertGolden('export-pem-chain', run, scrub);
  const text = readFileSync(chainOnly, 'utf8');
  assert.equal(text.match(/BEGIN CERTIFICATE/g)?.length, 3);
  assert.doesNotMatch(text, /PRIVATE KEY/);
  const verify = openssl([
    'verify',
    '-CAfile',
    join(lab.dir, 'root.pem'),
    '-untrusted',
    chainOnly,
    chainOnly,
  ]);
  assert.equal(verify.status, 0, verify.stderr);

  const withKey = join(lab.dir, 'edge.pem');
  const json = await runWithHome(lab.home, [
    'export',
    lab.thumbprint,
    '--out',
    withKey,
    '--format',
    'pem',
    '--password',
    password,
    '--json',
  ]);
  assertGolden('export-pem-key-json', json, scrub);
  const pemText = readFileSync(withKey, 'utf8');
  assert.match(pemText, /-----BEGIN ENCRYPTED PRIVATE KEY-----/);
  const key = openssl(['pkey', '-in', withKey, '-passin', `pass:${password}`, '-pubout']);
  assert.equal(key.status, 0, key.stderr);
  assert.equal(openssl(['x509', '-in', withKey, '-noout', '-pubkey']).stdout, key.stdout);
});

test('a key requested not exportable is exported (uccert holds it), and the server keeps it non-exportable', async () => {
  const lab = await labWithEdge('export-not-exportable');
  const out = join(lab.dir, 'fe01.pfx');
  const run = await runWithHome(lab.home, ['export', lab.fe01, '--out', out, '--password', password]);
  assert.equal(run.exitCode, 0, run.stderr);
  assertGolden('export-not-exportable', run, scrubVarying(lab.dir));
  const importLine = run.stdout.split('\n').find((l) => l.startsWith('Import-CsCertificate'));
  assert.ok(importLine !== undefined, run.stdout);
  assert.doesNotMatch(importLine, /PrivateKeyExportable/);
  assert.match(run.stdout, /requested not exportable/);
  const info = openssl(['pkcs12', '-in', out, '-info', '-nodes', '-passin', `pass:${password}`]);
  assert.match(info.stdout, /BEGIN PRIVATE KEY/);
  // The Edge certificate's key is exportable: its line says so.
  const edge = await runWithHome(lab.home, [
    'export',
    lab.thumbprint,
    '--out',
    join(lab.dir, 'edge.pfx'),
    '--password',
    password,
  ]);
  assert.equal(edge.exitCode, 0, edge.stderr);
  assert.match(edge.stdout, /Import-CsCertificate .*-PrivateKeyExportable \$true/);
});

test('export and import refuse with the exact message: unknown thumbprint, no key, passwords', async () => {
  const lab = await labWithEdge('export-errors');
  const scrub = scrubVarying(lab.dir);
  const out = join(lab.dir, 'x.pfx');
  const cases: [string, string[], Record<string, string> | undefined][] = [
    [
      'export-unknown-thumbprint',
      ['export', '0123456789ABCDEF0123456789ABCDEF01234567', '--out', out, '--password', password],
      undefined,
    ],
    ['export-no-password', ['export', lab.thumbprint, '--out', out], undefined],
    [
      'export-wrong-passphrase',
      ['export', lab.thumbprint, '--out', out, '--password', password],
      { UCCERT_PASSPHRASE: 'not the passphrase' },
    ],
  ];
  for (const [name, args, env] of cases) {
    const run = await runWithHome(lab.home, args, env);
    assertGolden(name, run, scrub);
    assert.equal(run.exitCode, 2, `${name}: ${run.stderr}`);
  }

  // A certificate whose key is neither in the file nor in the store: imported without a key (exit 0
  // with a warning), then export of a PFX says the store has no key for it.
  const other = makeLab('export-nokey');
  const noKey = await runWithHome(other.home, ['import', 'test/fixtures/rsa-leaf.pem']);
  assertGolden('import-no-key', noKey, scrubVarying(other.dir));
  assert.equal(noKey.exitCode, 0);
  assert.match(noKey.stderr, /was imported without a private key/);
  const thumbprint = /Thumbprint\s+: ([0-9A-F]{40})/.exec(noKey.stdout)?.[1] ?? '';
  const exportNoKey = await runWithHome(other.home, [
    'export',
    thumbprint,
    '--out',
    join(other.dir, 'x.pfx'),
    '--password',
    password,
  ]);
  assertGolden('export-no-key', exportNoKey, scrubVarying(other.dir));
  assert.equal(exportNoKey.exitCode, 2);

  const wrongPfx = await runWithHome(other.home, [
    'import',
    'test/fixtures/modern.pfx',
    '--password',
    'wrong',
  ]);
  assertGolden('import-wrong-pfx-password', wrongPfx, scrubVarying(other.dir));
  assert.equal(wrongPfx.exitCode, 2);
  // A PFX with a key into a store created with another passphrase: refused, nothing changed.
  const wrongPassphrase = await runWithHome(
    other.home,
    ['import', 'test/fixtures/modern.pfx', '--password', 'uccert-test'],
    {
      UCCERT_PASSPHRASE: `${testPassphrase}!`,
    },
  );
  // The store of `other` has no keyring yet (no key was stored): this import creates it. The next
  // one, with the test passphrase, is the wrong one.
  assert.equal(wrongPassphrase.exitCode, 0, wrongPassphrase.stderr);
  const rows = () => {
    const store = openStore(other.home);
    try {
      return store.db
        .prepare(
          'SELECT (SELECT count(*) FROM certificates) AS certificates, (SELECT count(*) FROM private_keys) AS keys',
        )
        .get();
    } finally {
      store.close();
    }
  };
  const before = rows();
  const refused = await runWithHome(other.home, [
    'import',
    'test/fixtures/ecdsa.pfx',
    '--password',
    'uccert-test',
  ]);
  assertGolden('import-wrong-passphrase', refused, scrubVarying(other.dir));
  assert.equal(refused.exitCode, 2);
  assert.deepEqual(rows(), before, 'a refused import leaves no certificate or key behind');
});
