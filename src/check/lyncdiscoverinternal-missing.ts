// LYNCDISCOVERINTERNAL_MISSING: lyncdiscover.<domain> exists but lyncdiscoverinternal.<domain>
// does not. Internal clients then fall through to the external autodiscover URL and fail or get
// the wrong answer: "lyncdiscoverinternal must exist whenever lyncdiscover does" [L13-DNSAD].

import { isFound, type RecordLookup } from '../dns-records/lync-dns-records.js';
import { checkSources } from './check-sources.js';
import type { Finding } from './finding.js';

export function checkLyncdiscoverInternalMissing(lookups: readonly RecordLookup[]): Finding[] {
  const external = lookups.find((l) => l.spec.prefix === 'lyncdiscover');
  const internal = lookups.find((l) => l.spec.prefix === 'lyncdiscoverinternal');
  if (external === undefined || internal === undefined || !isFound(external)) return [];
  // Only a real answer (NXDOMAIN / no address) means it is missing; a timeout is not evidence.
  if (internal.status !== 'nxdomain' && internal.status !== 'nodata') return [];
  return [
    {
      code: 'LYNCDISCOVERINTERNAL_MISSING',
      severity: 'error',
      target: internal.name,
      message: `${external.name} exists but ${internal.name} does not (${internal.status === 'nxdomain' ? 'NXDOMAIN' : 'no address'}); internal clients will use the external autodiscover URL`,
      fix: `create an internal A record (or a CNAME inside ${internal.domain}) ${internal.name} pointing to the internal web services of the Director or Front End pool, and add ${internal.name} to that pool's WebServicesInternal certificate`,
      sources: [checkSources.dnsAutodiscover, checkSources.dnsRequirements],
    },
  ];
}
