// Groups requirements into the certificates to request. Combined: Default and both web services
// on one certificate per server, as the Director summaries show ([L13-DIR1]); separate: one per
// use. An Edge pool always shares its external certificate (one key on every member, [S15-EDGE]);
// --separate decouples the A/V authentication certificate, as -Roll staging wants ([L13-ROLL]).

import type { CertificateUse } from './certificate-use.js';
import type { Grouping, PlannedCertificate, PlanOptions } from './plan-model.js';
import type { DraftRequirement } from './plan-requirements.js';
import type { ExtendedKeyUsage } from './rule-table.js';
import { applyWildcards, suggestWildcards } from './wildcard-plan.js';

/** Uses that go on one certificate, per grouping; any other use gets its own. */
const useGroups: Readonly<Record<Grouping, readonly (readonly CertificateUse[])[]>> = {
  combined: [
    ['Default', 'WebServicesInternal', 'WebServicesExternal'],
    ['AccessEdgeExternal', 'DataEdgeExternal', 'AudioVideoAuthentication', 'XmppServer'],
  ],
  separate: [['AccessEdgeExternal', 'DataEdgeExternal', 'XmppServer']],
};

interface Bucket {
  readonly drafts: DraftRequirement[];
  readonly servers: string[];
}

export function groupCertificates(
  drafts: readonly DraftRequirement[],
  options: PlanOptions,
): PlannedCertificate[] {
  const groups = useGroups[options.grouping];
  const buckets = new Map<string, Bucket>();
  for (const draft of drafts) {
    const r = draft.requirement;
    const group = groups.findIndex((g) => g.includes(r.use));
    const uses = group === -1 ? r.use : `group${group}`;
    const owner = r.scope === 'server' ? r.server : r.scope === 'pool' ? r.pool : 'deployment';
    const key = `${owner}|${uses}`;
    let bucket = buckets.get(key);
    if (bucket === undefined) {
      bucket = { drafts: [], servers: [] };
      buckets.set(key, bucket);
    }
    bucket.drafts.push(draft);
    if (!bucket.servers.includes(r.server)) bucket.servers.push(r.server);
  }
  // Numbered in the order the plan shows them: by the first server that holds each (a global
  // certificate right after its first server's own), so the text reads #1, #2, #3 (issue 8.12).
  const serverOrder = new Map<string, number>();
  for (const draft of drafts) {
    if (!serverOrder.has(draft.requirement.server))
      serverOrder.set(draft.requirement.server, serverOrder.size);
  }
  const firstServer = (bucket: Bucket) => Math.min(...bucket.servers.map((s) => serverOrder.get(s) ?? 0));
  return [...buckets.values()]
    .map((bucket, index) => ({ bucket, index }))
    .sort((a, b) => firstServer(a.bucket) - firstServer(b.bucket) || a.index - b.index)
    .map(({ bucket }, i) => buildCertificate(i + 1, bucket, options));
}

function buildCertificate(id: number, bucket: Bucket, options: PlanOptions): PlannedCertificate {
  const requirements = bucket.drafts.map((d) => d.requirement);
  const first = requirements[0]!;
  const uses = [...new Set(requirements.map((r) => r.use))];
  const planned = new Set<string>();
  const ineligible = new Set<string>();
  for (const r of requirements) {
    for (const reason of r.reasons) {
      if (!reason.wildcardEligible) ineligible.add(reason.name);
      if (reason.need !== 'allowed') planned.add(reason.name);
    }
  }
  const wildcardAllowed = requirements.some((r) => r.wildcardAllowed);
  const eligible = new Set(
    wildcardAllowed ? [...planned].filter((n) => !ineligible.has(n) && !n.startsWith('*')) : [],
  );
  const applied = applyWildcards([...planned], eligible);
  const domainNames = applied.names.filter((name) =>
    bucket.drafts.some((d) => {
      const how = d.derivations.get(name);
      return how === 'domainName' || (how === 'allSipDomain' && !options.allSipDomain);
    }),
  );
  const allSipDomain =
    options.allSipDomain && bucket.drafts.some((d) => [...d.derivations.values()].includes('allSipDomain'));
  const hasUserWildcard = applied.names.some((n) => n.startsWith('*'));
  const eku = new Set<ExtendedKeyUsage>(requirements.flatMap((r) => r.extendedKeyUsage));
  return {
    id,
    uses,
    servers: bucket.servers,
    pool: first.pool,
    role: first.role,
    subject: first.subject,
    names: applied.names,
    wildcardAllowed,
    exportableKey: requirements.some((r) => r.exportableKey),
    publicCa: requirements.some((r) => r.publicCa),
    extendedKeyUsage: [...eku],
    minKeySize: Math.max(...requirements.map((r) => r.minKeySize)),
    scope: first.scope,
    requestDomainNames: domainNames,
    requestAllSipDomain: allSipDomain,
    wildcardSuggestions: hasUserWildcard ? [] : suggestWildcards([...eligible]),
    notes: [...new Set([...requirements.flatMap((r) => r.notes), ...applied.notes])],
  };
}
