// What Lync / SfB accepts as a server or service FQDN: letters, digits and hyphens only (no
// underscores, no IDNs), at least two labels ([L13-DNSREQ], [S15-ENV]; RFC 1123 §2.1 lengths).

export type HostNameFault = 'empty' | 'characters' | 'singleLabel' | 'labelLength' | 'hyphenEdge' | 'tooLong';

const faultText: Readonly<Record<HostNameFault, string>> = {
  empty: 'it is empty',
  characters: 'Lync accepts only letters, digits and hyphens',
  singleLabel: 'Lync needs a fully qualified name (no single-label names)',
  labelLength: 'each label must be 1 to 63 characters',
  hyphenEdge: 'a label cannot start or end with a hyphen',
  tooLong: 'a host name has at most 253 characters',
};

/** Why `name` is not a host name Lync accepts, or null when it is one. */
export function findHostNameFault(name: string): HostNameFault | null {
  const n = name.endsWith('.') ? name.slice(0, -1) : name;
  if (n === '') return 'empty';
  if (!/^[A-Za-z0-9.-]+$/.test(n)) return 'characters';
  if (n.length > 253) return 'tooLong';
  const labels = n.split('.');
  if (labels.length < 2) return 'singleLabel';
  if (labels.some((l) => l.length === 0 || l.length > 63)) return 'labelLength';
  if (labels.some((l) => l.startsWith('-') || l.endsWith('-'))) return 'hyphenEdge';
  return null;
}

export function describeHostNameFault(fault: HostNameFault): string {
  return faultText[fault];
}

/** Lowercase, without a trailing dot: the form the topology keeps names in. */
export function canonicalHostName(name: string): string {
  const n = name.trim().toLowerCase();
  return n.endsWith('.') ? n.slice(0, -1) : n;
}
