// The lab CA end to end through the CLI, with openssl as the oracle: the chain verifies, the SAN
// set of an openssl CSR survives, CDP and AIA are present, revocations reach the CRL and make
// `openssl verify -crl_check` fail, and bad input gets the exact message and exit code.

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { openStore } from '../src/store/store.js';
import {
  fixtureEpoch,
  makeCsr,
  makeLab,
  openssl,
  runWithHome,
  scrubVarying,
  testPassphrase,
  thumbprintOf,
} from './ca-test-support.js';
import { assertGolden } from './support/golden.js';

const poolSans =
  'DNS:pool01.contoso.net,DNS:meet.contoso.com,DNS:dialin.contoso.com,DNS:lyncdiscoverinternal.contoso.com,IP:10.0.0.5';

/** The serial number `uccert ca issue --json` printed. */
function serialOf(t: { stdout: string }): string {
  return (JSON.parse(t.stdout) as { certificate: { serialNumber: string } }).certificate.serialNumber;
}

/** The SAN entries openssl prints under "X509v3 Subject Alternative Name", as a sorted list. */
function sanSetOf(opensslText: string): string[] {
  const lines = opensslText.split('\n');
  const at = lines.findIndex((line) => line.includes('X509v3 Subject Alternative Name'));
  assert.ok(at >= 0, `no SAN in:\n${opensslText}`);
  return (lines[at + 1] ?? '').trim().split(/,\s*/).sort();
}

async function initLab(prefix: string, extra: readonly string[] = []) {
  const lab = makeLab(prefix);
  const t = await runWithHome(lab.home, [
    'ca',
    'init',
    '--name',
    'Contoso Lab CA',
    '--out-dir',
    lab.dir,
    ...extra,
  ]);
  assert.equal(t.exitCode, 0, t.stderr);
  return { ...lab, init: t, root: join(lab.dir, 'root.pem'), issuing: join(lab.dir, 'issuing.pem') };
}

test('ca init makes a root and an issuing CA shaped like AD CS (openssl reads both)', async () => {
  const lab = await initLab('ca-init');
  assertGolden('ca-init', lab.init, scrubVarying(lab.dir));
  const root = openssl(['x509', '-in', lab.root, '-noout', '-text']);
  assert.match(root.stdout, /Issuer: CN = Contoso Lab CA Root\n/);
  assert.match(root.stdout, /Subject: CN = Contoso Lab CA Root\n/);
  assert.match(root.stdout, /CA:TRUE\n/);
  const issuing = openssl(['x509', '-in', lab.issuing, '-noout', '-text']);
  assert.match(issuing.stdout, /CA:TRUE, pathlen:0/);
  assert.match(issuing.stdout, /URI:http:\/\/127\.0\.0\.1:8480\/CertEnroll\/Contoso-Lab-CA-Root\.crl/);
  const verify = openssl(['verify', '-attime', fixtureEpoch, '-CAfile', lab.root, lab.issuing]);
  assert.equal(verify.status, 0, verify.stderr);

  const again = await runWithHome(lab.home, ['ca', 'init', '--name', 'Other CA']);
  assert.equal(again.exitCode, 2);
  assertGolden('ca-init-exists', again, scrubVarying(lab.dir));
});

test('ca init --json prints the two CA certificates', async () => {
  const lab = makeLab('ca-init-json');
  const t = await runWithHome(lab.home, [
    'ca',
    'init',
    '--name',
    'Fabrikam Lab CA',
    '--base-url',
    'http://pki.fabrikam.com',
    '--json',
  ]);
  assert.equal(t.exitCode, 0, t.stderr);
  assertGolden('ca-init-json', t, scrubVarying(lab.dir));
  const parsed = JSON.parse(t.stdout) as { ca: { root: { isCa: boolean }; issuing: { pathLength: number } } };
  assert.equal(parsed.ca.root.isCa, true);
  assert.equal(parsed.ca.issuing.pathLength, 0);
});

