// HOSTNAME_MISMATCH: the certificate does not cover the name the endpoint was reached by (the
// SNI name if given, else the host). DNS names match SAN dNSName entries with one-label
// wildcards (name-coverage.ts); the subject CN counts only when there is no DNS SAN (RFC 6125
// §6.4.4). IP literals match only iPAddress SAN entries (RFC 6125 §3.1.3.2, RFC 5280 §4.2.1.6).

import type { CertificateFacts } from '../x509/certificate-facts.js';
import { findCoveringName } from '../x509/name-coverage.js';
import { describeCertificate } from './certificate-label.js';
import type { Finding } from './finding.js';
import { ipVersionOf } from './ip-literal.js';

/** An IP address as 16 bytes of hex (IPv4 as IPv4-mapped), so `::1` and `0:0:…:1` compare equal. */
export function canonicalIp(text: string): string | null {
  const address = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  const kind = ipVersionOf(address);
  if (kind === 4)
    return `00000000000000000000ffff${address
      .split('.')
      .map((o) => Number(o).toString(16).padStart(2, '0'))
      .join('')}`;
  if (kind !== 6) return null;
  let groupsText = address;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (v4 !== null) {
    const o = v4[1]!.split('.').map(Number);
    groupsText =
      address.slice(0, v4.index) +
      `${((o[0]! << 8) | o[1]!).toString(16)}:${((o[2]! << 8) | o[3]!).toString(16)}`;
  }
  const [head, tail] = groupsText.split('::') as [string, string | undefined];
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = tail === undefined ? [] : new Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((g) => g.padStart(4, '0').toLowerCase()).join('');
}

/** The names the certificate offers for `name`'s kind: IP SANs for an address, DNS names otherwise. */
export function namesOffered(facts: CertificateFacts, forIp: boolean): string[] {
  if (forIp) return facts.subjectAltNames.filter((n) => n.type === 'ip').map((n) => n.value);
  if (facts.alternativeNames.length > 0) return [...facts.alternativeNames];
  return facts.subjectCommonName === null ? [] : [facts.subjectCommonName];
}

export function checkHostnameMismatch(facts: CertificateFacts, name: string, target: string): Finding | null {
  const ip = canonicalIp(name);
  const offered = namesOffered(facts, ip !== null);
  const covered =
    ip !== null
      ? offered.some((value) => canonicalIp(value) === ip)
      : findCoveringName(offered, name) !== null;
  if (covered) return null;
  const list = offered.length === 0 ? 'none' : offered.join(', ');
  const kind = ip !== null ? 'IP address' : 'name';
  return {
    code: 'HOSTNAME_MISMATCH',
    severity: 'error',
    target,
    message: `${describeCertificate(facts)} does not cover the ${kind} "${name}" it was reached by (${ip !== null ? 'IP SAN entries' : 'names'} it covers: ${list})`,
    fix:
      `reach the server by a name the certificate covers, or give the name it serves with --sni; otherwise request ` +
      `a certificate whose subject alternative names include "${name}" and assign it to this endpoint ` +
      '(Set-CsCertificate -Type … -Thumbprint NEW)',
    sources: ['RFC 6125 §6.4', 'RFC 5280 §4.2.1.6'],
  };
}
