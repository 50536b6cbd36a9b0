// UNSUPPORTED_SIGNATURE_ALGORITHM: RSASSA-PSS signatures break sign-in and call forwarding
// [L13-INFRA], [S15-ENV]; MD5 (and MD2/MD4) stop the services from starting; SHA-1 still works but
// is deprecated: a warning. Names are OpenSSL's long names, as CertificateFacts carries them.

import { describeNewCertificateFix } from './certificate-fix.js';
import type { CheckRule } from './check-context.js';
import { checkSources } from './check-sources.js';
import type { Severity } from './finding.js';

interface SignatureVerdict {
  readonly pattern: RegExp;
  readonly severity: Severity;
  readonly why: string;
  /** What to change on a Windows CA so it signs the next certificate right. */
  readonly caFix: string;
}

/** First match wins. */
const verdicts: readonly SignatureVerdict[] = [
  {
    pattern: /pss/i,
    severity: 'error',
    why: 'RSASSA-PSS is not supported by Lync/Skype for Business (sign-in and call-forwarding failures)',
    caFix:
      'Have the CA sign with PKCS #1 v1.5 (on a Windows CA: certutil -setreg ca\\csp\\AlternateSignatureAlgorithm 0, then restart certsvc)',
  },
  {
    pattern: /md[245]/i,
    severity: 'error',
    why: 'MD5/MD2/MD4 signatures stop the Lync/Skype for Business services from starting',
    caFix:
      'Have the CA sign with SHA-256 (on a Windows CA: certutil -setreg ca\\csp\\CNGHashAlgorithm SHA256, then restart certsvc; an MD5-signed CA certificate must be renewed too)',
  },
  {
    pattern: /sha-?1(?!\d)/i,
    severity: 'warning',
    why: 'SHA-1 is supported but deprecated; clients and public CAs are dropping it',
    caFix:
      'Have the CA sign with SHA-256 (on a Windows CA: certutil -setreg ca\\csp\\CNGHashAlgorithm SHA256, then restart certsvc)',
  },
];

export const checkUnsupportedSignatureAlgorithm: CheckRule = (context) => {
  const algorithm = context.certificate.signatureAlgorithm;
  const verdict = verdicts.find((v) => v.pattern.test(algorithm));
  if (verdict === undefined) return [];
  return [
    {
      code: 'UNSUPPORTED_SIGNATURE_ALGORITHM',
      severity: verdict.severity,
      target: context.target,
      message: `signed with "${algorithm}": ${verdict.why}`,
      fix: describeNewCertificateFix(`${verdict.caFix}, then request a new certificate`, context, []),
      sources: [checkSources.infrastructure, checkSources.sfbEnvironment],
    },
  ];
};
