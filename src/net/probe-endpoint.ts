// The `probe` use case: connect (tls-probe), then check what was presented offline against the
// injected clock and trust store (check/*), and return one report as data for the renderers.

import { isIP } from 'node:net';
import { checkChainIncomplete } from '../check/chain-incomplete.js';
import type { ChainTrust, TrustStore } from '../check/chain-trust.js';
import { verifyChainTrust } from '../check/chain-trust.js';
import { checkExpired } from '../check/expired.js';
import { checkExpiresSoon, defaultExpiryWindowDays } from '../check/expires-soon.js';
import type { Finding } from '../check/finding.js';
import { checkHostnameMismatch } from '../check/hostname-mismatch.js';
import { checkNotYetValid } from '../check/not-yet-valid.js';
import { checkCertificateEncoding } from '../check/rules.js';
import { checkUntrustedRoot } from '../check/untrusted-root.js';
import { environmentError } from '../errors.js';
import { parseCertificate } from '../x509/certificate.js';
import type { CertificateFacts } from '../x509/certificate-facts.js';
import { DerError, readNode, toHex } from '../x509/der.js';
import { parseName } from '../x509/distinguished-name.js';
import { formatEndpoint, probeTls, type TlsProbeResult, type TlsProbeTarget } from './tls-probe.js';

export interface ProbeRequest {
  readonly host: string;
  readonly port: number;
  /** --sni; null: the host, unless it is an IP literal (RFC 6066 §3 forbids IP addresses in SNI). */
  readonly sni: string | null;
  readonly timeoutMs: number;
  readonly now: Date;
  readonly trustStore: TrustStore;
  readonly expiryWindowDays?: number;
}

export interface ProbeReport {
  /** `sni` is the name sent in the ClientHello (the host unless --sni or an IP literal), or null. */
  readonly endpoint: { readonly host: string; readonly port: number; readonly sni: string | null };
  readonly protocol: string | null;
  readonly cipher: string | null;
  readonly handshakeMs: number;
  /** The certificates as the server sent them. */
  readonly chain: readonly CertificateFacts[];
  readonly chainSource: TlsProbeResult['chainSource'];
  readonly trust: ChainTrust;
  /** null: unknown, the handshake messages could not be read. */
  readonly clientCertificateRequested: boolean | null;
  /** The acceptable client CA names, as distinguished names; null when they could not be read. */
  readonly acceptableClientCaNames: readonly string[] | null;
  readonly serverAlert: string | null;
  readonly findings: readonly Finding[];
}

/** The name the endpoint was reached by: what the certificate must cover. */
export function reachedName(request: Pick<ProbeRequest, 'host' | 'sni'>): string {
  return request.sni ?? request.host;
}

/** `probe` with its network step injectable, so the checks can be tested without sockets. */
export async function probeEndpoint(
  request: ProbeRequest,
  connect: (target: TlsProbeTarget) => Promise<TlsProbeResult> = probeTls,
): Promise<ProbeReport> {
  const result = await connect({
    host: request.host,
    port: request.port,
    servername: servernameFor(request),
    timeoutMs: request.timeoutMs,
  });
  return assessProbe(request, result);
}

/** The SNI to send: --sni, else the host unless it is an IP literal (RFC 6066 §3). */
export function servernameFor(request: Pick<ProbeRequest, 'host' | 'sni'>): string | null {
  return request.sni ?? (isIP(request.host) !== 0 ? null : request.host);
}

/** Checks a probe's result: pure given the request's clock and trust store. */
export function assessProbe(request: ProbeRequest, result: TlsProbeResult): ProbeReport {
  const target = formatEndpoint(request.host, request.port);
  let chain: CertificateFacts[];
  let trust: ChainTrust;
  try {
    chain = result.chain.map((der) => parseCertificate(der));
    trust = verifyChainTrust(result.chain, request.trustStore);
  } catch (error) {
    if (!(error instanceof DerError)) throw error;
    throw environmentError(
      'BAD_SERVER_CERTIFICATE',
      `${target} presented a certificate uccert cannot read: ${error.message}`,
      'the server sends a corrupt certificate; reinstall its certificate, then probe again',
      error,
    );
  }
  const window = request.expiryWindowDays ?? defaultExpiryWindowDays;
  const leaf = chain[0]!;
  const findings: Finding[] = [...checkChainIncomplete(trust, target)];
  const untrusted = checkUntrustedRoot(trust, target);
  if (untrusted !== null) findings.push(untrusted);
  const mismatch = checkHostnameMismatch(leaf, reachedName(request), target);
  if (mismatch !== null) findings.push(mismatch);
  for (const facts of chain) {
    // Fields the reader could not read, mismatched algorithms, non-ASCII IA5 names (issue 9 item 3).
    findings.push(...checkCertificateEncoding(facts, target));
    for (const finding of [
      checkNotYetValid(facts, request.now, target),
      checkExpired(facts, request.now, target),
      checkExpiresSoon(facts, request.now, target, window),
    ]) {
      if (finding !== null) findings.push(finding);
    }
  }
  return {
    endpoint: { host: request.host, port: request.port, sni: servernameFor(request) },
    protocol: result.protocol,
    cipher: result.cipher,
    handshakeMs: result.handshakeMs,
    chain,
    chainSource: result.chainSource,
    trust,
    clientCertificateRequested: result.clientCertificateRequested,
    acceptableClientCaNames: result.acceptableClientCaNames?.map(formatDistinguishedName) ?? null,
    serverAlert: result.serverAlert,
    findings,
  };
}

/** A DER Name as Windows shows it; a name uccert cannot read is shown as hex rather than lost. */
export function formatDistinguishedName(der: Uint8Array): string {
  try {
    return parseName(der, readNode(der, 0)).text;
  } catch (error) {
    if (!(error instanceof DerError)) throw error;
    return `#${toHex(der)}`;
  }
}
