// UNREADABLE_FIELD: a part of the certificate could not be read (a bad time, a malformed SAN
// entry or extension), so uccert shows the rest and leaves that part empty (issue 9 item 3).
// Every rule that reads the part cannot be trusted: their verdicts are replaced by this error.

import type { CertificateFacts } from '../x509/certificate-facts.js';
import type { Finding, FindingCode } from './finding.js';

/** The finding codes whose rules read each fact; a fact missing here feeds no rule. */
export const rulesReadingField: Readonly<Record<string, readonly FindingCode[]>> = {
  notBefore: ['NOT_YET_VALID'],
  notAfter: ['EXPIRED', 'EXPIRES_SOON'],
  subject: ['SUBJECT_MISMATCH', 'WILDCARD_SUBJECT', 'NAME_NOT_COVERED'],
  subjectAltNames: [
    'NAME_NOT_COVERED',
    'WILDCARD_NOT_ALLOWED',
    'HOSTNAME_MISMATCH',
    'SRV_TARGET_NOT_COVERED',
  ],
  extendedKeyUsage: ['MISSING_SERVER_AUTH_EKU', 'MISSING_CLIENT_AUTH_EKU'],
  crlDistributionPoints: ['MISSING_CRL_DISTRIBUTION_POINT'],
  keyAlgorithm: ['WEAK_KEY'],
  signatureAlgorithm: ['UNSUPPORTED_SIGNATURE_ALGORITHM'],
  issuer: ['CHAIN_INCOMPLETE', 'UNTRUSTED_ROOT'],
  isCa: ['CHAIN_INCOMPLETE', 'UNTRUSTED_ROOT'],
  subjectKeyIdentifier: ['CHAIN_INCOMPLETE', 'UNTRUSTED_ROOT'],
  authorityKeyIdentifier: ['CHAIN_INCOMPLETE', 'UNTRUSTED_ROOT'],
};

/** The codes whose verdicts on `facts` cannot be trusted because a field they read is unreadable. */
export function untrustworthyCodes(facts: CertificateFacts): ReadonlySet<FindingCode> {
  const codes = new Set<FindingCode>();
  for (const p of facts.fieldProblems ?? []) {
    if (p.kind === 'unreadable') for (const code of rulesReadingField[p.field] ?? []) codes.add(code);
  }
  return codes;
}

export function checkUnreadableField(facts: CertificateFacts, target: string): Finding[] {
  return (facts.fieldProblems ?? [])
    .filter((p) => p.kind === 'unreadable')
    .map((p): Finding => {
      const rules = rulesReadingField[p.field] ?? [];
      return {
        code: 'UNREADABLE_FIELD',
        // A field no rule reads is shown as unreadable but decides nothing: a warning.
        severity: rules.length > 0 ? 'error' : 'warning',
        target,
        message:
          `${p.field} could not be read (${p.problem})` +
          (rules.length > 0 ? `, so ${rules.join(', ')} cannot be checked` : ''),
        fix: `Have the CA issue the certificate again: its ${p.field} is malformed, and Windows and other readers may reject the whole certificate`,
        sources: ['RFC 5280 §4.1'],
      };
    });
}
