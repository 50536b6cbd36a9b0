// Results of probes and scans, kept for the drift checks (served vs assigned vs required).

import { isoInstant } from './instant.js';
import { asRow, jsonColumn, optionalIntegerColumn, textColumn } from './row.js';
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

export function listScanResults(db: SqliteDatabase, endpoint?: string): ScanResult[] {
  return statementOf(
    db,
    'SELECT * FROM scan_results WHERE @endpoint IS NULL OR endpoint = @endpoint ORDER BY scanned_at, id',
  )
    .all({ endpoint: endpoint ?? null })
    .map((found) => {
      const row = asRow(found);
      return {
        scanId: textColumn(row, 'scan_id'),
        endpoint: textColumn(row, 'endpoint'),
        scannedAt: textColumn(row, 'scanned_at'),
        certificateId: optionalIntegerColumn(row, 'certificate_id'),
        result: jsonColumn(row, 'result'),
      };
    });
}
