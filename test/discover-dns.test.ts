// DNS answers told apart, against dnsmasq on loopback: NXDOMAIN, a name without the asked type,
// a CNAME, SRV ordering, and a server that never answers (a timeout, and exit 3 for discover).

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { lyncRecordSpecs } from '../src/dns-records/lync-dns-records.js';
import { createDnsResolver, lookupRecord, resolveAddress } from '../src/net/dns-discovery.js';
import { runUccert } from './support/cli-run.js';
import { type RunningDnsServer, startDnsServer, startSilentDnsServer } from './support/dns-server.js';

let dns: RunningDnsServer;
let silent: RunningDnsServer;

before(async () => {
  dns = await startDnsServer({
    localDomains: ['contoso.com'],
    hosts: ['sip.contoso.com,127.0.0.1', 'pool.contoso.com,127.0.0.2,::1', 'xmpp.contoso.com,127.0.0.3'],
    cnames: ['lyncdiscover.contoso.com,pool.contoso.com'],
    srv: [
      '_sipinternaltls._tcp.contoso.com,backup.contoso.com,5061,10,100',
      '_sipinternaltls._tcp.contoso.com,pool.contoso.com,5061,0,10',
      '_sipinternaltls._tcp.contoso.com,pool2.contoso.com,5061,0,50',
      '_xmpp-server._tcp.contoso.com,xmpp.contoso.com,5269,0,0',
    ],
  });
  silent = await startSilentDnsServer();
});

after(async () => {
  await dns?.stop();
  await silent?.stop();
});

const spec = (prefix: string) => lyncRecordSpecs.find((s) => s.prefix === prefix)!;

test('dns: NXDOMAIN, no record of the type, and found are told apart', async () => {
  const resolver = createDnsResolver({ server: dns.endpoint, timeoutMs: 1000, tries: 1 });
  assert.equal((await resolveAddress(resolver, 'nothing.contoso.com')).status, 'nxdomain');
  // sip.contoso.com exists (A) but has no SRV: "no data", not NXDOMAIN.
  const noSrv = await lookupRecord(resolver, { ...spec('_sip._tls'), prefix: 'sip' }, 'contoso.com');
  assert.equal(noSrv.status, 'nodata');
  const both = await resolveAddress(resolver, 'pool.contoso.com');
  assert.deepEqual([both.status, both.addresses], ['found', ['127.0.0.2', '::1']]);
});

test('dns: a CNAME is reported with the addresses it leads to', async () => {
  const resolver = createDnsResolver({ server: dns.endpoint, timeoutMs: 1000, tries: 1 });
  const lookup = await lookupRecord(resolver, spec('lyncdiscover'), 'contoso.com');
  assert.deepEqual(
    [lookup.status, lookup.cname, lookup.addresses],
    ['found', 'pool.contoso.com', ['127.0.0.2', '::1']],
  );
});

test('dns: SRV targets are sorted as a client tries them (priority, then weight)', async () => {
  const resolver = createDnsResolver({ server: dns.endpoint, timeoutMs: 1000, tries: 1 });
  const lookup = await lookupRecord(resolver, spec('_sipinternaltls._tcp'), 'contoso.com');
  assert.deepEqual(
    lookup.srv.map((s) => `${s.priority}/${s.weight} ${s.target}`),
    ['0/50 pool2.contoso.com', '0/10 pool.contoso.com', '10/100 backup.contoso.com'],
  );
});

test('dns: a server that never answers is a timeout, not NXDOMAIN', async () => {
  const resolver = createDnsResolver({ server: silent.endpoint, timeoutMs: 150, tries: 1 });
  const lookup = await resolveAddress(resolver, 'sip.contoso.com');
  assert.deepEqual([lookup.status, lookup.detail], ['timeout', 'ETIMEOUT']);
});

test('discover: exit 3 when the DNS server answers nothing', async () => {
  const t = await runUccert(['discover', 'contoso.com', '--dns-server', silent.endpoint, '--timeout', '150']);
  assert.equal(t.exitCode, 3);
  assert.equal(t.stdout, '');
  assert.match(t.stderr, /no DNS question was answered by 127\.0\.0\.1:\d+ \(timeout on every record\)/);
});

test('discover: a bad --dns-server is a usage error naming the value', async () => {
  const t = await runUccert(['discover', 'contoso.com', '--dns-server', 'dns.contoso.com:53']);
  assert.equal(t.exitCode, 2);
  assert.match(t.stderr, /--dns-server "dns\.contoso\.com:53" is not an IP address/);
});

test('discover: the XMPP SRV target is listed, not probed (5269 starts in clear text, STARTTLS)', async () => {
  const t = await runUccert([
    'discover',
    'contoso.com',
    '--dns-server',
    dns.endpoint,
    '--timeout',
    '500',
    '--json',
  ]);
  const document = JSON.parse(t.stdout) as {
    domains: { records: { name: string; srv?: { target: string }[] }[]; probes: { record: string }[] }[];
  };
  const [domain] = document.domains;
  const xmpp = domain?.records.find((r) => r.name === '_xmpp-server._tcp.contoso.com');
  assert.deepEqual(
    xmpp?.srv?.map((s) => s.target),
    ['xmpp.contoso.com'],
  );
  const probed = domain?.probes.map((p) => p.record) ?? [];
  assert.ok(probed.includes('_sipinternaltls._tcp.contoso.com'), probed.join(', '));
  assert.ok(!probed.includes('_xmpp-server._tcp.contoso.com'), probed.join(', '));
});
