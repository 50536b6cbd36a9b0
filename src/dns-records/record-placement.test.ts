import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parse } from 'yaml';
import { makeLookup } from '../../test/support/dns-lookups.js';
import { repoPath } from '../../test/support/repo.js';
import { parseTopologyOrThrow } from '../topology/parse-topology.js';
import { findWinningRecord } from './lync-dns-records.js';
import { placeRecord } from './record-placement.js';

const topology = parseTopologyOrThrow(
  parse(readFileSync(repoPath('examples/contoso.yaml'), 'utf8')),
  'contoso.yaml',
);
const addresses = new Map([
  ['pool01.contoso.net', ['10.0.1.10']],
  ['dirint.contoso.net', ['10.0.2.10']],
  ['sip.contoso.com', ['203.0.113.5']],
]);

test('placement: _sipinternaltls to the auto-logon pool by name is as expected', () => {
  const lookup = makeLookup('_sipinternaltls._tcp', 'contoso.com', {
    srv: [{ target: 'pool01.contoso.net' }],
  });
  const placement = placeRecord(lookup, topology, addresses);
  assert.deepEqual(
    [placement?.verdict, placement?.reaches.map((r) => r.pool), placement?.expected],
    ['expected', ['pool01.contoso.net'], ['pool01.contoso.net']],
  );
});

test('placement: _sipinternaltls to the Access Edge is not the expected pool', () => {
  const lookup = makeLookup('_sipinternaltls._tcp', 'contoso.com', { srv: [{ target: 'sip.contoso.com' }] });
  assert.equal(placeRecord(lookup, topology, addresses)?.verdict, 'unexpected');
});

test('placement: lyncdiscoverinternal by address reaches the Director, which the topology expects', () => {
  const lookup = makeLookup('lyncdiscoverinternal', 'contoso.com', { addresses: ['10.0.2.10'] });
  const placement = placeRecord(lookup, topology, addresses);
  assert.deepEqual([placement?.verdict, placement?.reaches[0]?.via], ['expected', 'dirint.contoso.net']);
});

test('placement: an address no topology host has is unknown; a missing record is not placed', () => {
  assert.equal(
    placeRecord(makeLookup('sip', 'contoso.com', { addresses: ['192.0.2.1'] }), topology, addresses)?.verdict,
    'unknown',
  );
  assert.equal(placeRecord(makeLookup('sip', 'contoso.com'), topology, addresses), null);
});

test('lookup order: the first record that resolves wins, server-only records never do', () => {
  const lookups = [
    makeLookup('_sipfederationtls._tcp', 'contoso.com', { srv: [{ target: 'sip.contoso.com' }] }),
    makeLookup('sip', 'contoso.com', { addresses: ['10.0.0.1'] }),
    makeLookup('lyncdiscoverinternal', 'contoso.com', { status: 'timeout' }),
    makeLookup('_sipinternaltls._tcp', 'contoso.com', { srv: [{ target: 'pool.contoso.com' }] }),
  ];
  assert.equal(findWinningRecord(lookups)?.name, '_sipinternaltls._tcp.contoso.com');
  assert.equal(findWinningRecord(lookups.slice(0, 1)), null);
});
