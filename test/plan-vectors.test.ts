// The 24 test vectors of lync-certificate-rules.md §5: topology in, subject and names out. Where
// the rules record a CONFLICT, the test follows architecture.md's decision and says so.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkNameNotCovered } from '../src/check/name-not-covered.js';
import { checkWildcardNotAllowed } from '../src/check/wildcard-not-allowed.js';
import { renderPowerShell } from '../src/powershell/request-commands.js';
import { defaultPlanOptions, type Plan, type PlanOptions } from '../src/requirements/plan-model.js';
import { planRequirements } from '../src/requirements/plan-requirements.js';
import type { Topology } from '../src/topology/model.js';
import { parseTopologyOrThrow } from '../src/topology/parse-topology.js';
import { makeContext } from './support/check-context.js';

const twoDomains = {
  sipDomains: ['contoso.com', 'fabrikam.com'],
  simpleUrls: {
    meet: ['https://meet.contoso.com', 'https://meet.fabrikam.com'],
    dialin: 'https://dialin.contoso.com',
    admin: 'https://admin.contoso.com',
  },
};

function topology(doc: Record<string, unknown>): Topology {
  return parseTopologyOrThrow({ version: 1, product: 'lync2013', ...doc }, 'vector');
}

function plan(doc: Record<string, unknown>, options: Partial<PlanOptions> = {}): Plan {
  return planRequirements(topology(doc), { ...defaultPlanOptions, ...options });
}

function requirement(p: Plan, server: string, use: string) {
  const r = p.requirements.find((x) => x.server === server && x.use === use);
  assert.ok(r, `no ${use} requirement for ${server}`);
  return r;
}

function certificate(p: Plan, server: string, use: string) {
  const c = p.certificates.find((x) => x.servers.includes(server) && x.uses.includes(use as never));
  assert.ok(c, `no certificate with ${use} for ${server}`);
  return c;
}

const sorted = (names: readonly string[]) => [...names].sort();

const se = {
  ...twoDomains,
  pools: [
    {
      fqdn: 'se01.contoso.com',
      role: 'frontEnd',
      edition: 'standard',
      webServices: { external: 'webcon01.contoso.com' },
    },
  ],
};

test('T1: SE Default: SN se01.contoso.com, SAN se01.contoso.com', () => {
  const r = requirement(plan(se), 'se01.contoso.com', 'Default');
  assert.equal(r.subject, 'se01.contoso.com');
  assert.deepEqual(sorted(r.requiredNames), ['se01.contoso.com']);
});

test('T1: SE Default on the auto-logon pool with strict DNS adds sip.contoso.com, sip.fabrikam.com', () => {
  const p = plan({ ...se, autoLogon: { pool: 'se01.contoso.com', strictDns: true } });
  const r = requirement(p, 'se01.contoso.com', 'Default');
  assert.deepEqual(sorted(r.requiredNames), ['se01.contoso.com', 'sip.contoso.com', 'sip.fabrikam.com']);
  // Without strict DNS the names are not needed.
  const loose = plan({ ...se, autoLogon: { pool: 'se01.contoso.com', strictDns: false } });
  assert.deepEqual(requirement(loose, 'se01.contoso.com', 'Default').requiredNames, ['se01.contoso.com']);
});

test('T2: SE WebServicesInternal: SN se01.contoso.com, every simple URL', () => {
  const r = requirement(plan(se), 'se01.contoso.com', 'WebServicesInternal');
  assert.equal(r.subject, 'se01.contoso.com');
  assert.deepEqual(sorted(r.requiredNames), [
    'admin.contoso.com',
    'dialin.contoso.com',
    'meet.contoso.com',
    'meet.fabrikam.com',
    'se01.contoso.com',
  ]);
  assert.equal(r.wildcardAllowed, true);
});

test('T2w: SE WebServicesInternal with *.contoso.com: the wildcard does not cover meet.fabrikam.com (flagged, kept)', () => {
  const p = plan(se, { grouping: 'separate', domainNames: ['*.contoso.com'] });
  const c = certificate(p, 'se01.contoso.com', 'WebServicesInternal');
  assert.deepEqual(sorted(c.names), ['*.contoso.com', 'meet.fabrikam.com', 'se01.contoso.com']);
  assert.ok(
    c.notes.some((n) => n.startsWith('*.contoso.com does not cover meet.fabrikam.com')),
    c.notes.join('\n'),
  );
});

