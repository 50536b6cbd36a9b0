import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseTopology } from './parse-topology.js';
import { formatProblem } from './topology-problem.js';

const valid = {
  version: 1,
  product: 'sfb2015',
  sipDomains: ['contoso.com'],
  simpleUrls: { meet: ['https://meet.contoso.com'], dialin: 'https://dialin.contoso.com' },
  pools: [
    { fqdn: 'pool01.contoso.net', role: 'frontEnd', servers: ['fe01.contoso.net', 'fe02.contoso.net'] },
    { fqdn: 'dir01.contoso.net', role: 'director', servers: ['dir01.contoso.net'] },
    {
      fqdn: 'edge.contoso.net',
      role: 'edge',
      servers: ['edge01.contoso.net'],
      edge: { accessEdge: 'sip.contoso.com', webConfEdge: 'webcon.contoso.com', avEdge: 'av.contoso.com' },
    },
  ],
};

function problemsOf(doc: unknown): string[] {
  const result = parseTopology(doc);
  return result.ok ? [] : result.problems.map(formatProblem);
}

function withPool(index: number, change: Record<string, unknown>): unknown {
  return { ...valid, pools: valid.pools.map((p, i) => (i === index ? { ...p, ...change } : p)) };
}

test('a valid topology parses, names lowercased, defaults filled in', () => {
  const result = parseTopology({ ...valid, sipDomains: ['Contoso.COM.'] });
  assert.ok(result.ok);
  assert.deepEqual(result.topology.sipDomains, ['contoso.com']);
  assert.deepEqual(result.topology.pools[0]?.webServices, {
    internal: 'pool01.contoso.net',
    external: 'pool01.contoso.net',
    internalGiven: false,
    externalGiven: false,
  });
  assert.equal(result.topology.pools[0]?.edition, 'enterprise');
});

