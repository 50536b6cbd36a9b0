// Who signed whom in a set of certificates, and in what order they form a chain (leaf first).
// A link is found by the issuer name matching a subject name (RFC 5280 §6.1), narrowed by the
// authority/subject key identifiers (§4.2.1.1), and confirmed by verifying the signature.

import type { KeyObject } from 'node:crypto';
import { layoutCertificate, parseCertificate } from './certificate.js';
import type { CertificateFacts } from './certificate-facts.js';
import { publicKeyOf, verifySignature } from './signature.js';

/** Whether `issuerDer`'s key verifies the signature on `childDer`. Throws DerError on bad DER. */
export function isSignedBy(childDer: Uint8Array, issuerDer: Uint8Array): boolean {
  const child = layoutCertificate(childDer);
  const issuer = layoutCertificate(issuerDer);
  const spki = issuerDer.subarray(issuer.subjectPublicKeyInfo.start, issuer.subjectPublicKeyInfo.end);
  return verifySignature(child, spki);
}

export type LinkEvidence = 'name' | 'keyIdentifier' | 'signature';

export interface ChainLink {
  /** Position of this certificate in the input. */
  readonly index: number;
  /** Input position of the certificate that issued it (itself when self-signed), or null. */
  readonly issuedBy: number | null;
  /** Whether the issuer's key verifies this certificate's signature. */
  readonly signatureVerified: boolean;
  /** What tied it to its issuer: matching names, matching key identifiers too, or only the signature. */
  readonly evidence: LinkEvidence | null;
  readonly selfSigned: boolean;
}

export interface ChainOrder {
  /** Input positions, leaf first, then each issuer; certificates off that path follow in input order. */
  readonly order: readonly number[];
  /** One link per input certificate, by input position. */
  readonly links: readonly ChainLink[];
  /** How many signatures were verified to find the links: the work done, bounded by the caps below. */
  readonly signatureChecks: number;
}

/** What chain building needs to know of one certificate, without keeping its DER. */
export interface ChainCandidate {
  readonly issuerDer: string;
  readonly subjectDer: string;
  readonly ski: string | null;
  readonly aki: string | null;
  readonly isCa: boolean;
  readonly selfSigned: boolean;
  /** The SubjectPublicKeyInfo DER, to verify what this certificate may have signed. */
  readonly spki: Uint8Array;
}

// A hostile file or TLS peer may send hundreds of certificates under one name (issue 9 item 1:
// 500 took 20 s, 1,000 took 125 s, because every same-named certificate was tried). Candidates
// are found through indexes (key identifier, then name), and at most this many signatures are
// verified per certificate: the right issuer comes first whenever key identifiers are present.
const signatureChecksPerCertificate = 4;
// Past this many certificates, the signature-only fallback (n² verifications) is skipped.
const signatureSearchLimit = 16;

/** The chain facts of one certificate; `facts`, when given, saves re-parsing. */
export function chainCandidateOf(der: Uint8Array, facts?: CertificateFacts): ChainCandidate {
  const layout = layoutCertificate(der);
  const known = facts ?? parseCertificate(der);
  return {
    issuerDer: Buffer.from(der.subarray(layout.issuer.start, layout.issuer.end)).toString('hex'),
    subjectDer: Buffer.from(der.subarray(layout.subject.start, layout.subject.end)).toString('hex'),
    ski: known.subjectKeyIdentifier,
    aki: known.authorityKeyIdentifier,
    isCa: known.isCa,
    selfSigned: known.selfSigned,
    spki: der.slice(layout.subjectPublicKeyInfo.start, layout.subjectPublicKeyInfo.end),
  };
}

/** Input positions by subject name and by subject key identifier. */
export interface CandidateIndex {
  readonly all: readonly ChainCandidate[];
  readonly bySubject: ReadonlyMap<string, readonly number[]>;
  readonly byKeyId: ReadonlyMap<string, readonly number[]>;
}

export function indexCandidates(all: readonly ChainCandidate[]): CandidateIndex {
  const bySubject = new Map<string, number[]>();
  const byKeyId = new Map<string, number[]>();
  all.forEach((c, i) => {
    const named = bySubject.get(c.subjectDer);
    if (named === undefined) bySubject.set(c.subjectDer, [i]);
    else named.push(i);
    if (c.ski !== null) {
      const keyed = byKeyId.get(c.ski);
      if (keyed === undefined) byKeyId.set(c.ski, [i]);
      else keyed.push(i);
    }
  });
  return { all, bySubject, byKeyId };
}

/** Verifies signatures of children with their candidate issuers' keys, counting the checks. */
export class SignatureChecker {
  checks = 0;
  private readonly keys = new Map<number, KeyObject | null>();
  constructor(private readonly index: CandidateIndex) {}

