// `uccert discover` against a real DNS server (dnsmasq on loopback) and TLS servers on loopback
// that present the fixtures: a correct SIP domain (contoso.com: every SIP target carried by name, a
// wildcard only for lyncdiscover) and a broken one (fabrikam.com: an SRV record into another
// domain, lyncdiscover without lyncdiscoverinternal and as a CNAME into another domain, an SRV
// target whose certificate lacks its name, and one carried only by a wildcard, refused for SIP).

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { fixtureNow, runUccert } from './support/cli-run.js';
import { type RunningDnsServer, startDnsServer } from './support/dns-server.js';
import { type RunningTlsEndpoints, startTlsEndpoints } from './support/dns-tls-endpoints.js';
import { assertGolden } from './support/golden.js';

let dns: RunningDnsServer;
let tls: RunningTlsEndpoints;

const issued = (fixture: string) => ({ fixture, chain: ['issuing-ca'] });
/** The check and discover fixtures hold the leaf and the issuing CA already. */
const withChain = (fixture: string) => ({ fixture });

// Each host has its own loopback address, as the pools of examples/contoso.yaml would have their
// own, so `--topology` can tell by address which pool a record reaches.
const address = {
  frontEnd: '127.0.0.11', // pool01.contoso.net, and sipinternal.contoso.com for the SRV record
  directorInternal: '127.0.0.12', // dirint.contoso.net = lyncdiscoverinternal.contoso.com
  accessEdge: '127.0.0.13', // sip.contoso.com (the Access Edge), sip.fabrikam.com, sipfed.fabrikam.com
  directorExternal: '127.0.0.14', // webdirext.contoso.com = lyncdiscover.contoso.com
  proxy: '127.0.0.15', // proxy.contoso.com, the CNAME target of lyncdiscover.fabrikam.com
};

before(async () => {
  tls = await startTlsEndpoints(
    {
      'lyncdiscoverinternal.contoso.com': issued('rsa-leaf'),
      // The reverse proxy's certificate: *.contoso.com in the SAN, which Lync accepts for lyncdiscover.
      'lyncdiscover.contoso.com': withChain('check/reverse-proxy'),
      // The Front End pool's Default certificate carries the SRV target by name (no wildcard for SIP).
      'sipinternal.contoso.com': withChain('discover/pool01-sipinternal'),
      'sip.contoso.com': issued('ecdsa-leaf'),
      'pool01.contoso.net': issued('rsa-leaf'),
      // The golden rule broken: sip.fabrikam.com serves the sip.contoso.com certificate.
      'sip.fabrikam.com': issued('ecdsa-leaf'),
      // The golden rule broken by a wildcard: *.fabrikam.com covers sipfed.fabrikam.com, but not for SIP.
      'sipfed.fabrikam.com': withChain('discover/fabrikam-wildcard'),
    },
    issued('wronghost-leaf'),
    'test/fixtures',
    Object.values(address),
  );
  const p = tls.port;
  dns = await startDnsServer({
    localDomains: ['contoso.com', 'fabrikam.com', 'contoso.net'],
    hosts: [
      `lyncdiscoverinternal.contoso.com,${address.directorInternal}`,
      `dirint.contoso.net,${address.directorInternal}`,
      `lyncdiscover.contoso.com,${address.directorExternal}`,
      `webdirext.contoso.com,${address.directorExternal}`,
      `sipinternal.contoso.com,${address.frontEnd}`,
      `pool01.contoso.net,${address.frontEnd}`,
      `sip.contoso.com,${address.accessEdge}`,
      `sip.fabrikam.com,${address.accessEdge}`,
      `sipfed.fabrikam.com,${address.accessEdge}`,
      `proxy.contoso.com,${address.proxy}`,
    ],
    srv: [
      `_sipinternaltls._tcp.contoso.com,sipinternal.contoso.com,${p},0,0`,
      `_sip._tls.contoso.com,sip.contoso.com,${p},0,0`,
      `_sipfederationtls._tcp.contoso.com,sip.contoso.com,${p},0,0`,
      `_sipinternaltls._tcp.fabrikam.com,pool01.contoso.net,${p},0,0`,
      `_sip._tls.fabrikam.com,sip.fabrikam.com,${p},0,0`,
      `_sipfederationtls._tcp.fabrikam.com,sipfed.fabrikam.com,${p},0,0`,
    ],
    cnames: ['lyncdiscover.fabrikam.com,proxy.contoso.com'],
  });
});

