// What a renewal changes in the names: the names the new request gains and loses against the
// certificate in use, each with why. Gained names carry the plan's reason and source (the rule
// table's tags); lost names say why the plan no longer asks for them. Pure.

import type { PlannedCertificate, Requirement } from '../requirements/plan-model.js';
import type { NameChange } from '../store/renewal-records.js';

export interface NameDiff {
  readonly kept: readonly string[];
  readonly gained: readonly NameChange[];
  readonly lost: readonly NameChange[];
}

/** Labels whose names exist once per SIP domain (lync-certificate-rules.md §2). */
const perSipDomainLabels = new Set(['sip', 'lyncdiscover', 'lyncdiscoverinternal', 'meet', 'dialin', 'xmpp']);

function reasonFor(name: string, requirements: readonly Requirement[]): string {
  for (const requirement of requirements) {
    const reason = requirement.reasons.find((r) => r.name === name);
    if (reason !== undefined) {
      const source = reason.sources[0];
      return `${requirement.use}: ${reason.why} (${reason.need}${source === undefined ? '' : `; ${source}`})`;
    }
  }
  return 'in the current plan';
}

function lostReason(name: string, sipDomains: readonly string[], uses: readonly string[]): string {
  const dot = name.indexOf('.');
  const label = name.slice(0, dot);
  const domain = name.slice(dot + 1);
  if (perSipDomainLabels.has(label) && !sipDomains.includes(domain)) {
    return `"${domain}" is no longer a SIP domain of the topology (sipDomains: ${sipDomains.join(', ')})`;
  }
  return `the current plan has no reason for it on ${uses.join(',')} (the topology no longer names it)`;
}

export function diffNames(
  oldNames: readonly string[],
  planned: PlannedCertificate,
  requirements: readonly Requirement[],
  sipDomains: readonly string[],
): NameDiff {
  const old = new Set(oldNames.map((n) => n.toLowerCase()));
  const fresh = new Set(planned.names.map((n) => n.toLowerCase()));
  return {
    kept: planned.names.filter((n) => old.has(n)),
    gained: planned.names
      .filter((n) => !old.has(n))
      .map((name) => ({ name, why: reasonFor(name, requirements) })),
    lost: [...old]
      .filter((n) => !fresh.has(n))
      .map((name) => ({ name, why: lostReason(name, sipDomains, planned.uses) })),
  };
}