test('T3: SE WebServicesExternal: external web FQDN, Meet per SIP domain, Dial-in; Admin optional', () => {
  const p = plan(se, { grouping: 'separate' });
  const r = requirement(p, 'se01.contoso.com', 'WebServicesExternal');
  assert.equal(r.subject, 'se01.contoso.com');
  assert.deepEqual(sorted(r.requiredNames), [
    'dialin.contoso.com',
    'meet.contoso.com',
    'meet.fabrikam.com',
    'webcon01.contoso.com',
  ]);
  assert.deepEqual(r.optionalNames, ['admin.contoso.com']);
  const c = certificate(p, 'se01.contoso.com', 'WebServicesExternal');
  const suggestion = c.wildcardSuggestions.find((s) => s.wildcard === '*.contoso.com');
  assert.deepEqual(suggestion?.replaces, ['meet.contoso.com', 'dialin.contoso.com']);
  assert.deepEqual(suggestion?.doesNotCover, ['meet.fabrikam.com']);
});

test('T3: wildcard variant: webcon01.contoso.com stays explicit, *.contoso.com replaces meet and dialin', () => {
  const p = plan(se, { grouping: 'separate', domainNames: ['*.contoso.com'] });
  const c = certificate(p, 'se01.contoso.com', 'WebServicesExternal');
  assert.deepEqual(sorted(c.names), ['*.contoso.com', 'meet.fabrikam.com', 'webcon01.contoso.com']);
});

const ee = {
  ...twoDomains,
  pools: [
    {
      fqdn: 'eepool.contoso.com',
      role: 'frontEnd',
      edition: 'enterprise',
      servers: ['ee01.contoso.com'],
      webServices: { external: 'webcon01.contoso.com' },
    },
  ],
};

test('T4: EE Default: SN eepool.contoso.com, SAN pool and member', () => {
  const r = requirement(plan(ee), 'ee01.contoso.com', 'Default');
  assert.equal(r.subject, 'eepool.contoso.com');
  assert.deepEqual(sorted(r.requiredNames), ['ee01.contoso.com', 'eepool.contoso.com']);
});

test('T5 (CONFLICT pool vs server subject → decision: pool FQDN planned, server accepted): EE WebServicesInternal', () => {
  const r = requirement(plan(ee), 'ee01.contoso.com', 'WebServicesInternal');
  assert.equal(r.subject, 'eepool.contoso.com');
  assert.deepEqual(r.acceptedSubjects, ['eepool.contoso.com', 'ee01.contoso.com']);
  // The doc example's list, plus the pool FQDN (also the internal web FQDN here) the column requires.
  assert.deepEqual(sorted(r.requiredNames), [
    'admin.contoso.com',
    'dialin.contoso.com',
    'ee01.contoso.com',
    'eepool.contoso.com',
    'meet.contoso.com',
    'meet.fabrikam.com',
  ]);
});

test('T6 (CONFLICT on subject and Admin → decision: pool FQDN planned, Admin optional): EE WebServicesExternal', () => {
  const r = requirement(plan(ee), 'ee01.contoso.com', 'WebServicesExternal');
  assert.equal(r.subject, 'eepool.contoso.com');
  assert.ok(r.acceptedSubjects.includes('ee01.contoso.com'));
  assert.deepEqual(sorted(r.requiredNames), [
    'dialin.contoso.com',
    'meet.contoso.com',
    'meet.fabrikam.com',
    'webcon01.contoso.com',
  ]);
  assert.deepEqual(r.optionalNames, ['admin.contoso.com']);
});

const directorPool = {
  ...twoDomains,
  pools: [
    {
      fqdn: 'dir-pool.contoso.com',
      role: 'director',
      servers: ['dir01.contoso.com'],
      webServices: { external: 'directorwebcon01.contoso.com' },
    },
  ],
};

