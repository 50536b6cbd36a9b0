// The lab CA's state: its two authorities (root and issuing), the serial counter each keeps, the
// number of its last CRL, and every serial it has signed with its revocation.

import { findCertificateById, type StoredCertificate } from './certificate-records.js';
import { isoInstant } from './instant.js';
import { asRow, blobColumn, integerColumn, optionalTextColumn, textColumn } from './row.js';
import { type SqliteDatabase, statementOf } from './store.js';

export type CaRole = 'root' | 'issuing';

/**
 * RFC 5280 §5.3.1 CRLReason names, with their codes. certificateHold and removeFromCRL are left
 * out: the lab CA has no unrevoke, so a hold could never be released.
 */
export const revocationReasons = {
  unspecified: 0,
  keyCompromise: 1,
  cACompromise: 2,
  affiliationChanged: 3,
  superseded: 4,
  cessationOfOperation: 5,
  privilegeWithdrawn: 9,
} as const;
export type RevocationReason = keyof typeof revocationReasons;

export function isRevocationReason(value: string): value is RevocationReason {
  return Object.hasOwn(revocationReasons, value);
}

export interface CaAuthority {
  readonly role: CaRole;
  readonly name: string;
  readonly certificate: StoredCertificate;
  readonly privateKeyId: number;
  readonly baseUrl: string;
  readonly nextSerial: number;
  readonly crlNumber: number;
  readonly createdAt: string;
}

export interface NewCaAuthority {
  readonly role: CaRole;
  readonly name: string;
  readonly certificateId: number;
  readonly privateKeyId: number;
  readonly baseUrl: string;
  readonly nextSerial: number;
}

export interface IssuedSerial {
  readonly caRole: CaRole;
  readonly serial: number;
  readonly serialNumber: string;
  readonly certificateId: number;
  readonly thumbprint: string;
  readonly subject: string;
  readonly profile: string;
  readonly issuedAt: string;
  readonly revokedAt: string | null;
  readonly revocationReason: RevocationReason | null;
}

export function insertAuthority(db: SqliteDatabase, ca: NewCaAuthority, now: Date): void {
  statementOf(
    db,
    `INSERT INTO ca_authorities (role, name, certificate_id, private_key_id, base_url, next_serial, crl_number, created_at)
     VALUES (?, ?, ?, ?, ?, ?, 0, ?)`,
  ).run(ca.role, ca.name, ca.certificateId, ca.privateKeyId, ca.baseUrl, ca.nextSerial, isoInstant(now));
}

export function readAuthority(db: SqliteDatabase, role: CaRole): CaAuthority | null {
  const found = statementOf(db, 'SELECT * FROM ca_authorities WHERE role = ?').get(role);
  if (found === undefined) return null;
  const row = asRow(found);
  const certificateId = integerColumn(row, 'certificate_id');
  const certificate = findCertificateById(db, certificateId);
  if (certificate === null) throw new Error(`the ${role} CA's certificate ${certificateId} is missing`);
  return {
    role,
    name: textColumn(row, 'name'),
    certificate,
    privateKeyId: integerColumn(row, 'private_key_id'),
    baseUrl: textColumn(row, 'base_url'),
    nextSerial: integerColumn(row, 'next_serial'),
    crlNumber: integerColumn(row, 'crl_number'),
    createdAt: textColumn(row, 'created_at'),
  };
}

/** Takes the next serial of an authority (call inside the command's write transaction). */
export function allocateSerial(db: SqliteDatabase, role: CaRole): number {
  const found = statementOf(
    db,
    'UPDATE ca_authorities SET next_serial = next_serial + 1 WHERE role = ? RETURNING next_serial - 1 AS serial',
  ).get(role);
  if (found === undefined) throw new Error(`there is no ${role} CA`);
  return integerColumn(asRow(found), 'serial');
}

/** Takes the next CRL number of an authority (RFC 5280 §5.2.3: monotonically increasing). */
export function allocateCrlNumber(db: SqliteDatabase, role: CaRole): number {
  const found = statementOf(
    db,
    'UPDATE ca_authorities SET crl_number = crl_number + 1 WHERE role = ? RETURNING crl_number',
  ).get(role);
  if (found === undefined) throw new Error(`there is no ${role} CA`);
  return integerColumn(asRow(found), 'crl_number');
}

export interface NewIssuedSerial {
  readonly caRole: CaRole;
  readonly serial: number;
  readonly serialNumber: string;
  readonly certificateId: number;
  readonly profile: string;
}

