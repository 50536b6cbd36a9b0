// CLIENT_CERTIFICATE_REJECTED: we presented our certificate and the peer ended the handshake with an
// alert (RFC 8446 §6.2). Each alert a TLS server sends about a client certificate means one thing
// to fix: one table, from the alert's name to what to do.

import type { Finding } from './finding.js';

const alertFixes: Readonly<Record<string, string>> = {
  unknown_ca:
    "the peer does not trust the CA that issued our certificate: import our root into the peer's Trusted Root Certification Authorities store, and send the whole chain (the issuing CA with the certificate)",
  bad_certificate:
    'the peer could not use our certificate: check that it has the Client Authentication EKU (uccert request --client-eku or ca issue --new --client-auth), a valid signature and a key the peer supports',
  unsupported_certificate:
    'the peer does not support this kind of certificate: check its key algorithm (RSA 2048 is the safe choice) and its key usage',
  certificate_expired:
    'our certificate (or a CA in its chain) is outside its validity period: renew it (uccert renew)',
  certificate_revoked: 'the peer found our certificate revoked: issue a new one and assign it (uccert renew)',
  certificate_unknown:
    "the peer refused our certificate for another reason: check its chain, EKU (Client Authentication) and the peer's event log",
  certificate_required:
    'the peer requires a client certificate and none was sent: check that the certificate has a private key',
  access_denied:
    "the peer trusts the certificate but does not allow this identity: add our domain to the peer's allowed partners",
  handshake_failure:
    'the peer ended the handshake without saying why: check the EKU (Client Authentication) and the key algorithm, and the peer’s event log',
  decrypt_error: 'the peer could not verify our signature: check that the key matches the certificate',
};

const genericFix =
  "check the certificate's chain, EKU (Client Authentication) and validity, and the peer's event log";

export function checkClientCertificateRejected(
  alert: string | null,
  subject: string,
  target: string,
): Finding | null {
  if (alert === null) return null;
  return {
    code: 'CLIENT_CERTIFICATE_REJECTED',
    severity: 'error',
    target,
    message: `${target} ended the handshake with the alert "${alert}" after we presented "${subject}"`,
    fix: alertFixes[alert] ?? genericFix,
    sources: ['RFC 8446 §6.2', 'RFC 5246 §7.2.2'],
  };
}

/** The alerts this rule explains, for tests and help. */
export const explainedAlerts: readonly string[] = Object.keys(alertFixes);
