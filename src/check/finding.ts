// A finding is data: what is wrong, on what, how bad, and what to do (architecture.md,
// "Findings"). Rules return findings; renderers and exit codes read them. Codes never change.

export type Severity = 'error' | 'warning' | 'info';

export const findingCodes = [
  'NAME_NOT_COVERED',
  'SUBJECT_MISMATCH',
  'WILDCARD_SUBJECT',
  'WILDCARD_NOT_ALLOWED',
  'NOT_YET_VALID',
  'EXPIRED',
  'EXPIRES_SOON',
  'MISSING_SERVER_AUTH_EKU',
  'MISSING_CLIENT_AUTH_EKU',
  'MISSING_CRL_DISTRIBUTION_POINT',
  'UNSUPPORTED_SIGNATURE_ALGORITHM',
  'WEAK_KEY',
  'CHAIN_INCOMPLETE',
  'UNTRUSTED_ROOT',
  'HOSTNAME_MISMATCH',
  'SRV_TARGET_NOT_COVERED',
  'SRV_TARGET_OTHER_DOMAIN',
  'LYNCDISCOVERINTERNAL_MISSING',
  'LYNCDISCOVER_CNAME_OTHER_DOMAIN',
  'KEY_NOT_EXPORTABLE',
  'ASSIGNMENT_SPLIT',
  'SERVED_NOT_ASSIGNED',
  'USE_NOT_ASSIGNED',
] as const;

export type FindingCode = (typeof findingCodes)[number];

export interface Finding {
  readonly code: FindingCode;
  readonly severity: Severity;
  /** What it is about: a server and use, an endpoint (`host:port`), or a file. */
  readonly target: string;
  /** What is wrong, quoting the values. */
  readonly message: string;
  /** What to do, with the exact command where there is one. */
  readonly fix: string;
  /** The Microsoft pages or RFC sections behind the rule. */
  readonly sources: readonly string[];
}

export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}
