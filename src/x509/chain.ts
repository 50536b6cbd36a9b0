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

interface Candidate {
  readonly der: Uint8Array;
  readonly issuerDer: string;
  readonly subjectDer: string;
  readonly ski: string | null;
  readonly aki: string | null;
  readonly isCa: boolean;
  readonly selfSigned: boolean;
  key: KeyObject | null | undefined;
}

// A hostile file or TLS peer may send hundreds of certificates under one name (issue 9 item 1:
// 500 took 20 s, 1,000 took 125 s, because every same-named certificate was tried). Candidates
// are found through indexes (key identifier, then name), and at most this many signatures are
// verified per certificate: the right issuer comes first whenever key identifiers are present.
const signatureChecksPerCertificate = 4;
// Past this many certificates, the signature-only fallback (n² verifications) is skipped.
const signatureSearchLimit = 16;

function keyOf(c: Candidate): KeyObject | null {
  if (c.key === undefined) {
    const layout = layoutCertificate(c.der);
    c.key = publicKeyOf(c.der.subarray(layout.subjectPublicKeyInfo.start, layout.subjectPublicKeyInfo.end));
  }
  return c.key;
}

function toCandidate(der: Uint8Array, facts: CertificateFacts | undefined): Candidate {
  const layout = layoutCertificate(der);
  const known = facts ?? parseCertificate(der);
  return {
    der,
    issuerDer: Buffer.from(der.subarray(layout.issuer.start, layout.issuer.end)).toString('hex'),
    subjectDer: Buffer.from(der.subarray(layout.subject.start, layout.subject.end)).toString('hex'),
    ski: known.subjectKeyIdentifier,
    aki: known.authorityKeyIdentifier,
    isCa: known.isCa,
    selfSigned: known.selfSigned,
    key: undefined,
  };
}

/** Input positions by subject name and by subject key identifier. */
interface CandidateIndex {
  readonly bySubject: ReadonlyMap<string, readonly number[]>;
  readonly byKeyId: ReadonlyMap<string, readonly number[]>;
}

function indexCandidates(all: readonly Candidate[]): CandidateIndex {
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
  return { bySubject, byKeyId };
}

class SignatureCounter {
  checks = 0;
  verifies(child: Candidate, issuer: Candidate): boolean {
    this.checks++;
    const key = keyOf(issuer);
    return key !== null && verifySignature(layoutCertificate(child.der), key);
  }
}

/**
 * Who may have issued `child`, best first: same name and matching key identifier, then same name
 * with no key identifier to contradict it, then same name with a different key identifier.
 */
function issuerCandidates(
  index: number,
  child: Candidate,
  all: readonly Candidate[],
  by: CandidateIndex,
): number[] {
  const named = by.bySubject.get(child.issuerDer) ?? [];
  const keyed = child.aki === null ? [] : (by.byKeyId.get(child.aki) ?? []);
  const out: number[] = [];
  for (const i of keyed) if (i !== index && all[i]!.subjectDer === child.issuerDer) out.push(i);
  const contradicted: number[] = [];
  for (const i of named) {
    if (i === index) continue;
    const ski = all[i]!.ski;
    if (child.aki !== null && ski !== null) {
      if (ski !== child.aki) contradicted.push(i);
    } else out.push(i);
  }
  return out.concat(contradicted);
}

function linkOf(
  index: number,
  all: readonly Candidate[],
  by: CandidateIndex,
  counter: SignatureCounter,
): ChainLink {
  const child = all[index]!;
  if (child.selfSigned) {
    return { index, issuedBy: index, signatureVerified: true, evidence: 'name', selfSigned: true };
  }
  const candidates = issuerCandidates(index, child, all, by);
  for (const i of candidates.slice(0, signatureChecksPerCertificate)) {
    const c = all[i]!;
    if (counter.verifies(child, c)) {
      return {
        index,
        issuedBy: i,
        signatureVerified: true,
        evidence: keyIdMatches(child, c) ? 'keyIdentifier' : 'name',
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
      evidence: keyIdMatches(child, all[named]!) ? 'keyIdentifier' : 'name',
      selfSigned: false,
    };
  }
  if (all.length <= signatureSearchLimit) {
    const signer = all.findIndex((c, i) => i !== index && counter.verifies(child, c));
    if (signer >= 0)
      return { index, issuedBy: signer, signatureVerified: true, evidence: 'signature', selfSigned: false };
  }
  return { index, issuedBy: null, signatureVerified: false, evidence: null, selfSigned: false };
}

function keyIdMatches(child: Candidate, issuer: Candidate): boolean {
  return child.aki !== null && issuer.ski !== null && child.aki === issuer.ski;
}

/**
 * Orders certificates (DER) leaf first and says who signed whom. Throws DerError on bad DER.
 * At most 4 signature verifications per certificate (plus 15 each below 17 certificates), so the
 * work grows linearly with the number of certificates. `facts`, when given, saves re-parsing.
 */
export function orderChain(certs: readonly Uint8Array[], facts?: readonly CertificateFacts[]): ChainOrder {
  const all = certs.map((der, i) => toCandidate(der, facts?.[i]));
  const by = indexCandidates(all);
  const counter = new SignatureCounter();
  const links = all.map((_, i) => linkOf(i, all, by, counter));
  const issuers = new Set(
    links.filter((l) => l.issuedBy !== l.index && l.issuedBy !== null).map((l) => l.issuedBy),
  );
  // The leaf signs nothing here; prefer a non-CA among such certificates, then input order.
  const unsigned = all.map((_, i) => i).filter((i) => !issuers.has(i));
  const leaf = unsigned.find((i) => !all[i]!.isCa) ?? unsigned[0] ?? 0;
  const order: number[] = [];
  const seen = new Set<number>();
  let current: number | null = certs.length === 0 ? null : leaf;
  while (current !== null && !seen.has(current)) {
    order.push(current);
    seen.add(current);
    current = links[current]!.issuedBy;
  }
  for (let i = 0; i < certs.length; i++) if (!seen.has(i)) order.push(i);
  return { order, links, signatureChecks: counter.checks };
}
