// Text and JSON for what the lab CA did: a CA created, a certificate issued or revoked, CRLs
// signed, client certificates listed. Success messages say what was made, where, and until when.

import type { SignedCrl } from '../ca/ca-crl.js';
import type { LabCa } from '../ca/ca-init.js';
import type { IssuedCertificate } from '../ca/ca-issue.js';
import type { Revocation } from '../ca/ca-revoke.js';
import type { ClientCertificateRecord } from '../store/client-certificate-records.js';
import type { CertificateFacts } from '../x509/certificate-facts.js';
import {
  certificateJson,
  describeValidity,
  formatSubjectAltName,
  renderProperties,
} from './render-certificate.js';

function caIssuersOf(facts: CertificateFacts): string[] {
  return facts.authorityInfoAccess.filter((a) => a.method === 'caIssuers').map((a) => a.location);
}

export function renderCaInitText(ca: LabCa, home: string, written: readonly string[], now: Date): string {
  const { root, issuing } = ca;
  return [
    `Created the lab CA "${ca.name}" in ${home}`,
    renderProperties([
      ['Root', root.facts.subject],
      ['  Thumbprint', root.facts.thumbprint],
      ['  SerialNumber', root.facts.serialNumber],
      ['  NotAfter', `${root.facts.notAfter} (${describeValidity(root.facts, now)})`],
      ['  Key', `${root.facts.keyAlgorithm} ${root.facts.keySize}`],
      ['Issuing CA', issuing.facts.subject],
      ['  Thumbprint', issuing.facts.thumbprint],
      ['  SerialNumber', issuing.facts.serialNumber],
      ['  NotAfter', `${issuing.facts.notAfter} (${describeValidity(issuing.facts, now)})`],
      ['  PathLength', issuing.facts.pathLength],
      ['  CrlDistributionPoints', issuing.facts.crlDistributionPoints],
      ['  AuthorityInfoAccess', caIssuersOf(issuing.facts).map((url) => `caIssuers=${url}`)],
    ]).trimEnd(),
    ...written.map((path) => `Wrote ${path}`),
    `Certificates it issues point at ${ca.baseUrl} for their CRL and CA certificate; serve them with`,
    '`uccert ca crl --serve PORT`, and trust the root on every server and client.',
    ...loopbackNote(ca.baseUrl),
    '',
  ].join('\n');
}

/**
 * Lync servers and clients fetch the CRL from the CDP URL and fail the revocation check when it
 * does not answer; a loopback URL answers only on this machine (lync-certificate-rules.md §2.10).
 */
function loopbackNote(baseUrl: string): string[] {
  const host = URL.canParse(baseUrl) ? new URL(baseUrl).hostname : '';
  const loopback = host === 'localhost' || host === '[::1]' || host.startsWith('127.');
  return loopback
    ? [
        `note: ${baseUrl} answers only on this machine; Lync servers and clients on other machines need a lab CA made with --base-url http://HOST:PORT they can reach.`,
      ]
    : [];
}

export function caInitJson(ca: LabCa, written: readonly string[], now: Date): unknown {
  return {
    ca: {
      name: ca.name,
      baseUrl: ca.baseUrl,
      root: certificateJson(ca.root.facts, now),
      issuing: certificateJson(ca.issuing.facts, now),
      written,
    },
  };
}

export function renderIssuedText(issued: IssuedCertificate, written: string | null, now: Date): string {
  const facts = issued.certificate.facts;
  const issuer = issued.chain[0]?.facts.subject ?? facts.issuer;
  return [
    `Issued ${facts.subject === '' ? '(empty subject)' : facts.subject} (serial ${facts.serialNumber}), signed by ${issuer}`,
    renderProperties([
      ['Subject', facts.subject],
      ['AlternativeNames', facts.alternativeNames],
      ['SubjectAltNames', facts.subjectAltNames.map(formatSubjectAltName)],
      ['SerialNumber', facts.serialNumber],
      ['Thumbprint', facts.thumbprint],
      ['NotBefore', facts.notBefore],
      ['NotAfter', `${facts.notAfter} (${describeValidity(facts, now)})`],
      ['Profile', issued.profile],
      ['KeyUsage', facts.keyUsage],
      ['ExtendedKeyUsage', facts.extendedKeyUsage],
      ['CrlDistributionPoints', facts.crlDistributionPoints],
      ['AuthorityInfoAccess', caIssuersOf(facts).map((url) => `caIssuers=${url}`)],
      ['HasPrivateKey', facts.hasPrivateKey],
    ]).trimEnd(),
    ...(written === null ? [] : [`Wrote the certificate and its issuing CA (PEM) to ${written}`]),
    '',
  ].join('\n');
}

