// Offline chain verification: from the leaf a server presented, follow issuers through what it
// sent, then the trust anchors (system roots and --ca), and say where the path ends. Names are
// compared as DER (RFC 5280 §7.1 allows exact match) and every link is confirmed by its
// signature. Which certificates the server failed to send is what CHAIN_INCOMPLETE reports.

import { createHash } from 'node:crypto';
import { layoutCertificate, parseCertificate } from '../x509/certificate.js';
import type { CertificateFacts } from '../x509/certificate-facts.js';
import { isSignedBy } from '../x509/chain.js';

/** Where a certificate on the path came from. */
export type CertificateSource = 'sent' | 'ca-file' | 'store' | 'system';

/** A certificate indexed by its names; full facts are parsed only when it lands on a path. */
class IndexedCertificate {
  private parsed: CertificateFacts | null = null;
  readonly subjectKey: string;
  readonly issuerKey: string;
  readonly thumbprint: string;

  constructor(
    readonly der: Uint8Array,
    readonly source: CertificateSource,
  ) {
    const layout = layoutCertificate(der);
    this.subjectKey = Buffer.from(der.subarray(layout.subject.start, layout.subject.end)).toString('hex');
    this.issuerKey = Buffer.from(der.subarray(layout.issuer.start, layout.issuer.end)).toString('hex');
    this.thumbprint = createHash('sha1').update(der).digest('hex').toUpperCase();
  }

  get facts(): CertificateFacts {
    this.parsed ??= parseCertificate(this.der);
    return this.parsed;
  }
}

/** Certificates that may complete a chain, indexed by subject name; built once, used per probe. */
export interface TrustStore {
  readonly bySubject: ReadonlyMap<string, readonly IndexedCertificate[]>;
  /** Thumbprints of trust anchors: self-signed certificates of the system store and of --ca. */
  readonly anchors: ReadonlySet<string>;
  readonly caFileGiven: boolean;
}

export interface PathStep {
  readonly facts: CertificateFacts;
  readonly source: CertificateSource;
  /** Position in what the server sent, or null when it came from the trust store / --ca. */
  readonly sentIndex: number | null;
}

/** How the path from the leaf ends (exhaustive; renderers and rules switch on it). */
export type PathEnd =
  | { readonly kind: 'anchor' }
  | { readonly kind: 'untrusted-root' }
  | { readonly kind: 'issuer-not-found'; readonly issuer: string }
  | { readonly kind: 'too-long' };

export interface ChainTrust {
  readonly trusted: boolean;
  /** Leaf first, then each issuer as found. */
  readonly path: readonly PathStep[];
  readonly end: PathEnd;
  /** Certificates below the root that the path needed but the server did not send. */
  readonly notSent: readonly PathStep[];
  /** Whether --ca was given (a message may say whether --ca completes the chain). */
  readonly caFileGiven: boolean;
  /**
   * Whether a server sent the chain (a probe), or it came from a file or the store: then nothing
   * was "not sent", and messages speak of the file or the store instead (issue 8.12).
   */
  readonly sentByServer: boolean;
  /** Positions of sent certificates that are not on the path (extra or unrelated ones). */
  readonly unusedSent: readonly number[];
}

const maxPathLength = 12;

/**
 * Indexes the system roots and the --ca certificates. Certificates that fail to parse are skipped
 * (a system store may hold one uccert does not read); --ca input is parsed by the caller first.
 * The system store holds only roots, so each is an anchor without parsing it (about 0.5 ms each).
 */
export function buildTrustStore(
  systemRoots: readonly Uint8Array[],
  caFile: readonly Uint8Array[],
): TrustStore {
  const bySubject = new Map<string, IndexedCertificate[]>();
  const anchors = new Set<string>();
  const add = (der: Uint8Array, source: CertificateSource): void => {
    let entry: IndexedCertificate;
    try {
      entry = new IndexedCertificate(der, source);
      if (source === 'system' || entry.facts.selfSigned) anchors.add(entry.thumbprint);
    } catch {
      return;
    }
    const list = bySubject.get(entry.subjectKey) ?? [];
    list.push(entry);
    bySubject.set(entry.subjectKey, list);
  };
  // --ca first: when a name is in both, the administrator's own CA is tried first.
  for (const der of caFile) add(der, 'ca-file');
  for (const der of systemRoots) add(der, 'system');
  return { bySubject, anchors, caFileGiven: caFile.length > 0 };
}

