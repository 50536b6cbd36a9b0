// PEM text for what the lab CA writes out (RFC 7468 §2: base64 in 64-character lines). Only
// certificates and CRLs: private keys never leave the store through this module.

export type PublicPemLabel = 'CERTIFICATE' | 'CERTIFICATE REQUEST' | 'X509 CRL';

export function encodePem(label: PublicPemLabel, der: Uint8Array): string {
  const base64 = Buffer.from(der).toString('base64');
  const lines = base64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
