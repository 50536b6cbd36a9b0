// Scans and their results, kept for the drift checks and the history (served vs assigned vs
// required; issue 11). A scan is one row of `scans`; each endpoint's result is a row of
// scan_results, written while the scan runs, so memory does not grow with the deployment.

import { isoInstant } from './instant.js';
import {
  asRow,
  integerColumn,
  jsonColumn,
  optionalIntegerColumn,
  optionalTextColumn,
  textColumn,
} from './row.js';
import { type SqliteDatabase, statementOf } from './store.js';

export interface ScanResult {
  readonly scanId: string;
  readonly endpoint: string;
  readonly scannedAt: string;
  readonly certificateId: number | null;
  readonly result: unknown;
}

export function insertScanResult(db: SqliteDatabase, scan: Omit<ScanResult, 'scannedAt'>, now: Date): void {
  statementOf(
    db,
    'INSERT INTO scan_results (scan_id, endpoint, scanned_at, certificate_id, result) VALUES (?, ?, ?, ?, ?)',
  ).run(scan.scanId, scan.endpoint, isoInstant(now), scan.certificateId, JSON.stringify(scan.result));
}

function scanResultOf(found: unknown): ScanResult {
  const row = asRow(found);
  return {
    scanId: textColumn(row, 'scan_id'),
    endpoint: textColumn(row, 'endpoint'),
    scannedAt: textColumn(row, 'scanned_at'),
    certificateId: optionalIntegerColumn(row, 'certificate_id'),
    result: jsonColumn(row, 'result'),
  };
}

export function listScanResults(db: SqliteDatabase, endpoint?: string): ScanResult[] {
  return statementOf(
    db,
    'SELECT * FROM scan_results WHERE @endpoint IS NULL OR endpoint = @endpoint ORDER BY scanned_at, id',
  )
    .all({ endpoint: endpoint ?? null })
    .map(scanResultOf);
}

/** The results of one scan, in the order they were written. */
export function* iterateScanResults(db: SqliteDatabase, scanId: number): Generator<ScanResult> {
  for (const found of statementOf(db, 'SELECT * FROM scan_results WHERE scan_id = ? ORDER BY id').iterate(
    String(scanId),
  )) {
    yield scanResultOf(found);
  }
}

export interface ScanRecord {
  readonly id: number;
  readonly startedAt: string;
  /** Null: the scan was interrupted before it finished. */
  readonly finishedAt: string | null;
  readonly topology: string;
  readonly endpointCount: number;
  readonly summary: unknown;
  readonly report: unknown;
}

export function insertScan(
  db: SqliteDatabase,
  scan: { readonly topology: string; readonly endpointCount: number },
  startedAt: Date,
): number {
  const info = statementOf(
    db,
    'INSERT INTO scans (started_at, topology, endpoint_count) VALUES (?, ?, ?)',
  ).run(isoInstant(startedAt), scan.topology, scan.endpointCount);
  return Number(info.lastInsertRowid);
}

export function finishScan(
  db: SqliteDatabase,
  id: number,
  finish: { readonly summary: unknown; readonly report: unknown },
  finishedAt: Date,
): void {
  statementOf(db, 'UPDATE scans SET finished_at = ?, summary = ?, report = ? WHERE id = ?').run(
    isoInstant(finishedAt),
    JSON.stringify(finish.summary),
    JSON.stringify(finish.report),
    id,
  );
}

function scanRecordOf(found: unknown): ScanRecord {
  const row = asRow(found);
  const summary = optionalTextColumn(row, 'summary');
  const report = optionalTextColumn(row, 'report');
  return {
    id: integerColumn(row, 'id'),
    startedAt: textColumn(row, 'started_at'),
    finishedAt: optionalTextColumn(row, 'finished_at'),
    topology: textColumn(row, 'topology'),
    endpointCount: integerColumn(row, 'endpoint_count'),
    summary: summary === null ? null : (JSON.parse(summary) as unknown),
    report: report === null ? null : (JSON.parse(report) as unknown),
  };
}

export function listScans(db: SqliteDatabase): ScanRecord[] {
  return statementOf(db, 'SELECT * FROM scans ORDER BY id').all().map(scanRecordOf);
}

export function readScan(db: SqliteDatabase, id: number): ScanRecord | null {
  const found = statementOf(db, 'SELECT * FROM scans WHERE id = ?').get(id);
  return found === undefined ? null : scanRecordOf(found);
}

/** The last finished scan before `beforeId` (or the last of all). */
export function readLastFinishedScan(db: SqliteDatabase, beforeId?: number): ScanRecord | null {
  const found = statementOf(
    db,
    'SELECT * FROM scans WHERE finished_at IS NOT NULL AND (@before IS NULL OR id < @before) ORDER BY id DESC LIMIT 1',
  ).get({ before: beforeId ?? null });
  return found === undefined ? null : scanRecordOf(found);
}
