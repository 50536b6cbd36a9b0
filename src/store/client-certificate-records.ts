// Client certificates of SIP users, as Get-CsClientCertificate lists them: the user, the
// certificate, and (through ca_issued) whether it was revoked.

import type { CertificateFacts } from '../x509/certificate-facts.js';
import { parseStoredFacts } from './certificate-records.js';
import { isoInstant } from './instant.js';
import { asRow, jsonColumn, optionalTextColumn, textColumn } from './row.js';
import { type SqliteDatabase, statementOf } from './store.js';

export interface ClientCertificateRecord {
  readonly userUri: string;
  readonly issuedAt: string;
  readonly facts: CertificateFacts;
  readonly revokedAt: string | null;
  readonly revocationReason: string | null;
}

export function insertClientCertificate(
  db: SqliteDatabase,
  certificateId: number,
  userUri: string,
  now: Date,
): void {
  statementOf(
    db,
    'INSERT INTO client_certificates (certificate_id, user_uri, issued_at) VALUES (?, ?, ?)',
  ).run(certificateId, userUri, isoInstant(now));
}

export function listClientCertificates(db: SqliteDatabase, userUri?: string): ClientCertificateRecord[] {
  const base = `SELECT u.user_uri, u.issued_at, c.facts, c.thumbprint, i.revoked_at, i.revocation_reason
    FROM client_certificates u JOIN certificates c ON c.id = u.certificate_id
    LEFT JOIN ca_issued i ON i.certificate_id = u.certificate_id`;
  const rows =
    userUri === undefined
      ? statementOf(db, `${base} ORDER BY u.user_uri, i.serial`).all()
      : statementOf(db, `${base} WHERE u.user_uri = ? ORDER BY i.serial`).all(userUri.toLowerCase());
  return rows.map((found) => {
    const row = asRow(found);
    return {
      userUri: textColumn(row, 'user_uri'),
      issuedAt: textColumn(row, 'issued_at'),
      // Client certificates are issued with a key uccert made and keeps.
      facts: {
        ...parseStoredFacts(jsonColumn(row, 'facts'), textColumn(row, 'thumbprint')),
        hasPrivateKey: true,
      },
      revokedAt: optionalTextColumn(row, 'revoked_at'),
      revocationReason: optionalTextColumn(row, 'revocation_reason'),
    };
  });
}

export function isClientCertificate(db: SqliteDatabase, certificateId: number): boolean {
  return (
    statementOf(db, 'SELECT 1 FROM client_certificates WHERE certificate_id = ?').get(certificateId) !==
    undefined
  );
}
