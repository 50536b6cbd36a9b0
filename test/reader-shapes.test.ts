// Issue 9, "Reading what openssl reads": each foreign shape made by make-reader-fixtures.sh, read
// by uccert and compared with what `openssl x509 -text` (the oracle) shows for the same file,
// plus golden transcripts of `show` for each shape.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../src/cli/main.js';
import { parseCertificateContainer } from '../src/x509/certificate-container.js';
import type { CertificateFacts } from '../src/x509/certificate-facts.js';
import { fixtureNow, runUccert } from './support/cli-run.js';
import { assertGolden } from './support/golden.js';
import { repoPath, repoRoot } from './support/repo.js';

const fx = (name: string) => `test/fixtures/readers/${name}`;

function factsOf(name: string, password?: string): CertificateFacts {
  const file = parseCertificateContainer(readFileSync(repoPath(fx(name))), { source: name, password });
  return file.certificates[0]!.facts;
}

function opensslText(name: string): string {
  return execFileSync(
    'openssl',
    ['x509', '-in', repoPath(fx(name)), '-noout', '-text', '-nameopt', 'RFC2253'],
    {
      encoding: 'utf8',
    },
  );
}

const opensslDnsNames = (text: string) => [...text.matchAll(/DNS:([^,\n]+)/g)].map((m) => m[1]!);

test('a bad UTCTime leaves only notAfter unreadable; every other field is read as openssl reads it (issue 9 item 3)', () => {
  const facts = factsOf('bad-utctime.pem');
  const openssl = opensslText('bad-utctime.pem');
  assert.match(openssl, /Not After : Bad time value/);
  assert.equal(facts.notAfter, '');
  assert.deepEqual(facts.fieldProblems, [
    { field: 'notAfter', kind: 'unreadable', problem: 'bad time value "271301000000Z" at offset 113' },
  ]);
  assert.equal(facts.notBefore, '2026-01-01T00:00:00Z');
  assert.match(openssl, /Not Before: Jan {2}1 00:00:00 2026 GMT/);
  assert.deepEqual(facts.alternativeNames, opensslDnsNames(openssl));
  assert.equal(facts.subjectCommonName, 'shapes.contoso.net');
});

test('a malformed otherName marks that SAN entry and keeps the others (issue 9 item 3)', () => {
  const facts = factsOf('malformed-othername.pem');
  assert.deepEqual(facts.alternativeNames, ['shapes.contoso.net', 'www.shapes.contoso.net']);
  assert.equal(facts.fieldProblems?.length, 1);
  assert.equal(facts.fieldProblems?.[0]?.field, 'subjectAltNames');
  assert.match(facts.fieldProblems?.[0]?.problem ?? '', /^malformed SAN entry at offset 308: /);
  // openssl reads the certificate too; it gives up on the whole SAN extension.
  assert.match(opensslText('malformed-othername.pem'), /Subject: .*CN=shapes.contoso.net/);
  assert.deepEqual(facts.extendedKeyUsage, ['serverAuth']);
});

test('UTF-8 in an IA5String dNSName is decoded as UTF-8, as openssl prints it, and flagged (issue 9 item 4)', () => {
  const facts = factsOf('utf8-ia5.pem');
  assert.deepEqual(facts.alternativeNames, opensslDnsNames(opensslText('utf8-ia5.pem')));
  assert.deepEqual(facts.alternativeNames, ['biztosítás.hu', 'www.biztositas.hu']);
  assert.equal(facts.fieldProblems?.[0]?.kind, 'nonAsciiIa5');
  assert.ok(!JSON.stringify(facts).includes('Ã'), 'no mojibake');
});

