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

/**
 * Serial numbers: the authority's creation time (seconds, 4 bytes) then its counter (4 bytes).
 * Unique across re-created labs, readable, and reproducible under a fixed clock. The first byte
 * stays below 0x80 until 2038, so the DER INTEGER needs no sign padding.
 */
export function serialNumberHex(createdAt: string, serial: number): string {
  const seconds = Math.floor(new Date(createdAt).getTime() / 1000);
  return `${seconds.toString(16).padStart(8, '0')}${serial.toString(16).padStart(8, '0')}`.toUpperCase();
}
