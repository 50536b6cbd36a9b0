// SRV_TARGET_NOT_COVERED: the certificate served where an SRV record points does not carry the
// target host: the golden rule of the SIP domain. "Certificates require name matching of the DNS
// records associated with the servers and the SN and SAN on the certificate" [L13-EDGE1PUB].
// Clients match the SAN; the subject CN counts only without DNS SAN entries (RFC 6125 §6.4.4).

import type { RecordDestination, RecordLookup, SrvTarget } from '../net/lync-dns-records.js';
import type { CertificateFacts } from '../x509/certificate-facts.js';
import { findCoveringName } from '../x509/name-coverage.js';
import { checkSources } from './check-sources.js';
import type { Finding } from './finding.js';

/** The certificate uses behind each kind of record, and whether the key must be exportable. */
const requestFor: Readonly<Record<RecordDestination, string>> = {
  internalSip: '-Type Default',
  accessEdge: '-Type AccessEdgeExternal,DataEdgeExternal,AudioVideoAuthentication',
  internalWeb: '-Type WebServicesInternal',
  externalWeb: '-Type WebServicesExternal',
};

export function checkSrvTargetNotCovered(
  lookup: RecordLookup,
  record: SrvTarget,
  served: CertificateFacts,
): Finding[] {
  const recordName = lookup.name;
  // The Edge external certificate comes from a public CA as an offline request, with the key
  // every Edge pool member shares ([L13-EXT], [S15-EDGE]).
  const exportable =
    lookup.spec.destination === 'accessEdge'
      ? ` -PrivateKeyExportable $true -Output "C:\\Certificates\\${record.target}.req"`
      : '';
  const offered =
    served.alternativeNames.length > 0
      ? served.alternativeNames
      : served.subjectCommonName === null
        ? []
        : [served.subjectCommonName];
  if (findCoveringName(offered, record.target) !== null) return [];
  return [
    {
      code: 'SRV_TARGET_NOT_COVERED',
      severity: 'error',
      target: `${record.target}:${record.port}`,
      message:
        `${recordName} points to ${record.target}:${record.port}, but the certificate served there ` +
        `("${served.subject}", thumbprint ${served.thumbprint}) does not carry "${record.target}" (it covers: ${offered.join(', ') || 'no names'})`,
      fix:
        `on the server behind ${record.target}, request a certificate that carries it: ` +
        `Request-CsCertificate -New ${requestFor[lookup.spec.destination]} -DomainName "${record.target}"${exportable}; ` +
        `or point ${recordName} at a host name the served certificate carries`,
      sources: [checkSources.edgeSummary, checkSources.rfc6125Wildcard],
    },
  ];
}
