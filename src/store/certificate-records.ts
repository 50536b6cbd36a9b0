// Certificates in the store: the DER (the truth), its thumbprints, its CertificateFacts as JSON
// (for SQL filters and the console), and every DNS name with its labels reversed so suffix
// searches use an index (architecture.md, "SQLite": a reversed-name column, not LIKE).

import { environmentError } from '../errors.js';
import { subjectPublicKeyInfoOf } from '../x509/certificate.js';
import type { CertificateFacts } from '../x509/certificate-facts.js';
import { isoInstant } from './instant.js';
import { hashPublicKey } from './private-key-records.js';
import {
  asRow,
  blobColumn,
  integerColumn,
  jsonColumn,
  optionalIntegerColumn,
  optionalTextColumn,
  textColumn,
} from './row.js';
import { type SqliteDatabase, statementOf } from './store.js';

export type CertificateSource = 'lab-ca' | 'import' | 'request' | 'inventory';

export interface StoredCertificate {
  readonly id: number;
  readonly der: Uint8Array;
  /** The facts, with `hasPrivateKey` telling whether the store holds the key. */
  readonly facts: CertificateFacts;
  readonly privateKeyId: number | null;
  readonly source: string;
  readonly friendlyName: string | null;
  readonly addedAt: string;
}

export interface NewCertificate {
  readonly der: Uint8Array;
  readonly facts: CertificateFacts;
  readonly privateKeyId: number | null;
  readonly source: CertificateSource;
  readonly friendlyName?: string;
}

/** "pool01.contoso.net" → "net.contoso.pool01": a name's labels, most general first. */
export function reverseDnsName(name: string): string {
  return name.toLowerCase().split('.').reverse().join('.');
}

/**
 * Stores a certificate (and its names) unless its thumbprint is already there; then only links
 * the private key if the stored copy lacked one. Returns the stored row.
 */
