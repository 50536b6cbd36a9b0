// SRV_TARGET_NOT_COVERED: the certificate served where an SRV record points does not carry the
// target host: the golden rule of the SIP domain. "Certificates require name matching of the DNS
// records associated with the servers and the SN and SAN on the certificate" [L13-EDGE1PUB].
// Clients match the SAN; the subject CN counts only without DNS SAN entries (RFC 6125 §6.4.4).
// A wildcard does not carry a SIP target: Lync accepts wildcards only for the simple URLs and
// lyncdiscover on web certificates, never on the Edge (lync-certificate-rules.md §3).

import type { RecordDestination, RecordLookup, SrvTarget } from '../dns-records/lync-dns-records.js';
import {
  describePlannedRecordRequest,
  type RecordCertificateRequest,
} from '../dns-records/record-certificate-request.js';
import type { CertificateFacts } from '../x509/certificate-facts.js';
import { findCoveringName } from '../x509/name-coverage.js';
import { checkSources } from './check-sources.js';
import type { Finding } from './finding.js';

/** The certificate uses behind each kind of record, for the generic fix (no topology). */
const requestFor: Readonly<Record<RecordDestination, string>> = {
  internalSip: '-Type Default',
  accessEdge: '-Type AccessEdgeExternal,DataEdgeExternal,AudioVideoAuthentication',
  internalWeb: '-Type WebServicesInternal',
  externalWeb: '-Type WebServicesExternal',
};

/** Said after a generic fix: the exact commands need to know which server answers there. */
export const topologyHint =
  'with --topology FILE, uccert discover gives the exact Request-CsCertificate and uccert request commands for the server this record reaches';

export function checkSrvTargetNotCovered(
  lookup: RecordLookup,
  record: SrvTarget,
  served: CertificateFacts,
  replacement: RecordCertificateRequest,
): Finding[] {
  const recordName = lookup.name;
  const offered =
    served.alternativeNames.length > 0
      ? served.alternativeNames
      : served.subjectCommonName === null
        ? []
        : [served.subjectCommonName];
  const covering = findCoveringName(offered, record.target);
  if (covering !== null && (covering.coverage === 'exact' || lookup.spec.wildcardAccepted)) return [];
  const certificate = `("${served.subject}", thumbprint ${served.thumbprint})`;
  const problem =
    covering === null
      ? `does not carry "${record.target}" (it covers: ${offered.join(', ') || 'no names'})`
      : `covers "${record.target}" only by the wildcard ${covering.name}, which Lync does not accept for SIP ` +
        '(wildcards are for the simple URLs and lyncdiscover on web certificates)';
  return [
    {
      code: 'SRV_TARGET_NOT_COVERED',
      severity: 'error',
      target: `${record.target}:${record.port}`,
      message: `${recordName} points to ${record.target}:${record.port}, but the certificate served there ${certificate} ${problem}`,
      fix: describeFix(lookup, record, replacement),
      sources:
        covering === null
          ? [checkSources.edgeSummary, checkSources.rfc6125Wildcard]
          : [checkSources.edgeSummary, checkSources.wildcards, checkSources.edgePlanning],
    },
  ];
}

function describeFix(lookup: RecordLookup, record: SrvTarget, replacement: RecordCertificateRequest): string {
  const repoint = `or point ${lookup.name} at a host name the served certificate carries by name`;
  switch (replacement.kind) {
    case 'planned':
      return [
        describePlannedRecordRequest(
          `the server behind ${record.target}, request a certificate that carries it by name`,
          replacement,
        ),
        repoint,
      ].join('\n');
    case 'noTopology':
    case 'noPool': {
      // The Edge external certificate comes from a public CA as an offline request, with the key
      // every Edge pool member shares ([L13-EXT], [S15-EDGE]).
      const exportable =
        lookup.spec.destination === 'accessEdge'
          ? ` -PrivateKeyExportable $true -Output "C:\\Certificates\\${record.target}.req"`
          : '';
      const generic =
        `on the server behind ${record.target}, request a certificate that carries it by name: ` +
        `Request-CsCertificate -New ${requestFor[lookup.spec.destination]} -DomainName "${record.target}"${exportable}; ` +
        repoint;
      return replacement.kind === 'noTopology' ? `${generic}; ${topologyHint}` : generic;
    }
  }
}
