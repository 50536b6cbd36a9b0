// Consistency checks over a whole store: SQLite's own, foreign keys, and uccert's invariants
// (facts match their certificate, no key without an owner, serial counters ahead of every serial).
// The crash-safety test runs these after killing uccert mid-write.

import { asRow, integerColumn, textColumn } from './row.js';
import type { SqliteDatabase } from './store.js';

const invariantQueries: readonly (readonly [string, string])[] = [
  [
    'certificate whose facts do not match it',
    `SELECT thumbprint AS item FROM certificates
     WHERE json_extract(facts, '$.thumbprint') IS NOT thumbprint OR json_extract(facts, '$.serialNumber') IS NOT serial_number`,
  ],
  [
    'private key that no certificate, request or CA uses',
    `SELECT public_key_sha256 AS item FROM private_keys k
     WHERE NOT EXISTS (SELECT 1 FROM certificates c WHERE c.private_key_id = k.id)
       AND NOT EXISTS (SELECT 1 FROM pending_requests r WHERE r.private_key_id = k.id)
       AND NOT EXISTS (SELECT 1 FROM ca_authorities a WHERE a.private_key_id = k.id)`,
  ],
  [
    'CA whose serial counter is not ahead of every serial it issued',
    `SELECT a.role AS item FROM ca_authorities a
     WHERE a.next_serial <= (SELECT coalesce(max(serial), 0) FROM ca_issued i WHERE i.ca_role = a.role)`,
  ],
  [
    'issued serial whose certificate has another serial number',
    `SELECT i.serial_number AS item FROM ca_issued i JOIN certificates c ON c.id = i.certificate_id
     WHERE c.serial_number IS NOT i.serial_number`,
  ],
  [
    'certificate without its names',
    `SELECT c.thumbprint AS item FROM certificates c
     WHERE json_array_length(c.facts, '$.alternativeNames') > 0
       AND NOT EXISTS (SELECT 1 FROM certificate_names n WHERE n.certificate_id = c.id AND n.kind = 'san')`,
  ],
];

/** Every problem found, as sentences; empty when the store is consistent. */
export function checkStoreIntegrity(db: SqliteDatabase): string[] {
  const problems: string[] = [];
  const integrity = db.pragma('integrity_check', { simple: true });
  if (integrity !== 'ok') problems.push(`SQLite integrity_check: ${String(integrity)}`);
  for (const found of db.pragma('foreign_key_check') as unknown[]) {
    const row = asRow(found);
    problems.push(`foreign key broken in ${textColumn(row, 'table')} row ${integerColumn(row, 'rowid')}`);
  }
  for (const [what, sql] of invariantQueries) {
    for (const found of db.prepare(sql).all()) problems.push(`${what}: ${String(asRow(found).item)}`);
  }
  return problems;
}
