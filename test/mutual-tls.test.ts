// Mutual TLS from our side against a real `openssl s_server -Verify 1 -verify_return_error -CAfile`:
// once with a peer that trusts our lab root (our CA is among the names it sends; presenting the
// certificate completes the handshake) and once with a peer that trusts another root (the finding
// CLIENT_CA_NOT_ACCEPTED names both sides; presenting it ends in the alert unknown_ca). Then the
// same through discover, for a federation partner's _sipfederationtls._tcp target.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { makeLab, openssl, testPassphrase, thumbprintOf } from './ca-test-support.js';
import { runUccert, type Transcript } from './support/cli-run.js';
import { type RunningDnsServer, startDnsServer } from './support/dns-server.js';
import { assertGolden } from './support/golden.js';
import { type RunningOpensslServer, startOpensslServer } from './support/openssl-server.js';

// s_server checks our certificate with the real clock, so uccert issues with it too.
const now = new Date();
const lab = makeLab('mtls');
const run = (args: readonly string[]): Promise<Transcript> =>
  runUccert([...args, '--home', lab.home], { env: { UCCERT_PASSPHRASE: testPassphrase }, now });

let trusting: RunningOpensslServer;
let distrusting: RunningOpensslServer;
let dns: RunningDnsServer;
let clientThumbprint = '';
const file = (name: string) => join(lab.dir, name);

async function issue(name: string, args: readonly string[]): Promise<Transcript> {
  const t = await run([
    'ca',
    'issue',
    '--new',
    ...args,
    '--out-dir',
    file(name),
    '--password',
    'pw',
    '--json',
  ]);
  assert.equal(t.exitCode, 0, t.stderr);
  return t;
}

before(async () => {
  assert.equal((await run(['ca', 'init', '--name', 'Contoso Lab CA'])).exitCode, 0);
  const client = await issue('client', [
    '--subject',
    'CN=sip.contoso.com',
    '--san',
    'DNS:sip.contoso.com',
    '--client-auth',
  ]);
  clientThumbprint = thumbprintOf(client);
  await issue('server', ['--subject', 'CN=sip.fabrikam.com', '--san', 'DNS:sip.fabrikam.com']);
  assert.equal(
    openssl(['x509', '-inform', 'der', '-in', file('client/root.cer'), '-out', file('root.pem')]).status,
    0,
  );
  const other = openssl([
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    file('other.key'),
    '-subj',
    '/O=Fabrikam/CN=Fabrikam Partner Root',
    '-days',
    '30',
    '-out',
    file('other-root.pem'),
  ]);
  assert.equal(other.status, 0, other.stderr);
  const serverArgs = (caFile: string) => [
    '-cert',
    file('server/sip.fabrikam.com.pem'),
    '-cert_chain',
    file('server/sip.fabrikam.com.pem'),
    '-key',
    file('server/sip.fabrikam.com.key'),
    '-pass',
    'pass:pw',
    '-Verify',
    '1',
    '-verify_return_error',
    '-CAfile',
    caFile,
  ];
  trusting = await startOpensslServer(serverArgs(file('root.pem')));
  distrusting = await startOpensslServer(serverArgs(file('other-root.pem')));
  dns = await startDnsServer({
    localDomains: ['fabrikam.com', 'northwind.com'],
    hosts: [`sip.fabrikam.com,${distrusting.host}`, `sip.northwind.com,${trusting.host}`],
    srv: [
      `_sipfederationtls._tcp.fabrikam.com,sip.fabrikam.com,${distrusting.port},0,0`,
      `_sipfederationtls._tcp.northwind.com,sip.northwind.com,${trusting.port},0,0`,
    ],
  });
});

after(async () => {
  await Promise.all([trusting?.stop(), distrusting?.stop(), dns?.stop()]);
});

interface ProbeJson {
  findings: { code: string; message: string; fix: string }[];
  acceptableClientCaNames: string[];
  clientAuthentication: {
    acceptedByName: boolean | null;
    root: string;
    presented: { kind: string; alert?: string } | null;
  };
}

const ourCert = () => [
  '--cert',
  file('client/sip.contoso.com.pem'),
  '--key',
  file('client/sip.contoso.com.key'),
  '--cert-password',
  'pw',
];
const endpoint = (s: RunningOpensslServer) => `${s.host}:${s.port}`;

test('probe --cert --present: a peer that trusts our root lists it and completes the handshake', async () => {
  const t = await run([
    'probe',
    endpoint(trusting),
    '--sni',
    'sip.fabrikam.com',
    '--ca',
    file('root.pem'),
    ...ourCert(),
    '--present',
    '--json',
  ]);
  assert.equal(t.exitCode, 0, t.stdout + t.stderr);
  const doc = JSON.parse(t.stdout) as ProbeJson;
  assert.deepEqual(doc.acceptableClientCaNames, ['CN=Contoso Lab CA Root']);
  assert.equal(doc.clientAuthentication.acceptedByName, true);
  assert.equal(doc.clientAuthentication.presented?.kind, 'accepted');
  assert.deepEqual(doc.findings, []);
});

