// Renders what `show` found in one file: a header with the format, the chain order and who
// signed whom, which certificate a private key belongs to, then every certificate and request.

import type { Finding } from '../check/finding.js';
import { checkCertificateEncoding } from '../check/rules.js';
import type {
  CertificateContainer,
  ContainedKey,
  ContainerEncoding,
  ContainerFormat,
} from '../x509/certificate-container.js';
import type { CertificateFacts } from '../x509/certificate-facts.js';
import type { CertificateListFacts } from '../x509/certificate-list.js';
import type { CertificateRequestFacts } from '../x509/certificate-request.js';
import type { ChainOrder } from '../x509/chain.js';
import {
  type CertificateJson,
  certificateJson,
  certificateRows,
  formatSubjectAltName,
  type PropertyValue,
  renderProperties,
} from './render-certificate.js';

const formatNames: Readonly<Record<ContainerFormat, string>> = {
  pem: 'PEM',
  der: 'DER certificate',
  pfx: 'PFX (PKCS#12)',
  p7b: 'P7B (PKCS#7)',
  csr: 'CSR (PKCS#10)',
  crl: 'CRL (X.509)',
};

function plural(n: number, one: string): string {
  return `${n} ${one}${n === 1 ? '' : 's'}`;
}

/**
 * What the header of one file needs, from a whole container or from a streamed bundle's index
 * (show-bundle-stream.ts), so both print the same bytes.
 */
export interface FileOutline {
  readonly source: string;
  readonly format: ContainerFormat;
  readonly encoding: ContainerEncoding;
  readonly certificateCount: number;
  readonly requestCount: number;
  readonly crlCount: number;
  readonly keys: readonly ContainedKey[];
  readonly protection: CertificateContainer['protection'];
  readonly ignored: readonly string[];
  readonly chain: ChainOrder | null;
  readonly subjectOf: (certificate: number) => string;
  readonly issuerOf: (certificate: number) => string;
}

export function outlineOf(file: CertificateContainer): FileOutline {
  return {
    source: file.source,
    format: file.format,
    encoding: file.encoding,
    certificateCount: file.certificates.length,
    requestCount: file.requests.length,
    crlCount: file.crls.length,
    keys: file.keys,
    protection: file.protection,
    ignored: file.ignored,
    chain: file.chain,
    subjectOf: (i) => file.certificates[i]!.facts.subject,
    issuerOf: (i) => file.certificates[i]!.facts.issuer,
  };
}

function describeFormat(file: FileOutline): string {
  const parts = [formatNames[file.format]];
  if (file.format === 'p7b' || file.format === 'csr' || file.format === 'pfx' || file.format === 'crl')
    parts.push(file.encoding.toUpperCase());
  else if (file.encoding === 'base64') parts.push('bare base64');
  const counts: string[] = [];
  if (file.certificateCount > 0 || (file.requestCount === 0 && file.crlCount === 0))
    counts.push(plural(file.certificateCount, 'certificate'));
  if (file.requestCount > 0) counts.push(plural(file.requestCount, 'request'));
  if (file.crlCount > 0) counts.push(plural(file.crlCount, 'CRL'));
  if (file.keys.length > 0) counts.push(plural(file.keys.length, 'private key'));
  return `${parts.join(', ')}; ${counts.join(', ')}`;
}

function chainLines(file: FileOutline): string[] {
  if (file.chain === null) return [];
  const lines = ['Chain, leaf first:'];
  for (const index of file.chain.order) {
    const link = file.chain.links[index]!;
    let how: string;
    if (link.selfSigned) how = 'self-signed (a root)';
    else if (link.issuedBy === null) how = `issued by "${file.issuerOf(index)}", which is not in this file`;
    else if (link.signatureVerified) how = `issued by [${link.issuedBy + 1}], signature verified`;
    else how = `names [${link.issuedBy + 1}] as issuer, but the signature does NOT verify with its key`;
    lines.push(`  [${index + 1}] ${file.subjectOf(index)}: ${how}`);
  }
  return lines;
}

