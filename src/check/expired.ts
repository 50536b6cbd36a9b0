// EXPIRED: notAfter is before now (RFC 5280 §4.1.2.5). Clients refuse the certificate outright:
// Lync shows "There was a problem verifying the certificate from the server".

import type { CertificateFacts } from '../x509/certificate-facts.js';
import { describeCertificate, describeDuration } from './certificate-label.js';
import type { Finding } from './finding.js';

/** What to do depends on whether the certificate is a server's or a CA's. */
const fixes = {
  endEntity:
    'request a new certificate with the same names (uccert request --new, or Request-CsCertificate -New), ' +
    'import it and assign it to the same uses (Set-CsCertificate -Type … -Thumbprint NEW)',
  ca: 'install the renewed CA certificate on the server and on the clients (the CA must be renewed first if it has not been)',
} as const;

export function checkExpired(facts: CertificateFacts, now: Date, target: string): Finding | null {
  const pastMs = now.getTime() - new Date(facts.notAfter).getTime();
  if (pastMs <= 0) return null;
  return {
    code: 'EXPIRED',
    severity: 'error',
    target,
    message: `${describeCertificate(facts)} expired on ${facts.notAfter}, ${describeDuration(pastMs)} ago`,
    fix: facts.isCa ? fixes.ca : fixes.endEntity,
    sources: ['RFC 5280 §4.1.2.5', 'https://support.microsoft.com/en-us/help/2604176'],
  };
}