test('T7: Director Default: SN dir-pool.contoso.com; sip.* only on the auto-logon pool with strict DNS', () => {
  const r = requirement(plan(directorPool), 'dir01.contoso.com', 'Default');
  assert.equal(r.subject, 'dir-pool.contoso.com');
  assert.deepEqual(sorted(r.requiredNames), ['dir-pool.contoso.com', 'dir01.contoso.com']);
  const auto = plan({ ...directorPool, autoLogon: { pool: 'dir-pool.contoso.com', strictDns: true } });
  assert.deepEqual(sorted(requirement(auto, 'dir01.contoso.com', 'Default').requiredNames), [
    'dir-pool.contoso.com',
    'dir01.contoso.com',
    'sip.contoso.com',
    'sip.fabrikam.com',
  ]);
});

test('T8 (CONFLICT subject → decision: pool planned, server accepted): Director WebServicesInternal', () => {
  const r = requirement(plan(directorPool), 'dir01.contoso.com', 'WebServicesInternal');
  assert.equal(r.subject, 'dir-pool.contoso.com');
  assert.ok(r.acceptedSubjects.includes('dir01.contoso.com'));
  assert.deepEqual(sorted(r.requiredNames), [
    'admin.contoso.com',
    'dialin.contoso.com',
    'dir-pool.contoso.com',
    'dir01.contoso.com',
    'meet.contoso.com',
    'meet.fabrikam.com',
  ]);
});

test('T9: Director WebServicesExternal: directorwebcon01.contoso.com, Meet per SIP domain, Dial-in', () => {
  const r = requirement(plan(directorPool), 'dir01.contoso.com', 'WebServicesExternal');
  assert.deepEqual(sorted(r.requiredNames), [
    'dialin.contoso.com',
    'directorwebcon01.contoso.com',
    'meet.contoso.com',
    'meet.fabrikam.com',
  ]);
});

const singleDirector = {
  sipDomains: ['contoso.com'],
  simpleUrls: { meet: ['https://meet.contoso.com'], dialin: 'https://dialin.contoso.com' },
  mobility: true,
  pools: [{ fqdn: 'dir01.contoso.net', role: 'director', servers: ['dir01.contoso.net'] }],
};

test('T10: single Director, combined Default certificate with mobility; *.contoso.com offered as optional', () => {
  const c = certificate(plan(singleDirector), 'dir01.contoso.net', 'Default');
  assert.deepEqual(c.uses, ['Default', 'WebServicesInternal', 'WebServicesExternal']);
  assert.equal(c.subject, 'dir01.contoso.net');
  assert.deepEqual(sorted(c.names), [
    'dialin.contoso.com',
    'dir01.contoso.net',
    'lyncdiscover.contoso.com',
    'lyncdiscoverinternal.contoso.com',
    'meet.contoso.com',
  ]);
  assert.equal(c.wildcardSuggestions[0]?.wildcard, '*.contoso.com');
});

test('T10/T12: the optional *.contoso.com on the combined Default certificate: planned, and accepted by check', () => {
  const p = plan(singleDirector, { domainNames: ['*.contoso.com'] });
  const c = certificate(p, 'dir01.contoso.net', 'Default');
  assert.deepEqual(sorted(c.names), ['*.contoso.com', 'dir01.contoso.net']);
  assert.deepEqual(c.notes, []);
  const defaultUse = requirement(p, 'dir01.contoso.net', 'Default');
  assert.equal(defaultUse.wildcardAllowed, true);
  const served = { subjectCommonName: 'dir01.contoso.net', alternativeNames: [...c.names] };
  const context = makeContext({ certificate: served, requirement: defaultUse, uses: c.uses });
  assert.deepEqual(checkWildcardNotAllowed(context), []);
  assert.deepEqual(checkNameNotCovered(context), []);
  // The wildcard never stands for the server's own name, nor for sip.<d> on the auto-logon pool.
  const bare = makeContext({
    certificate: { subjectCommonName: 'dir01.contoso.net', alternativeNames: ['*.contoso.net'] },
    requirement: defaultUse,
  });
  assert.deepEqual(
    checkNameNotCovered(bare).map((f) => f.code),
    ['NAME_NOT_COVERED'],
  );
  // Roles Lync does not address stay without wildcards ([L13-WILD]).
  const mediation = plan({
    sipDomains: ['contoso.com'],
    pools: [{ fqdn: 'med01.contoso.net', role: 'mediation', servers: ['med01.contoso.net'] }],
  });
  assert.equal(requirement(mediation, 'med01.contoso.net', 'Default').wildcardAllowed, false);
});