/**
 * The trust store plus the self-signed roots the uccert store holds (imported, as Import-CsCertificate
 * installs a chain's root, or the lab CA's): `check` and `set` trust the same roots (issue 8.7).
 */
export function withStoreRoots(trust: TrustStore, roots: readonly Uint8Array[]): TrustStore {
  const bySubject = new Map<string, IndexedCertificate[]>();
  for (const [key, list] of trust.bySubject) bySubject.set(key, [...list]);
  const anchors = new Set(trust.anchors);
  for (const der of roots) {
    let entry: IndexedCertificate;
    try {
      entry = new IndexedCertificate(der, 'store');
      if (!entry.facts.selfSigned || anchors.has(entry.thumbprint)) continue;
    } catch {
      continue;
    }
    anchors.add(entry.thumbprint);
    bySubject.set(entry.subjectKey, [...(bySubject.get(entry.subjectKey) ?? []), entry]);
  }
  return { bySubject, anchors, caFileGiven: trust.caFileGiven };
}

/** Follows the issuers of `sent[0]`; `sent` is the chain in the order the server sent it. */
export function verifyChainTrust(sent: readonly Uint8Array[], store: TrustStore): ChainTrust {
  if (sent.length === 0) throw new RangeError('verifyChainTrust needs at least the leaf certificate');
  const presented = sent.map((der) => new IndexedCertificate(der, 'sent'));
  const path: { entry: IndexedCertificate; sentIndex: number | null }[] = [
    { entry: presented[0]!, sentIndex: 0 },
  ];
  const onPath = new Set<string>([presented[0]!.thumbprint]);
  let end: PathEnd = { kind: 'too-long' };

  while (path.length <= maxPathLength) {
    const current = path[path.length - 1]!.entry;
    if (store.anchors.has(current.thumbprint)) {
      end = { kind: 'anchor' };
      break;
    }
    if (current.facts.selfSigned) {
      end = { kind: 'untrusted-root' };
      break;
    }
    const next = findIssuer(current, presented, store, onPath);
    if (next === null) {
      end = { kind: 'issuer-not-found', issuer: current.facts.issuer };
      break;
    }
    path.push(next);
    onPath.add(next.entry.thumbprint);
  }

  const steps: PathStep[] = path.map(({ entry, sentIndex }) => ({
    facts: entry.facts,
    source: entry.source,
    sentIndex,
  }));
  const usedSent = new Set(path.map((p) => p.sentIndex).filter((i) => i !== null));
  return {
    trusted: end.kind === 'anchor',
    path: steps,
    end,
    notSent: steps.filter((s) => s.source !== 'sent' && !s.facts.selfSigned),
    caFileGiven: store.caFileGiven,
    sentByServer: true,
    unusedSent: presented.map((_, i) => i).filter((i) => !usedSent.has(i)),
  };
}

/** The issuer of `child`: what the server sent first, then the store; name and signature must agree. */
function findIssuer(
  child: IndexedCertificate,
  presented: readonly IndexedCertificate[],
  store: TrustStore,
  onPath: ReadonlySet<string>,
): { entry: IndexedCertificate; sentIndex: number | null } | null {
  for (let i = 0; i < presented.length; i++) {
    const candidate = presented[i]!;
    if (candidate.subjectKey !== child.issuerKey || onPath.has(candidate.thumbprint)) continue;
    if (isSignedBy(child.der, candidate.der)) return { entry: candidate, sentIndex: i };
  }
  for (const candidate of store.bySubject.get(child.issuerKey) ?? []) {
    if (onPath.has(candidate.thumbprint)) continue;
    if (isSignedBy(child.der, candidate.der)) return { entry: candidate, sentIndex: null };
  }
  return null;
}
