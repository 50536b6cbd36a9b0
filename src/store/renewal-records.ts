// Renewals (`uccert renew`): which request renews which certificate in use, the names it gains and
// loses, and the roll staged for it. Joined with pending_requests, this is the renewal history.

import { isoInstant } from './instant.js';
import {
  asRow,
  integerColumn,
  optionalIntegerColumn,
  optionalTextColumn,
  stringArrayColumn,
  textColumn,
} from './row.js';
import { type SqliteDatabase, statementOf } from './store.js';

export interface NameChange {
  readonly name: string;
  readonly why: string;
}

export interface RenewalRecord {
  readonly requestId: number;
  readonly replacesCertificateId: number;
  readonly replacesThumbprint: string;
  readonly server: string;
  readonly uses: readonly string[];
  readonly gained: readonly string[];
  readonly lost: readonly string[];
  readonly effectiveAt: string | null;
  readonly createdAt: string;
  /** The request's state and, once issued or imported, the new certificate. */
  readonly state: string;
  readonly certificateId: number | null;
  readonly thumbprint: string | null;
}

export interface NewRenewal {
  readonly requestId: number;
  readonly replacesCertificateId: number;
  readonly server: string;
  readonly uses: readonly string[];
  readonly gained: readonly string[];
  readonly lost: readonly string[];
}

export function insertRenewal(db: SqliteDatabase, renewal: NewRenewal, now: Date): void {
  statementOf(
    db,
    `INSERT INTO renewals (request_id, replaces_certificate_id, server, uses, gained, lost, effective_at, created_at)
       VALUES (?, ?, ?, ?, ?, ?, NULL, ?)`,
  ).run(
    renewal.requestId,
    renewal.replacesCertificateId,
    renewal.server.toLowerCase(),
    JSON.stringify(renewal.uses),
    JSON.stringify(renewal.gained),
    JSON.stringify(renewal.lost),
    isoInstant(now),
  );
}

export function recordRenewalRoll(db: SqliteDatabase, requestId: number, effectiveAt: Date): void {
  statementOf(db, 'UPDATE renewals SET effective_at = ? WHERE request_id = ?').run(
    isoInstant(effectiveAt),
    requestId,
  );
}

const renewalSelect = `SELECT r.request_id, r.replaces_certificate_id, old.thumbprint AS replaces_thumbprint, r.server,
    r.uses, r.gained, r.lost, r.effective_at, r.created_at, q.state, q.certificate_id, new.thumbprint
  FROM renewals r
  JOIN pending_requests q ON q.id = r.request_id
  JOIN certificates old ON old.id = r.replaces_certificate_id
  LEFT JOIN certificates new ON new.id = q.certificate_id`;

export function listRenewals(db: SqliteDatabase): RenewalRecord[] {
  return statementOf(db, `${renewalSelect} ORDER BY r.request_id`).all().map(renewalOf);
}

export function findRenewalByRequest(db: SqliteDatabase, requestId: number): RenewalRecord | null {
  const found = statementOf(db, `${renewalSelect} WHERE r.request_id = ?`).get(requestId);
  return found === undefined ? null : renewalOf(found);
}

function renewalOf(found: unknown): RenewalRecord {
  const row = asRow(found);
  return {
    requestId: integerColumn(row, 'request_id'),
    replacesCertificateId: integerColumn(row, 'replaces_certificate_id'),
    replacesThumbprint: textColumn(row, 'replaces_thumbprint'),
    server: textColumn(row, 'server'),
    uses: stringArrayColumn(row, 'uses'),
    gained: stringArrayColumn(row, 'gained'),
    lost: stringArrayColumn(row, 'lost'),
    effectiveAt: optionalTextColumn(row, 'effective_at'),
    createdAt: textColumn(row, 'created_at'),
    state: textColumn(row, 'state'),
    certificateId: optionalIntegerColumn(row, 'certificate_id'),
    thumbprint: optionalTextColumn(row, 'thumbprint'),
  };
}