test('probe --cert --present: a peer that trusts another root: CLIENT_CA_NOT_ACCEPTED and the alert unknown_ca', async () => {
  const t = await run([
    'probe',
    endpoint(distrusting),
    '--sni',
    'sip.fabrikam.com',
    '--ca',
    file('root.pem'),
    ...ourCert(),
    '--present',
    '--json',
  ]);
  assert.equal(t.exitCode, 1, t.stderr);
  const doc = JSON.parse(t.stdout) as ProbeJson;
  assert.deepEqual(doc.acceptableClientCaNames, ['CN=Fabrikam Partner Root, O=Fabrikam']);
  assert.equal(doc.clientAuthentication.acceptedByName, false);
  assert.deepEqual(doc.clientAuthentication.presented, {
    kind: 'alert',
    alert: 'unknown_ca',
    protocol: 'TLSv1.3',
  });
  const codes = doc.findings.map((f) => f.code);
  assert.deepEqual(codes, ['CLIENT_CA_NOT_ACCEPTED', 'CLIENT_CERTIFICATE_REJECTED']);
  const notAccepted = doc.findings[0]!;
  assert.match(notAccepted.message, /"CN=Fabrikam Partner Root, O=Fabrikam"/);
  assert.match(notAccepted.message, /issued by "CN=Contoso Lab CA" under the root "CN=Contoso Lab CA Root"/);
  assert.match(notAccepted.fix, /import the root "CN=Contoso Lab CA Root" into the peer's Trusted Root/);
});

test('probe --cert without --present judges by the CA names alone; the text report says so', async () => {
  const t = await run([
    'probe',
    endpoint(distrusting),
    '--sni',
    'sip.fabrikam.com',
    '--ca',
    file('root.pem'),
    '--cert',
    file('client/sip.contoso.com.pem'),
  ]);
  assert.equal(t.exitCode, 1, t.stderr);
  const from = t.stdout.indexOf('Findings');
  const scrubbed = {
    ...t,
    args: [
      'probe',
      'HOST:PORT',
      '--sni',
      'sip.fabrikam.com',
      '--ca',
      'root.pem',
      '--cert',
      'client/sip.contoso.com.pem',
    ],
    stdout: t.stdout
      .slice(from)
      .split(endpoint(distrusting))
      .join('HOST:PORT')
      .split(lab.dir)
      .join('<TMP>')
      .replace(/\b[0-9A-F]{40}\b/g, '<SHA1>'),
  };
  assertGolden('probe-client-ca-not-accepted', scrubbed);
});

test('probe --thumbprint --present takes our certificate and its key from the store', async () => {
  const t = await run([
    'probe',
    endpoint(trusting),
    '--sni',
    'sip.fabrikam.com',
    '--ca',
    file('root.pem'),
    '--thumbprint',
    clientThumbprint,
    '--present',
    '--json',
  ]);
  assert.equal(t.exitCode, 0, t.stdout + t.stderr);
  const doc = JSON.parse(t.stdout) as ProbeJson;
  assert.equal(doc.clientAuthentication.root, 'CN=Contoso Lab CA Root');
  assert.equal(doc.clientAuthentication.presented?.kind, 'accepted');
});

test('probe --present without a key, or without a certificate, is a usage error', async () => {
  const noKey = await run([
    'probe',
    endpoint(trusting),
    '--cert',
    file('client/sip.contoso.com.pem'),
    '--present',
  ]);
  assert.equal(noKey.exitCode, 2);
  assert.match(noKey.stderr, /--present needs the private key of "CN=sip.contoso.com"/);
  const noCert = await run(['probe', endpoint(trusting), '--present']);
  assert.equal(noCert.exitCode, 2);
  assert.match(noCert.stderr, /--present needs our certificate/);
});

test('discover --cert --present: each federation partner target says whether it accepts us', async () => {
  const t = await run([
    'discover',
    'fabrikam.com',
    'northwind.com',
    '--dns-server',
    dns.endpoint,
    '--ca',
    file('root.pem'),
    '--thumbprint',
    clientThumbprint,
    '--present',
    '--json',
  ]);
  const doc = JSON.parse(t.stdout) as {
    domains: {
      domain: string;
      probes: { record: string; clientAuthentication?: ProbeJson['clientAuthentication'] }[];
    }[];
    findings: { code: string; target: string }[];
  };
  const fed = (domain: string) =>
    doc.domains
      .find((d) => d.domain === domain)
      ?.probes.find((p) => p.record.startsWith('_sipfederationtls'));
  assert.equal(fed('northwind.com')?.clientAuthentication?.presented?.kind, 'accepted');
  assert.equal(fed('fabrikam.com')?.clientAuthentication?.acceptedByName, false);
  assert.equal(fed('fabrikam.com')?.clientAuthentication?.presented?.alert, 'unknown_ca');
  const codes = doc.findings.map((f) => `${f.code} ${f.target}`);
  assert.ok(codes.includes(`CLIENT_CA_NOT_ACCEPTED sip.fabrikam.com:${distrusting.port}`), codes.join('\n'));
  assert.ok(!codes.some((c) => c.includes('sip.northwind.com') && c.startsWith('CLIENT_')), codes.join('\n'));
});
