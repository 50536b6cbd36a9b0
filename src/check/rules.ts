// The ordered list of certificate rules `check` runs, and checkCertificate, which runs them. The
// order is the order findings are shown in: names first (what users hit), then validity, then
// the certificate's make-up, then trust. Adding a rule: one file, one line here, one table test.
// The validity and trust rules are `probe`'s own (same files); here they get the context's
// server and use, so their fix can name the exact request.

import { describeNewCertificateFix } from './certificate-fix.js';
import { checkChainIncomplete } from './chain-incomplete.js';
import type { CheckContext, CheckRule } from './check-context.js';
import { checkExpired } from './expired.js';
import { checkExpiresSoon } from './expires-soon.js';
import type { Finding } from './finding.js';
import { checkKeyNotExportable } from './key-not-exportable.js';
import { checkMissingClientAuthEku } from './missing-client-auth-eku.js';
import { checkMissingCrlDistributionPoint } from './missing-crl-distribution-point.js';
import { checkMissingServerAuthEku } from './missing-server-auth-eku.js';
import { checkNameNotCovered } from './name-not-covered.js';
import { checkNonAsciiIa5String } from './non-ascii-ia5-string.js';
import { checkNotYetValid } from './not-yet-valid.js';
import { checkSignatureAlgorithmMismatch } from './signature-algorithm-mismatch.js';
import { checkSubjectMismatch } from './subject-mismatch.js';
import { checkUnreadableField, untrustworthyCodes } from './unreadable-field.js';
import { checkUnsupportedSignatureAlgorithm } from './unsupported-signature-algorithm.js';
import { checkUntrustedRoot } from './untrusted-root.js';
import { checkWeakKey } from './weak-key.js';
import { checkWildcardNotAllowed } from './wildcard-not-allowed.js';
import { checkWildcardSubject } from './wildcard-subject.js';

const list = (finding: Finding | null): readonly Finding[] => (finding === null ? [] : [finding]);

/** A renewal is a new certificate with the same names: give the exact request for this server and use. */
const withRenewalFix =
  (lead: string) =>
  (finding: Finding, context: CheckContext): Finding => ({
    ...finding,
    fix: describeNewCertificateFix(lead, context, []),
  });

const renewExpired = withRenewalFix('Request a new certificate with the same names, import it and assign it');
const renewSoon = withRenewalFix('Renew it now with a new certificate with the same names');

export const certificateRules: readonly CheckRule[] = [
  checkNameNotCovered,
  checkSubjectMismatch,
  checkWildcardSubject,
  checkWildcardNotAllowed,
  (c) => list(checkNotYetValid(c.certificate, c.now, c.target)),
  (c) => list(checkExpired(c.certificate, c.now, c.target)).map((f) => renewExpired(f, c)),
  (c) => list(checkExpiresSoon(c.certificate, c.now, c.target, c.warnDays)).map((f) => renewSoon(f, c)),
  checkMissingServerAuthEku,
  checkMissingClientAuthEku,
  checkMissingCrlDistributionPoint,
  checkUnsupportedSignatureAlgorithm,
  checkWeakKey,
  checkKeyNotExportable,
  (c) => (c.chainTrust === null ? [] : checkChainIncomplete(c.chainTrust, c.target)),
  (c) => (c.chainTrust === null ? [] : list(checkUntrustedRoot(c.chainTrust, c.target))),
];

/** What is wrong with the certificate's own encoding: fields unreadable, algorithms that disagree, non-ASCII IA5. */
export function checkCertificateEncoding(facts: CheckContext['certificate'], target: string): Finding[] {
  return [
    ...checkUnreadableField(facts, target),
    ...checkSignatureAlgorithmMismatch(facts, target),
    ...checkNonAsciiIa5String(facts, target),
  ];
}

/**
 * Every finding of every rule, in rule order, after the certificate's encoding problems. A rule
 * that reads a field which could not be read judged an empty value: its verdict is dropped, and
 * the UNREADABLE_FIELD error naming it stands in its place (issue 9 item 3).
 */
export function checkCertificate(context: CheckContext): Finding[] {
  const untrusted = untrustworthyCodes(context.certificate);
  return [
    ...checkCertificateEncoding(context.certificate, context.target),
    ...certificateRules.flatMap((rule) => rule(context)).filter((f) => !untrusted.has(f.code)),
  ];
}
