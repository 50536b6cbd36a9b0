// What servers reported (uccert inventory import): server × use → thumbprint, at the time the
// server reported it. The latest report per server and use is what check and get --observed read.

import { isoInstant } from './instant.js';
import { asRow, optionalIntegerColumn, optionalTextColumn, textColumn } from './row.js';
import { type SqliteDatabase, statementOf } from './store.js';

export interface ObservedAssignment {
  readonly server: string;
  readonly use: string;
  readonly thumbprint: string;
  readonly certificateId: number | null;
  readonly effectiveDate: string | null;
  readonly previousThumbprint: string | null;
  readonly observedAt: string;
  readonly importedAt: string;
  readonly sourceFile: string;
  readonly details: unknown;
}

export type NewObservedAssignment = Omit<ObservedAssignment, 'importedAt'>;

export function insertObservedAssignment(db: SqliteDatabase, o: NewObservedAssignment, now: Date): void {
  statementOf(
    db,
    `INSERT INTO observed_assignments (server, use, thumbprint, certificate_id, effective_date, previous_thumbprint,
       observed_at, imported_at, source_file, details)
     VALUES (@server, @use, @thumbprint, @certificateId, @effectiveDate, @previousThumbprint, @observedAt, @importedAt,
       @sourceFile, @details)`,
  ).run({
    ...o,
    server: o.server.toLowerCase(),
    importedAt: isoInstant(now),
    details: JSON.stringify(o.details),
  });
}

/** The latest report per server and use (optionally one server), ordered by server and use. */
export function listLatestObserved(db: SqliteDatabase, server?: string): ObservedAssignment[] {
  return statementOf(
    db,
    `SELECT o.* FROM observed_assignments o
      WHERE (@server IS NULL OR o.server = @server)
        AND o.id = (SELECT i.id FROM observed_assignments i WHERE i.server = o.server AND i.use = o.use
                    ORDER BY i.observed_at DESC, i.id DESC LIMIT 1)
      ORDER BY o.server, o.use`,
  )
    .all({ server: server?.toLowerCase() ?? null })
    .map((value) => {
      const row = asRow(value);
      return {
        server: textColumn(row, 'server'),
        use: textColumn(row, 'use'),
        thumbprint: textColumn(row, 'thumbprint'),
        certificateId: optionalIntegerColumn(row, 'certificate_id'),
        effectiveDate: optionalTextColumn(row, 'effective_date'),
        previousThumbprint: optionalTextColumn(row, 'previous_thumbprint'),
        observedAt: textColumn(row, 'observed_at'),
        importedAt: textColumn(row, 'imported_at'),
        sourceFile: textColumn(row, 'source_file'),
        details: JSON.parse(textColumn(row, 'details')) as unknown,
      };
    });
}