export function insertIssuedSerial(db: SqliteDatabase, issued: NewIssuedSerial, now: Date): void {
  statementOf(
    db,
    `INSERT INTO ca_issued (ca_role, serial, serial_number, certificate_id, profile, issued_at)
     VALUES (?, ?, ?, ?, ?, ?)`,
  ).run(
    issued.caRole,
    issued.serial,
    issued.serialNumber,
    issued.certificateId,
    issued.profile,
    isoInstant(now),
  );
}

const issuedSelect = `SELECT i.ca_role, i.serial, i.serial_number, i.certificate_id, i.profile, i.issued_at,
    i.revoked_at, i.revocation_reason, c.thumbprint, c.subject
  FROM ca_issued i JOIN certificates c ON c.id = i.certificate_id`;

/** A certificate the lab CA signed, found by thumbprint (40 hex digits) or serial number (hex). */
export function findIssuedSerial(db: SqliteDatabase, thumbprintOrSerial: string): IssuedSerial | null {
  const key = thumbprintOrSerial.replace(/[\s:]/g, '').toUpperCase();
  const found =
    statementOf(db, `${issuedSelect} WHERE c.thumbprint = ?`).get(key) ??
    statementOf(db, `${issuedSelect} WHERE i.ca_role = 'issuing' AND i.serial_number = ?`).get(
      key.replace(/^0+(?=.)/, ''),
    );
  return found === undefined ? null : issuedSerialOf(found);
}

export function listIssuedSerials(db: SqliteDatabase, role: CaRole): IssuedSerial[] {
  return statementOf(db, `${issuedSelect} WHERE i.ca_role = ? ORDER BY i.serial`)
    .all(role)
    .map(issuedSerialOf);
}

export function revokeIssuedSerial(
  db: SqliteDatabase,
  role: CaRole,
  serial: number,
  reason: RevocationReason,
  now: Date,
): void {
  statementOf(
    db,
    'UPDATE ca_issued SET revoked_at = ?, revocation_reason = ? WHERE ca_role = ? AND serial = ?',
  ).run(isoInstant(now), reason, role, serial);
}

function issuedSerialOf(found: unknown): IssuedSerial {
  const row = asRow(found);
  const role = textColumn(row, 'ca_role');
  const reason = optionalTextColumn(row, 'revocation_reason');
  if (role !== 'root' && role !== 'issuing') throw new Error(`unknown CA role "${role}"`);
  if (reason !== null && !isRevocationReason(reason))
    throw new Error(`unknown revocation reason "${reason}"`);
  return {
    caRole: role,
    serial: integerColumn(row, 'serial'),
    serialNumber: textColumn(row, 'serial_number'),
    certificateId: integerColumn(row, 'certificate_id'),
    thumbprint: textColumn(row, 'thumbprint'),
    subject: textColumn(row, 'subject'),
    profile: textColumn(row, 'profile'),
    issuedAt: textColumn(row, 'issued_at'),
    revokedAt: optionalTextColumn(row, 'revoked_at'),
    revocationReason: reason,
  };
}

/** The last CRL an authority signed: what its CRL distribution point serves. */
export interface PublishedCrl {
  readonly role: CaRole;
  readonly crlNumber: number;
  readonly thisUpdate: string;
  readonly nextUpdate: string;
  readonly der: Uint8Array;
}

/** Keeps a newly signed CRL as the one to serve (call inside the signing write transaction). */
export function savePublishedCrl(db: SqliteDatabase, crl: PublishedCrl): void {
  statementOf(
    db,
    `INSERT INTO ca_published_crls (role, crl_number, this_update, next_update, der) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (role) DO UPDATE SET crl_number = excluded.crl_number, this_update = excluded.this_update,
       next_update = excluded.next_update, der = excluded.der`,
  ).run(crl.role, crl.crlNumber, crl.thisUpdate, crl.nextUpdate, crl.der);
}

export function readPublishedCrl(db: SqliteDatabase, role: CaRole): PublishedCrl | null {
  const found = statementOf(
    db,
    'SELECT role, crl_number, this_update, next_update, der FROM ca_published_crls WHERE role = ?',
  ).get(role);
  if (found === undefined) return null;
  const row = asRow(found);
  return {
    role,
    crlNumber: integerColumn(row, 'crl_number'),
    thisUpdate: textColumn(row, 'this_update'),
    nextUpdate: textColumn(row, 'next_update'),
    der: blobColumn(row, 'der'),
  };
}