function keyLines(file: FileOutline): string[] {
  return file.keys.map((key, i) => {
    const label = file.keys.length === 1 ? 'Private key' : `Private key ${i + 1}`;
    const name = key.friendlyName === null ? '' : ` (friendly name "${key.friendlyName}")`;
    if (key.certificate !== null) {
      return `${label}${name}: belongs to [${key.certificate + 1}] ${file.subjectOf(key.certificate)}`;
    }
    if (key.kind === 'encrypted')
      return `${label}${name}: encrypted; give --password to match it to its certificate`;
    return `${label}${name}: belongs to none of the certificates in this file`;
  });
}

function requestRows(request: CertificateRequestFacts): [string, PropertyValue][] {
  return [
    ['Subject', request.subject],
    ['SubjectCommonName', request.subjectCommonName],
    ['RequestedNames', request.alternativeNames],
    ['SubjectAltNames', request.subjectAltNames.map(formatSubjectAltName)],
    ['KeyAlgorithm', request.keyAlgorithm],
    ['KeySize', request.keySize],
    ['Curve', request.curve],
    ['SignatureAlgorithm', request.signatureAlgorithm],
    ['SignatureValid', request.signatureValid],
    ['KeyUsage', request.keyUsage],
    ['ExtendedKeyUsage', request.extendedKeyUsage],
    ['PublicKeySha256', request.publicKeySha256],
    ['Version', request.version],
  ];
}

/** Where `now` falls between a CRL's thisUpdate and nextUpdate: a stale CRL fails revocation checks. */
function describeCrlFreshness(crl: CertificateListFacts, now: Date): string {
  const t = now.getTime();
  if (t < Date.parse(crl.thisUpdate))
    return 'NOT YET CURRENT: thisUpdate is in the future (check the CA clock)';
  if (crl.nextUpdate === null) return 'current (no nextUpdate: clients may treat it as never refreshed)';
  const left = Date.parse(crl.nextUpdate) - t;
  const days = Math.floor(Math.abs(left) / 86_400_000);
  if (left < 0) return `EXPIRED ${days} day${days === 1 ? '' : 's'} ago: publish a new CRL`;
  return `current, next update in ${days} day${days === 1 ? '' : 's'}`;
}

function crlRows(crl: CertificateListFacts, now: Date): [string, PropertyValue][] {
  return [
    ['Issuer', crl.issuer],
    ['ThisUpdate', crl.thisUpdate],
    ['NextUpdate', crl.nextUpdate],
    ['Freshness', describeCrlFreshness(crl, now)],
    ['CrlNumber', crl.crlNumber],
    ['SignatureAlgorithm', crl.signatureAlgorithm],
    ['AuthorityKeyIdentifier', crl.authorityKeyIdentifier],
    ['RevokedCount', crl.revoked.length],
    [
      'Revoked',
      crl.revoked.map(
        (r) => `${r.serialNumber} on ${r.revocationDate}${r.reason === null ? '' : ` (${r.reason})`}`,
      ),
    ],
    ['Version', crl.version],
  ];
}

/** The header of one file's text: format, protection, keys, what is not shown, the chain. */
export function renderFileHeaderText(file: FileOutline): string {
  const out: string[] = [`== ${file.source}: ${describeFormat(file)}`];
  if (file.protection !== null) {
    out.push(
      `Protection: MAC ${file.protection.macAlgorithm ?? 'none'}; ${file.protection.encryption.join('; ') || 'no encryption'}`,
    );
  }
  out.push(...keyLines(file));
  if (file.ignored.length > 0) out.push(`Also in the file, not shown: ${file.ignored.join(', ')}`);
  const chain = chainLines(file);
  if (chain.length > 0) out.push('', ...chain);
  return out.join('\n');
}