test('ca init warns that a loopback CDP answers only on this machine, and not for a reachable --base-url', async () => {
  const lab = makeLab('ca-init-base-url');
  const reachable = await runWithHome(lab.home, [
    'ca',
    'init',
    '--key-alg',
    'ECDH_P256',
    '--base-url',
    'http://pki.fabrikam.com',
  ]);
  assert.equal(reachable.exitCode, 0, reachable.stderr);
  assert.match(reachable.stdout, /point at http:\/\/pki\.fabrikam\.com for their CRL/);
  assert.doesNotMatch(reachable.stdout, /answers only on this machine/);
  const local = await runWithHome(join(lab.dir, 'local'), ['ca', 'init', '--key-alg', 'ECDH_P256']);
  assert.match(local.stdout, /note: http:\/\/127\.0\.0\.1:8480 answers only on this machine/);
});

test('ca issue signs an openssl CSR: same SAN set, CDP and AIA, and openssl verifies the chain', async () => {
  const lab = await initLab('ca-issue');
  const csr = makeCsr(lab.dir, 'pool01', '/CN=pool01.contoso.net/O=Contoso', poolSans);
  const leaf = join(lab.dir, 'pool01.pem');
  const t = await runWithHome(lab.home, [
    'ca',
    'issue',
    csr,
    '--use',
    'Default,WebServicesInternal',
    '--out',
    leaf,
  ]);
  assert.equal(t.exitCode, 0, t.stderr);
  assertGolden('ca-issue', t, scrubVarying(lab.dir));

  const verify = openssl([
    'verify',
    '-attime',
    fixtureEpoch,
    '-CAfile',
    lab.root,
    '-untrusted',
    lab.issuing,
    leaf,
  ]);
  assert.equal(verify.status, 0, verify.stderr);
  assert.equal(verify.stdout.trim(), `${leaf}: OK`);

  const text = openssl(['x509', '-in', leaf, '-noout', '-text']).stdout;
  const requested = openssl(['req', '-in', csr, '-noout', '-text', '-verify']).stdout;
  assert.deepEqual(sanSetOf(text), sanSetOf(requested));
  assert.equal(sanSetOf(text).length, 5);
  assert.match(
    text,
    /X509v3 CRL Distribution Points:\s+Full Name:\s+URI:http:\/\/127\.0\.0\.1:8480\/CertEnroll\/Contoso-Lab-CA\.crl/,
  );
  assert.match(text, /CA Issuers - URI:http:\/\/127\.0\.0\.1:8480\/CertEnroll\/Contoso-Lab-CA\.crt/);
  assert.match(text, /X509v3 Extended Key Usage: \n\s+TLS Web Server Authentication\n/);
  assert.match(text, /Subject: CN = pool01\.contoso\.net, O = Contoso\n/);
  assert.match(text, /Not Before: Jun {2}1 11:50:00 2026 GMT/);
});

test('ca issue --client-eku adds Client Authentication; --json prints the certificate JSON', async () => {
  const lab = await initLab('ca-issue-json');
  const csr = makeCsr(lab.dir, 'edge', '/CN=sip.contoso.com', 'DNS:sip.contoso.com,DNS:webcon.contoso.com');
  const t = await runWithHome(lab.home, [
    'ca',
    'issue',
    csr,
    '--use',
    'AccessEdgeExternal',
    '--client-eku',
    '--days',
    '365',
    '--json',
  ]);
  assert.equal(t.exitCode, 0, t.stderr);
  assertGolden('ca-issue-json', t, scrubVarying(lab.dir));
  const parsed = JSON.parse(t.stdout) as { certificate: { extendedKeyUsage: string[]; notAfter: string } };
  assert.deepEqual(parsed.certificate.extendedKeyUsage, ['serverAuth', 'clientAuth']);
  assert.equal(parsed.certificate.notAfter, '2027-06-01T12:00:00Z');
});

