// Finding a certificate's issuer among the stored certificates: by subject name (indexed by
// migration 2), then by signature. Export builds the "whole certification path" from it.

import { asRow, integerColumn } from './row.js';
import { type SqliteDatabase, statementOf } from './store.js';

/** Ids of stored certificates whose subject is exactly `subject` (the issuer name of a child). */
export function findCertificateIdsBySubject(db: SqliteDatabase, subject: string): number[] {
  return statementOf(db, 'SELECT id FROM certificates WHERE subject = ? ORDER BY id')
    .all(subject)
    .map((found) => integerColumn(asRow(found), 'id'));
}