test('T11: single Director OAuthTokenIssuer: SN dir01.contoso.net, no SAN required; issue 8.16: the SN planned in the SAN too; issue 8.14: at least 2048 bits', () => {
  const p = plan(singleDirector);
  const r = requirement(p, 'dir01.contoso.net', 'OAuthTokenIssuer');
  assert.equal(r.subject, 'dir01.contoso.net');
  assert.deepEqual(r.requiredNames, []);
  assert.equal(r.minKeySize, 2048);
  assert.deepEqual(certificate(p, 'dir01.contoso.net', 'OAuthTokenIssuer').names, ['dir01.contoso.net']);
});

test('T12: scaled Director pool (HLB or DNS LB + HLB), combined Default certificate', () => {
  const p = plan({
    ...singleDirector,
    pools: [{ fqdn: 'dirpool01.contoso.net', role: 'director', servers: ['dir01.contoso.net'] }],
  });
  const c = certificate(p, 'dir01.contoso.net', 'Default');
  assert.equal(c.subject, 'dirpool01.contoso.net');
  assert.deepEqual(sorted(c.names), [
    'dialin.contoso.com',
    'dir01.contoso.net',
    'dirpool01.contoso.net',
    'lyncdiscover.contoso.com',
    'lyncdiscoverinternal.contoso.com',
    'meet.contoso.com',
  ]);
});

test('T13: Mediation pool Default: SN medsvr-pool.contoso.net, SAN pool and member', () => {
  const p = plan({
    sipDomains: ['contoso.com'],
    pools: [{ fqdn: 'medsvr-pool.contoso.net', role: 'mediation', servers: ['medsvr01.contoso.net'] }],
  });
  const r = requirement(p, 'medsvr01.contoso.net', 'Default');
  assert.equal(r.subject, 'medsvr-pool.contoso.net');
  assert.deepEqual(sorted(r.requiredNames), ['medsvr-pool.contoso.net', 'medsvr01.contoso.net']);
  assert.equal(r.wildcardAllowed, false);
});

test('T14: Survivable Branch Appliance Default: SN sba01.contoso.net, SAN sip.<d> for each SIP domain, plus the appliance FQDN repeated from the subject (uccert decision: RFC 6125 clients ignore the CN once a SAN exists)', () => {
  const p = plan({
    sipDomains: ['contoso.com', 'fabrikam.com'],
    pools: [{ fqdn: 'sba01.contoso.net', role: 'branch', servers: ['sba01.contoso.net'] }],
  });
  const r = requirement(p, 'sba01.contoso.net', 'Default');
  assert.equal(r.subject, 'sba01.contoso.net');
  assert.deepEqual(sorted(r.requiredNames), ['sba01.contoso.net', 'sip.contoso.com', 'sip.fabrikam.com']);
});

const edgeTopology = (
  product: string,
  internal = 'lsedge.contoso.net',
  extra: Record<string, unknown> = {},
) => ({
  product,
  sipDomains: ['contoso.com', 'fabrikam.com'],
  ...extra,
  pools: [
    {
      fqdn: internal,
      role: 'edge',
      servers: ['edge01.contoso.net', 'edge02.contoso.net'],
      edge: { accessEdge: 'sip.contoso.com', webConfEdge: 'webcon.contoso.com', avEdge: 'av.contoso.com' },
    },
  ],
});

test('T15: Edge external: SN sip.contoso.com; webcon, sip.contoso.com, sip.fabrikam.com, no av.*; one exportable key on every node', () => {
  const p = plan(edgeTopology('lync2013'));
  const c = certificate(p, 'edge01.contoso.net', 'AccessEdgeExternal');
  assert.deepEqual(c.uses, ['AccessEdgeExternal', 'DataEdgeExternal', 'AudioVideoAuthentication']);
  assert.equal(c.subject, 'sip.contoso.com');
  assert.deepEqual(sorted(c.names), ['sip.contoso.com', 'sip.fabrikam.com', 'webcon.contoso.com']);
  assert.deepEqual(c.servers, ['edge01.contoso.net', 'edge02.contoso.net']);
  assert.equal(c.exportableKey, true);
  assert.equal(c.publicCa, true);
  assert.equal(c.wildcardAllowed, false);
  assert.deepEqual(c.wildcardSuggestions, []);
  const av = requirement(p, 'edge02.contoso.net', 'AudioVideoAuthentication');
  assert.deepEqual(av.requiredNames, []);
  assert.equal(av.exportableKey, true);
});

