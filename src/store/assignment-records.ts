// Assignments, as Set-CsCertificate makes them: per server and use, the current certificate from
// its effective date, and the previous one that -Roll keeps until Remove-CsCertificate -Previous
// (lync-certificate-rules.md §4.2, §4.5). Every change is appended to the history.

import { isoInstant } from './instant.js';
import { asRow, integerColumn, optionalIntegerColumn, optionalTextColumn, textColumn } from './row.js';
import { type SqliteDatabase, statementOf } from './store.js';

export interface Assignment {
  readonly server: string;
  readonly use: string;
  readonly certificateId: number;
  readonly thumbprint: string;
  readonly effectiveAt: string;
  readonly previousCertificateId: number | null;
  readonly previousThumbprint: string | null;
  readonly assignedAt: string;
}

export type AssignmentAction = 'set' | 'roll' | 'remove' | 'remove-previous';

export interface AssignmentChange {
  readonly server: string;
  readonly use: string;
  readonly action: AssignmentAction;
  readonly certificateId: number | null;
  readonly previousCertificateId: number | null;
  readonly effectiveAt: string | null;
  readonly at: string;
}

export interface AssignmentFilter {
  readonly server?: string;
  readonly use?: string;
}

const assignmentSelect = `SELECT a.server, a.use, a.certificate_id, c.thumbprint, a.effective_at,
    a.previous_certificate_id, p.thumbprint AS previous_thumbprint, a.assigned_at
  FROM assignments a JOIN certificates c ON c.id = a.certificate_id
  LEFT JOIN certificates p ON p.id = a.previous_certificate_id`;

export function listAssignments(db: SqliteDatabase, filter: AssignmentFilter = {}): Assignment[] {
  return statementOf(
    db,
    `${assignmentSelect} WHERE (@server IS NULL OR a.server = @server) AND (@use IS NULL OR a.use = @use) ORDER BY a.server, a.use`,
  )
    .all({ server: filter.server?.toLowerCase() ?? null, use: filter.use ?? null })
    .map(assignmentOf);
}

export function readAssignment(db: SqliteDatabase, server: string, use: string): Assignment | null {
  return listAssignments(db, { server, use })[0] ?? null;
}

export interface NewAssignment {
  readonly server: string;
  readonly use: string;
  readonly certificateId: number;
  /** ISO 8601; `now` when not staged. */
  readonly effectiveAt: string;
  /** -Roll: stage the new certificate and keep the current one as previous. */
  readonly roll: boolean;
}

/**
 * Assigns a certificate to one server × use. Only a roll keeps the certificate it replaces as the
 * previous one (Set-CsCertificate -Roll, [L13-ROLL]; Remove-CsCertificate -Previous cleans it up,
 * lync-certificate-rules.md §4.2, §4.5); a plain set replaces the current one and keeps none.
 */
export function setAssignment(db: SqliteDatabase, change: NewAssignment, now: Date): Assignment {
  const server = change.server.toLowerCase();
  const current = readAssignment(db, server, change.use);
  const replaced =
    current === null
      ? null
      : current.certificateId === change.certificateId
        ? current.previousCertificateId
        : current.certificateId;
  const previous = change.roll ? replaced : null;
  statementOf(
    db,
    `INSERT INTO assignments (server, use, certificate_id, effective_at, previous_certificate_id, assigned_at)
     VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (server, use) DO UPDATE SET certificate_id = excluded.certificate_id,
       effective_at = excluded.effective_at, previous_certificate_id = excluded.previous_certificate_id,
       assigned_at = excluded.assigned_at`,
  ).run(server, change.use, change.certificateId, change.effectiveAt, previous, isoInstant(now));
  appendHistory(db, {
    server,
    use: change.use,
    action: change.roll ? 'roll' : 'set',
    certificateId: change.certificateId,
    // The history keeps what this change replaced, roll or not: the timeline shows both.
    previousCertificateId: replaced,
    effectiveAt: change.effectiveAt,
    at: isoInstant(now),
  });
  const stored = readAssignment(db, server, change.use);
  if (stored === null) throw new Error('assignment vanished after it was written');
  return stored;
}

/** Remove-CsCertificate: un-assigns the current certificate, or with `previous` only the previous one. */
export function removeAssignment(
  db: SqliteDatabase,
  server: string,
  use: string,
  previous: boolean,
  now: Date,
): boolean {
  const current = readAssignment(db, server, use);
  if (current === null) return false;
  if (previous) {
    if (current.previousCertificateId === null) return false;
    statementOf(db, 'UPDATE assignments SET previous_certificate_id = NULL WHERE server = ? AND use = ?').run(
      current.server,
      use,
    );
  } else {
    statementOf(db, 'DELETE FROM assignments WHERE server = ? AND use = ?').run(current.server, use);
  }
  appendHistory(db, {
    server: current.server,
    use,
    action: previous ? 'remove-previous' : 'remove',
    certificateId: previous ? current.previousCertificateId : current.certificateId,
    previousCertificateId: null,
    effectiveAt: null,
    at: isoInstant(now),
  });
  return true;
}

function appendHistory(db: SqliteDatabase, change: AssignmentChange): void {
  statementOf(
    db,
    `INSERT INTO assignment_history (server, use, action, certificate_id, previous_certificate_id, effective_at, at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    change.server,
    change.use,
    change.action,
    change.certificateId,
    change.previousCertificateId,
    change.effectiveAt,
    change.at,
  );
}

export function listAssignmentHistory(db: SqliteDatabase, filter: AssignmentFilter = {}): AssignmentChange[] {
  return statementOf(
    db,
    `SELECT server, use, action, certificate_id, previous_certificate_id, effective_at, at FROM assignment_history
       WHERE (@server IS NULL OR server = @server) AND (@use IS NULL OR use = @use) ORDER BY id`,
  )
    .all({ server: filter.server?.toLowerCase() ?? null, use: filter.use ?? null })
    .map((found) => {
      const row = asRow(found);
      const action = textColumn(row, 'action');
      if (action !== 'set' && action !== 'roll' && action !== 'remove' && action !== 'remove-previous') {
        throw new Error(`unknown assignment action "${action}"`);
      }
      return {
        server: textColumn(row, 'server'),
        use: textColumn(row, 'use'),
        action,
        certificateId: optionalIntegerColumn(row, 'certificate_id'),
        previousCertificateId: optionalIntegerColumn(row, 'previous_certificate_id'),
        effectiveAt: optionalTextColumn(row, 'effective_at'),
        at: textColumn(row, 'at'),
      };
    });
}

function assignmentOf(found: unknown): Assignment {
  const row = asRow(found);
  return {
    server: textColumn(row, 'server'),
    use: textColumn(row, 'use'),
    certificateId: integerColumn(row, 'certificate_id'),
    thumbprint: textColumn(row, 'thumbprint'),
    effectiveAt: textColumn(row, 'effective_at'),
    previousCertificateId: optionalIntegerColumn(row, 'previous_certificate_id'),
    previousThumbprint: optionalTextColumn(row, 'previous_thumbprint'),
    assignedAt: textColumn(row, 'assigned_at'),
  };
}
