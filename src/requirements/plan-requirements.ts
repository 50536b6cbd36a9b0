// planRequirements: topology + options → Plan. One requirement per server × use from the rule
// table, then the certificates to request. Pure: no files, no clock.

import { inputError, inputErrorAbout } from '../errors.js';
import { inputLimits } from '../input-limits.js';
import { findHostNameFault } from '../topology/host-name.js';
import type { Pool, Topology } from '../topology/model.js';
import { isWildcardName, normalizeDnsName } from '../x509/name-coverage.js';
import { groupCertificates } from './group-certificates.js';
import type { NameReason, Plan, PlanOptions, Requirement } from './plan-model.js';
import {
  conditions,
  type Derivation,
  nameSources,
  type RuleContext,
  subjectSources,
} from './rule-context.js';
import { type Need, type PlanRole, type RuleRow, rulesFor } from './rule-table.js';
import { sourceUrls, urlsOf } from './sources.js';

/** The server name of the reverse proxy listener, which the topology does not name. */
export const reverseProxyServer = 'reverse-proxy';

/** A requirement with what planning needs and the JSON does not show. */
export interface DraftRequirement {
  readonly requirement: Requirement;
  /** How Request-CsCertificate comes by each name. */
  readonly derivations: ReadonlyMap<string, Derivation>;
}

const needRank: Readonly<Record<Need, number>> = { required: 3, recommended: 2, allowed: 1 };

/** The plan for a topology: every requirement, and the certificates that satisfy them. */
export function planRequirements(
  topology: Topology,
  options: PlanOptions,
  maxNames: number = inputLimits.planNames.max,
): Plan {
  const extras = parseDomainNames(options.domainNames);
  const drafts = draftRequirements(topology, options, extras, maxNames);
  const certificates = groupCertificates(drafts, options);
  const all: Plan = { requirements: drafts.map((d) => d.requirement), certificates };
  return options.server === null ? all : selectServer(all, topology, options.server);
}

function draftRequirements(
  topology: Topology,
  options: PlanOptions,
  extras: readonly string[],
  maxNames: number,
): DraftRequirement[] {
  const drafts: DraftRequirement[] = [];
  const shared = new SharedValues();
  let names = 0;
  for (const [at, pool] of topology.pools.entries()) {
    for (const server of pool.servers) {
      for (const row of rulesFor(topology.product, pool.role)) {
        if (row.spec.scope === 'deployment') continue;
        const ownExtras = appliesTo(options, server, pool.fqdn) ? extras : [];
        const draft = draftFor(row, { topology, pool, server, options }, ownExtras, shared);
        if (draft === null) continue;
        drafts.push(draft);
        names += draft.requirement.reasons.length;
        if (names > maxNames) throw planTooLarge(topology, at, maxNames);
      }
    }
  }
  // OAuthTokenIssuer is global: one certificate for the deployment, assigned on one Front End
  // (or Director) with -Identity global and replicated by the CMS ([L13-OAUTH]).
  const holder =
    topology.pools.find((p) => p.role === 'frontEnd') ?? topology.pools.find((p) => p.role === 'director');
  if (holder?.servers[0] !== undefined) {
    const ctx = { topology, pool: holder, server: holder.servers[0], options };
    for (const row of rulesFor(topology.product, holder.role)) {
      if (row.spec.scope !== 'deployment') continue;
      // Its names are not the server's: extra names for one server never land on it.
      const draft = draftFor(row, ctx, options.server === null ? extras : [], shared);
      if (draft !== null) drafts.push(draft);
    }
  }
  for (const row of rulesFor(topology.product, 'reverseProxy')) {
    const ownExtras = appliesTo(options, reverseProxyServer, reverseProxyServer) ? extras : [];
    const draft = draftFor(
      row,
      { topology, pool: null, server: reverseProxyServer, options },
      ownExtras,
      shared,
    );
    if (draft !== null) drafts.push(draft);
  }
  return drafts;
}