export function insertCertificate(db: SqliteDatabase, cert: NewCertificate, now: Date): StoredCertificate {
  const existing = findCertificateByThumbprint(db, cert.facts.thumbprint);
  if (existing !== null) {
    if (existing.privateKeyId === null && cert.privateKeyId !== null) {
      statementOf(db, 'UPDATE certificates SET private_key_id = ? WHERE id = ?').run(
        cert.privateKeyId,
        existing.id,
      );
      return {
        ...existing,
        privateKeyId: cert.privateKeyId,
        facts: { ...existing.facts, hasPrivateKey: true },
      };
    }
    return existing;
  }
  const facts = { ...cert.facts, hasPrivateKey: cert.privateKeyId !== null };
  const result = statementOf(
    db,
    `INSERT INTO certificates (thumbprint, thumbprint_sha256, der, facts, subject, issuer, serial_number,
         not_before, not_after, public_key_sha256, private_key_id, friendly_name, source, added_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    facts.thumbprint,
    facts.thumbprintSha256,
    cert.der,
    JSON.stringify(facts),
    facts.subject,
    facts.issuer,
    facts.serialNumber,
    facts.notBefore,
    facts.notAfter,
    hashPublicKey(subjectPublicKeyInfoOf(cert.der)),
    cert.privateKeyId,
    cert.friendlyName ?? null,
    cert.source,
    isoInstant(now),
  );
  const id = Number(result.lastInsertRowid);
  const insertName = statementOf(
    db,
    'INSERT OR IGNORE INTO certificate_names (certificate_id, name, reversed_name, kind) VALUES (?, ?, ?, ?)',
  );
  for (const name of facts.alternativeNames) insertName.run(id, name, reverseDnsName(name), 'san');
  const cn = facts.subjectCommonName?.toLowerCase();
  if (cn !== undefined) insertName.run(id, cn, reverseDnsName(cn), 'subject');
  return {
    id,
    der: cert.der,
    facts,
    privateKeyId: cert.privateKeyId,
    source: cert.source,
    friendlyName: cert.friendlyName ?? null,
    addedAt: isoInstant(now),
  };
}

const selectColumns = 'id, der, facts, thumbprint, private_key_id, source, friendly_name, added_at';

export function findCertificateByThumbprint(
  db: SqliteDatabase,
  thumbprint: string,
): StoredCertificate | null {
  const found = statementOf(db, `SELECT ${selectColumns} FROM certificates WHERE thumbprint = ?`).get(
    thumbprint.replace(/[\s:]/g, '').toUpperCase(),
  );
  return found === undefined ? null : storedCertificateOf(found);
}

export function findCertificateById(db: SqliteDatabase, id: number): StoredCertificate | null {
  const found = statementOf(db, `SELECT ${selectColumns} FROM certificates WHERE id = ?`).get(id);
  return found === undefined ? null : storedCertificateOf(found);
}

/**
 * Certificates carrying a DNS name: `pool01.contoso.net` exactly, or every name under a domain
 * with `.contoso.net` (a leading dot). Served by the reversed-name index.
 */
export function findCertificatesByName(db: SqliteDatabase, query: string): StoredCertificate[] {
  const lower = query.toLowerCase();
  const rows = lower.startsWith('.')
    ? statementOf(
        db,
        `SELECT DISTINCT c.id, c.der, c.facts, c.thumbprint, c.private_key_id, c.source, c.friendly_name, c.added_at
           FROM certificate_names n JOIN certificates c ON c.id = n.certificate_id
           WHERE n.reversed_name >= ? AND n.reversed_name < ? ORDER BY c.id`,
      ).all(`${reverseDnsName(lower.slice(1))}.`, `${reverseDnsName(lower.slice(1))}/`)
    : statementOf(
        db,
        `SELECT DISTINCT c.id, c.der, c.facts, c.thumbprint, c.private_key_id, c.source, c.friendly_name, c.added_at
           FROM certificate_names n JOIN certificates c ON c.id = n.certificate_id
           WHERE n.reversed_name = ? ORDER BY c.id`,
      ).all(reverseDnsName(lower));
  return rows.map(storedCertificateOf);
}

export function countCertificates(db: SqliteDatabase): number {
  return integerColumn(asRow(statementOf(db, 'SELECT count(*) AS n FROM certificates').get()), 'n');
}

function storedCertificateOf(found: unknown): StoredCertificate {
  const row = asRow(found);
  const privateKeyId = optionalIntegerColumn(row, 'private_key_id');
  const facts = parseStoredFacts(jsonColumn(row, 'facts'), textColumn(row, 'thumbprint'));
  return {
    id: integerColumn(row, 'id'),
    der: blobColumn(row, 'der'),
    facts: { ...facts, hasPrivateKey: privateKeyId !== null },
    privateKeyId,
    source: textColumn(row, 'source'),
    friendlyName: optionalTextColumn(row, 'friendly_name'),
    addedAt: textColumn(row, 'added_at'),
  };
}

/**
 * The facts column was written by insertCertificate from parseCertificate's result; check the
 * fields that identify it before trusting the rest (a damaged row fails here, not in a renderer).
 */
export function parseStoredFacts(value: unknown, thumbprint: string): CertificateFacts {
  if (typeof value !== 'object' || value === null) throw factsDamaged(thumbprint, 'are not a record');
  const facts = value as Record<string, unknown>;
  if (facts.thumbprint !== thumbprint) throw factsDamaged(thumbprint, 'name another thumbprint');
  const missing = storedFactFields.find(([field, isValid]) => !isValid(facts[field]));
  if (missing !== undefined) throw factsDamaged(thumbprint, `have no valid "${missing[0]}"`);
  return value as CertificateFacts;
}

const isText = (v: unknown): boolean => typeof v === 'string';
const isList = (v: unknown): boolean => Array.isArray(v);

/** The fields every reader of a stored certificate relies on, with their shape. */
const storedFactFields: readonly (readonly [string, (v: unknown) => boolean])[] = [
  ['subject', isText],
  ['issuer', isText],
  ['serialNumber', isText],
  ['thumbprintSha256', isText],
  ['notBefore', isText],
  ['notAfter', isText],
  ['alternativeNames', (v) => Array.isArray(v) && v.every((n) => typeof n === 'string')],
  ['subjectAltNames', isList],
  ['keyAlgorithm', isText],
  ['keyUsage', isList],
  ['extendedKeyUsage', isList],
  ['crlDistributionPoints', isList],
  ['authorityInfoAccess', isList],
  ['certificatePolicies', isList],
  ['isCa', (v) => typeof v === 'boolean'],
  ['keySize', (v) => typeof v === 'number'],
];

function factsDamaged(thumbprint: string, what: string): Error {
  return environmentError(
    'STORE_DAMAGED',
    `the uccert store has stored facts of certificate ${thumbprint} that ${what}`,
    'the database was changed outside uccert; restore it from a backup or start a new --home',
  );
}

/** The DER of every self-signed CA certificate in the store: the roots `check` and `set` trust. */
export function listStoredRoots(db: SqliteDatabase): Uint8Array[] {
  return statementOf(
    db,
    "SELECT der FROM certificates WHERE json_extract(facts, '$.selfSigned') = 1 AND json_extract(facts, '$.isCa') = 1 ORDER BY id",
  )
    .all()
    .map((found) => blobColumn(asRow(found), 'der'));
}
