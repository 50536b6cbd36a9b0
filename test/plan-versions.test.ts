// Version differences (lync-certificate-rules.md §7): Lync 2010 has no OAuthTokenIssuer and no
// XMPP; Lync 2013 and SfB 2015 have XMPP; SfB 2019 rejects it. The runbook follows the same gates.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderPowerShell } from '../src/powershell/request-commands.js';
import { defaultPlanOptions } from '../src/requirements/plan-model.js';
import { planRequirements } from '../src/requirements/plan-requirements.js';
import { ruleTable } from '../src/requirements/rule-table.js';
import { products } from '../src/topology/model.js';
import { parseTopology, parseTopologyOrThrow } from '../src/topology/parse-topology.js';

const base = (product: string, xmpp: boolean) => ({
  version: 1,
  product,
  sipDomains: ['contoso.com'],
  simpleUrls: { meet: ['https://meet.contoso.com'], dialin: 'https://dialin.contoso.com' },
  ...(xmpp ? { xmppDomains: ['contoso.com'] } : {}),
  pools: [
    { fqdn: 'pool01.contoso.net', role: 'frontEnd', servers: ['fe01.contoso.net'] },
    {
      fqdn: 'edge.contoso.net',
      role: 'edge',
      servers: ['edge01.contoso.net'],
      edge: { accessEdge: 'sip.contoso.com', webConfEdge: 'webcon.contoso.com', avEdge: 'av.contoso.com' },
    },
  ],
});

function usesOf(product: string, xmpp = false) {
  const plan = planRequirements(parseTopologyOrThrow(base(product, xmpp), product), defaultPlanOptions);
  return { plan, uses: new Set(plan.requirements.map((r) => r.use)) };
}

test('lync2010: no OAuthTokenIssuer requirement and no OAuth line in the runbook', () => {
  const { plan, uses } = usesOf('lync2010');
  assert.ok(!uses.has('OAuthTokenIssuer'));
  const script = renderPowerShell(plan, { product: 'lync2010', ca: null, folder: 'C:\\x', source: 't' });
  assert.doesNotMatch(script, /OAuthTokenIssuer|-Identity|-Roll/);
});

test('lync2010: XMPP domains are rejected', () => {
  const result = parseTopology(base('lync2010', true));
  assert.ok(!result.ok);
  assert.match(result.problems[0]?.message ?? '', /not available in Lync Server 2010/);
});

for (const product of ['lync2013', 'sfb2015'] as const) {
  test(`${product}: OAuthTokenIssuer once, and XmppServer on the Edge when XMPP domains are given`, () => {
    const { plan, uses } = usesOf(product, true);
    assert.ok(uses.has('OAuthTokenIssuer'));
    assert.ok(uses.has('XmppServer'));
    const script = renderPowerShell(plan, { product, ca: null, folder: 'C:\\x', source: 't' });
    assert.match(script, /-Type AccessEdgeExternal,DataEdgeExternal,AudioVideoAuthentication,XmppServer /);
    assert.match(script, /Set-CsCertificate -Identity global -Type OAuthTokenIssuer/);
    assert.ok(!usesOf(product, false).uses.has('XmppServer'));
  });
}

test('sfb2019: XMPP is rejected; OAuthTokenIssuer stays', () => {
  assert.ok(!parseTopology(base('sfb2019', true)).ok);
  const { uses } = usesOf('sfb2019');
  assert.ok(uses.has('OAuthTokenIssuer'));
  assert.ok(!uses.has('XmppServer'));
});

test('the rule table has no OAuth row for lync2010 and no XMPP row for lync2010 or sfb2019', () => {
  const has = (product: string, use: string) => ruleTable.some((r) => r.product === product && r.use === use);
  assert.equal(has('lync2010', 'OAuthTokenIssuer'), false);
  assert.equal(has('lync2010', 'XmppServer'), false);
  assert.equal(has('sfb2019', 'XmppServer'), false);
  assert.equal(has('lync2013', 'XmppServer'), true);
  assert.equal(has('sfb2015', 'XmppServer'), true);
  for (const product of products) assert.equal(has(product, 'Default'), true);
});

test('every rule row cites at least one source, and each product × role × use appears once', () => {
  const keys = new Set<string>();
  for (const row of ruleTable) {
    assert.ok(row.sources.length > 0, `${row.product} ${row.role} ${row.use}`);
    const key = `${row.product}|${row.role}|${row.use}`;
    assert.ok(!keys.has(key), key);
    keys.add(key);
  }
});