  /** Whether candidate `issuer`'s key verifies `childDer`'s signature. */
  verifies(childDer: Uint8Array, issuer: number): boolean {
    this.checks++;
    let key = this.keys.get(issuer);
    if (key === undefined) {
      key = publicKeyOf(this.index.all[issuer]!.spki);
      this.keys.set(issuer, key);
    }
    return key !== null && verifySignature(layoutCertificate(childDer), key);
  }
}

/**
 * Who may have issued `child`, best first: same name and matching key identifier, then same name
 * with no key identifier to contradict it, then same name with a different key identifier.
 */
function issuerCandidates(index: number, by: CandidateIndex): number[] {
  const child = by.all[index]!;
  const named = by.bySubject.get(child.issuerDer) ?? [];
  const keyed = child.aki === null ? [] : (by.byKeyId.get(child.aki) ?? []);
  const out: number[] = [];
  for (const i of keyed) if (i !== index && by.all[i]!.subjectDer === child.issuerDer) out.push(i);
  const contradicted: number[] = [];
  for (const i of named) {
    if (i === index) continue;
    const ski = by.all[i]!.ski;
    if (child.aki !== null && ski !== null) {
      if (ski !== child.aki) contradicted.push(i);
    } else out.push(i);
  }
  return out.concat(contradicted);
}

/** The link of certificate `index` (whose DER is `childDer`) to its issuer among `by.all`. */
export function linkOf(
  index: number,
  childDer: Uint8Array,
  by: CandidateIndex,
  checker: SignatureChecker,
): ChainLink {
  const child = by.all[index]!;
  if (child.selfSigned) {
    return { index, issuedBy: index, signatureVerified: true, evidence: 'name', selfSigned: true };
  }
  const candidates = issuerCandidates(index, by);
  const tried: Uint8Array[] = [];
  for (const i of candidates.slice(0, signatureChecksPerCertificate)) {
    // Same-named copies often share one key: a key that failed once fails again.
    const spki = by.all[i]!.spki;
    if (tried.some((t) => Buffer.compare(t, spki) === 0)) continue;
    tried.push(spki);
    if (checker.verifies(childDer, i)) {
      return {
        index,
        issuedBy: i,
        signatureVerified: true,
        evidence: keyIdMatches(child, by.all[i]!) ? 'keyIdentifier' : 'name',
        selfSigned: false,
      };
    }
  }
  const named = candidates[0];
  if (named !== undefined) {
    return {
      index,
      issuedBy: named,
      signatureVerified: false,
      evidence: keyIdMatches(child, by.all[named]!) ? 'keyIdentifier' : 'name',
      selfSigned: false,
    };
  }
  if (by.all.length <= signatureSearchLimit) {
    const signer = by.all.findIndex((_, i) => i !== index && checker.verifies(childDer, i));
    if (signer >= 0)
      return { index, issuedBy: signer, signatureVerified: true, evidence: 'signature', selfSigned: false };
  }
  return { index, issuedBy: null, signatureVerified: false, evidence: null, selfSigned: false };
}

function keyIdMatches(child: ChainCandidate, issuer: ChainCandidate): boolean {
  return child.aki !== null && issuer.ski !== null && child.aki === issuer.ski;
}

/** Orders certificates leaf first from their links. */
export function orderLinks(
  all: readonly ChainCandidate[],
  links: readonly ChainLink[],
  signatureChecks: number,
): ChainOrder {
  const issuers = new Set(
    links.filter((l) => l.issuedBy !== l.index && l.issuedBy !== null).map((l) => l.issuedBy),
  );
  // The leaf signs nothing here; prefer a non-CA among such certificates, then input order.
  const unsigned = all.map((_, i) => i).filter((i) => !issuers.has(i));
  const leaf = unsigned.find((i) => !all[i]!.isCa) ?? unsigned[0] ?? 0;
  const order: number[] = [];
  const seen = new Set<number>();
  let current: number | null = all.length === 0 ? null : leaf;
  while (current !== null && !seen.has(current)) {
    order.push(current);
    seen.add(current);
    current = links[current]!.issuedBy;
  }
  for (let i = 0; i < all.length; i++) if (!seen.has(i)) order.push(i);
  return { order, links, signatureChecks };
}

/**
 * Orders certificates (DER) leaf first and says who signed whom. Throws DerError on bad DER.
 * At most 4 signature verifications per certificate (plus 15 each below 17 certificates), so the
 * work grows linearly with the number of certificates. `facts`, when given, saves re-parsing.
 */
export function orderChain(certs: readonly Uint8Array[], facts?: readonly CertificateFacts[]): ChainOrder {
  const all = certs.map((der, i) => chainCandidateOf(der, facts?.[i]));
  const by = indexCandidates(all);
  const checker = new SignatureChecker(by);
  const links = certs.map((der, i) => linkOf(i, der, by, checker));
  return orderLinks(all, links, checker.checks);
}
