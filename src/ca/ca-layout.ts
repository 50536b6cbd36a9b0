// Where the lab CA publishes: the CRL distribution point and AIA caIssuers URLs of each authority,
// laid out like AD CS's default http://<host>/CertEnroll/<CA name>.crl|.crt. Pure.

import type { CaRole } from '../store/ca-records.js';

export interface PublicationUrls {
  readonly crl: string;
  readonly certificate: string;
}

/** The CA's names: the root is "<name> Root", the issuing CA carries the name given. */
export function authorityName(name: string, role: CaRole): string {
  return role === 'root' ? `${name} Root` : name;
}

/** "Contoso Lab CA Root" → "Contoso-Lab-CA-Root": a file name safe in any URL. */
export function publicationFileStem(authority: string): string {
  return authority.replace(/[^A-Za-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'ca';
}

export function publicationPath(authority: string, kind: 'crl' | 'crt'): string {
  return `/CertEnroll/${publicationFileStem(authority)}.${kind}`;
}

export function publicationUrls(baseUrl: string, authority: string): PublicationUrls {
  const base = baseUrl.replace(/\/+$/, '');
  return {
    crl: `${base}${publicationPath(authority, 'crl')}`,
    certificate: `${base}${publicationPath(authority, 'crt')}`,
  };
}

/** Random bytes in a serial number: 70 bits, above the 64 of CA/Browser Forum BR §7.1 and AD CS. */
export const serialRandomBytes = 9;

/**
 * Serial numbers: 9 random bytes, then the authority's counter (4 bytes), so they are
 * unpredictable (RFC 5280 §4.1.2.2 permits up to 20 octets; CA/B BR §7.1 asks for 64 random bits)
 * and still unique within a lab. The first byte is 0x40–0x7F: the DER INTEGER stays positive and
 * 13 bytes long, with no sign padding. `random` comes from the caller (crypto.randomBytes).
 */
export function serialNumberHex(random: Uint8Array, serial: number): string {
  if (random.length !== serialRandomBytes)
    throw new Error(`a serial needs ${serialRandomBytes} random bytes`);
  const bytes = [0x40 | ((random[0] ?? 0) & 0x3f), ...random.subarray(1)];
  const hex = bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex}${serial.toString(16).padStart(8, '0')}`.toUpperCase();
}