after(async () => {
  await dns?.stop();
  await tls?.stop();
});

const scrub = (text: string): string =>
  text
    .replaceAll(`:${tls.port}`, ':TLSPORT')
    .replaceAll(`port ${tls.port}`, 'port TLSPORT')
    .replaceAll(`${dns.port}`, 'DNSPORT');

const discoverArgs = (...domains: string[]) => [
  'discover',
  ...domains,
  '--dns-server',
  dns.endpoint,
  '--https-port',
  String(tls.port),
  '--ca',
  'test/fixtures/root-ca.pem',
  '--timeout',
  '2000',
];

test('discover: a correct SIP domain has no findings and names the record a client uses', async () => {
  const t = await runUccert(discoverArgs('contoso.com'), { now: fixtureNow });
  assert.equal(t.exitCode, 0, t.stdout + t.stderr);
  assert.match(t.stdout, /1 lyncdiscoverinternal\.contoso\.com .*← clients use this one/);
  assert.match(
    t.stdout,
    /_sipinternaltls\._tcp\.contoso\.com +SRV +sipinternal\.contoso\.com:\d+ \(priority 0, weight 0\)/,
  );
  assert.match(t.stdout, /_sipinternal\._tcp\.contoso\.com +SRV +NXDOMAIN/);
  assert.match(
    t.stdout,
    /_sipinternaltls\._tcp\.contoso\.com → sipinternal\.contoso\.com:\d+ serves .*: carries sipinternal\.contoso\.com \(exact: sipinternal\.contoso\.com\)/,
  );
  assert.match(
    t.stdout,
    /lyncdiscover\.contoso\.com → .*carries lyncdiscover\.contoso\.com \(wildcard: \*\.contoso\.com\)/,
  );
  assert.match(t.stdout, /Findings: none/);
  assertGolden('discover-correct-domain', t, scrub);
});

test('discover: a broken SIP domain shows every DNS and certificate finding', async () => {
  const t = await runUccert(discoverArgs('fabrikam.com'), { now: fixtureNow });
  assert.equal(t.exitCode, 1, t.stdout + t.stderr);
  const json = await runUccert([...discoverArgs('fabrikam.com'), '--json'], { now: fixtureNow });
  const document = JSON.parse(json.stdout) as { findings: { code: string; target: string }[] };
  assert.deepEqual(document.findings.map((f) => `${f.code} ${scrub(f.target)}`).sort(), [
    'HOSTNAME_MISMATCH lyncdiscover.fabrikam.com:TLSPORT',
    'LYNCDISCOVERINTERNAL_MISSING lyncdiscoverinternal.fabrikam.com',
    'LYNCDISCOVER_CNAME_OTHER_DOMAIN lyncdiscover.fabrikam.com',
    'SRV_TARGET_NOT_COVERED sip.fabrikam.com:TLSPORT',
    'SRV_TARGET_NOT_COVERED sipfed.fabrikam.com:TLSPORT',
    'SRV_TARGET_OTHER_DOMAIN _sipinternaltls._tcp.fabrikam.com',
  ]);
  assert.match(
    t.stdout,
    /covers "sipfed\.fabrikam\.com" only by the wildcard \*\.fabrikam\.com, which Lync does not accept for SIP/,
  );
  // Without --topology the fix is generic and says how to get the exact commands.
  assert.match(t.stdout, /with --topology FILE, uccert discover gives the exact Request-CsCertificate/);
  assert.doesNotMatch(t.stdout, /-ComputerFqdn/);
  assertGolden('discover-broken-domain', t, scrub);
});

