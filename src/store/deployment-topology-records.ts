// The deployment's remembered topology (uccert topology use): one row with the format-1 document,
// the file it came from and that file's SHA-256, and what was read and assumed to make it.

import { isoInstant } from './instant.js';
import { asRow, textColumn } from './row.js';
import { type SqliteDatabase, statementOf } from './store.js';

export interface StoredTopology {
  readonly sourcePath: string;
  readonly sourceSha256: string;
  readonly format: string;
  /** The format-1 document, as unknown: read it with parseTopology. */
  readonly document: unknown;
  /** What was read and assumed to make it (the plan JSON's `topology`), as unknown. */
  readonly provenance: unknown;
  readonly recordedAt: string;
}

export function readStoredTopology(db: SqliteDatabase): StoredTopology | null {
  const value = statementOf(
    db,
    'SELECT source_path, source_sha256, format, document, provenance, recorded_at FROM deployment_topology WHERE id = 1',
  ).get();
  if (value === undefined) return null;
  const row = asRow(value);
  return {
    sourcePath: textColumn(row, 'source_path'),
    sourceSha256: textColumn(row, 'source_sha256'),
    format: textColumn(row, 'format'),
    document: JSON.parse(textColumn(row, 'document')) as unknown,
    provenance: JSON.parse(textColumn(row, 'provenance')) as unknown,
    recordedAt: textColumn(row, 'recorded_at'),
  };
}

export function writeStoredTopology(
  db: SqliteDatabase,
  topology: Omit<StoredTopology, 'recordedAt'>,
  now: Date,
): void {
  statementOf(
    db,
    `INSERT INTO deployment_topology (id, source_path, source_sha256, format, document, provenance, recorded_at)
     VALUES (1, @sourcePath, @sourceSha256, @format, @document, @provenance, @recordedAt)
     ON CONFLICT (id) DO UPDATE SET source_path = excluded.source_path, source_sha256 = excluded.source_sha256,
       format = excluded.format, document = excluded.document, provenance = excluded.provenance,
       recorded_at = excluded.recorded_at`,
  ).run({
    sourcePath: topology.sourcePath,
    sourceSha256: topology.sourceSha256,
    format: topology.format,
    document: JSON.stringify(topology.document),
    provenance: JSON.stringify(topology.provenance),
    recordedAt: isoInstant(now),
  });
}
