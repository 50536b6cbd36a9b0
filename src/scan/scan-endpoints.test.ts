import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeLookup } from '../../test/support/dns-lookups.js';
import { repoPath } from '../../test/support/repo.js';
import { readTopologyFile } from '../topology/read-topology.js';
import { addRecordTargets, listScanTargets } from './scan-endpoints.js';

const contoso = async () =>
  (await readTopologyFile(repoPath('examples/contoso.yaml'), repoPath(''))).topology;

test('scan targets: each server × port, then the pool and web services FQDNs (held to every member), no duplicates', async () => {
  const targets = listScanTargets(await contoso());
  const keys = targets.map((t) => `${t.host}:${t.port}`);
  assert.equal(new Set(keys).size, keys.length);
  assert.equal(targets.length, 33);
  const pool = targets.find((t) => t.host === 'pool01.contoso.net')!;
  assert.deepEqual(
    [pool.port, pool.use, pool.source, pool.servers],
    [5061, 'Default', 'pool', ['fe01.contoso.net', 'fe02.contoso.net', 'fe03.contoso.net']],
  );
  const webext = targets.find((t) => t.host === 'webext.contoso.com' && t.port === 4443)!;
  assert.deepEqual([webext.use, webext.source], ['WebServicesExternal', 'web-services']);
  const proxy = targets.find((t) => t.host === 'webext.contoso.com' && t.port === 443)!;
  assert.deepEqual(
    [proxy.use, proxy.server, proxy.source],
    ['ReverseProxy', 'reverse-proxy', 'reverse-proxy'],
  );
  const edge = targets.find((t) => t.host === 'sip.contoso.com' && t.port === 443)!;
  assert.deepEqual([edge.source, edge.servers], ['edge', ['edge01.contoso.net', 'edge02.contoso.net']]);
});

test('scan targets from DNS: SRV targets at their ports, lyncdiscover(internal) by name on 443; known hosts keep their servers', async () => {
  const topology = await contoso();
  const base = listScanTargets(topology);
  const lookups = [
    makeLookup('_sipinternaltls._tcp', 'contoso.com', {
      srv: [{ target: 'pool01.contoso.net', port: 5061 }],
    }),
    makeLookup('_sip._tls', 'fabrikam.com', { srv: [{ target: 'sip.fabrikam.com', port: 443 }] }),
    makeLookup('lyncdiscoverinternal', 'contoso.com', { addresses: ['10.0.0.5'] }),
    makeLookup('lyncdiscover', 'contoso.com', { addresses: ['203.0.113.5'] }),
    makeLookup('lyncdiscover', 'fabrikam.com', { status: 'nxdomain' }),
  ];
  const all = addRecordTargets(base, lookups, topology);
  const added = all
    .slice(base.length)
    .map((t) => `${t.host}:${t.port} ${t.use} ${t.server ?? '-'} ${t.source}`);
  assert.deepEqual(added, [
    // pool01.contoso.net:5061 is already a target; sip.fabrikam.com is outside the topology.
    'sip.fabrikam.com:443 AccessEdgeExternal - srv',
    'lyncdiscoverinternal.contoso.com:443 WebServicesInternal fe01.contoso.net lyncdiscoverinternal',
    'lyncdiscover.contoso.com:443 ReverseProxy reverse-proxy lyncdiscover',
  ]);
});
