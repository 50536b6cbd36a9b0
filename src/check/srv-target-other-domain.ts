// SRV_TARGET_OTHER_DOMAIN: an SRV record of a SIP domain points to a host outside that domain.
// Clients use strict DNS naming by default: "_sipinternaltls._tcp.litwareinc.com → pool01.fabrikam.com
// does not work" [L13-DNSREQ], [L13-DNSSIGNIN]; Lync Phone Edition enforces it since CU7.

import { isInDomain, type RecordLookup } from '../dns-records/lync-dns-records.js';
import { checkSources } from './check-sources.js';
import type { Finding } from './finding.js';

export function checkSrvTargetOtherDomain(lookup: RecordLookup): Finding[] {
  if (lookup.spec.kind !== 'srv') return [];
  return lookup.srv
    .filter((record) => !isInDomain(record.target, lookup.domain))
    .map((record) => ({
      code: 'SRV_TARGET_OTHER_DOMAIN',
      severity: lookup.spec.otherDomainSeverity,
      target: lookup.name,
      message: `SRV ${lookup.name} points to "${record.target}" (port ${record.port}), outside the domain "${lookup.domain}"; clients with strict DNS naming (the default) will not sign in through it`,
      fix:
        `point ${lookup.name} at a host name in ${lookup.domain} (for example an A record ` +
        `sip.${lookup.domain} or pool.${lookup.domain} with ${record.target}'s addresses, which the certificate there must carry), ` +
        `or create a pin-point zone for ${record.target}'s name inside ${lookup.domain}; the DisableStrictDNSNaming policy is the last resort`,
      sources: [checkSources.dnsRequirements],
    }));
}