test('ca revoke puts the serial in the CRL and openssl verify -crl_check then fails', async () => {
  const lab = await initLab('ca-revoke');
  const revokedCsr = makeCsr(lab.dir, 'old', '/CN=pool01.contoso.net', 'DNS:pool01.contoso.net');
  const keptCsr = makeCsr(lab.dir, 'new', '/CN=pool01.contoso.net', 'DNS:pool01.contoso.net');
  const oldPem = join(lab.dir, 'old.pem');
  const newPem = join(lab.dir, 'new.pem');
  const old = await runWithHome(lab.home, ['ca', 'issue', revokedCsr, '--out', oldPem, '--json']);
  const kept = await runWithHome(lab.home, ['ca', 'issue', keptCsr, '--out', newPem, '--json']);

  const revoke = await runWithHome(lab.home, [
    'ca',
    'revoke',
    thumbprintOf(old),
    '--reason',
    'keyCompromise',
  ]);
  assert.equal(revoke.exitCode, 0, revoke.stderr);
  assertGolden('ca-revoke', revoke, scrubVarying(lab.dir));
  const twice = await runWithHome(lab.home, [
    'ca',
    'revoke',
    serialOf(old).toLowerCase(),
    '--reason',
    'superseded',
    '--json',
  ]);
  assertGolden('ca-revoke-again-json', twice, scrubVarying(lab.dir));

  const crlPath = join(lab.dir, 'issuing.crl');
  const crl = await runWithHome(lab.home, ['ca', 'crl', '--out', crlPath]);
  assert.equal(crl.exitCode, 0, crl.stderr);
  assertGolden('ca-crl', crl, scrubVarying(lab.dir));
  const crlText = openssl(['crl', '-in', crlPath, '-noout', '-text']).stdout;
  assert.match(
    crlText,
    new RegExp(
      `Serial Number: ${serialOf(old)}\n\\s+Revocation Date: Jun {2}1 12:00:00 2026 GMT\n\\s+CRL entry extensions:\n\\s+X509v3 CRL Reason Code: \n\\s+Key Compromise`,
    ),
  );
  assert.ok(!crlText.includes(serialOf(kept)));
  assert.match(crlText, /X509v3 CRL Number: \n\s+1\n/);

  const crlCheck = (pem: string) =>
    openssl([
      'verify',
      '-attime',
      fixtureEpoch,
      '-crl_check',
      '-CAfile',
      lab.root,
      '-untrusted',
      lab.issuing,
      '-CRLfile',
      crlPath,
      pem,
    ]);
  const revoked = crlCheck(oldPem);
  assert.notEqual(revoked.status, 0);
  assert.match(revoked.stdout + revoked.stderr, /certificate revoked/);
  const keptCheck = crlCheck(newPem);
  assert.equal(keptCheck.status, 0, keptCheck.stdout + keptCheck.stderr);

  const json = await runWithHome(lab.home, ['ca', 'crl', '--json']);
  assertGolden('ca-crl-json', json, scrubVarying(lab.dir));
});

