// MISSING_CLIENT_AUTH_EKU: Client Authentication (1.3.6.1.5.5.7.3.2) where the use needs it: the
// Access Edge external certificate with public IM connectivity [L13-PIC], and what the plan marks.
// The WebServer template cannot add it: a custom template and -ClientEku $true [L13-EDGEEXT].

import { describeNewCertificateFix } from './certificate-fix.js';
import type { CheckRule } from './check-context.js';
import { checkSources } from './check-sources.js';

export const checkMissingClientAuthEku: CheckRule = (context) => {
  const { certificate, requirement } = context;
  if (!requirement.extendedKeyUsage.includes('clientAuth')) return [];
  const eku = certificate.extendedKeyUsage;
  // No EKU extension at all means every purpose (RFC 5280 §4.2.1.12).
  if (eku.length === 0 || eku.includes('clientAuth') || eku.includes('anyExtendedKeyUsage')) return [];
  return [
    {
      code: 'MISSING_CLIENT_AUTH_EKU',
      severity: 'error',
      target: context.target,
      message: `extended key usage is ${eku.map((e) => `"${e}"`).join(', ')}, without Client Authentication (1.3.6.1.5.5.7.3.2), which ${requirement.use} on ${requirement.server} needs`,
      fix: describeNewCertificateFix(
        'Request a certificate from a template that allows Client Authentication (not "WebServer")',
        context,
        [],
      ),
      sources: [checkSources.publicIm, checkSources.rfc5280Eku],
    },
  ];
};
