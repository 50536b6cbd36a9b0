// What every lab CA use case is given (the store, the clock, the passphrase) and the steps they
// share: finding the authorities, unlocking a CA key, signing and storing a leaf certificate.

import { randomBytes } from 'node:crypto';
import { inputError, type UccertError } from '../errors.js';
import type { UnlockedKeyring } from '../secrets/key-encryption.js';
import type { PassphraseSource } from '../secrets/passphrase.js';
import {
  allocateSerial,
  type CaAuthority,
  type CaRole,
  insertIssuedSerial,
  readAuthority,
} from '../store/ca-records.js';
import { insertCertificate, type StoredCertificate } from '../store/certificate-records.js';
import { openKeyring } from '../store/keyring-records.js';
import {
  findPrivateKeyByPublicKey,
  hashPublicKey,
  type KeyAlgorithmName,
  readPrivateKeyPkcs8,
  readPrivateKeyRecord,
} from '../store/private-key-records.js';
import type { SqliteDatabase, Store } from '../store/store.js';
import { parseCertificate } from '../x509/certificate.js';
import { publicationUrls, serialNumberHex, serialRandomBytes } from './ca-layout.js';
import type { ExtensionSpec, SigningKey } from './certificate-builder.js';
import type { LeafProfile } from './certificate-profiles.js';

/**
 * The certificate builder loads @peculiar/x509 (slow to import); only the steps that sign load it,
 * so `ca revoke` and `client-cert list|revoke` start without it.
 */
export function loadCertificateBuilder(): Promise<typeof import('./certificate-builder.js')> {
  return import('./certificate-builder.js');
}

export interface CaContext {
  readonly store: Store;
  readonly now: Date;
  readonly passphrase: PassphraseSource;
}

/** AD CS backdates notBefore by its clock skew allowance (CertSrv ClockSkewMinutes, 10 minutes). */
export const clockSkewMs = 10 * 60 * 1000;
const dayMs = 24 * 60 * 60 * 1000;

export function requireAuthority(db: SqliteDatabase, role: CaRole, home: string): CaAuthority {
  const authority = readAuthority(db, role);
  if (authority === null) throw labCaMissing(home);
  return authority;
}

/** The home has no lab CA (or no store at all). */
export function labCaMissing(home: string): UccertError {
  return inputError(
    'CA_NOT_INITIALIZED',
    `there is no lab CA in "${home}"`,
    'create one with `uccert ca init --name "Contoso Lab CA"`, or point --home at the store that has it',
  );
}

/** Unlocks the store and the CA's private key; a wrong passphrase throws before any write. */
export async function unlockAuthorityKey(
  db: SqliteDatabase,
  authority: CaAuthority,
  context: CaContext,
): Promise<{ keyring: UnlockedKeyring; signer: SigningKey }> {
  const keyring = openKeyring(db, await context.passphrase(), context.now);
  return { keyring, signer: signingKeyOf(db, keyring, authority) };
}

/** The CA's private key, opened with an already unlocked keyring. */
export function signingKeyOf(
  db: SqliteDatabase,
  keyring: UnlockedKeyring,
  authority: CaAuthority,
): SigningKey {
  const algorithm = readPrivateKeyRecord(db, authority.privateKeyId)?.algorithm;
  if (!isKeyAlgorithmName(algorithm))
    throw new Error(`the ${authority.role} CA key has an unknown algorithm`);
  return { pkcs8: readPrivateKeyPkcs8(db, keyring, authority.privateKeyId), algorithm };
}

function isKeyAlgorithmName(value: unknown): value is KeyAlgorithmName {
  return value === 'RSA' || value === 'ECDH_P256' || value === 'ECDH_P384' || value === 'ECDH_P521';
}

export interface LeafToIssue {
  /** Subject as DN text or the DER of a Name (copied from a CSR). */
  readonly subject: string | Uint8Array;
  readonly subjectPublicKey: Uint8Array;
  readonly subjectAltName: ExtensionSpec | null;
  readonly profile: LeafProfile;
  readonly days: number;
}

/**
 * Signs a leaf with the issuing CA and stores it with its serial, inside the caller's write
 * transaction. The certificate carries the CDP and AIA URLs Lync needs (§2.10). Its notAfter is
 * capped at the issuing CA's, as AD CS does.
 */
export async function issueLeaf(
  db: SqliteDatabase,
  issuing: CaAuthority,
  signer: SigningKey,
  leaf: LeafToIssue,
  now: Date,
): Promise<StoredCertificate> {
  const serial = allocateSerial(db, 'issuing');
  const urls = publicationUrls(issuing.baseUrl, issuing.name);
  const caNotAfter = new Date(issuing.certificate.facts.notAfter);
  const wanted = new Date(now.getTime() + leaf.days * dayMs);
  const { signCertificate } = await loadCertificateBuilder();
  const der = await signCertificate(
    {
      subject: leaf.subject,
      issuerCertificate: issuing.certificate.der,
      serialNumber: serialNumberHex(randomBytes(serialRandomBytes), serial),
      notBefore: new Date(now.getTime() - clockSkewMs),
      notAfter: wanted < caNotAfter ? wanted : caNotAfter,
      subjectPublicKey: leaf.subjectPublicKey,
      extensions: [
        { kind: 'keyUsage', usages: leaf.profile.keyUsage },
        { kind: 'extendedKeyUsage', usages: leaf.profile.extendedKeyUsage },
        ...(leaf.subjectAltName === null ? [] : [leaf.subjectAltName]),
        { kind: 'crlDistributionPoint', url: urls.crl },
        { kind: 'caIssuers', url: urls.certificate },
        { kind: 'certificateTemplateName', name: leaf.profile.template },
      ],
    },
    signer,
  );
  const facts = parseCertificate(der);
  // The key is in the store when uccert made it (request --ca local, client-cert issue).
  const key = findPrivateKeyByPublicKey(db, hashPublicKey(leaf.subjectPublicKey));
  const stored = insertCertificate(db, { der, facts, privateKeyId: key?.id ?? null, source: 'lab-ca' }, now);
  insertIssuedSerial(
    db,
    {
      caRole: 'issuing',
      serial,
      serialNumber: facts.serialNumber,
      certificateId: stored.id,
      profile: leaf.profile.name,
    },
    now,
  );
  return stored;
}