for (const keyAlg of ['RSA', 'ECDH_P256'] as const) {
  test(`issue 8.18: a revocation with reason unspecified writes no empty crlEntryExtensions (${keyAlg} CA), and the CRL still verifies`, async () => {
    const lab = await initLab(`ca-crl-unspecified-${keyAlg}`, ['--key-alg', keyAlg]);
    const pems: string[] = [];
    for (const name of ['plain', 'compromised']) {
      const csr = makeCsr(lab.dir, name, `/CN=${name}.contoso.net`, `DNS:${name}.contoso.net`);
      const pem = join(lab.dir, `${name}.pem`);
      const issued = await runWithHome(lab.home, ['ca', 'issue', csr, '--out', pem, '--json']);
      assert.equal(issued.exitCode, 0, issued.stderr);
      const reason = name === 'plain' ? [] : ['--reason', 'keyCompromise'];
      const revoked = await runWithHome(lab.home, ['ca', 'revoke', thumbprintOf(issued), ...reason]);
      assert.equal(revoked.exitCode, 0, revoked.stderr);
      pems.push(pem);
    }
    const crlPath = join(lab.dir, 'issuing.crl');
    assert.equal((await runWithHome(lab.home, ['ca', 'crl', '--out', crlPath])).exitCode, 0);
    // Two entries; only the key compromise carries an extension, and no SEQUENCE is empty.
    const parsed = openssl(['asn1parse', '-in', crlPath, '-i']).stdout;
    assert.doesNotMatch(parsed, /l= +0 cons: +SEQUENCE/, parsed);
    const text = openssl(['crl', '-in', crlPath, '-noout', '-text']).stdout;
    assert.equal(text.match(/Serial Number:/g)?.length, 2, text);
    assert.equal(text.match(/CRL entry extensions/g)?.length, 1, text);
    assert.match(text, /Key Compromise/);
    const signature = openssl(['crl', '-in', crlPath, '-noout', '-CAfile', lab.issuing]);
    assert.match(signature.stdout + signature.stderr, /verify OK/);
    for (const pem of pems) {
      const verify = openssl([
        'verify',
        '-x509_strict',
        '-attime',
        fixtureEpoch,
        '-crl_check',
        '-CAfile',
        lab.root,
        '-untrusted',
        lab.issuing,
        '-CRLfile',
        crlPath,
        pem,
      ]);
      assert.match(verify.stdout + verify.stderr, /certificate revoked/);
    }
  });
}

test('issue 8.19: serial numbers are unpredictable: two labs made at the same instant differ in 64+ random bits', async () => {
  const serials: string[] = [];
  for (const name of ['one', 'two']) {
    const lab = await initLab(`ca-serial-${name}`);
    const csr = makeCsr(lab.dir, 'fe', '/CN=fe01.contoso.net', 'DNS:fe01.contoso.net');
    const issued = await runWithHome(lab.home, ['ca', 'issue', csr, '--json']);
    assert.equal(issued.exitCode, 0, issued.stderr);
    serials.push(serialOf(issued));
    // openssl reads the same serial: 13 bytes, positive, the counter last.
    const root = openssl(['x509', '-in', lab.root, '-noout', '-serial']).stdout.trim();
    assert.match(root, /^serial=[4-7][0-9A-F]{17}00000001$/);
  }
  const [one, two] = serials;
  assert.ok(one !== undefined && two !== undefined);
  assert.match(one, /^[4-7][0-9A-F]{17}00000100$/);
  assert.notEqual(one.slice(0, 18), two.slice(0, 18));
});

test("issue 8.12: ca init --validity-years 1 gives the issuing CA half the root's validity, not the root's expiry", async () => {
  const lab = await initLab('ca-validity-one', ['--validity-years', '1']);
  const endOf = (pem: string) => openssl(['x509', '-in', pem, '-noout', '-enddate']).stdout.trim();
  assert.equal(endOf(lab.root), 'notAfter=Jun  1 12:00:00 2027 GMT');
  assert.equal(endOf(lab.issuing), 'notAfter=Dec  1 12:00:00 2026 GMT');
});

test('a CSR with an empty subject keeps its SAN critical (RFC 5280 §4.2.1.6)', async () => {
  const lab = await initLab('ca-empty-subject');
  const csr = makeCsr(lab.dir, 'av', '/', 'critical,DNS:av.contoso.com');
  const leaf = join(lab.dir, 'av.pem');
  const t = await runWithHome(lab.home, [
    'ca',
    'issue',
    csr,
    '--use',
    'AudioVideoAuthentication',
    '--out',
    leaf,
  ]);
  assert.equal(t.exitCode, 0, t.stderr);
  const text = openssl(['x509', '-in', leaf, '-noout', '-text']).stdout;
  assert.match(text, /Subject: \n/);
  assert.match(text, /X509v3 Subject Alternative Name: critical\n\s+DNS:av\.contoso\.com\n/);
  const verify = openssl([
    'verify',
    '-attime',
    fixtureEpoch,
    '-CAfile',
    lab.root,
    '-untrusted',
    lab.issuing,
    leaf,
  ]);
  assert.equal(verify.status, 0, verify.stderr);
});

