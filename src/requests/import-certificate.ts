// `import`, as Import-CsCertificate [PS-IMP] (lync-certificate-rules.md §4.4): every certificate of
// a PEM, DER, PFX or P7B file into the store, CA certificates included (the chain is installed),
// each leaf matched to its key: from the file, else the key of a pending request (by public key).
// A request's names the issued certificate lacks are reported: CAs drop SANs without a word.

import type { PassphraseSource } from '../secrets/passphrase.js';
import {
  findCertificateByThumbprint,
  insertCertificate,
  type StoredCertificate,
} from '../store/certificate-records.js';
import { openKeyring, prepareKeyring } from '../store/keyring-records.js';
import {
  findPrivateKeyByPublicKey,
  hashPublicKey,
  insertPrivateKey,
  type PrivateKeyMaterial,
} from '../store/private-key-records.js';
import { findRequestByKey, markRequestIssued } from '../store/request-records.js';
import type { Store } from '../store/store.js';
import { subjectPublicKeyInfoOf } from '../x509/certificate.js';
import type { CertificateContainer } from '../x509/certificate-container.js';
import { normalizeDnsName } from '../x509/name-coverage.js';
import { buildStoredChain, type StoredChain } from './stored-chain.js';

export interface ImportContext {
  readonly store: Store;
  readonly now: Date;
  readonly passphrase: PassphraseSource;
}

export type KeySource = 'file' | 'store' | 'none';

export interface MatchedRequest {
  readonly id: number;
  readonly server: string;
  readonly uses: readonly string[];
  readonly requestedNames: readonly string[];
  /** Requested names the certificate does not carry, in request order. */
  readonly lostNames: readonly string[];
  /** Names the CA added that were not requested. */
  readonly addedNames: readonly string[];
}

export interface ImportedLeaf {
  readonly certificate: StoredCertificate;
  readonly keySource: KeySource;
  readonly request: MatchedRequest | null;
  readonly chain: StoredChain;
  /** False when the store already held this certificate. */
  readonly added: boolean;
}

export interface ImportResult {
  readonly source: string;
  readonly format: string;
  readonly leaves: readonly ImportedLeaf[];
  /** CA certificates of the file, stored as the chain. */
  readonly authorities: readonly { readonly certificate: StoredCertificate; readonly added: boolean }[];
}

/** Names requested but not issued, and issued but not requested (both lowercase, as the SAN shows). */
export function compareNames(
  requested: readonly string[],
  issued: readonly string[],
): { lost: string[]; added: string[] } {
  const have = new Set(issued.map(normalizeDnsName));
  const asked = new Set(requested.map(normalizeDnsName));
  return {
    lost: requested.filter((n) => !have.has(normalizeDnsName(n))),
    added: issued.filter((n) => !asked.has(normalizeDnsName(n))),
  };
}

export async function importCertificates(
  context: ImportContext,
  container: CertificateContainer,
  fileKeys: readonly PrivateKeyMaterial[],
): Promise<ImportResult> {
  const { store, now } = context;
  // The passphrase is needed only to seal keys that came in the file; ask before the write lock.
  const passphrase = fileKeys.length > 0 ? await context.passphrase() : null;
  // scrypt before the store's write lock (issue 9, item 12).
  if (passphrase !== null) prepareKeyring(store, passphrase);
  const keysByHash = new Map(fileKeys.map((k) => [hashPublicKey(k.spki), k]));
  return store.write(() => {
    const keyring = passphrase === null ? null : openKeyring(store.db, passphrase, now);
    const authorities: ImportResult['authorities'][number][] = [];
    const leaves: ImportedLeaf[] = [];
    // CA certificates first, so that each leaf's chain is in the store when it is looked up.
    const ordered = [...container.certificates].sort((a, b) => Number(b.facts.isCa) - Number(a.facts.isCa));
    for (const contained of ordered) {
      const spkiHash = hashPublicKey(subjectPublicKeyInfoOf(contained.der));
      const fileKey = keysByHash.get(spkiHash);
      let privateKeyId: number | null = null;
      let keySource: KeySource = 'none';
      if (fileKey !== undefined && keyring !== null) {
        privateKeyId = insertPrivateKey(store.db, keyring, fileKey, now);
        keySource = 'file';
      } else {
        const stored = findPrivateKeyByPublicKey(store.db, spkiHash);
        if (stored !== null) {
          privateKeyId = stored.id;
          keySource = 'store';
        }
      }
      const existed = findCertificateByThumbprint(store.db, contained.facts.thumbprint) !== null;
      const request = privateKeyId === null ? null : findRequestByKey(store.db, privateKeyId);
      const friendlyName = contained.friendlyName ?? request?.friendlyName ?? undefined;
      const certificate = insertCertificate(
        store.db,
        {
          der: contained.der,
          facts: contained.facts,
          privateKeyId,
          source: 'import',
          ...(friendlyName === undefined || friendlyName === null ? {} : { friendlyName }),
        },
        now,
      );
      if (contained.facts.isCa && keySource === 'none') {
        authorities.push({ certificate, added: !existed });
        continue;
      }
      let matched: MatchedRequest | null = null;
      if (request !== null) {
        markRequestIssued(store.db, request.id, certificate.id, now);
        const { lost, added } = compareNames(request.requestedNames, certificate.facts.alternativeNames);
        matched = {
          id: request.id,
          server: request.server,
          uses: request.uses,
          requestedNames: request.requestedNames,
          lostNames: lost,
          addedNames: added,
        };
      }
      leaves.push({
        certificate,
        keySource,
        request: matched,
        chain: { issuers: [], complete: false, missingIssuer: null },
        added: !existed,
      });
    }
    return {
      source: container.source,
      format: container.format,
      authorities,
      leaves: leaves.map((leaf) => ({ ...leaf, chain: buildStoredChain(store.db, leaf.certificate) })),
    };
  });
}
