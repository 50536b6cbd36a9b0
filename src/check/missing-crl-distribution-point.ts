// MISSING_CRL_DISTRIBUTION_POINT: every Lync/SfB server certificate must carry a CRL distribution
// point [L10-INFRA], [L13-INFRA], [S15-ENV], so peers can check revocation (RFC 5280 §4.2.1.13).
// A self-signed certificate has nothing to point at; its problem is trust, not revocation.

import { describeNewCertificateFix } from './certificate-fix.js';
import type { CheckRule } from './check-context.js';
import { checkSources } from './check-sources.js';

export const checkMissingCrlDistributionPoint: CheckRule = (context) => {
  const { certificate } = context;
  if (certificate.crlDistributionPoints.length > 0 || certificate.selfSigned) return [];
  return [
    {
      code: 'MISSING_CRL_DISTRIBUTION_POINT',
      severity: 'error',
      target: context.target,
      message: `the certificate has no CRL distribution point (issuer "${certificate.issuer}")`,
      fix: describeNewCertificateFix(
        'Publish a CDP on the issuing CA (certutil -setreg CA\\CRLPublicationURLs) and request a new certificate',
        context,
        [],
      ),
      sources: [checkSources.infrastructure, checkSources.rfc5280Cdp],
    },
  ];
};