export function issuedJson(
  issued: IssuedCertificate,
  written: string | null,
  now: Date,
  user?: string,
): unknown {
  return {
    certificate: certificateJson(issued.certificate.facts, now),
    profile: issued.profile,
    chain: issued.chain.map((c) => c.facts.thumbprint),
    ...(user === undefined ? {} : { user }),
    written,
  };
}

export function renderRevocationText(revocation: Revocation): string {
  const { issued } = revocation;
  const what = `${issued.subject} (serial ${issued.serialNumber}, thumbprint ${issued.thumbprint})`;
  if (!revocation.newlyRevoked) {
    return `${what} was already revoked on ${issued.revokedAt ?? '?'} (${issued.revocationReason ?? 'unspecified'}); nothing changed\n`;
  }
  return [
    `Revoked ${what}: ${issued.revocationReason ?? 'unspecified'}, at ${issued.revokedAt ?? '?'}`,
    'It is listed in the next CRL: run `uccert ca crl` to sign and publish it.',
    '',
  ].join('\n');
}

export function revocationJson(revocation: Revocation): unknown {
  const { issued } = revocation;
  return {
    revocation: {
      subject: issued.subject,
      serialNumber: issued.serialNumber,
      thumbprint: issued.thumbprint,
      reason: issued.revocationReason,
      revokedAt: issued.revokedAt,
      newlyRevoked: revocation.newlyRevoked,
    },
  };
}

export function renderCrlText(crls: readonly SignedCrl[]): string {
  const lines: string[] = [];
  for (const crl of crls) {
    const count = crl.revoked.length === 0 ? 'no certificate revoked' : `${crl.revoked.length} revoked`;
    lines.push(
      `Signed CRL number ${crl.crlNumber} of ${crl.issuer}: ${count}, next update ${crl.nextUpdate}`,
    );
    for (const entry of crl.revoked)
      lines.push(`  ${entry.serialNumber}  ${entry.revokedAt}  ${entry.reason}`);
  }
  return `${lines.join('\n')}\n`;
}

export function crlJson(crl: SignedCrl): unknown {
  return {
    issuer: crl.issuer,
    crlNumber: crl.crlNumber,
    thisUpdate: crl.thisUpdate,
    nextUpdate: crl.nextUpdate,
    revoked: crl.revoked,
  };
}

type ClientState = 'valid' | 'expired' | 'revoked';

function clientStateOf(record: ClientCertificateRecord, now: Date): ClientState {
  if (record.revokedAt !== null) return 'revoked';
  return Date.parse(record.facts.notAfter) < now.getTime() ? 'expired' : 'valid';
}

/** A table like Get-CsClientCertificate's, one row per certificate. */
export function renderClientCertificatesText(records: readonly ClientCertificateRecord[], now: Date): string {
  if (records.length === 0) return 'No client certificates.\n';
  const rows = records.map((r) => {
    const state = clientStateOf(r, now);
    return [
      r.userUri,
      r.facts.serialNumber,
      r.facts.thumbprint,
      r.facts.notAfter,
      state === 'revoked' ? `revoked (${r.revocationReason ?? 'unspecified'})` : state,
    ];
  });
  const header = ['User', 'SerialNumber', 'Thumbprint', 'NotAfter', 'State'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]?.length ?? 0)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}

export function clientCertificatesJson(records: readonly ClientCertificateRecord[], now: Date): unknown {
  return {
    clientCertificates: records.map((r) => ({
      user: r.userUri,
      serialNumber: r.facts.serialNumber,
      thumbprint: r.facts.thumbprint,
      notAfter: r.facts.notAfter,
      state: clientStateOf(r, now),
      revokedAt: r.revokedAt,
      revocationReason: r.revocationReason,
      certificate: certificateJson(r.facts, now),
    })),
  };
}
