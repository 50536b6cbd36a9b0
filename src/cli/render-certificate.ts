// Renders one certificate, as text laid out like `Get-CsCertificate | Format-List *` (every
// property, nothing truncated, plus what Windows lacks) and as the Certificate JSON of the
// contract (architecture.md). Shared by `show` and `probe`.

import { checkCertificateEncoding } from '../check/rules.js';
import type { CertificateFacts, SubjectAltName, SubjectAltNameType } from '../x509/certificate-facts.js';

/** `unknown` when notBefore or notAfter could not be read (CertificateFacts.fieldProblems). */
export type ValidityStatus = 'valid' | 'expired' | 'notYetValid' | 'unknown';

/** The certificate JSON of the contract, plus the state of its validity window at `now`. */
export interface CertificateJson extends CertificateFacts {
  readonly validityStatus: ValidityStatus;
  /** Whole days from `now` to notAfter, rounded down; negative once expired; null when notAfter is unreadable. */
  readonly daysUntilExpiry: number | null;
}

const dayMs = 86_400_000;

export function validityStatusAt(facts: CertificateFacts, now: Date): ValidityStatus {
  const t = now.getTime();
  const from = Date.parse(facts.notBefore);
  const to = Date.parse(facts.notAfter);
  if (Number.isNaN(from) || Number.isNaN(to)) return 'unknown';
  if (t < from) return 'notYetValid';
  if (t > to) return 'expired';
  return 'valid';
}

export function daysUntilExpiry(facts: CertificateFacts, now: Date): number | null {
  const to = Date.parse(facts.notAfter);
  return Number.isNaN(to) ? null : Math.floor((to - now.getTime()) / dayMs);
}

/** The problems that left `field` (or part of it) unreadable. */
function unreadable(facts: CertificateFacts, field: string): string[] {
  return (facts.fieldProblems ?? [])
    .filter((p) => p.kind === 'unreadable' && p.field === field)
    .map((p) => p.problem);
}

/** The JSON mapper: every fact, in the contract's names, plus validityStatus and daysUntilExpiry. */
export function certificateJson(facts: CertificateFacts, now: Date): CertificateJson {
  return {
    ...facts,
    validityStatus: validityStatusAt(facts, now),
    daysUntilExpiry: daysUntilExpiry(facts, now),
  };
}

/** SAN entry labels as Windows' certificate dialog and certutil write them. */
const sanLabels: Readonly<Record<SubjectAltNameType, string>> = {
  dns: 'DNS Name',
  ip: 'IP Address',
  uri: 'URL',
  email: 'RFC822 Name',
  upn: 'Other Name:Principal Name',
  dirName: 'Directory Address',
  registeredId: 'Registered ID',
  other: 'Other Name',
};

export function formatSubjectAltName(name: SubjectAltName): string {
  return `${sanLabels[name.type]}=${name.value}`;
}

/** `2 days 5 hours`, for gaps in a validity window. */
function formatSpan(ms: number): string {
  const hours = Math.floor(Math.abs(ms) / 3_600_000);
  const days = Math.floor(hours / 24);
  const rest = hours % 24;
  const parts: string[] = [];
  if (days > 0) parts.push(`${days} day${days === 1 ? '' : 's'}`);
  if (rest > 0 || days === 0) parts.push(`${rest} hour${rest === 1 ? '' : 's'}`);
  return parts.join(' ');
}

/** One line saying where `now` falls in the validity window. */
export function describeValidity(facts: CertificateFacts, now: Date): string {
  const status = validityStatusAt(facts, now);
  switch (status) {
    case 'valid': {
      const days = daysUntilExpiry(facts, now) ?? 0;
      return `valid, expires in ${days} day${days === 1 ? '' : 's'}`;
    }
    case 'unknown':
      return 'unknown: the validity period could not be read';
    case 'expired':
      return `EXPIRED ${formatSpan(now.getTime() - Date.parse(facts.notAfter))} ago`;
    case 'notYetValid':
      return `NOT YET VALID: starts in ${formatSpan(Date.parse(facts.notBefore) - now.getTime())}`;
    default: {
      const unreachable: never = status;
      return unreachable;
    }
  }
}

