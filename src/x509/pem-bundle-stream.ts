// Reads a large PEM bundle as a stream (issue 9 item 10: a 16 MB bundle of 10,656 certificates
// took 313 MB): the file is read three times in 64 KiB chunks, and only one PEM block is held at
// a time, plus a compact index for the chain (names, key identifiers and the public key: about
// 0.5 KB a certificate). Pass 1 reads each certificate's chain facts, pass 2 verifies the links,
// pass 3 hands each certificate's facts to the caller. Anything other than certificates, or
// anything malformed, returns null: the caller then reads the file whole, as before, and says
// what is wrong exactly as it always has.

import { createReadStream } from 'node:fs';
import { parseCertificate } from './certificate.js';
import type { CertificateFacts } from './certificate-facts.js';
import {
  type ChainCandidate,
  type ChainLink,
  type ChainOrder,
  chainCandidateOf,
  indexCandidates,
  linkOf,
  orderLinks,
  SignatureChecker,
} from './chain.js';
import { DerError, readNode } from './der.js';
import { type PemBlock, parsePem } from './pem.js';

/** Below this, reading the file whole is as cheap and simpler. */
export const streamThresholdBytes = 1024 * 1024;

/** A PEM block longer than this is not a certificate; the whole-file reader will say what it is. */
const maxBlockChars = 1024 * 1024;

class NotStreamable extends Error {}

/** Every PEM block of the file at `path`, in order, holding at most one block (and a chunk) in memory. */
async function* readPemBlocks(path: string): AsyncGenerator<PemBlock> {
  let buffer = '';
  let line = 0;
  const emit = (text: string): PemBlock[] => {
    const blocks = parsePem(text).map((b) => ({ ...b, line: b.line + line }));
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) line++;
    return blocks;
  };
  let first = true;
  for await (const chunk of createReadStream(path, { encoding: 'latin1', highWaterMark: 64 * 1024 })) {
    // A byte-order mark (Windows tools) is for the whole-file reader, which removes it.
    if (first && /^(\xef\xbb\xbf|\xff\xfe|\xfe\xff)/.test(chunk as string))
      throw new NotStreamable('a byte-order mark');
    first = false;
    buffer += chunk as string;
    const lastEnd = buffer.lastIndexOf('-----END');
    const cut = lastEnd < 0 ? -1 : buffer.indexOf('\n', lastEnd);
    if (cut >= 0) {
      const complete = buffer.slice(0, cut + 1);
      buffer = buffer.slice(cut + 1);
      yield* emit(complete);
    } else if (buffer.length > maxBlockChars) {
      throw new NotStreamable('a PEM block longer than 1 MiB');
    }
  }
  if (buffer.trim() !== '') yield* emit(buffer);
}

/** The certificate DER of a CERTIFICATE block (openssl's TRUSTED CERTIFICATE appends trust settings). */
function certificateDerOf(block: PemBlock): Uint8Array {
  if (block.kind !== 'certificate') throw new NotStreamable(`a ${block.label} block`);
  return block.der.subarray(0, readNode(block.der, 0).end);
}

export interface PemBundleIndex {
  readonly path: string;
  readonly count: number;
  readonly subjects: readonly string[];
  readonly issuers: readonly string[];
  readonly selfSigned: readonly boolean[];
  /** Leaf first, as orderChain gives it; null for a single certificate. */
  readonly chain: ChainOrder | null;
}

/**
 * Passes 1 and 2: the chain index of a bundle of PEM certificates, or null when the file holds
 * anything else or anything malformed (the caller then reads it whole).
 */
export async function indexPemBundle(path: string): Promise<PemBundleIndex | null> {
  try {
    const candidates: ChainCandidate[] = [];
    const subjects: string[] = [];
    const issuers: string[] = [];
    for await (const block of readPemBlocks(path)) {
      const der = certificateDerOf(block);
      const facts = parseCertificate(der);
      candidates.push(chainCandidateOf(der, facts));
      subjects.push(facts.subject);
      issuers.push(facts.issuer);
    }
    if (candidates.length === 0) return null;
    let chain: ChainOrder | null = null;
    if (candidates.length >= 2) {
      const by = indexCandidates(candidates);
      const checker = new SignatureChecker(by);
      const links: ChainLink[] = [];
      let i = 0;
      for await (const block of readPemBlocks(path)) {
        links.push(linkOf(i++, certificateDerOf(block), by, checker));
      }
      if (links.length !== candidates.length) return null; // the file changed under us
      chain = orderLinks(candidates, links, checker.checks);
    }
    return {
      path,
      count: candidates.length,
      subjects,
      issuers,
      selfSigned: candidates.map((c) => c.selfSigned),
      chain,
    };
  } catch (error) {
    if (error instanceof NotStreamable || error instanceof DerError) return null;
    throw error;
  }
}

/** Pass 3: each certificate's facts, in file order, one at a time. */
export async function* readPemBundleCertificates(index: PemBundleIndex): AsyncGenerator<CertificateFacts> {
  let i = 0;
  for await (const block of readPemBlocks(index.path)) {
    if (i >= index.count) break;
    // The self-signature was verified in pass 1; verifying it again would double the cost.
    yield parseCertificate(certificateDerOf(block), { selfSigned: index.selfSigned[i]! });
    i++;
  }
  if (i !== index.count) throw new DerError(`"${index.path}" changed while it was being read`);
}