test('T16: Edge internal: SN lsedge.contoso.net, no SAN required', () => {
  const p = plan(edgeTopology('lync2013'));
  const r = requirement(p, 'edge01.contoso.net', 'Internal');
  assert.equal(r.subject, 'lsedge.contoso.net');
  assert.deepEqual(r.requiredNames, []);
  assert.equal(certificate(p, 'edge01.contoso.net', 'Internal').exportableKey, true);
});

test('T17 (CONFLICT on XMPP names → decision: bare domain required, xmpp.<d> optional, no wildcard on the Edge)', () => {
  const p = plan(edgeTopology('lync2013', 'lsedge.contoso.net', { xmppDomains: ['contoso.com'] }));
  const r = requirement(p, 'edge01.contoso.net', 'AccessEdgeExternal');
  assert.deepEqual(sorted(r.requiredNames), ['contoso.com', 'sip.contoso.com', 'sip.fabrikam.com']);
  assert.ok(r.optionalNames.includes('xmpp.contoso.com'));
  const c = certificate(p, 'edge01.contoso.net', 'XmppServer');
  assert.deepEqual(c.uses, [
    'AccessEdgeExternal',
    'DataEdgeExternal',
    'AudioVideoAuthentication',
    'XmppServer',
  ]);
  assert.deepEqual(sorted(c.names), [
    'contoso.com',
    'sip.contoso.com',
    'sip.fabrikam.com',
    'webcon.contoso.com',
    'xmpp.contoso.com',
  ]);
  assert.ok(!c.names.includes('*.contoso.com'));
  const wildcard = plan(edgeTopology('lync2013', 'lsedge.contoso.net', { xmppDomains: ['contoso.com'] }), {
    domainNames: ['*.contoso.com'],
  });
  const edgeCert = certificate(wildcard, 'edge01.contoso.net', 'AccessEdgeExternal');
  assert.ok(!edgeCert.names.includes('*.contoso.com'));
  assert.ok(
    edgeCert.notes.some((n) => n.includes('AccessEdgeExternal never takes a wildcard')),
    edgeCert.notes.join('\n'),
  );
});

test('T18: SfB 2015 Edge: external sip.contoso.com / internal sfbedge.contoso.com with no SAN', () => {
  const p = plan(edgeTopology('sfb2015', 'sfbedge.contoso.com'));
  const external = certificate(p, 'edge01.contoso.net', 'AccessEdgeExternal');
  assert.equal(external.subject, 'sip.contoso.com');
  assert.deepEqual(sorted(external.names), ['sip.contoso.com', 'sip.fabrikam.com', 'webcon.contoso.com']);
  const internal = requirement(p, 'edge01.contoso.net', 'Internal');
  assert.equal(internal.subject, 'sfbedge.contoso.com');
  assert.deepEqual(internal.requiredNames, []);
});

test('T19: reverse proxy: every external web FQDN, Meet, Dial-in, Office Web Apps, lyncdiscover; *.contoso.com may replace meet+dialin', () => {
  const p = plan({
    sipDomains: ['contoso.com'],
    simpleUrls: { meet: ['https://meet.contoso.com'], dialin: 'https://dialin.contoso.com' },
    mobility: true,
    reverseProxy: { officeWebApps: 'officewebapps01.contoso.com' },
    pools: [
      {
        fqdn: 'pool01.contoso.net',
        role: 'frontEnd',
        servers: ['fe01.contoso.net'],
        webServices: { external: 'webext.contoso.com' },
      },
      {
        fqdn: 'dir01.contoso.net',
        role: 'director',
        servers: ['dir01.contoso.net'],
        webServices: { external: 'webdirext.contoso.com' },
      },
    ],
  });
  const c = certificate(p, 'reverse-proxy', 'ReverseProxy');
  assert.equal(c.subject, 'webext.contoso.com');
  assert.deepEqual(sorted(c.names), [
    'dialin.contoso.com',
    'lyncdiscover.contoso.com',
    'meet.contoso.com',
    'officewebapps01.contoso.com',
    'webdirext.contoso.com',
    'webext.contoso.com',
  ]);
  assert.equal(c.publicCa, true);
  assert.deepEqual(c.wildcardSuggestions, [
    {
      wildcard: '*.contoso.com',
      replaces: ['meet.contoso.com', 'dialin.contoso.com', 'lyncdiscover.contoso.com'],
      doesNotCover: [],
    },
  ]);
});

