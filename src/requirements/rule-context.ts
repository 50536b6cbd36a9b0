// Evaluates the rule table against a topology: where each name and subject comes from, and
// when a condition holds. One table per concept, read by planRequirements.

import { hostOfUrl, type Pool, type Topology } from '../topology/model.js';
import type { PlanOptions } from './plan-model.js';
import type { Condition, NameSource, SubjectSource } from './rule-table.js';

export interface RuleContext {
  readonly topology: Topology;
  /** Null for the reverse proxy, which is no pool. */
  readonly pool: Pool | null;
  readonly server: string;
  readonly options: PlanOptions;
}

export interface ResolvedName {
  readonly name: string;
  /** What it was derived from, for the reason text. */
  readonly detail: string | null;
}

/**
 * How Request-CsCertificate comes by a name: from the topology itself, from -AllSipDomain, or
 * only when given with -DomainName ([PS-REQ]; [L13-MOBMOD] for the SIP-domain names).
 */
export type Derivation = 'topology' | 'allSipDomain' | 'domainName';

interface NameSourceEntry {
  readonly resolve: (ctx: RuleContext) => ResolvedName[];
  readonly derivation: Derivation;
}

const plain = (name: string | null | undefined, detail: string | null = null): ResolvedName[] =>
  name ? [{ name, detail }] : [];

const perSipDomain = (ctx: RuleContext, prefix: string): ResolvedName[] =>
  ctx.topology.sipDomains.map((d) => ({ name: `${prefix}.${d}`, detail: `SIP domain ${d}` }));

const urlHost = (url: string | null): ResolvedName[] => (url === null ? [] : plain(hostOfUrl(url), url));

export const nameSources: Readonly<Record<NameSource, NameSourceEntry>> = {
  pool: { derivation: 'topology', resolve: (c) => plain(c.pool?.fqdn) },
  server: { derivation: 'topology', resolve: (c) => plain(c.server) },
  internalWeb: {
    derivation: 'topology',
    resolve: (c) =>
      plain(
        c.pool?.webServices?.internal,
        c.pool?.webServices?.internalGiven ? null : 'not set in the topology, so it is the pool FQDN',
      ),
  },
  externalWeb: {
    derivation: 'topology',
    resolve: (c) =>
      plain(
        c.pool?.webServices?.external,
        c.pool?.webServices?.externalGiven ? null : 'not set in the topology, so it is the pool FQDN',
      ),
  },
  meet: { derivation: 'topology', resolve: (c) => c.topology.simpleUrls.meet.flatMap((u) => urlHost(u)) },
  dialin: { derivation: 'topology', resolve: (c) => urlHost(c.topology.simpleUrls.dialin) },
  admin: { derivation: 'topology', resolve: (c) => urlHost(c.topology.simpleUrls.admin) },
  sipPerDomain: { derivation: 'allSipDomain', resolve: (c) => perSipDomain(c, 'sip') },
  lyncdiscoverInternal: {
    derivation: 'allSipDomain',
    resolve: (c) => perSipDomain(c, 'lyncdiscoverinternal'),
  },
  lyncdiscover: { derivation: 'allSipDomain', resolve: (c) => perSipDomain(c, 'lyncdiscover') },
  accessEdge: { derivation: 'topology', resolve: (c) => plain(c.pool?.edge?.accessEdge) },
  webConfEdge: { derivation: 'topology', resolve: (c) => plain(c.pool?.edge?.webConfEdge) },
  avEdge: { derivation: 'topology', resolve: (c) => plain(c.pool?.edge?.avEdge) },
  xmppDomain: {
    derivation: 'domainName',
    resolve: (c) => c.topology.xmppDomains.map((d) => ({ name: d, detail: `XMPP domain ${d}` })),
  },
  xmppHost: {
    derivation: 'domainName',
    resolve: (c) => c.topology.xmppDomains.map((d) => ({ name: `xmpp.${d}`, detail: `XMPP domain ${d}` })),
  },
  everyExternalWeb: {
    derivation: 'topology',
    resolve: (c) =>
      c.topology.pools.flatMap((p) =>
        p.webServices === null ? [] : plain(p.webServices.external, `pool ${p.fqdn}`),
      ),
  },
  officeWebApps: { derivation: 'domainName', resolve: (c) => plain(c.topology.reverseProxy?.officeWebApps) },
  sipDomain: {
    derivation: 'domainName',
    resolve: (c) => c.topology.sipDomains.map((d) => ({ name: d, detail: null })),
  },
};

interface ConditionEntry {
  readonly holds: (ctx: RuleContext) => boolean;
  /** What made it hold, for the reason text ('' for always). */
  readonly explain: (ctx: RuleContext) => string;
}

const isAutoLogonPool = (c: RuleContext): boolean =>
  c.topology.autoLogon !== null && c.pool !== null && c.topology.autoLogon.pool === c.pool.fqdn;

export const conditions: Readonly<Record<Condition, ConditionEntry>> = {
  always: { holds: () => true, explain: () => '' },
  mobility: { holds: (c) => c.topology.mobility, explain: () => 'mobility: true' },
  autoLogon: {
    holds: (c) => isAutoLogonPool(c) && (c.topology.autoLogon?.strictDns === true || c.options.allSipDomain),
    explain: (c) =>
      c.topology.autoLogon?.strictDns === true
        ? 'autoLogon.pool with strictDns: true'
        : '--all-sip-domain on the auto-logon pool',
  },
  allSipDomain: { holds: (c) => c.options.allSipDomain, explain: () => '--all-sip-domain' },
  xmpp: { holds: (c) => c.topology.xmppDomains.length > 0, explain: () => 'xmppDomains' },
  reverseProxy: { holds: (c) => c.topology.reverseProxy !== null, explain: () => 'reverseProxy' },
};

/** The external web FQDN the reverse proxy certificate is named after ([L13-RPREQ]). */
function firstExternalWeb(t: Topology): string | null {
  const pool = t.pools.find((p) => p.role === 'frontEnd') ?? t.pools.find((p) => p.role === 'director');
  return pool?.webServices?.external ?? null;
}

export const subjectSources: Readonly<Record<SubjectSource, (ctx: RuleContext) => string | null>> = {
  pool: (c) => c.pool?.fqdn ?? null,
  server: (c) => c.server,
  accessEdge: (c) => c.pool?.edge?.accessEdge ?? null,
  webConfEdge: (c) => c.pool?.edge?.webConfEdge ?? null,
  avEdge: (c) => c.pool?.edge?.avEdge ?? null,
  firstExternalWeb: (c) => firstExternalWeb(c.topology),
  defaultSipDomain: (c) => c.topology.sipDomains[0] ?? null,
  any: () => null,
};
