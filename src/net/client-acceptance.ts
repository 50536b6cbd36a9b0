// Will the mutual-TLS peer accept us? Joins what the peer asked for (probe: CertificateRequest and
// its CA names) with our certificate's chain, and, with --present, with what the peer did when we
// presented it. Pure: the handshakes are done by the caller.

import {
  caNamesOfChain,
  checkClientCaNotAccepted,
  rootNameOfChain,
} from '../check/client-ca-not-accepted.js';
import { checkClientCertificateRejected } from '../check/client-certificate-rejected.js';
import type { Finding } from '../check/finding.js';
import type { ClientIdentity } from '../requests/client-identity.js';
import type { CertificateFacts } from '../x509/certificate-facts.js';
import type { PresentOutcome } from './client-certificate-handshake.js';
import type { ProbeReport } from './probe-endpoint.js';

export interface ClientAcceptance {
  readonly certificate: {
    readonly subject: string;
    readonly thumbprint: string;
    readonly issuer: string;
    readonly source: string;
  };
  /** Our chain's CA names, as a peer would list them. */
  readonly ourCaNames: readonly string[];
  readonly root: string;
  readonly rootKnown: boolean;
  /** Whether the peer's CertificateRequest lists one of our CAs (an empty list: any CA); null: unknown or not asked. */
  readonly acceptedByName: boolean | null;
  /** With --present: what the peer did; null without --present or when it asked for no certificate. */
  readonly presented: PresentOutcome | null;
  readonly findings: readonly Finding[];
}

export function assessClientAcceptance(
  report: Pick<ProbeReport, 'clientCertificateRequested' | 'acceptableClientCaNames'>,
  identity: ClientIdentity,
  presented: PresentOutcome | null,
  target: string,
): ClientAcceptance {
  const chain = { leaf: identity.leaf.facts, issuers: identity.issuers.map((c) => c.facts) };
  const root = rootNameOfChain(chain);
  const findings: Finding[] = [];
  const notAccepted = checkClientCaNotAccepted(
    chain,
    report.clientCertificateRequested,
    report.acceptableClientCaNames,
    target,
  );
  if (notAccepted !== null) findings.push(notAccepted);
  const eku = checkMissingClientAuthEkuOf(identity.leaf.facts, target);
  if (eku !== null) findings.push(eku);
  const rejected = checkClientCertificateRejected(
    presented?.kind === 'alert' ? presented.alert : null,
    identity.leaf.facts.subject,
    target,
  );
  if (rejected !== null) findings.push(rejected);
  const acceptable = report.acceptableClientCaNames;
  const acceptedByName =
    report.clientCertificateRequested !== true || acceptable === null
      ? null
      : acceptable.length === 0 || notAccepted === null;
  const { facts } = identity.leaf;
  return {
    certificate: {
      subject: facts.subject,
      thumbprint: facts.thumbprint,
      issuer: facts.issuer,
      source: identity.source,
    },
    ourCaNames: caNamesOfChain(chain),
    root: root.name,
    rootKnown: root.known,
    acceptedByName,
    presented,
    findings,
  };
}

/** A peer checks the client certificate's EKU (RFC 5280 §4.2.1.12): no EKU means any purpose. */
function checkMissingClientAuthEkuOf(facts: CertificateFacts, target: string): Finding | null {
  const eku = facts.extendedKeyUsage;
  if (eku.length === 0 || eku.includes('clientAuth') || eku.includes('anyExtendedKeyUsage')) return null;
  return {
    code: 'MISSING_CLIENT_AUTH_EKU',
    severity: 'error',
    target,
    message: `our certificate "${facts.subject}" has the extended key usage ${eku.map((e) => `"${e}"`).join(', ')}, without Client Authentication (1.3.6.1.5.5.7.3.2), which a mutual-TLS peer checks`,
    fix: 'use a certificate with Client Authentication: uccert request --client-eku, or uccert ca issue --new --client-auth',
    sources: ['RFC 5280 §4.2.1.12'],
  };
}
