// A stored certificate's certification path from the store: each issuer found by name and proven by
// signature, up to a self-signed root. This is Windows' "include all certificates in the
// certification path" for export, and tells import whether the chain it installed is whole.

import { findCertificateById, type StoredCertificate } from '../store/certificate-records.js';
import { findCertificateIdsBySubject } from '../store/issuer-records.js';
import type { SqliteDatabase } from '../store/store.js';
import { isSignedBy } from '../x509/chain.js';

export interface StoredChain {
  /** The issuers, nearest first, ending with the root when the store has it. */
  readonly issuers: readonly StoredCertificate[];
  /** Whether the path ends in a self-signed root. */
  readonly complete: boolean;
  /** The issuer name the store has no certificate for, when incomplete. */
  readonly missingIssuer: string | null;
}

/** Real chains are 2–4 long; the limit stops a loop of cross-signed CAs. */
const maxDepth = 8;

export function buildStoredChain(db: SqliteDatabase, leaf: StoredCertificate): StoredChain {
  const issuers: StoredCertificate[] = [];
  let current = leaf;
  for (let depth = 0; depth < maxDepth; depth++) {
    if (current.facts.selfSigned) return { issuers, complete: true, missingIssuer: null };
    const issuer = findCertificateIdsBySubject(db, current.facts.issuer)
      .map((id) => findCertificateById(db, id))
      .find((c) => c !== null && c.id !== current.id && isSignedBy(current.der, c.der));
    if (issuer === undefined || issuer === null) {
      return { issuers, complete: false, missingIssuer: current.facts.issuer };
    }
    issuers.push(issuer);
    current = issuer;
  }
  return { issuers, complete: false, missingIssuer: current.facts.issuer };
}
