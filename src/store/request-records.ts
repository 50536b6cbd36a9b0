// Pending requests, as Request-CsCertificate -Output leaves them: the CSR, the names it asked for,
// and the private key that waits in the store until the issued certificate is imported.

import { isoInstant } from './instant.js';
import {
  asRow,
  blobColumn,
  integerColumn,
  optionalIntegerColumn,
  optionalTextColumn,
  stringArrayColumn,
  textColumn,
} from './row.js';
import { type SqliteDatabase, statementOf } from './store.js';

export type RequestState = 'pending' | 'issued' | 'cleared';

export interface PendingRequest {
  readonly id: number;
  readonly privateKeyId: number;
  readonly csrDer: Uint8Array;
  readonly server: string;
  readonly uses: readonly string[];
  readonly subject: string;
  readonly requestedNames: readonly string[];
  readonly friendlyName: string | null;
  readonly state: RequestState;
  readonly certificateId: number | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface NewPendingRequest {
  readonly privateKeyId: number;
  readonly csrDer: Uint8Array;
  readonly server: string;
  readonly uses: readonly string[];
  readonly subject: string;
  readonly requestedNames: readonly string[];
  readonly friendlyName?: string;
}

export function insertPendingRequest(db: SqliteDatabase, request: NewPendingRequest, now: Date): number {
  const at = isoInstant(now);
  const result = statementOf(
    db,
    `INSERT INTO pending_requests (private_key_id, csr_der, server, uses, subject, requested_names, friendly_name,
         state, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)`,
  ).run(
    request.privateKeyId,
    request.csrDer,
    request.server.toLowerCase(),
    JSON.stringify(request.uses),
    request.subject,
    JSON.stringify(request.requestedNames),
    request.friendlyName ?? null,
    at,
    at,
  );
  return Number(result.lastInsertRowid);
}

export function listPendingRequests(
  db: SqliteDatabase,
  state: RequestState | 'all' = 'pending',
): PendingRequest[] {
  return statementOf(db, "SELECT * FROM pending_requests WHERE @state = 'all' OR state = @state ORDER BY id")
    .all({ state })
    .map(pendingRequestOf);
}

export function findPendingRequest(db: SqliteDatabase, id: number): PendingRequest | null {
  const found = statementOf(db, 'SELECT * FROM pending_requests WHERE id = ?').get(id);
  return found === undefined ? null : pendingRequestOf(found);
}

/** The open request whose key matches a certificate's public key (Import-CsCertificate's match). */
/**
 * The request a key was made for, pending or already answered: a CA that re-issues a request (after
 * dropping names, say) sends a second certificate for the same key, and it answers the same request.
 */
export function findRequestByKey(db: SqliteDatabase, privateKeyId: number): PendingRequest | null {
  const found = statementOf(
    db,
    "SELECT * FROM pending_requests WHERE private_key_id = ? AND state IN ('pending', 'issued') ORDER BY state = 'pending' DESC, id DESC",
  ).get(privateKeyId);
  return found === undefined ? null : pendingRequestOf(found);
}

export function markRequestIssued(db: SqliteDatabase, id: number, certificateId: number, now: Date): void {
  statementOf(
    db,
    "UPDATE pending_requests SET state = 'issued', certificate_id = ?, updated_at = ? WHERE id = ?",
  ).run(certificateId, isoInstant(now), id);
}

/** Request-CsCertificate -Clear. The key stays only if a certificate uses it. */
export function clearRequest(db: SqliteDatabase, id: number, now: Date): boolean {
  const request = findPendingRequest(db, id);
  if (request === null) return false;
  statementOf(db, "UPDATE pending_requests SET state = 'cleared', updated_at = ? WHERE id = ?").run(
    isoInstant(now),
    id,
  );
  return true;
}

function pendingRequestOf(found: unknown): PendingRequest {
  const row = asRow(found);
  const state = textColumn(row, 'state');
  if (state !== 'pending' && state !== 'issued' && state !== 'cleared')
    throw new Error(`unknown state "${state}"`);
  return {
    id: integerColumn(row, 'id'),
    privateKeyId: integerColumn(row, 'private_key_id'),
    csrDer: blobColumn(row, 'csr_der'),
    server: textColumn(row, 'server'),
    uses: stringArrayColumn(row, 'uses'),
    subject: textColumn(row, 'subject'),
    requestedNames: stringArrayColumn(row, 'requested_names'),
    friendlyName: optionalTextColumn(row, 'friendly_name'),
    state,
    certificateId: optionalIntegerColumn(row, 'certificate_id'),
    createdAt: textColumn(row, 'created_at'),
    updatedAt: textColumn(row, 'updated_at'),
  };
}