test('a #hex DN value is written bare, with the hex openssl shows (issue 9 item 5)', () => {
  const facts = factsOf('hex-dn-value.pem');
  assert.equal(facts.subject, 'CN=hex.contoso.net, OID.2.5.4.45=#030400ABCDEF, O=uccert Tests');
  assert.match(opensslText('hex-dn-value.pem'), /x500UniqueIdentifier=#030400ABCDEF/);
});

test('a v1 certificate with mismatched algorithms names md5 as openssl does, and the mismatch is a problem (issue 9 item 6)', () => {
  const facts = factsOf('v1-mismatched-algorithms.pem');
  const openssl = opensslText('v1-mismatched-algorithms.pem');
  assert.match(openssl, /Version: 1 \(0x0\)\n\s+Serial Number:[\s\S]*?Signature Algorithm: md5\n/);
  assert.equal(facts.version, 1);
  assert.equal(facts.signatureAlgorithm, 'sha256WithRSAEncryption');
  assert.equal(facts.fieldProblems?.[0]?.kind, 'algorithmMismatch');
  assert.match(facts.fieldProblems?.[0]?.problem ?? '', /names md5 .* signed with sha256WithRSAEncryption/);
});

test('a PFX friendlyName ending in NUL is shown without it, as openssl shows it (issue 9 item 7)', () => {
  const file = parseCertificateContainer(readFileSync(repoPath(fx('friendlyname-nul.pfx'))), {
    source: 'friendlyname-nul.pfx',
    password: 'uccert-test',
  });
  assert.equal(file.certificates[0]?.friendlyName, '6BC162DA');
  assert.equal(file.keys[0]?.friendlyName, '6BC162DA');
  const info = execFileSync(
    'openssl',
    [
      'pkcs12',
      '-in',
      repoPath(fx('friendlyname-nul.pfx')),
      '-passin',
      'pass:uccert-test',
      '-nokeys',
      '-info',
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  assert.match(info, /friendlyName: 6BC162DA\n/);
});

const goldens: readonly [string, readonly string[]][] = [
  [
    'show-reader-shapes',
    [
      fx('bad-utctime.pem'),
      fx('malformed-othername.pem'),
      fx('utf8-ia5.pem'),
      fx('hex-dn-value.pem'),
      fx('v1-mismatched-algorithms.pem'),
    ],
  ],
  ['show-reader-shapes-json', [fx('bad-utctime.pem'), fx('malformed-othername.pem'), '--json']],
  ['show-friendlyname-nul', [fx('friendlyname-nul.pfx'), '--password', 'uccert-test']],
];

for (const [name, args] of goldens) {
  test(`show transcript: ${name}`, async () => {
    const t = await runUccert(['show', ...args], { now: fixtureNow });
    assert.equal(t.exitCode, 0, t.stderr);
    assertGolden(name, t);
  });
}

test('a P7B with a BER envelope is read, with the certificates openssl finds in it (issue 9 item 2)', () => {
  const path = repoPath(fx('ber-envelope.p7b'));
  const file = parseCertificateContainer(readFileSync(path), { source: 'ber-envelope.p7b' });
  assert.equal(file.format, 'p7b');
  assert.equal(file.encoding, 'ber');
  const pem = execFileSync('openssl', ['pkcs7', '-inform', 'DER', '-in', path, '-print_certs'], {
    encoding: 'utf8',
  });
  const theirs = [...pem.matchAll(/-----BEGIN CERTIFICATE-----\n([\s\S]*?)-----END CERTIFICATE-----/g)].map(
    (m) => Buffer.from(m[1]!.replace(/\s/g, ''), 'base64').toString('hex'),
  );
  assert.deepEqual(
    file.certificates.map((c) => Buffer.from(c.der).toString('hex')),
    theirs,
  );
  assert.equal(file.chain?.links[0]?.signatureVerified, true);
});

test('show transcript: show-ber-envelope', async () => {
  const t = await runUccert(['show', fx('ber-envelope.p7b')], { now: fixtureNow });
  assert.equal(t.exitCode, 0, t.stderr);
  assertGolden('show-ber-envelope', t);
});

test('a DER CRL is shown with issuer, updates, number and every revoked entry, as openssl reads it (issue 9 item 9)', () => {
  const path = repoPath(fx('reader.crl'));
  const file = parseCertificateContainer(readFileSync(path), { source: 'reader.crl' });
  assert.equal(file.format, 'crl');
  const crl = file.crls[0]!;
  const text = execFileSync(
    'openssl',
    ['crl', '-inform', 'DER', '-in', path, '-noout', '-text', '-nameopt', 'RFC2253'],
    {
      encoding: 'utf8',
    },
  );
  assert.match(text, new RegExp(`Issuer: ${crl.issuer.split(', ').join(',')}\\n`));
  assert.match(text, new RegExp(`X509v3 CRL Number: \\n\\s+${crl.crlNumber}\\n`));
  const serials = [...text.matchAll(/Serial Number: ([0-9A-F]+)/g)].map((m) => m[1]);
  assert.deepEqual(
    crl.revoked.map((r) => r.serialNumber),
    serials,
  );
  const reasons = [...text.matchAll(/CRL Reason Code: \n\s+(.+)\n/g)].map((m) => m[1]);
  assert.deepEqual(reasons, ['Key Compromise', 'Superseded']);
  assert.deepEqual(
    crl.revoked.map((r) => r.reason),
    ['keyCompromise', 'superseded'],
  );
  const lastUpdate = /Last Update: (.+) GMT/.exec(text)![1]!;
  assert.equal(Date.parse(`${lastUpdate} UTC`), Date.parse(crl.thisUpdate));
  const nextUpdate = /Next Update: (.+) GMT/.exec(text)![1]!;
  assert.equal(Date.parse(`${nextUpdate} UTC`), Date.parse(crl.nextUpdate!));
});

for (const [name, args] of [
  ['show-crl', [fx('reader.crl')]],
  ['show-crl-json', [fx('reader.crl'), '--json']],
] as const) {
  test(`show transcript: ${name}`, async () => {
    const t = await runUccert(['show', ...args], { now: new Date('2026-12-03T00:00:00Z') });
    assert.equal(t.exitCode, 0, t.stderr);
    assertGolden(name, t);
  });
}

for (const [name, file, says] of [
  ['show-ocsp-response', 'ocsp-response.der', 'is an OCSP response, not a certificate'],
  ['show-certificate-pair', 'certificate-pair.der', 'is an X.509 certificate pair'],
  ['show-smime-message', 'smime-message.eml', 'is an S/MIME message, not a certificate'],
] as const) {
  test(`show names what a foreign file is, exit 2: ${file} (issue 9 item 9)`, async () => {
    const t = await runUccert(['show', fx(file)]);
    assert.equal(t.exitCode, 2);
    assert.ok(t.stderr.includes(says), t.stderr);
    assertGolden(name, t);
  });
}

/** Runs the command line a hint prints, as printed, with `uccert` on the PATH. */
function runPrinted(line: string, cwd: string): string {
  const bin = mkdtempSync(join(tmpdir(), 'uccert-bin-'));
  try {
    writeFileSync(
      join(bin, 'uccert'),
      `#!/bin/sh\nexec node ${JSON.stringify(repoPath('bin/uccert.js'))} "$@"\n`,
      {
        mode: 0o755,
      },
    );
    return execFileSync('bash', ['-c', line], {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}` },
    });
  } finally {
    rmSync(bin, { recursive: true, force: true });
  }
}

const printedCommand = (stderr: string) => /run: (.+)$/m.exec(stderr)![1]!;

test('the command an OCSP response refusal prints runs as printed', async () => {
  const t = await runUccert(['show', fx('ocsp-response.der')]);
  assert.match(runPrinted(printedCommand(t.stderr), repoRoot), /OCSP Response Status: successful/);
});

test('the commands an S/MIME refusal prints run as printed and show its certificate', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'uccert-smime-'));
  try {
    copyFileSync(repoPath(fx('smime-message.eml')), join(dir, 'message.eml'));
    const t = await runCliIn(dir, ['show', 'message.eml']);
    assert.equal(t.exitCode, 2);
    const out = runPrinted(printedCommand(t.stderr), dir);
    assert.match(out, /P7B \(PKCS#7\), PEM; 1 certificate/);
    assert.match(out, /Subject +: CN=ber\.contoso\.net/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** runUccert, but in `cwd`, so the paths a message prints are the ones the user typed. */
async function runCliIn(cwd: string, args: string[]): Promise<{ exitCode: number; stderr: string }> {
  let stderr = '';
  const exitCode = await runCli(args, {
    stdout: () => {},
    stderr: (text) => {
      stderr += text;
    },
    readStdin: async () => Buffer.alloc(0),
    env: {},
    now: () => fixtureNow,
    cwd,
  });
  return { exitCode, stderr };
}
