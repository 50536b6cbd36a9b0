// CLIENT_CA_NOT_ACCEPTED: SIP over TLS on 5061 (Front End, Director, Edge internal, federation) is
// mutual TLS. The peer's CertificateRequest lists the CAs whose certificates it accepts (RFC 5246
// §7.4.4 certificate_authorities; RFC 8446 §4.2.4); Schannel sends the issuers in its Trusted Root
// store. When none of our chain's CAs is in that list, the peer will refuse our certificate.

import type { CertificateFacts } from '../x509/certificate-facts.js';
import type { Finding } from './finding.js';

/** Our side of the handshake: the certificate and the CA certificates we know for it, leaf first. */
export interface ClientChain {
  readonly leaf: CertificateFacts;
  readonly issuers: readonly CertificateFacts[];
}

/** Every CA name in our chain that a peer could list: each certificate's issuer, and the root. */
export function caNamesOfChain(chain: ClientChain): string[] {
  const names = [chain.leaf.issuer, ...chain.issuers.flatMap((c) => [c.subject, c.issuer])];
  return [...new Set(names)];
}

/** The root of our chain: the self-signed last certificate, or the name of the issuer we lack. */
export function rootNameOfChain(chain: ClientChain): { name: string; known: boolean } {
  const last = chain.issuers[chain.issuers.length - 1] ?? chain.leaf;
  return last.selfSigned ? { name: last.subject, known: true } : { name: last.issuer, known: false };
}

const sameName = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/**
 * null when the peer did not ask, sent no list (any CA), or lists one of our CAs; the finding
 * otherwise. `acceptable` null means the list could not be read: nothing to say.
 */
export function checkClientCaNotAccepted(
  chain: ClientChain,
  requested: boolean | null,
  acceptable: readonly string[] | null,
  target: string,
): Finding | null {
  if (requested !== true || acceptable === null || acceptable.length === 0) return null;
  const ours = caNamesOfChain(chain);
  if (ours.some((name) => acceptable.some((a) => sameName(a, name)))) return null;
  const root = rootNameOfChain(chain);
  const shown =
    acceptable.length > 12 ? [...acceptable.slice(0, 12), `… ${acceptable.length - 12} more`] : acceptable;
  return {
    code: 'CLIENT_CA_NOT_ACCEPTED',
    severity: 'error',
    target,
    message:
      `${target} accepts client certificates only from ${acceptable.length} CA${acceptable.length === 1 ? '' : 's'} ` +
      `(${shown.map((n) => `"${n}"`).join(', ')}); our certificate "${chain.leaf.subject}" is issued by ` +
      `"${chain.leaf.issuer}" under the root "${root.name}"${root.known ? '' : ' (not in the file)'}, which is not among them`,
    fix:
      `import the root "${root.name}" into the peer's Trusted Root Certification Authorities store ` +
      '(Windows: Import-Certificate -FilePath root.cer -CertStoreLocation Cert:\\LocalMachine\\Root; then restart its Lync/SfB services), ' +
      'or use a certificate from a CA the peer already trusts (one of the names it sent)',
    sources: [
      'RFC 5246 §7.4.4',
      'RFC 8446 §4.2.4',
      'https://learn.microsoft.com/en-us/troubleshoot/windows-server/windows-security/trusted-root-certificate-authorities-list-tls-server',
    ],
  };
}