test('T20: Lync 2010 RA1 single Edge: external sip.contoso.com, internal lsedge.contoso.net, A/V auth any subject', () => {
  const p = plan(
    {
      product: 'lync2010',
      sipDomains: ['contoso.com', 'fabrikam.com'],
      pools: [
        {
          fqdn: 'lsedge.contoso.net',
          role: 'edge',
          servers: ['lsedge.contoso.net'],
          edge: {
            accessEdge: 'sip.contoso.com',
            webConfEdge: 'webcon.contoso.com',
            avEdge: 'av.contoso.com',
          },
        },
      ],
    },
    { grouping: 'separate' },
  );
  const external = certificate(p, 'lsedge.contoso.net', 'AccessEdgeExternal');
  assert.deepEqual(sorted(external.names), ['sip.contoso.com', 'sip.fabrikam.com', 'webcon.contoso.com']);
  assert.equal(requirement(p, 'lsedge.contoso.net', 'Internal').subject, 'lsedge.contoso.net');
  const av = certificate(p, 'lsedge.contoso.net', 'AudioVideoAuthentication');
  assert.deepEqual(av.uses, ['AudioVideoAuthentication']);
  // RA1 names it avauth.contoso.net: any subject is accepted, none is required.
  assert.deepEqual(requirement(p, 'lsedge.contoso.net', 'AudioVideoAuthentication').acceptedSubjects, []);
  assert.ok(!p.requirements.some((r) => r.use === 'OAuthTokenIssuer'));
});

const mobilityDomains = {
  sipDomains: ['contoso.com', 'contoso.net'],
  // A Meet URL for every SIP domain (issue 8.15).
  simpleUrls: {
    meet: ['https://meet.contoso.com', 'https://meet.contoso.net'],
    dialin: 'https://dialin.contoso.com',
  },
  pools: [{ fqdn: 'pool01.contoso.local', role: 'frontEnd', servers: ['fe01.contoso.local'] }],
};

test('T21: mobility with separate certificates: lyncdiscoverinternal.* on web internal, lyncdiscover.* on web external', () => {
  for (const [what, extra, options] of [
    ['mobility: true', { mobility: true }, {}],
    ['--all-sip-domain', {}, { allSipDomain: true }],
  ] as const) {
    const p = plan({ ...mobilityDomains, ...extra }, { grouping: 'separate', ...options });
    const internal = certificate(p, 'fe01.contoso.local', 'WebServicesInternal');
    const external = certificate(p, 'fe01.contoso.local', 'WebServicesExternal');
    assert.ok(internal.names.includes('lyncdiscoverinternal.contoso.com'), what);
    assert.ok(internal.names.includes('lyncdiscoverinternal.contoso.net'), what);
    assert.ok(!internal.names.some((n) => n.startsWith('lyncdiscover.')), what);
    assert.ok(external.names.includes('lyncdiscover.contoso.com'), what);
    assert.ok(external.names.includes('lyncdiscover.contoso.net'), what);
    assert.ok(!external.names.some((n) => n.startsWith('lyncdiscoverinternal.')), what);
  }
  const none = plan(mobilityDomains, { grouping: 'separate' });
  assert.ok(!none.certificates.some((c) => c.names.some((n) => n.startsWith('lyncdiscover'))));
});