test('discover --dns-only resolves without probing: DNS findings only', async () => {
  const t = await runUccert([...discoverArgs('fabrikam.com'), '--dns-only', '--json'], { now: fixtureNow });
  const document = JSON.parse(t.stdout) as { findings: { code: string }[]; domains: { probes: unknown[] }[] };
  assert.deepEqual(document.domains[0]?.probes, []);
  assert.deepEqual(document.findings.map((f) => f.code).sort(), [
    'LYNCDISCOVERINTERNAL_MISSING',
    'LYNCDISCOVER_CNAME_OTHER_DOMAIN',
    'SRV_TARGET_OTHER_DOMAIN',
  ]);
});

test('discover --topology: which pool each record reaches, and whether the topology expects it there', async () => {
  const t = await runUccert(
    [...discoverArgs('contoso.com', 'fabrikam.com'), '--topology', 'examples/contoso.yaml', '--dns-only'],
    {
      now: fixtureNow,
    },
  );
  assert.equal(t.exitCode, 1, t.stderr);
  assert.match(
    t.stdout,
    /lyncdiscoverinternal\.contoso\.com → dirpool01\.contoso\.net \(director, via dirint\.contoso\.net\): as expected/,
  );
  assert.match(
    t.stdout,
    /_sipinternaltls\._tcp\.contoso\.com → pool01\.contoso\.net \(frontEnd, via pool01\.contoso\.net\): as expected/,
  );
  assertGolden('discover-topology', t, scrub);
});

test('discover --topology: the exact request on a server of the pool a record reaches', async () => {
  const t = await runUccert([...discoverArgs('fabrikam.com'), '--topology', 'examples/contoso.yaml'], {
    now: fixtureNow,
  });
  assert.equal(t.exitCode, 1, t.stderr);
  const json = await runUccert(
    [...discoverArgs('fabrikam.com'), '--topology', 'examples/contoso.yaml', '--json'],
    { now: fixtureNow },
  );
  const document = JSON.parse(json.stdout) as { findings: { code: string; target: string; fix: string }[] };
  const fixOf = (target: string) =>
    document.findings.find((f) => f.code === 'SRV_TARGET_NOT_COVERED' && scrub(f.target) === target)?.fix ??
    '';
  // Both reach the Access Edge of edgepool01 (by address): its shared external certificate.
  for (const host of ['sip.fabrikam.com', 'sipfed.fabrikam.com']) {
    const fix = fixOf(`${host}:TLSPORT`);
    assert.ok(
      fix.includes(
        `Request-CsCertificate -New -Type AccessEdgeExternal,DataEdgeExternal,AudioVideoAuthentication,XmppServer -ComputerFqdn "edge01.contoso.net" -DomainName "${host}" -PrivateKeyExportable $true -Output "C:\\Certificates\\edge01.contoso.net-AccessEdgeExternal.req"`,
      ),
      fix,
    );
    assert.ok(
      fix.includes(
        `uccert request --new --type AccessEdgeExternal,DataEdgeExternal,AudioVideoAuthentication,XmppServer --server edge01.contoso.net --topology examples/contoso.yaml --domain-name "${host}"`,
      ),
      fix,
    );
    assert.doesNotMatch(fix, /--topology FILE/);
  }
  // lyncdiscover.fabrikam.com reaches proxy.contoso.com, no pool of the topology: the generic fix.
  const autodiscover = document.findings.find((f) => f.code === 'HOSTNAME_MISMATCH')?.fix ?? '';
  assert.match(
    autodiscover,
    /Request-CsCertificate -New -Type WebServicesExternal -DomainName "lyncdiscover\.fabrikam\.com"/,
  );
  assert.doesNotMatch(autodiscover, /--topology FILE/);
  assertGolden('discover-topology-fixes', t, scrub);
});
