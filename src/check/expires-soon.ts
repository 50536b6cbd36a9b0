// EXPIRES_SOON: notAfter falls within the warning window (30 days unless told otherwise), so the
// renewal can be requested, issued and assigned on every server of the pool before it lapses.

import type { CertificateFacts } from '../x509/certificate-facts.js';
import { describeCertificate, describeDuration } from './certificate-label.js';
import type { Finding } from './finding.js';

export const defaultExpiryWindowDays = 30;

export function checkExpiresSoon(
  facts: CertificateFacts,
  now: Date,
  target: string,
  windowDays: number = defaultExpiryWindowDays,
): Finding | null {
  const leftMs = new Date(facts.notAfter).getTime() - now.getTime();
  if (leftMs <= 0 || leftMs > windowDays * 86_400_000) return null;
  return {
    code: 'EXPIRES_SOON',
    severity: 'warning',
    target,
    message: `${describeCertificate(facts)} expires on ${facts.notAfter}, in ${describeDuration(leftMs)} (warning window ${windowDays} days)`,
    fix: facts.isCa
      ? 'renew the CA certificate and distribute it to the servers and clients before it expires'
      : 'renew it now: request a new certificate with the same names, import it, and assign it with ' +
        'Set-CsCertificate -Type … -Thumbprint NEW (-EffectiveDate and -Roll for OAuthTokenIssuer)',
    sources: ['RFC 5280 §4.1.2.5'],
  };
}
