// Client certificates for SIP users through the CLI: issue (openssl verifies it, the SIP URI is in
// the SAN, Client Authentication only), list like Get-CsClientCertificate, revoke into the CRL.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  fixtureEpoch,
  makeCsr,
  makeLab,
  openssl,
  runWithHome,
  scrubVarying,
  thumbprintOf,
} from './ca-test-support.js';
import { assertGolden } from './support/golden.js';

async function labWithCa(prefix: string) {
  const lab = makeLab(prefix);
  const init = await runWithHome(lab.home, ['ca', 'init', '--name', 'Contoso Lab CA', '--out-dir', lab.dir]);
  assert.equal(init.exitCode, 0, init.stderr);
  return { ...lab, root: join(lab.dir, 'root.pem'), issuing: join(lab.dir, 'issuing.pem') };
}

test('client-cert issue makes a Client Authentication certificate for the SIP URI that openssl verifies', async () => {
  const lab = await labWithCa('client-issue');
  const out = join(lab.dir, 'alice.pem');
  const t = await runWithHome(lab.home, ['client-cert', 'issue', 'sip:Alice@Contoso.com', '--out', out]);
  assert.equal(t.exitCode, 0, t.stderr);
  assertGolden('client-cert-issue', t, scrubVarying(lab.dir));
  const verify = openssl([
    'verify',
    '-attime',
    fixtureEpoch,
    '-purpose',
    'sslclient',
    '-CAfile',
    lab.root,
    '-untrusted',
    lab.issuing,
    out,
  ]);
  assert.equal(verify.status, 0, verify.stderr);
  const text = openssl(['x509', '-in', out, '-noout', '-text']).stdout;
  assert.match(text, /X509v3 Subject Alternative Name: \n\s+URI:sip:alice@contoso\.com\n/);
  assert.match(text, /X509v3 Extended Key Usage: \n\s+TLS Web Client Authentication\n/);
  assert.match(text, /Not After : Nov 28 12:00:00 2026 GMT/);

  const json = await runWithHome(lab.home, [
    'client-cert',
    'issue',
    'sip:bob@contoso.com',
    '--days',
    '30',
    '--json',
  ]);
  assert.equal(json.exitCode, 0, json.stderr);
  assertGolden('client-cert-issue-json', json, scrubVarying(lab.dir));
});

test('client-cert list shows every user, or one; revoke lands in the CRL', async () => {
  const lab = await labWithCa('client-list');
  const alice = await runWithHome(lab.home, ['client-cert', 'issue', 'sip:alice@contoso.com', '--json']);
  await runWithHome(lab.home, ['client-cert', 'issue', 'sip:bob@fabrikam.com']);
  await runWithHome(lab.home, ['client-cert', 'issue', 'sip:alice@contoso.com', '--days', '1']);

  const all = await runWithHome(lab.home, ['client-cert', 'list']);
  assert.equal(all.exitCode, 0, all.stderr);
  assertGolden('client-cert-list', all, scrubVarying(lab.dir));

  const revoke = await runWithHome(lab.home, [
    'client-cert',
    'revoke',
    thumbprintOf(alice),
    '--reason',
    'keyCompromise',
  ]);
  assert.equal(revoke.exitCode, 0, revoke.stderr);
  assertGolden('client-cert-revoke', revoke, scrubVarying(lab.dir));

  const one = await runWithHome(lab.home, [
    'client-cert',
    'list',
    '--user',
    'sip:alice@contoso.com',
    '--json',
  ]);
  assertGolden('client-cert-list-json', one, scrubVarying(lab.dir));
  const parsed = JSON.parse(one.stdout) as { clientCertificates: { state: string; user: string }[] };
  assert.deepEqual(
    parsed.clientCertificates.map((c) => [c.user, c.state]),
    [
      ['sip:alice@contoso.com', 'revoked'],
      ['sip:alice@contoso.com', 'valid'],
    ],
  );

  const crlPath = join(lab.dir, 'issuing.crl');
  await runWithHome(lab.home, ['ca', 'crl', '--out', crlPath]);
  const crl = openssl(['crl', '-in', crlPath, '-noout', '-text']).stdout;
  const listed = await runWithHome(lab.home, ['client-cert', 'list', '--json']);
  const serials = (
    JSON.parse(listed.stdout) as { clientCertificates: { serialNumber: string; state: string }[] }
  ).clientCertificates;
  assert.equal(serials.length, 3);
  for (const c of serials) {
    if (c.state === 'revoked') assert.match(crl, new RegExp(`Serial Number: ${c.serialNumber}\n`));
    else assert.ok(!crl.includes(c.serialNumber), c.serialNumber);
  }
});

test('client-cert refuses a bad SIP URI and will not revoke a server certificate', async () => {
  const lab = await labWithCa('client-bad');
  const bad = await runWithHome(lab.home, ['client-cert', 'issue', 'alice@contoso.com']);
  assert.equal(bad.exitCode, 2);
  assertGolden('client-cert-bad-uri', bad, scrubVarying(lab.dir));

  const csr = makeCsr(lab.dir, 'pool', '/CN=pool01.contoso.net', 'DNS:pool01.contoso.net');
  const server = await runWithHome(lab.home, ['ca', 'issue', csr, '--json']);
  const refused = await runWithHome(lab.home, ['client-cert', 'revoke', thumbprintOf(server)]);
  assert.equal(refused.exitCode, 2);
  assertGolden('client-cert-revoke-server', refused, scrubVarying(lab.dir));

  // A store with a CA but no client certificate (no store at all: test/no-store.test.ts).
  const empty = await runWithHome(lab.home, ['client-cert', 'list']);
  assert.equal(empty.exitCode, 0);
  assert.equal(empty.stdout, 'No client certificates.\n');
});
