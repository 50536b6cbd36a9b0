// Consistency checks over a whole store: the file's header, SQLite's own checks, foreign keys,
// uccert's invariants (facts match their certificate, no key without an owner, serial counters
// ahead of every serial), every certificate's facts against its DER, and the keyring's cost.
// `uccert store check` prints them; the crash-safety tests run them after killing uccert mid-write.

import { createHash } from 'node:crypto';
import { parseCertificate } from '../x509/certificate.js';
import { keyringParameterProblem, readKeyringParameters } from './keyring-records.js';
import { checkFileHeader } from './pre-write-check.js';
import { asRow, blobColumn, integerColumn, textColumn } from './row.js';
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

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Runs one part of the check; a part that cannot even run (a dropped table) is itself a problem. */
function checkPart(problems: string[], what: string, part: () => void): void {
  try {
    part();
  } catch (error) {
    problems.push(`${what} could not run: ${reasonOf(error)}`);
  }
}

/**
 * The identifying facts, their column, and whether the DER is compared too. Names are compared
 * only with their column: how a DN is written may change between uccert versions (RFC 4514
 * details), while serial, dates and hashes cannot.
 */
const factColumns: readonly (readonly [string, string, boolean])[] = [
  ['subject', 'subject', false],
  ['issuer', 'issuer', false],
  ['serialNumber', 'serial_number', true],
  ['notBefore', 'not_before', true],
  ['notAfter', 'not_after', true],
  ['thumbprintSha256', 'thumbprint_sha256', true],
];

function checkCertificateFacts(db: SqliteDatabase, problems: string[]): void {
  const rows = db
    .prepare(
      'SELECT thumbprint, thumbprint_sha256, der, facts, subject, issuer, serial_number, not_before, not_after FROM certificates',
    )
    .iterate();
  for (const found of rows) {
    const row = asRow(found);
    const thumbprint = String(row.thumbprint);
    try {
      const der = blobColumn(row, 'der');
      const actual = createHash('sha1').update(der).digest('hex').toUpperCase();
      if (actual !== thumbprint) {
        problems.push(`certificate ${thumbprint}: its DER has thumbprint ${actual}`);
        continue;
      }
      const parsed = parseCertificate(der) as unknown as Record<string, unknown>;
      const stored = JSON.parse(textColumn(row, 'facts')) as Record<string, unknown>;
      for (const [fact, column, fromDer] of factColumns) {
        if (fromDer && stored[fact] !== parsed[fact]) {
          problems.push(
            `certificate ${thumbprint}: stored facts say ${fact} "${String(stored[fact])}", its DER "${String(parsed[fact])}"`,
          );
        } else if (row[column] !== stored[fact]) {
          problems.push(
            `certificate ${thumbprint}: column ${column} says "${String(row[column])}", its stored facts "${String(stored[fact])}"`,
          );
        }
      }
    } catch (error) {
      problems.push(`certificate ${thumbprint}: ${reasonOf(error)}`);
    }
  }
}

/** Every problem found, as sentences; empty when the store is consistent. */
export function checkStoreIntegrity(db: SqliteDatabase, path?: string): string[] {
  const problems: string[] = [];
  if (path !== undefined)
    checkPart(problems, 'the header check', () => problems.push(...checkFileHeader(path)));
  checkPart(problems, 'SQLite integrity_check', () => {
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') problems.push(`SQLite integrity_check: ${String(integrity)}`);
  });
  checkPart(problems, 'the foreign key check', () => {
    for (const found of db.pragma('foreign_key_check') as unknown[]) {
      const row = asRow(found);
      problems.push(`foreign key broken in ${textColumn(row, 'table')} row ${integerColumn(row, 'rowid')}`);
    }
  });
  for (const [what, sql] of invariantQueries) {
    checkPart(problems, `the check for a ${what}`, () => {
      for (const found of db.prepare(sql).all()) problems.push(`${what}: ${String(asRow(found).item)}`);
    });
  }
  checkPart(problems, 'the certificate facts check', () => checkCertificateFacts(db, problems));
  checkPart(problems, 'the keyring check', () => {
    const parameters = readKeyringParameters(db);
    const problem = parameters === null ? null : keyringParameterProblem(parameters);
    if (problem !== null) problems.push(`keyring ${problem}`);
  });
  return problems;
}