test('issue 8.17: an empty-subject CSR with a non-critical SAN gets a critical SAN, and openssl -x509_strict verifies it', async () => {
  const lab = await initLab('ca-empty-subject-noncritical');
  const csr = makeCsr(lab.dir, 'av', '/', 'DNS:av.contoso.com');
  assert.doesNotMatch(openssl(['req', '-in', csr, '-noout', '-text']).stdout, /Alternative Name: critical/);
  const leaf = join(lab.dir, 'av.pem');
  const t = await runWithHome(lab.home, [
    'ca',
    'issue',
    csr,
    '--use',
    'AudioVideoAuthentication',
    '--out',
    leaf,
  ]);
  assert.equal(t.exitCode, 0, t.stderr);
  const text = openssl(['x509', '-in', leaf, '-noout', '-text']).stdout;
  assert.match(text, /X509v3 Subject Alternative Name: critical\n\s+DNS:av\.contoso\.com\n/);
  const verify = openssl([
    'verify',
    '-x509_strict',
    '-attime',
    fixtureEpoch,
    '-CAfile',
    lab.root,
    '-untrusted',
    lab.issuing,
    leaf,
  ]);
  assert.equal(verify.status, 0, verify.stderr);
});

test('an EC lab CA (ECDH_P384) issues for an EC CSR and openssl verifies it', async () => {
  const lab = await initLab('ca-ec', ['--key-alg', 'ECDH_P384']);
  const csr = makeCsr(lab.dir, 'ec', '/CN=dir01.contoso.net', 'DNS:dir01.contoso.net', [
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
  ]);
  const leaf = join(lab.dir, 'ec.pem');
  const t = await runWithHome(lab.home, ['ca', 'issue', csr, '--out', leaf, '--json']);
  assert.equal(t.exitCode, 0, t.stderr);
  const facts = (JSON.parse(t.stdout) as { certificate: { signatureAlgorithm: string; keyUsage: string[] } })
    .certificate;
  assert.equal(facts.signatureAlgorithm, 'ecdsa-with-SHA384');
  assert.deepEqual(facts.keyUsage, ['digitalSignature']);
  const verify = openssl([
    'verify',
    '-attime',
    fixtureEpoch,
    '-CAfile',
    lab.root,
    '-untrusted',
    lab.issuing,
    leaf,
  ]);
  assert.equal(verify.status, 0, verify.stderr);
});

test('a file that is not a CSR, and a CSR whose signature is broken, are exit 2 naming the file', async () => {
  const lab = await initLab('ca-bad-csr');
  const notCsr = join(lab.dir, 'notes.txt');
  writeFileSync(notCsr, 'this is not a request\n');
  const t = await runWithHome(lab.home, ['ca', 'issue', notCsr]);
  assert.equal(t.exitCode, 2);
  assertGolden('ca-issue-not-a-csr', t, scrubVarying(lab.dir));

  const csr = makeCsr(lab.dir, 'tampered', '/CN=pool01.contoso.net', 'DNS:pool01.contoso.net');
  const bytes = Buffer.from(readFileSync(csr, 'utf8').replace(/-----[^-]+-----|\s/g, ''), 'base64');
  bytes[bytes.length - 10] = (bytes[bytes.length - 10] ?? 0) ^ 0xff; // a bit flip inside the signature
  const tampered = join(lab.dir, 'tampered.der');
  writeFileSync(tampered, bytes);
  const bad = await runWithHome(lab.home, ['ca', 'issue', tampered]);
  assert.equal(bad.exitCode, 2);
  assertGolden('ca-issue-bad-signature', bad, scrubVarying(lab.dir));
});

