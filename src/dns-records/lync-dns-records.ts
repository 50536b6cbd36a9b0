// The DNS records Lync / Skype for Business clients and servers look up for a SIP domain, in the
// client's lookup order, and the shape of what a lookup found (lync-certificate-rules.md §6.1,
// [L13-DNSREQ], [L13-DNSEDGE]). Data only: dns-discovery.ts resolves them, check rules read them.

import type { Severity } from '../check/finding.js';

export type RecordKind = 'address' | 'srv';

/** Which part of a deployment a record should reach. */
export type RecordDestination = 'internalWeb' | 'externalWeb' | 'internalSip' | 'accessEdge';

export interface LyncRecordSpec {
  /** The label(s) before the SIP domain: `lyncdiscover`, `_sip._tls`. */
  readonly prefix: string;
  readonly kind: RecordKind;
  /** Position in the client's sign-in lookup order (1 first), or null when clients do not use it to sign in. */
  readonly clientOrder: number | null;
  /** The port a client connects to for an address record (SRV records carry their own), or null: not probed. */
  readonly probePort: number | null;
  /**
   * Whether the target speaks TLS from the first byte, so a TLS probe can read its certificate
   * (`_sipinternal._tcp` is plain TCP; XMPP on 5269 starts in clear text and upgrades with
   * STARTTLS, RFC 6120 §5: neither is probed).
   */
  readonly tls: boolean;
  /**
   * Whether a wildcard SAN may carry the host the record leads to: only the web services behind
   * lyncdiscover[internal]; Lync does not accept wildcards for SIP, and the Access Edge never takes
   * one (lync-certificate-rules.md §3, [L13-WILD], [L13-EDGEPLAN]).
   */
  readonly wildcardAccepted: boolean;
  /** How bad an SRV target outside the record's own domain is (strict DNS naming). */
  readonly otherDomainSeverity: Severity;
  readonly destination: RecordDestination;
  /** Where the record may lead: `sip.<d>` is the Front End inside and the Access Edge outside. */
  readonly accepted: readonly RecordDestination[];
  readonly purpose: string;
}

/** In the client's lookup order, then the records servers use ([L13-DNSREQ], [L13-DNSEDGE]). */
export const lyncRecordSpecs = [
  {
    prefix: 'lyncdiscoverinternal',
    kind: 'address',
    clientOrder: 1,
    probePort: 443,
    wildcardAccepted: true,
    tls: true,
    otherDomainSeverity: 'error',
    destination: 'internalWeb',
    accepted: ['internalWeb'],
    purpose: 'internal autodiscover (web services)',
  },
  {
    prefix: 'lyncdiscover',
    kind: 'address',
    clientOrder: 2,
    probePort: 443,
    wildcardAccepted: true,
    tls: true,
    otherDomainSeverity: 'error',
    destination: 'externalWeb',
    accepted: ['externalWeb'],
    purpose: 'external autodiscover (reverse proxy)',
  },
  {
    prefix: '_sipinternaltls._tcp',
    kind: 'srv',
    clientOrder: 3,
    probePort: null,
    wildcardAccepted: false,
    tls: true,
    otherDomainSeverity: 'error',
    destination: 'internalSip',
    accepted: ['internalSip'],
    purpose: 'internal sign-in over TLS (Front End / Director)',
  },
  {
    prefix: '_sipinternal._tcp',
    kind: 'srv',
    clientOrder: 4,
    probePort: null,
    wildcardAccepted: false,
    tls: false,
    otherDomainSeverity: 'error',
    destination: 'internalSip',
    accepted: ['internalSip'],
    purpose: 'internal sign-in over TCP',
  },
  {
    prefix: '_sip._tls',
    kind: 'srv',
    clientOrder: 5,
    probePort: null,
    wildcardAccepted: false,
    tls: true,
    otherDomainSeverity: 'error',
    destination: 'accessEdge',
    accepted: ['accessEdge'],
    purpose: 'external sign-in (Access Edge)',
  },
  {
    prefix: 'sipinternal',
    kind: 'address',
    clientOrder: 6,
    probePort: null,
    wildcardAccepted: false,
    tls: true,
    otherDomainSeverity: 'error',
    destination: 'internalSip',
    accepted: ['internalSip'],
    purpose: 'internal sign-in fallback',
  },
  {
    prefix: 'sip',
    kind: 'address',
    clientOrder: 7,
    probePort: null,
    wildcardAccepted: false,
    tls: true,
    otherDomainSeverity: 'error',
    destination: 'internalSip',
    accepted: ['internalSip', 'accessEdge'],
    purpose: 'sign-in fallback (Front End inside, Access Edge outside)',
  },
  {
    prefix: 'sipexternal',
    kind: 'address',
    clientOrder: 8,
    probePort: null,
    wildcardAccepted: false,
    tls: true,
    otherDomainSeverity: 'error',
    destination: 'accessEdge',
    accepted: ['accessEdge'],
    purpose: 'external sign-in fallback',
  },
  {
    prefix: '_sipfederationtls._tcp',
    kind: 'srv',
    clientOrder: null,
    probePort: null,
    wildcardAccepted: false,
    tls: true,
    otherDomainSeverity: 'warning',
    destination: 'accessEdge',
    accepted: ['accessEdge'],
    purpose: 'federation and push notifications (Access Edge)',
  },
  {
    prefix: '_xmpp-server._tcp',
    kind: 'srv',
    clientOrder: null,
    probePort: null,
    wildcardAccepted: false,
    tls: false,
    otherDomainSeverity: 'warning',
    destination: 'accessEdge',
    accepted: ['accessEdge'],
    purpose: 'XMPP federation (Access Edge XMPP proxy)',
  },
] as const satisfies readonly LyncRecordSpec[];

/** How one DNS question ended. NXDOMAIN (`nxdomain`) and "name exists, no such type" (`nodata`) are answers; the rest are failures. */
export type LookupStatus = 'found' | 'nxdomain' | 'nodata' | 'timeout' | 'refused' | 'servfail' | 'error';

export interface SrvTarget {
  readonly target: string;
  readonly port: number;
  readonly priority: number;
  readonly weight: number;
}

export interface RecordLookup {
  readonly spec: LyncRecordSpec;
  readonly domain: string;
  /** `prefix.domain`. */
  readonly name: string;
  readonly status: LookupStatus;
  /** The DNS error code behind a failure (`ETIMEOUT`, …), or null. */
  readonly detail: string | null;
  /** Address records: the CNAME the name points to, or null. */
  readonly cname: string | null;
  readonly addresses: readonly string[];
  /** SRV records, sorted as a client tries them: lowest priority, then highest weight. */
  readonly srv: readonly SrvTarget[];
}

/** A lookup found something a client can use. */
export function isFound(lookup: RecordLookup): boolean {
  return lookup.status === 'found' && (lookup.addresses.length > 0 || lookup.srv.length > 0);
}

/** The record a client signing in to `domain` would use: the first found in the lookup order. */
export function findWinningRecord(lookups: readonly RecordLookup[]): RecordLookup | null {
  const ordered = lookups
    .filter((l) => l.spec.clientOrder !== null)
    .sort((a, b) => (a.spec.clientOrder ?? 0) - (b.spec.clientOrder ?? 0));
  return ordered.find(isFound) ?? null;
}

/** Whether `host` is `domain` or inside it (strict DNS naming: no suffix games). */
export function isInDomain(host: string, domain: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  const d = domain.toLowerCase().replace(/\.$/, '');
  return h === d || h.endsWith(`.${d}`);
}
