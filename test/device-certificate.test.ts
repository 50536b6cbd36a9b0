// `ca issue --new`: certificates for devices outside the topology (VCS/Expressway, SBCs, gateways),
// key and certificate in one step, written in the device's formats, and checked by two independent
// X.509 implementations: openssl verify -x509_strict and GnuTLS certtool --verify-chain.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { makeLab, openssl, scrubVarying, testPassphrase, thumbprintOf } from './ca-test-support.js';
import { runUccert, type Transcript } from './support/cli-run.js';
import { assertGolden } from './support/golden.js';

// GnuTLS 3.7's certtool has no --attime: these runs use the real clock so certtool agrees.
const now = new Date();

function run(home: string, args: readonly string[]): Promise<Transcript> {
  return runUccert([...args, '--home', home], { env: { UCCERT_PASSPHRASE: testPassphrase }, now });
}

async function labWithCa(prefix: string) {
  const lab = makeLab(prefix);
  const init = await run(lab.home, ['ca', 'init', '--name', 'Contoso Lab CA']);
  assert.equal(init.exitCode, 0, init.stderr);
  return lab;
}

function certtool(args: readonly string[]): { status: number | null; out: string } {
  const r = spawnSync('/usr/bin/certtool', args, { encoding: 'utf8', timeout: 30_000 });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

/** The root (DER on disk) as PEM, for openssl -CAfile and certtool. */
function rootPem(dir: string, outDir: string): string {
  const path = join(dir, 'root-from-der.pem');
  const r = openssl(['x509', '-inform', 'der', '-in', join(outDir, 'root.cer'), '-out', path]);
  assert.equal(r.status, 0, r.stderr);
  return path;
}

test('ca issue --new: PEM chain and encrypted key for a VCS, verified by openssl -x509_strict and GnuTLS', async () => {
  const lab = await labWithCa('device-pem');
  const out = join(lab.dir, 'vcs');
  const t = await run(lab.home, [
    'ca',
    'issue',
    '--new',
    '--subject',
    'CN=vcs.contoso.com,O=Contoso,C=US',
    '--san',
    'DNS:vcs.contoso.com,DNS:vcs01.contoso.com',
    '--san',
    'IP:10.0.0.5',
    '--client-auth',
    '--out-dir',
    out,
    '--password',
    'device-secret',
  ]);
  assert.equal(t.exitCode, 0, t.stderr);
  const chain = join(out, 'vcs.contoso.com.pem');
  const key = join(out, 'vcs.contoso.com.key');
  const root = rootPem(lab.dir, out);
  assert.equal(statSync(key).mode & 0o777, 0o600);
  assert.match(readFileSync(key, 'utf8'), /^-----BEGIN ENCRYPTED PRIVATE KEY-----/);
  for (const purpose of ['sslserver', 'sslclient']) {
    const v = openssl([
      'verify',
      '-x509_strict',
      '-purpose',
      purpose,
      '-CAfile',
      root,
      '-untrusted',
      chain,
      chain,
    ]);
    assert.equal(v.status, 0, `${purpose}: ${v.stdout}${v.stderr}`);
  }
  const full = join(lab.dir, 'full-chain.pem');
  writeFileSync(full, readFileSync(chain, 'utf8') + readFileSync(root, 'utf8'));
  const gnutls = certtool(['--verify-chain', '--infile', full]);
  assert.equal(gnutls.status, 0, gnutls.out);
  assert.match(gnutls.out, /Chain verification output: Verified/);
  const host = certtool([
    '--verify',
    '--load-ca-certificate',
    root,
    '--verify-hostname',
    'vcs01.contoso.com',
    '--infile',
    chain,
  ]);
  assert.equal(host.status, 0, host.out);
  const otherHost = certtool([
    '--verify',
    '--load-ca-certificate',
    root,
    '--verify-hostname',
    'sbc.contoso.com',
    '--infile',
    chain,
  ]);
  assert.notEqual(otherHost.status, 0, 'GnuTLS must refuse a name the SAN does not carry');
  // The key decrypts with the password and belongs to the certificate.
  const keyPub = openssl(['pkey', '-in', key, '-passin', 'pass:device-secret', '-pubout']);
  const certPub = openssl(['x509', '-in', chain, '-noout', '-pubkey']);
  assert.equal(keyPub.status, 0, keyPub.stderr);
  assert.equal(keyPub.stdout, certPub.stdout);
  // Stored like any other: export finds it by thumbprint, with its key.
  const exported = await run(lab.home, [
    'export',
    thumbprintOf(await run(lab.home, ['ca', 'issue', '--new', '--san', 'DNS:gw.contoso.com', '--json'])),
    '--out',
    join(lab.dir, 'gw.pfx'),
    '--password',
    'p',
  ]);
  assert.equal(exported.exitCode, 0, exported.stderr);
});

test('ca issue --new with an empty subject: the SAN is critical and both verifiers accept it', async () => {
  const lab = await labWithCa('device-empty');
  const out = join(lab.dir, 'sbc');
  const t = await run(lab.home, [
    'ca',
    'issue',
    '--new',
    '--san',
    'DNS:sbc.contoso.com,IP:fd00::5',
    '--key-alg',
    'ECDH_P256',
    '--out-dir',
    out,
    '--password',
    'pw',
  ]);
  assert.equal(t.exitCode, 0, t.stderr);
  const chain = join(out, 'sbc.contoso.com.pem');
  const text = openssl(['x509', '-in', chain, '-noout', '-text']);
  assert.match(
    text.stdout,
    /X509v3 Subject Alternative Name: critical\n\s+DNS:sbc\.contoso\.com, IP Address:FD00:0:0:0:0:0:0:5/,
  );
  assert.match(text.stdout, /ASN1 OID: prime256v1/);
  const root = rootPem(lab.dir, out);
  const v = openssl(['verify', '-x509_strict', '-CAfile', root, '-untrusted', chain, chain]);
  assert.equal(v.status, 0, v.stdout + v.stderr);
  const full = join(lab.dir, 'full.pem');
  writeFileSync(full, readFileSync(chain, 'utf8') + readFileSync(root, 'utf8'));
  const gnutls = certtool(['--verify-chain', '--infile', full]);
  assert.equal(gnutls.status, 0, gnutls.out);
});

test('ca issue --new --format pfx: modern and legacy PFX open in openssl with the whole chain', async () => {
  const lab = await labWithCa('device-pfx');
  for (const legacy of [false, true]) {
    const out = join(lab.dir, legacy ? 'legacy' : 'modern');
    const t = await run(lab.home, [
      'ca',
      'issue',
      '--new',
      '--subject',
      'CN=gw.contoso.com',
      '--san',
      'DNS:gw.contoso.com',
      '--format',
      'pfx',
      ...(legacy ? ['--legacy'] : []),
      '--out-dir',
      out,
      '--password',
      'pfx-pw',
    ]);
    assert.equal(t.exitCode, 0, t.stderr);
    const pfx = join(out, 'gw.contoso.com.pfx');
    const info = openssl([
      'pkcs12',
      '-in',
      pfx,
      '-passin',
      'pass:pfx-pw',
      '-info',
      '-noout',
      ...(legacy ? ['-legacy'] : []),
    ]);
    assert.equal(info.status, 0, info.stderr);
    assert.match(info.stderr, legacy ? /pbeWithSHA1And40BitRC2-CBC/ : /PBES2, PBKDF2, AES-256-CBC/);
    const certs = openssl([
      'pkcs12',
      '-in',
      pfx,
      '-passin',
      'pass:pfx-pw',
      '-nokeys',
      ...(legacy ? ['-legacy'] : []),
    ]);
    assert.equal(certs.stdout.match(/BEGIN CERTIFICATE/g)?.length, 3, 'leaf, issuing CA and root');
  }
});

test('ca issue --new: text transcript, and a refusal that names the value and the fix', async () => {
  const lab = makeLab('device-golden');
  const fixed = (args: readonly string[]) =>
    runUccert([...args, '--home', lab.home], { env: { UCCERT_PASSPHRASE: testPassphrase } });
  assert.equal((await fixed(['ca', 'init', '--name', 'Contoso Lab CA'])).exitCode, 0);
  const scrub = scrubVarying(lab.dir);
  const issued = await fixed([
    'ca',
    'issue',
    '--new',
    '--subject',
    'CN=vcs.contoso.com,O=Contoso',
    '--san',
    'DNS:vcs.contoso.com,IP:10.0.0.5',
  ]);
  assert.equal(issued.exitCode, 0, issued.stderr);
  assertGolden('ca-issue-new', issued, (s) =>
    scrub(s)
      .replace(/serial [0-9A-F]+/, 'serial <SERIAL>')
      .replace(/SerialNumber +: [0-9A-F]+/, 'SerialNumber          : <SERIAL>'),
  );
  const refused = await fixed([
    'ca',
    'issue',
    '--new',
    '--subject',
    'CN=vcs.contoso.com',
    '--san',
    'DNS:vcs01.contoso.com',
  ]);
  assert.equal(refused.exitCode, 2);
  assertGolden('ca-issue-new-cn-not-in-san', refused, scrub);
  const noPassword = await fixed([
    'ca',
    'issue',
    '--new',
    '--san',
    'DNS:a.contoso.com',
    '--out-dir',
    join(lab.dir, 'x'),
  ]);
  assert.equal(noPassword.exitCode, 2);
  assert.match(noPassword.stderr, /needs a password to encrypt it/);
  // The password from a file, off the command line (issue 9 item 21): openssl opens the key with it.
  const passFile = join(lab.dir, 'device.pass');
  writeFileSync(passFile, 'device-pass\n');
  const fromFile = await fixed([
    'ca',
    'issue',
    '--new',
    '--san',
    'DNS:b.contoso.com',
    '--out-dir',
    join(lab.dir, 'y'),
    '--password-file',
    passFile,
  ]);
  assert.equal(fromFile.exitCode, 0, fromFile.stderr);
  assert.doesNotMatch(fromFile.stderr, /warning/);
  const opened = spawnSync(
    'openssl',
    ['pkey', '-in', join(lab.dir, 'y', 'b.contoso.com.key'), '-passin', 'pass:device-pass', '-noout'],
    { encoding: 'utf8' },
  );
  assert.equal(opened.status, 0, opened.stderr);
});
