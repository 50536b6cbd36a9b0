// `ca crl`: signs a fresh CRL for each authority (the issuing CA's lists revoked leaves, the
// root's lists revoked issuing CAs), keeps it in the store as the one to publish, and lays out
// what the CDP/AIA URLs serve. A running CDP serves the last one signed and re-signs before its
// nextUpdate, so `ca crl` (after a revocation) reaches clients without restarting anything.

import type { CaRole } from '../store/ca-records.js';
import {
  allocateCrlNumber,
  listIssuedSerials,
  readPublishedCrl,
  revocationReasons,
  savePublishedCrl,
} from '../store/ca-records.js';
import { isoInstant } from '../store/instant.js';
import { openKeyring, prepareKeyring } from '../store/keyring-records.js';
import { type CaContext, loadCertificateBuilder, requireAuthority, signingKeyOf } from './ca-context.js';
import { publicationPath } from './ca-layout.js';
import type { CrlEntry } from './certificate-builder.js';

/** AD CS publishes a base CRL weekly by default (CRLPeriod 1 week). */
export const crlValidityDays = 7;

export interface SignedCrl {
  readonly role: CaRole;
  readonly issuer: string;
  readonly der: Uint8Array;
  readonly crlNumber: number;
  readonly thisUpdate: string;
  readonly nextUpdate: string;
  readonly revoked: readonly { serialNumber: string; revokedAt: string; reason: string }[];
}

/** A file the publication server answers with, by URL path. */
export interface PublishedFile {
  readonly path: string;
  readonly contentType: 'application/pkix-crl' | 'application/pkix-cert';
  readonly body: Uint8Array;
}

export interface CrlSet {
  /** Where the certificates say these files are (`ca init --base-url`). */
  readonly baseUrl: string;
  readonly issuing: SignedCrl;
  readonly root: SignedCrl;
  /** CRLs and CA certificates at their CDP and AIA paths (RFC 2585 media types). */
  readonly files: readonly PublishedFile[];
}

export async function signCrls(context: CaContext): Promise<CrlSet> {
  const { store, now } = context;
  // The prompt, scrypt and the certificate library come before the store's write lock: none of
  // them may hold other commands up (issue 9, item 12).
  prepareKeyring(store, await context.passphrase());
  const { signCrl } = await loadCertificateBuilder();
  return store.write(async () => {
    const db = store.db;
    const authorities = [
      requireAuthority(db, 'issuing', store.home),
      requireAuthority(db, 'root', store.home),
    ];
    const keyring = openKeyring(db, await context.passphrase(), now);
    const signed: SignedCrl[] = [];
    const files: PublishedFile[] = [];
    for (const authority of authorities) {
      const signer = signingKeyOf(db, keyring, authority);
      const revoked = listIssuedSerials(db, authority.role).flatMap((issued) =>
        issued.revokedAt === null ? [] : [{ issued, revokedAt: issued.revokedAt }],
      );
      const entries: CrlEntry[] = revoked.map(({ issued, revokedAt }) => ({
        serialNumber: issued.serialNumber,
        revokedAt: new Date(revokedAt),
        reasonCode: revocationReasons[issued.revocationReason ?? 'unspecified'],
      }));
      const crlNumber = allocateCrlNumber(db, authority.role);
      const nextUpdate = new Date(now.getTime() + crlValidityDays * 24 * 60 * 60 * 1000);
      const der = await signCrl(
        { issuerCertificate: authority.certificate.der, thisUpdate: now, nextUpdate, crlNumber, entries },
        signer,
      );
      savePublishedCrl(db, {
        role: authority.role,
        crlNumber,
        thisUpdate: isoInstant(now),
        nextUpdate: isoInstant(nextUpdate),
        der,
      });
      signed.push({
        role: authority.role,
        issuer: authority.certificate.facts.subject,
        der,
        crlNumber,
        thisUpdate: isoInstant(now),
        nextUpdate: isoInstant(nextUpdate),
        revoked: revoked.map(({ issued, revokedAt }) => ({
          serialNumber: issued.serialNumber,
          revokedAt,
          reason: issued.revocationReason ?? 'unspecified',
        })),
      });
      files.push(
        { path: publicationPath(authority.name, 'crl'), contentType: 'application/pkix-crl', body: der },
        {
          path: publicationPath(authority.name, 'crt'),
          contentType: 'application/pkix-cert',
          body: authority.certificate.der,
        },
      );
    }
    const [issuing, root] = signed;
    if (issuing === undefined || root === undefined) throw new Error('a CRL is missing');
    return { baseUrl: authorities[0]?.baseUrl ?? '', issuing, root, files };
  });
}

/**
 * A CDP re-signs once half of a CRL's validity has passed (3.5 days of 7), well before nextUpdate,
 * as AD CS's overlap period does: a client never fetches a CRL that is about to expire.
 */
export const crlResignAfterMs = (crlValidityDays * 24 * 60 * 60 * 1000) / 2;

/**
 * What the CDP and AIA URLs serve now: the last CRL of each authority that `ca crl` (or this) signed,
 * re-signed first when there is none yet or half its validity has passed. Reads the store on every
 * call, so a `ca crl` in another process is served at the next request.
 */
export async function currentPublication(context: CaContext): Promise<readonly PublishedFile[]> {
  const { store, now } = context;
  const stale = store.read(() =>
    (['issuing', 'root'] as const).some((role) => {
      const crl = readPublishedCrl(store.db, role);
      return crl === null || now.getTime() >= Date.parse(crl.thisUpdate) + crlResignAfterMs;
    }),
  );
  if (stale) return (await signCrls(context)).files;
  return store.read(() =>
    (['issuing', 'root'] as const).flatMap((role): PublishedFile[] => {
      const authority = requireAuthority(store.db, role, store.home);
      const crl = readPublishedCrl(store.db, role);
      if (crl === null) throw new Error(`the ${role} CA's CRL vanished`);
      return [
        { path: publicationPath(authority.name, 'crl'), contentType: 'application/pkix-crl', body: crl.der },
        {
          path: publicationPath(authority.name, 'crt'),
          contentType: 'application/pkix-cert',
          body: authority.certificate.der,
        },
      ];
    }),
  );
}