export type PropertyValue = string | number | boolean | null | readonly string[];

/** `Name : value` lines, names padded to one column; list items continue under the value. */
export function renderProperties(rows: readonly (readonly [string, PropertyValue])[]): string {
  const width = Math.max(0, ...rows.map(([name]) => name.length));
  const pad = ' '.repeat(width + 3);
  const lines: string[] = [];
  for (const [name, value] of rows) {
    const head = `${name.padEnd(width)} : `;
    if (Array.isArray(value)) {
      const items = value as readonly string[];
      if (items.length === 0) lines.push(`${head}(none)`);
      else {
        items.forEach((item, i) => {
          lines.push(i === 0 ? `${head}${item}` : `${pad}${item}`);
        });
      }
    } else {
      lines.push(`${head}${formatScalar(value as string | number | boolean | null)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function formatScalar(value: string | number | boolean | null): string {
  if (value === null) return '(none)';
  // PowerShell's Format-List writes booleans as True/False.
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return String(value);
}

/**
 * The rows of one certificate, in the Get-CsCertificate order first, then what it lacks. A field
 * that could not be read is marked where its value would be (issue 9 item 3), and the findings
 * about the certificate's own encoding follow the properties.
 */
export function certificateRows(facts: CertificateFacts, now: Date): [string, PropertyValue][] {
  const rows = propertyRows(facts, now).map(([name, value]): [string, PropertyValue] => {
    const problems = unreadable(facts, name.charAt(0).toLowerCase() + name.slice(1));
    if (problems.length === 0) return [name, value];
    const marks = problems.map((p) => `(unreadable: ${p})`);
    return [name, Array.isArray(value) ? [...(value as readonly string[]), ...marks] : marks.join(' ')];
  });
  const findings = checkCertificateEncoding(facts, 'certificate');
  if (findings.length > 0) {
    rows.push(['Findings', findings.map((f) => `${f.severity.toUpperCase()} ${f.code}: ${f.message}`)]);
  }
  return rows;
}

function propertyRows(facts: CertificateFacts, now: Date): [string, PropertyValue][] {
  return [
    ['Subject', facts.subject],
    ['Issuer', facts.issuer],
    ['NotBefore', facts.notBefore],
    ['NotAfter', facts.notAfter],
    ['Validity', describeValidity(facts, now)],
    ['DaysUntilExpiry', daysUntilExpiry(facts, now)],
    ['SerialNumber', facts.serialNumber],
    ['Thumbprint', facts.thumbprint],
    ['ThumbprintSha256', facts.thumbprintSha256],
    ['AlternativeNames', facts.alternativeNames],
    ['SubjectAltNames', facts.subjectAltNames.map(formatSubjectAltName)],
    ['SubjectCommonName', facts.subjectCommonName],
    ['KeyAlgorithm', facts.keyAlgorithm],
    ['KeySize', facts.keySize],
    ['Curve', facts.curve],
    ['SignatureAlgorithm', facts.signatureAlgorithm],
    ['KeyUsage', facts.keyUsage],
    ['ExtendedKeyUsage', facts.extendedKeyUsage],
    ['CrlDistributionPoints', facts.crlDistributionPoints],
    ['AuthorityInfoAccess', facts.authorityInfoAccess.map((a) => `${a.method}=${a.location}`)],
    ['IsCa', facts.isCa],
    ['PathLength', facts.pathLength],
    ['SelfSigned', facts.selfSigned],
    ['SubjectKeyIdentifier', facts.subjectKeyIdentifier],
    ['AuthorityKeyIdentifier', facts.authorityKeyIdentifier],
    ['CertificatePolicies', facts.certificatePolicies],
    ['HasPrivateKey', facts.hasPrivateKey],
    ['Version', facts.version],
  ];
}

/** Every property of one certificate as `Name : value` lines, validity judged at `now`. */
export function renderCertificateText(facts: CertificateFacts, now: Date): string {
  return renderProperties(certificateRows(facts, now));
}
