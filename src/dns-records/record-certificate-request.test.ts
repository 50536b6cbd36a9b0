import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parse } from 'yaml';
import { makeLookup } from '../../test/support/dns-lookups.js';
import { repoPath } from '../../test/support/repo.js';
import { formatRequestCsCertificate, formatUccertRequest } from '../check/certificate-fix.js';
import { defaultPlanOptions } from '../requirements/plan-model.js';
import { planRequirements } from '../requirements/plan-requirements.js';
import { parseTopologyOrThrow } from '../topology/parse-topology.js';
import { planRecordCertificateRequest } from './record-certificate-request.js';
import { placeRecord } from './record-placement.js';

const topology = parseTopologyOrThrow(
  parse(readFileSync(repoPath('examples/contoso.yaml'), 'utf8')),
  'contoso.yaml',
);
const plan = planRequirements(topology, defaultPlanOptions);
const addresses = new Map([
  ['pool01.contoso.net', ['10.0.1.10']],
  ['fe02.contoso.net', ['10.0.1.12']],
  ['webdirext.contoso.com', ['203.0.113.20']],
  ['sip.contoso.com', ['203.0.113.5']],
]);

function requestFor(prefix: string, found: Parameters<typeof makeLookup>[2], missingName: string) {
  const lookup = makeLookup(prefix, 'fabrikam.com', found);
  const targets = new Map([['sip.fabrikam.com', ['203.0.113.5']]]);
  return planRecordCertificateRequest({
    placement: placeRecord(lookup, topology, addresses, targets),
    destination: lookup.spec.destination,
    topology,
    plan,
    missingName,
    topologyPath: 'examples/contoso.yaml',
  });
}

test('record request: an Access Edge target gets the Edge external certificate, exportable and offline', () => {
  const r = requestFor('_sip._tls', { srv: [{ target: 'sip.fabrikam.com', port: 443 }] }, 'sip.fabrikam.com');
  assert.equal(r.kind, 'planned');
  if (r.kind !== 'planned') return;
  assert.equal(r.pool, 'edgepool01.contoso.net');
  assert.deepEqual(r.otherServers, [], 'one certificate shared by the Edge pool');
  assert.equal(
    formatRequestCsCertificate(r.request),
    'Request-CsCertificate -New -Type AccessEdgeExternal,DataEdgeExternal,AudioVideoAuthentication,XmppServer -ComputerFqdn "edge01.contoso.net" -DomainName "sip.fabrikam.com" -PrivateKeyExportable $true -Output "C:\\Certificates\\edge01.contoso.net-AccessEdgeExternal.req"',
  );
  assert.equal(
    formatUccertRequest(r.request),
    'uccert request --new --type AccessEdgeExternal,DataEdgeExternal,AudioVideoAuthentication,XmppServer --server edge01.contoso.net --topology examples/contoso.yaml --domain-name "sip.fabrikam.com"',
  );
});

test('record request: lyncdiscover reaching the Director by address asks its web certificate', () => {
  const r = requestFor('lyncdiscover', { addresses: ['203.0.113.20'] }, 'lyncdiscover.fabrikam.com');
  assert.equal(r.kind, 'planned');
  if (r.kind !== 'planned') return;
  assert.equal(
    formatRequestCsCertificate(r.request),
    'Request-CsCertificate -New -Type Default,WebServicesInternal,WebServicesExternal -ComputerFqdn "dir01.contoso.net" -DomainName "lyncdiscover.fabrikam.com"',
  );
  assert.deepEqual(r.otherServers, ['dir02.contoso.net'], 'each Director has its own certificate');
});

test('record request: a target that shares a server address names that server, not the first', () => {
  const r = requestFor('_sipinternaltls._tcp', { srv: [{ target: 'x.fabrikam.com' }] }, 'x.fabrikam.com');
  assert.equal(r.kind, 'noPool', 'x.fabrikam.com has no address here');
  const lookup = makeLookup('_sipinternaltls._tcp', 'fabrikam.com', { srv: [{ target: 'fe.fabrikam.com' }] });
  const placed = planRecordCertificateRequest({
    placement: placeRecord(lookup, topology, addresses, new Map([['fe.fabrikam.com', ['10.0.1.12']]])),
    destination: lookup.spec.destination,
    topology,
    plan,
    missingName: 'fe.fabrikam.com',
    topologyPath: 'contoso.yaml',
  });
  assert.equal(placed.kind, 'planned');
  if (placed.kind !== 'planned') return;
  assert.deepEqual([placed.request.server, placed.otherServers], ['fe02.contoso.net', []]);
  assert.deepEqual(placed.request.uses, ['Default', 'WebServicesInternal', 'WebServicesExternal']);
});

test('record request: a record placed nowhere has no exact request', () => {
  const r = planRecordCertificateRequest({
    placement: null,
    destination: 'accessEdge',
    topology,
    plan,
    missingName: 'sip.fabrikam.com',
    topologyPath: 'contoso.yaml',
  });
  assert.equal(r.kind, 'noPool');
});
