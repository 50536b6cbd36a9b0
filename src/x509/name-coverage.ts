// Whether a name in a certificate (SAN DNS entry or subject CN) covers a host name.
// A wildcard stands for exactly one whole left-most label (RFC 6125 §6.4.3, and what Lync/SfB
// clients accept, lync-certificate-rules.md §3): `*.contoso.com` covers `meet.contoso.com`, but
// not `contoso.com`, `a.b.contoso.com`, nor `meet.fabrikam.com`. Partial-label wildcards
// (`f*.contoso.com`) and wildcards over a single label (`*.com`) cover nothing.

import { domainToASCII } from 'node:url';

export type Coverage = 'exact' | 'wildcard';

/** Lowercase, without a trailing dot, internationalised labels as A-labels (`xn--…`). */
export function normalizeDnsName(name: string): string {
  let n = name.trim();
  if (n.endsWith('.')) n = n.slice(0, -1);
  if (/[^\x00-\x7f]/.test(n)) {
    const ascii = domainToASCII(n);
    if (ascii !== '') n = ascii;
  }
  return n.toLowerCase();
}

/** A usable wildcard: `*` as the whole left-most label, over at least two more labels. */
export function isWildcardName(name: string): boolean {
  const n = normalizeDnsName(name);
  return n.startsWith('*.') && n.slice(2).split('.').length >= 2 && !n.slice(2).includes('*');
}

/** How `certName` covers `host`, or null when it does not. */
export function coverageOf(certName: string, host: string): Coverage | null {
  const pattern = normalizeDnsName(certName);
  const target = normalizeDnsName(host);
  if (pattern === '' || target === '') return null;
  if (!pattern.includes('*')) return pattern === target ? 'exact' : null;
  if (!isWildcardName(pattern) || target.includes('*')) return null;
  const dot = target.indexOf('.');
  if (dot <= 0) return null;
  return target.slice(dot + 1) === pattern.slice(2) ? 'wildcard' : null;
}

export interface CoveringName {
  readonly name: string;
  readonly coverage: Coverage;
}

/** The name in `certNames` that covers `host`, preferring an exact match over a wildcard. */
export function findCoveringName(certNames: readonly string[], host: string): CoveringName | null {
  let wildcard: CoveringName | null = null;
  for (const name of certNames) {
    const coverage = coverageOf(name, host);
    if (coverage === 'exact') return { name, coverage };
    if (coverage === 'wildcard' && wildcard === null) wildcard = { name, coverage };
  }
  return wildcard;
}