test('T22: OAuth may use the Default certificate: its SN (pool FQDN or SIP domain) is accepted; assigned with -Identity global', () => {
  const t = topology(mobilityDomains);
  const p = planRequirements(t, defaultPlanOptions);
  const r = requirement(p, 'fe01.contoso.local', 'OAuthTokenIssuer');
  assert.ok(r.acceptedSubjects.includes('pool01.contoso.local'));
  assert.ok(r.acceptedSubjects.includes('contoso.com'));
  const script = renderPowerShell(p, { product: 'lync2013', ca: null, folder: 'C:\\uccert', source: 't' });
  assert.match(
    script,
    /^Set-CsCertificate -Identity global -Type OAuthTokenIssuer -Thumbprint <THUMBPRINT-\d+>$/m,
  );
});

test('T23 (roll timing is `uccert set --roll`): A/V authentication shares one exportable key on every Edge and can be decoupled', () => {
  const p = plan(edgeTopology('lync2013'), { grouping: 'separate' });
  const av = certificate(p, 'edge01.contoso.net', 'AudioVideoAuthentication');
  assert.deepEqual(av.uses, ['AudioVideoAuthentication']);
  assert.deepEqual(av.servers, ['edge01.contoso.net', 'edge02.contoso.net']);
  assert.equal(av.exportableKey, true);
});

test('T24 (roll timing is `uccert set --roll`): OAuthTokenIssuer is one global certificate for the deployment', () => {
  const p = plan({
    ...twoDomains,
    pools: [
      { fqdn: 'pool01.contoso.net', role: 'frontEnd', servers: ['fe01.contoso.net', 'fe02.contoso.net'] },
      { fqdn: 'pool02.contoso.net', role: 'frontEnd', servers: ['fe03.contoso.net'] },
    ],
  });
  const oauth = p.requirements.filter((r) => r.use === 'OAuthTokenIssuer');
  assert.equal(oauth.length, 1);
  assert.equal(oauth[0]?.scope, 'deployment');
  assert.equal(p.certificates.filter((c) => c.uses.includes('OAuthTokenIssuer')).length, 1);
});

test('issue 8.13: --all-sip-domain adds sip.<d> of every SIP domain to Default on any pool (recommended off the auto-logon pool), and lyncdiscover(internal) recommended without mobility', () => {
  const doc = { ...se, mobility: false };
  const without = plan(doc);
  assert.ok(!certificate(without, 'se01.contoso.com', 'Default').names.includes('sip.fabrikam.com'));
  const p = plan(doc, { allSipDomain: true });
  const c = certificate(p, 'se01.contoso.com', 'Default');
  for (const name of [
    'sip.contoso.com',
    'sip.fabrikam.com',
    'lyncdiscoverinternal.fabrikam.com',
    'lyncdiscover.fabrikam.com',
  ])
    assert.ok(c.names.includes(name), name);
  assert.equal(c.requestAllSipDomain, true);
  const needOf = (use: string, name: string) =>
    requirement(p, 'se01.contoso.com', use).reasons.find((r) => r.name === name)?.need;
  assert.equal(needOf('Default', 'sip.fabrikam.com'), 'recommended');
  assert.equal(needOf('WebServicesInternal', 'lyncdiscoverinternal.fabrikam.com'), 'recommended');
  assert.equal(needOf('WebServicesExternal', 'lyncdiscover.fabrikam.com'), 'recommended');
  // On the auto-logon pool with strict DNS, sip.<d> stays required.
  const autoLogon = plan(
    { ...doc, autoLogon: { pool: 'se01.contoso.com', strictDns: true } },
    { allSipDomain: true },
  );
  const required = requirement(autoLogon, 'se01.contoso.com', 'Default').reasons.find(
    (r) => r.name === 'sip.fabrikam.com',
  );
  assert.equal(required?.need, 'required');
});

test('issue 8.16: the Edge internal certificate carries its subject name in the SAN too', () => {
  const p = plan(edgeTopology('lync2013'));
  const c = certificate(p, 'edge01.contoso.net', 'Internal');
  assert.ok(c.names.includes(c.subject), `${c.subject} in ${c.names.join(', ')}`);
  const r = requirement(p, 'edge01.contoso.net', 'Internal');
  assert.deepEqual(r.requiredNames, [], 'Microsoft allows it without: recommended, not required');
});
