// LYNCDISCOVER_CNAME_OTHER_DOMAIN: lyncdiscover[internal].<domain> is a CNAME to a name in another
// domain. Over HTTPS the mobile clients then meet a certificate for the other domain, which they
// do not accept; it works only with the first request on HTTP/80 [L13-MOBTECH], [L13-DNSAD].

import { isInDomain, type RecordLookup } from '../dns-records/lync-dns-records.js';
import { checkSources } from './check-sources.js';
import type { Finding } from './finding.js';

export function checkLyncdiscoverCnameOtherDomain(lookup: RecordLookup): Finding[] {
  if (lookup.spec.destination !== 'internalWeb' && lookup.spec.destination !== 'externalWeb') return [];
  if (lookup.spec.kind !== 'address' || lookup.cname === null || isInDomain(lookup.cname, lookup.domain))
    return [];
  return [
    {
      code: 'LYNCDISCOVER_CNAME_OTHER_DOMAIN',
      severity: 'error',
      target: lookup.name,
      message: `${lookup.name} is a CNAME to "${lookup.cname}", in another domain than "${lookup.domain}"; HTTPS autodiscover breaks (mobile clients do not accept a certificate from another domain)`,
      fix:
        `replace the CNAME with an A record for ${lookup.name}, or a CNAME to a name inside ${lookup.domain}, ` +
        `and carry ${lookup.name} on the web services (and reverse proxy) certificate; otherwise publish the first autodiscover request on HTTP port 80`,
      sources: [checkSources.mobilityTech, checkSources.dnsAutodiscover],
    },
  ];
}