test('ca issue without a lab CA, and ca revoke of an unknown or CA certificate, are exit 2', async () => {
  const lab = makeLab('ca-none');
  const csr = makeCsr(lab.dir, 'x', '/CN=x.contoso.net', null);
  const none = await runWithHome(lab.home, ['ca', 'issue', csr]);
  assert.equal(none.exitCode, 2);
  assertGolden('ca-issue-no-ca', none, scrubVarying(lab.dir));

  const ca = await initLab('ca-revoke-bad');
  const unknown = await runWithHome(ca.home, ['ca', 'revoke', 'ABCDEF']);
  assert.equal(unknown.exitCode, 2);
  assertGolden('ca-revoke-unknown', unknown, scrubVarying(ca.dir));
  const issuingCa = openssl(['x509', '-in', ca.issuing, '-noout', '-fingerprint', '-sha1']).stdout;
  const thumbprint = issuingCa.replace(/^.*=/, '').replace(/:/g, '').trim();
  const caRevoke = await runWithHome(ca.home, ['ca', 'revoke', thumbprint]);
  assert.equal(caRevoke.exitCode, 2);
  assert.match(caRevoke.stderr, /is the lab CA's own certificate \(CN=Contoso Lab CA\)/);

  const caCsr = makeCsr(ca.dir, 'y', '/CN=y.contoso.net', null);
  const badUse = await runWithHome(ca.home, ['ca', 'issue', caCsr, '--use', 'Default,WebServices']);
  assert.equal(badUse.exitCode, 2);
  assertGolden('ca-issue-bad-use', badUse, scrubVarying(ca.dir));
  const badReason = await runWithHome(ca.home, ['ca', 'revoke', 'ABCDEF', '--reason', 'lost']);
  assert.equal(badReason.exitCode, 2);
  assert.match(badReason.stderr, /--reason "lost" is not a revocation reason/);
});

test('a wrong passphrase is exit 2 with a clear message, and changes nothing in the store', async () => {
  const lab = await initLab('ca-passphrase');
  const csr = makeCsr(lab.dir, 'p', '/CN=pool01.contoso.net', 'DNS:pool01.contoso.net');
  const counts = () => {
    const store = openStore(lab.home);
    try {
      return store.db
        .prepare(
          `SELECT (SELECT count(*) FROM certificates) AS certificates, (SELECT count(*) FROM ca_issued) AS issued,
             (SELECT sum(next_serial) FROM ca_authorities) AS serials, (SELECT sum(crl_number) FROM ca_authorities) AS crls`,
        )
        .get();
    } finally {
      store.close();
    }
  };
  const before = counts();
  const wrong = { UCCERT_PASSPHRASE: `${testPassphrase}!` };
  const issue = await runWithHome(lab.home, ['ca', 'issue', csr], wrong);
  assert.equal(issue.exitCode, 2);
  assertGolden('ca-wrong-passphrase', issue, scrubVarying(lab.dir));
  const crl = await runWithHome(lab.home, ['ca', 'crl'], wrong);
  assert.equal(crl.exitCode, 2);
  const client = await runWithHome(lab.home, ['client-cert', 'issue', 'sip:alice@contoso.com'], wrong);
  assert.equal(client.exitCode, 2);
  assert.deepEqual(counts(), before);

  const missing = await runWithHome(lab.home, ['ca', 'issue', csr], {});
  assert.equal(missing.exitCode, 2);
  assertGolden('ca-no-passphrase', missing, scrubVarying(lab.dir));
  assert.deepEqual(counts(), before);
});

test('ca and client-cert --help list the subcommands; an unknown subcommand is exit 2', async () => {
  const lab = makeLab('ca-help');
  assertGolden('ca-help', await runWithHome(lab.home, ['ca', '--help']), scrubVarying(lab.dir));
  assertGolden(
    'client-cert-help',
    await runWithHome(lab.home, ['client-cert', '--help']),
    scrubVarying(lab.dir),
  );
  const unknown = await runWithHome(lab.home, ['ca', 'sign']);
  assert.equal(unknown.exitCode, 2);
  assertGolden('ca-unknown-subcommand', unknown, scrubVarying(lab.dir));
  const proto = await runWithHome(lab.home, ['client-cert', 'toString']);
  assert.equal(proto.exitCode, 2);
  assert.match(proto.stderr, /"toString" is not a subcommand \(known: issue, list, revoke\)/);
});