/** One certificate's block of the text, starting with its blank line and `-- Certificate [i] of n`. */
export function renderCertificateEntryText(
  facts: CertificateFacts,
  friendlyName: string | null,
  index: number,
  total: number,
  now: Date,
): string {
  const rows = certificateRows(facts, now);
  if (friendlyName !== null) rows.unshift(['FriendlyName', friendlyName]);
  return ['', `-- Certificate [${index + 1}] of ${total}`, renderProperties(rows).trimEnd()].join('\n');
}

/** The text `show` prints for one file. */
export function renderCertificateFileText(file: CertificateContainer, now: Date): string {
  const out: string[] = [renderFileHeaderText(outlineOf(file))];
  file.certificates.forEach((cert, i) => {
    out.push(renderCertificateEntryText(cert.facts, cert.friendlyName, i, file.certificates.length, now));
  });
  file.requests.forEach((request, i) => {
    out.push(
      '',
      `-- Request [${i + 1}] of ${file.requests.length}`,
      renderProperties(requestRows(request)).trimEnd(),
    );
  });
  file.crls.forEach((crl, i) => {
    out.push('', `-- CRL [${i + 1}] of ${file.crls.length}`, renderProperties(crlRows(crl, now)).trimEnd());
  });
  return `${out.join('\n')}\n`;
}

export type CertificateEntryJson = CertificateJson & {
  readonly friendlyName: string | null;
  readonly findings?: readonly Finding[];
};

/** One certificate of the file JSON; the encoding findings only when there are some. */
export function certificateEntryJson(
  facts: CertificateFacts,
  friendlyName: string | null,
  target: string,
  now: Date,
): CertificateEntryJson {
  // Only when there are some, so the JSON of a sound certificate keeps the contract's fields.
  const findings = checkCertificateEncoding(facts, target);
  return {
    ...certificateJson(facts, now),
    friendlyName,
    ...(findings.length > 0 ? { findings } : {}),
  };
}

/** The file JSON's chain, leaf first; `certificate` and `issuedBy` index `certificates`. */
export function chainJson(file: FileOutline): CertificateFileJson['chain'] {
  const chain = file.chain;
  if (chain === null) return [];
  return chain.order.map((index) => {
    const link = chain.links[index]!;
    return {
      certificate: index,
      subject: file.subjectOf(index),
      issuedBy: link.issuedBy,
      signatureVerified: link.signatureVerified,
      selfSigned: link.selfSigned,
    };
  });
}

export interface CertificateFileJson {
  readonly path: string;
  readonly format: ContainerFormat;
  readonly encoding: string;
  readonly certificates: readonly CertificateEntryJson[];
  readonly requests: readonly CertificateRequestFacts[];
  /** X.509 CRLs: issuer, thisUpdate, nextUpdate, crlNumber, revoked [{ serialNumber, revocationDate, reason }]. */
  readonly crls: readonly CertificateListFacts[];
  readonly privateKeys: readonly { kind: string; friendlyName: string | null; certificate: number | null }[];
  /** Leaf first; `certificate` and `issuedBy` index `certificates`. */
  readonly chain: readonly {
    certificate: number;
    subject: string;
    issuedBy: number | null;
    signatureVerified: boolean;
    selfSigned: boolean;
  }[];
  readonly protection: { macAlgorithm: string | null; encryption: readonly string[] } | null;
  readonly ignored: readonly string[];
}

/** The JSON `show --json` prints for one file. */
export function certificateFileJson(file: CertificateContainer, now: Date): CertificateFileJson {
  return {
    path: file.source,
    format: file.format,
    encoding: file.encoding,
    certificates: file.certificates.map((c, i) =>
      certificateEntryJson(c.facts, c.friendlyName, `${file.source} certificate ${i + 1}`, now),
    ),
    requests: file.requests,
    crls: file.crls,
    privateKeys: file.keys.map((k) => ({
      kind: k.kind,
      friendlyName: k.friendlyName,
      certificate: k.certificate,
    })),
    chain: chainJson(outlineOf(file)),
    protection: file.protection,
    ignored: file.ignored,
  };
}