/** The plan grows with servers × SIP domains: past the limit, say where it got to, and why. */
function planTooLarge(topology: Topology, at: number, maxNames: number): Error {
  const max = maxNames.toLocaleString('en-US');
  return inputErrorAbout(
    'topology',
    'INPUT_TOO_LARGE',
    `the plan passes ${max} names at pool ${at + 1} of ${topology.pools.length.toLocaleString('en-US')} (${topology.sipDomains.length} SIP domains); uccert plans at most ${max} ${inputLimits.planNames.applies} (${inputLimits.planNames.why})`,
    'every SIP domain adds names to every web services certificate: plan the deployment one part at a time, with the SIP domains each part serves',
  );
}

/**
 * Whether --domain-name names go on this server's certificates. Request-CsCertificate -DomainName
 * belongs to the one request it is given with ([PS-REQ]): with --server, only that server's (or
 * pool's); without (library callers that pick one certificate afterwards), every certificate.
 */
function appliesTo(options: PlanOptions, server: string, pool: string): boolean {
  if (options.server === null) return true;
  const chosen = normalizeDnsName(options.server);
  return chosen === server || chosen === pool;
}

interface NameDraft {
  need: Need;
  whys: string[];
  sources: Set<string>;
  wildcardEligible: boolean;
  derivation: Derivation;
}

/**
 * One copy of each reason text and source list: every server of a plan repeats the same ones,
 * and without this a plan of 8,000 pools held 2 KB per requirement (issue 9, item 20).
 */
class SharedValues {
  readonly #texts = new Map<string, string>();
  readonly #lists = new Map<string, readonly string[]>();

  text(value: string): string {
    const known = this.#texts.get(value);
    if (known !== undefined) return known;
    this.#texts.set(value, value);
    return value;
  }

  list(values: readonly string[]): readonly string[] {
    const key = values.join('\n');
    const known = this.#lists.get(key);
    if (known !== undefined) return known;
    this.#lists.set(key, values);
    return values;
  }
}

function draftFor(
  row: RuleRow,
  ctx: RuleContext,
  extras: readonly string[],
  shared: SharedValues,
): DraftRequirement | null {
  const spec = row.spec;
  if (!conditions[spec.when].holds(ctx)) return null;
  const names = new Map<string, NameDraft>();
  const add = (
    name: string,
    need: Need,
    why: string,
    sources: readonly string[],
    wildcard: boolean,
    derivation: Derivation,
  ) => {
    const n = normalizeDnsName(name);
    const seen = names.get(n);
    if (seen === undefined) {
      names.set(n, { need, whys: [why], sources: new Set(sources), wildcardEligible: wildcard, derivation });
      return;
    }
    if (needRank[need] > needRank[seen.need]) seen.need = need;
    if (!seen.whys.includes(why)) seen.whys.push(why);
    for (const s of sources) seen.sources.add(s);
    seen.wildcardEligible &&= wildcard;
    if (derivation === 'topology' || (derivation === 'allSipDomain' && seen.derivation === 'domainName')) {
      seen.derivation = derivation;
    }
  };
  for (const rule of spec.names) {
    const condition = conditions[rule.when];
    if (!condition.holds(ctx)) continue;
    const because = condition.explain(ctx);
    for (const { name, detail } of nameSources[rule.from].resolve(ctx)) {
      const why = [rule.why, detail, because].filter((p) => p !== null && p !== '').join('; ');
      add(name, rule.need, why, urlsOf(rule.sources), rule.wildcard, nameSources[rule.from].derivation);
    }
  }
  const notes: string[] = [];
  if (spec.names.length > 0) {
    for (const extra of extras) {
      if (isWildcardName(extra) && !spec.wildcardAllowed) {
        notes.push(
          `${extra} (--domain-name) is left out: ${row.use} never takes a wildcard (${wildcardBan(row)})`,
        );
        continue;
      }
      add(extra, 'recommended', 'asked for with --domain-name', [sourceUrls['PS-REQ']], false, 'domainName');
    }
  }
  const reasons: NameReason[] = [...names].map(([name, d]) => ({
    name,
    need: d.need,
    // One reason once: a name several rules give for the same reason is explained once, and a
    // reason another one already says ("the pool FQDN" beside "…, so it is the pool FQDN") is
    // dropped (issue 8.12).
    why: shared.text(distinctReasons(d.whys).join(' | ')),
    sources: shared.list([...d.sources]),
    wildcardEligible: d.wildcardEligible,
  }));
  const subject = subjectSources[spec.subject](ctx) ?? '';
  const accepted = spec.accepted.flatMap((s) => {
    const value = subjectSources[s](ctx);
    return value === null ? [] : [value];
  });
  const pool: Pool | null = ctx.pool;
  const requirement: Requirement = {
    server: ctx.server,
    pool: pool?.fqdn ?? reverseProxyServer,
    role: row.role satisfies PlanRole,
    use: row.use,
    subject,
    acceptedSubjects: [...new Set(accepted)],
    requiredNames: reasons.filter((r) => r.need === 'required').map((r) => r.name),
    optionalNames: reasons.filter((r) => r.need !== 'required').map((r) => r.name),
    wildcardAllowed: spec.wildcardAllowed,
    extendedKeyUsage: spec.extendedKeyUsage,
    exportableKey:
      spec.exportableKey === 'always' ||
      (spec.exportableKey === 'sharedByPool' && (pool?.servers.length ?? 0) > 1),
    publicCa: spec.publicCa,
    minKeySize: spec.minKeySize,
    sources: shared.list(urlsOf(row.sources)),
    scope: spec.scope,
    reasons,
    notes,
  };
  return { requirement, derivations: new Map([...names].map(([n, d]) => [n, d.derivation])) };
}

