// How a rule names a certificate in a message: its subject and thumbprint, so an administrator
// can find it in certlm.msc or Get-CsCertificate output.

import type { CertificateFacts } from '../x509/certificate-facts.js';

export function describeCertificate(facts: CertificateFacts): string {
  return `certificate "${facts.subject}" (thumbprint ${facts.thumbprint})`;
}

const msPerMinute = 60_000;

/** A duration in words: "5 h", "5 h 30 min", "3 min", "12 days", "under a minute". */
export function describeDuration(ms: number): string {
  const minutes = Math.round(Math.abs(ms) / msPerMinute);
  if (minutes >= 48 * 60) return `${Math.floor(minutes / (24 * 60))} days`;
  if (minutes === 0) return 'under a minute';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

/** ISO 8601 UTC to the second, as certificates state their validity (`2026-06-01T12:00:00Z`). */
export function formatInstant(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
