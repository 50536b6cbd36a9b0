// Who signed whom in a set of certificates, and in what order they form a chain (leaf first).
// A link is found by the issuer name matching a subject name (RFC 5280 §6.1), narrowed by the
// authority/subject key identifiers (§4.2.1.1), and confirmed by verifying the signature.

import type { KeyObject } from 'node:crypto';
import { layoutCertificate, parseCertificate } from './certificate.js';
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

// Past this many certificates, the signature-only fallback (n² verifications) is skipped: a
// hostile peer may send an enormous chain.
const signatureSearchLimit = 16;

function keyOf(c: Candidate): KeyObject | null {
  if (c.key === undefined) {
    const layout = layoutCertificate(c.der);
    c.key = publicKeyOf(c.der.subarray(layout.subjectPublicKeyInfo.start, layout.subjectPublicKeyInfo.end));
  }
  return c.key;
}

function toCandidate(der: Uint8Array): Candidate {
  const layout = layoutCertificate(der);
  const facts = parseCertificate(der);
  return {
    der,
    issuerDer: Buffer.from(der.subarray(layout.issuer.start, layout.issuer.end)).toString('hex'),
    subjectDer: Buffer.from(der.subarray(layout.subject.start, layout.subject.end)).toString('hex'),
    ski: facts.subjectKeyIdentifier,
    aki: facts.authorityKeyIdentifier,
    isCa: facts.isCa,
    selfSigned: facts.selfSigned,
    key: undefined,
  };
}

function verifies(child: Candidate, issuer: Candidate): boolean {
  const key = keyOf(issuer);
  return key !== null && verifySignature(layoutCertificate(child.der), key);
}

function linkOf(index: number, all: readonly Candidate[]): ChainLink {
  const child = all[index]!;
  if (child.selfSigned) {
    return { index, issuedBy: index, signatureVerified: true, evidence: 'name', selfSigned: true };
  }
  const byName = all
    .map((c, i) => ({ c, i }))
    .filter(({ c, i }) => i !== index && c.subjectDer === child.issuerDer)
    // Key identifiers, when both sides carry them, put the right one of same-named CAs first.
    .sort((a, b) => Number(keyIdMatches(child, b.c)) - Number(keyIdMatches(child, a.c)));
  for (const { c, i } of byName) {
    if (verifies(child, c)) {
      return {
        index,
        issuedBy: i,
        signatureVerified: true,
        evidence: keyIdMatches(child, c) ? 'keyIdentifier' : 'name',
        selfSigned: false,
      };
    }
  }
  const named = byName[0];
  if (named !== undefined) {
    return {
      index,
      issuedBy: named.i,
      signatureVerified: false,
      evidence: keyIdMatches(child, named.c) ? 'keyIdentifier' : 'name',
      selfSigned: false,
    };
  }
  if (all.length <= signatureSearchLimit) {
    const signer = all.findIndex((c, i) => i !== index && verifies(child, c));
    if (signer >= 0)
      return { index, issuedBy: signer, signatureVerified: true, evidence: 'signature', selfSigned: false };
  }
  return { index, issuedBy: null, signatureVerified: false, evidence: null, selfSigned: false };
}

function keyIdMatches(child: Candidate, issuer: Candidate): boolean {
  return child.aki !== null && issuer.ski !== null && child.aki === issuer.ski;
}

/** Orders certificates (DER) leaf first and says who signed whom. Throws DerError on bad DER. */
export function orderChain(certs: readonly Uint8Array[]): ChainOrder {
  const all = certs.map(toCandidate);
  const links = all.map((_, i) => linkOf(i, all));
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
  return { order, links };
}