function wildcardBan(row: RuleRow): string {
  return row.role === 'edge'
    ? 'Edge external certificates do not support wildcards, [L13-EDGEPLAN]'
    : 'Lync does not address wildcards for this role, [L13-WILD]';
}

/** --domain-name "a,b": comma-separated host names or wildcards, as Request-CsCertificate takes. */
function parseDomainNames(values: readonly string[]): string[] {
  const names: string[] = [];
  for (const raw of values.flatMap((v) => v.split(','))) {
    const name = normalizeDnsName(raw);
    if (name === '') continue;
    const bare = name.startsWith('*.') ? name.slice(2) : name;
    if ((name.startsWith('*') && !isWildcardName(name)) || findHostNameFault(bare) !== null) {
      throw inputError(
        'BAD_DOMAIN_NAME',
        `--domain-name "${raw.trim()}" is not a host name or a wildcard such as *.contoso.com`,
        'give comma-separated FQDNs: --domain-name "lyncdiscover.contoso.com,meet.contoso.com"',
      );
    }
    if (!names.includes(name)) names.push(name);
  }
  return names;
}

/** The part of the plan about one server (or pool, or the reverse proxy). */
function selectServer(plan: Plan, topology: Topology, server: string): Plan {
  const s = normalizeDnsName(server);
  const requirements = plan.requirements.filter((r) => r.server === s || r.pool === s);
  if (requirements.length === 0) {
    const known = [...topology.pools.flatMap((p) => p.servers), reverseProxyServer];
    const shown =
      known.length > 12 ? `${known.slice(0, 12).join(', ')}, … (${known.length} in all)` : known.join(', ');
    throw inputError(
      'UNKNOWN_SERVER',
      `--server "${server}" is not a server or pool of this topology (known: ${shown})`,
      'give the FQDN of a server listed under pools[].servers, or reverse-proxy',
    );
  }
  const certificates = plan.certificates.filter((c) => c.servers.includes(s) || c.pool === s);
  return { requirements, certificates };
}

function distinctReasons(whys: readonly string[]): string[] {
  const unique = [...new Set(whys)];
  return unique.filter((w) => !unique.some((other) => other !== w && other.includes(w)));
}
