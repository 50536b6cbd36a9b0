// SIGNATURE_ALGORITHM_MISMATCH: the algorithm named inside the signed part differs from the one
// the certificate is signed with. RFC 5280 §4.1.1.2: the two "MUST" be the same; a mismatch lets
// a signer claim one algorithm and use another, and strict readers refuse it (issue 9 item 6).

import type { CertificateFacts } from '../x509/certificate-facts.js';
import type { Finding } from './finding.js';

export function checkSignatureAlgorithmMismatch(facts: CertificateFacts, target: string): Finding[] {
  return (facts.fieldProblems ?? [])
    .filter((p) => p.kind === 'algorithmMismatch')
    .map(
      (p): Finding => ({
        code: 'SIGNATURE_ALGORITHM_MISMATCH',
        severity: 'error',
        target,
        message: `the certificate's two signature algorithm fields differ: ${p.problem}`,
        fix: 'Have the CA issue a new certificate (with SHA-256); a certificate whose algorithm fields disagree cannot be repaired',
        sources: ['RFC 5280 §4.1.1.2'],
      }),
    );
}
