// NON_ASCII_IA5STRING: a DNS name, e-mail address, URI or name attribute that must be ASCII
// (IA5String, X.680 §41) holds other bytes. uccert shows valid UTF-8 decoded and other bytes as
// \xNN escapes (issue 9 item 4); clients compare the raw bytes and will not match the name.

import type { CertificateFacts } from '../x509/certificate-facts.js';
import type { Finding } from './finding.js';

export function checkNonAsciiIa5String(facts: CertificateFacts, target: string): Finding[] {
  return (facts.fieldProblems ?? [])
    .filter((p) => p.kind === 'nonAsciiIa5')
    .map(
      (p): Finding => ({
        code: 'NON_ASCII_IA5STRING',
        severity: 'warning',
        target,
        message: `${p.field}: ${p.problem}`,
        fix: 'Request the certificate again with internationalised names in their ASCII (punycode, xn--…) form, as RFC 5280 §7.2 requires',
        sources: ['RFC 5280 §7.2', 'RFC 5280 §4.2.1.6'],
      }),
    );
}