const cases: readonly [string, unknown, readonly string[]][] = [
  [
    'an invalid host name names the key path and the value',
    withPool(2, { servers: ['fe_01.contoso.net'] }),
    [
      'pools[2].servers[0]: "fe_01.contoso.net" is not a valid host name: Lync accepts only letters, digits and hyphens',
    ],
  ],
  [
    'a single-label host name',
    withPool(1, { servers: ['dir01'] }),
    [
      'pools[1].servers[0]: "dir01" is not a valid host name: Lync needs a fully qualified name (no single-label names)',
    ],
  ],
  [
    'an IDN host name',
    withPool(0, { servers: ['fe01.bücher.example', 'fe02.contoso.net'] }),
    [
      'pools[0].servers[0]: "fe01.bücher.example" is not a valid host name: Lync accepts only letters, digits and hyphens',
    ],
  ],
  [
    'an unknown key',
    { ...valid, mobilty: true },
    [
      'mobilty: unknown key (known: version, product, sipDomains, simpleUrls, mobility, autoLogon, xmppDomains, pools, reverseProxy)',
    ],
  ],
  [
    'an unknown key in a pool',
    withPool(0, { serverz: [] }),
    ['pools[0].serverz: unknown key (known: fqdn, role, edition, servers, webServices, edge, ports)'],
  ],
  [
    'a duplicate server FQDN',
    withPool(1, { servers: ['fe01.contoso.net'] }),
    ['pools[1].servers[0]: "fe01.contoso.net" is already used at pools[0].servers[0]'],
  ],
  [
    'a simple URL that is not https',
    { ...valid, simpleUrls: { meet: ['https://meet.contoso.com'], dialin: 'http://dialin.contoso.com' } },
    ['simpleUrls.dialin: "http://dialin.contoso.com" is not an https URL (simple URLs start with https://)'],
  ],
  [
    'issue 8.15: two SIP domains and one Meet URL',
    { ...valid, sipDomains: ['contoso.com', 'fabrikam.com'] },
    [
      'simpleUrls.meet: 1 Meet URL (https://meet.contoso.com) for 2 SIP domains: every SIP domain needs its own Meet simple URL; add one for fabrikam.com, such as https://meet.fabrikam.com',
    ],
  ],
  [
    'an auto-logon pool that does not exist',
    { ...valid, autoLogon: { pool: 'pool9.contoso.net', strictDns: true } },
    [
      'autoLogon.pool: "pool9.contoso.net" is not a Front End or Director pool of this topology (known: pool01.contoso.net, dir01.contoso.net)',
    ],
  ],
  [
    'XMPP on sfb2019',
    { ...valid, product: 'sfb2019', xmppDomains: ['contoso.com'] },
    [
      'xmppDomains: XMPP federation is not available in Skype for Business Server 2019 (product: sfb2019); only lync2013 and sfb2015 have it',
    ],
  ],
  [
    'XMPP on lync2010',
    { ...valid, product: 'lync2010', xmppDomains: ['contoso.com'] },
    [
      'xmppDomains: XMPP federation is not available in Lync Server 2010 (product: lync2010); only lync2013 and sfb2015 have it',
    ],
  ],
  [
    'an unknown product',
    { ...valid, product: 'sfb2016' },
    ['product: "sfb2016" is not a product (known: lync2010, lync2013, sfb2015, sfb2019)'],
  ],
  ['a wrong type', { ...valid, mobility: 'yes' }, ['mobility: expected true or false, got "yes"']],
  [
    'an Edge pool without its external FQDNs',
    withPool(2, { edge: undefined }),
    ['pools[2].edge: missing (the external FQDNs: accessEdge, webConfEdge, avEdge)'],
  ],
  [
    'a Standard Edition pool with two servers',
    withPool(0, { edition: 'standard' }),
    [
      'pools[0].servers: a Standard Edition pool is its one server "pool01.contoso.net", got ["fe01.contoso.net","fe02.contoso.net"]',
    ],
  ],
  [
    'two pools with one external web FQDN',
    {
      ...valid,
      pools: [
        { ...valid.pools[0], webServices: { external: 'webext.contoso.com' } },
        { ...valid.pools[1], webServices: { external: 'webext.contoso.com' } },
      ],
    },
    [
      'pools[1].webServices.external: "webext.contoso.com" is already the external web services FQDN at pools[0].webServices.external; each pool needs its own',
    ],
  ],
  [
    'a Standard Edition internal web FQDN override',
    withPool(0, {
      edition: 'standard',
      fqdn: 'se01.contoso.net',
      servers: undefined,
      webServices: { internal: 'web.contoso.net' },
    }),
    [
      'pools[0].webServices.internal: "web.contoso.net" cannot be the internal web services FQDN of a Standard Edition server; it is always the server FQDN "se01.contoso.net"',
    ],
  ],
  ['a missing version', { ...valid, version: undefined }, ['version: missing (the format version: 1)']],
];

for (const [name, doc, expected] of cases) {
  test(`validation: ${name}`, () => {
    assert.deepEqual(problemsOf(doc), expected);
  });
}

test('validation collects every problem, not only the first', () => {
  const doc = {
    ...valid,
    product: 'sfb2019',
    xmppDomains: ['contoso.com'],
    pools: [
      { ...valid.pools[0], servers: ['fe_01.contoso.net', 'fe02.contoso.net'] },
      valid.pools[1],
      valid.pools[2],
    ],
  };
  assert.equal(problemsOf(doc).length, 2);
});

test('issue 8.15: a Meet URL per SIP domain passes, also by path on one host', () => {
  const two = { ...valid, sipDomains: ['contoso.com', 'fabrikam.com'] };
  const byHost = {
    meet: ['https://meet.contoso.com', 'https://meet.fabrikam.com'],
    dialin: 'https://dialin.contoso.com',
  };
  const byPath = {
    meet: ['https://meet.contoso.com', 'https://meet.contoso.com/fabrikam'],
    dialin: 'https://dialin.contoso.com',
  };
  assert.deepEqual(problemsOf({ ...two, simpleUrls: byHost }), []);
  assert.deepEqual(problemsOf({ ...two, simpleUrls: byPath }), []);
});
