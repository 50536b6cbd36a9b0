// Earlier scans, read back from the store: `scan --list` (the history) and `scan --show ID` (one
// scan again, without probing), and the scan `--since ID|last` compares with.

import type { Finding } from '../check/finding.js';
import { inputError } from '../errors.js';
import {
  iterateScanResults,
  listScans,
  readLastFinishedScan,
  readScan,
  type ScanRecord,
} from '../store/scan-records.js';
import type { Store } from '../store/store.js';
import type {
  ExpiryEntry,
  ScanChange,
  ScanDocument,
  ScanEndpointResult,
  ScanSummary,
} from './scan-document.js';

export interface ScanListEntry {
  readonly scanId: number;
  readonly startedAt: string;
  /** Null: interrupted before it finished. */
  readonly finishedAt: string | null;
  readonly topology: string;
  readonly endpoints: number;
  readonly summary: ScanSummary | null;
}

export function listScanHistory(store: Store): ScanListEntry[] {
  return store.read(() =>
    listScans(store.db).map((s) => ({
      scanId: s.id,
      startedAt: s.startedAt,
      finishedAt: s.finishedAt,
      topology: s.topology,
      endpoints: s.endpointCount,
      summary: s.summary as ScanSummary | null,
    })),
  );
}

interface StoredReport {
  readonly deploymentFindings?: readonly Finding[];
  readonly expiry?: readonly ExpiryEntry[];
  readonly since?: { readonly scanId: number; readonly startedAt: string };
  readonly changes?: readonly ScanChange[];
}

function unknownScan(id: number | string, store: Store): Error {
  const last = readLastFinishedScan(store.db);
  return inputError(
    'UNKNOWN_SCAN',
    `there is no scan ${id} in the store "${store.path}"`,
    last === null
      ? 'run a scan first: uccert scan TOPOLOGY'
      : `list the scans with uccert scan --list (the last is ${last.id})`,
  );
}

/** The scan `--since` names: an id, or `last` (the last finished scan). */
export function resolveSinceScan(store: Store, since: number | 'last'): number {
  return store.read(() => {
    const found: ScanRecord | null =
      since === 'last' ? readLastFinishedScan(store.db) : readScan(store.db, since);
    if (found === null) {
      if (since === 'last')
        throw inputError(
          'NO_EARLIER_SCAN',
          '--since last: there is no earlier scan to compare with',
          'run uccert scan once without --since first',
        );
      throw unknownScan(since, store);
    }
    return found.id;
  });
}

/** One stored scan as the document `scan --json` printed. */
export function readScanDocument(store: Store, id: number): ScanDocument {
  return store.read(() => {
    const scan = readScan(store.db, id);
    if (scan === null) throw unknownScan(id, store);
    const endpoints: ScanEndpointResult[] = [];
    for (const row of iterateScanResults(store.db, id)) {
      const stored = row.result as { index: number; result: ScanEndpointResult };
      endpoints[stored.index] = stored.result;
    }
    const report = (scan.report ?? {}) as StoredReport;
    const findings = [...endpoints.flatMap((e) => e.findings), ...(report.deploymentFindings ?? [])];
    return {
      scanId: scan.id,
      startedAt: scan.startedAt,
      finishedAt: scan.finishedAt,
      topology: scan.topology,
      endpoints,
      findings,
      expiry: report.expiry ?? [],
      summary: (scan.summary as ScanSummary | null) ?? emptySummary(endpoints.length),
      ...(report.since === undefined ? {} : { since: report.since, changes: report.changes ?? [] }),
    };
  });
}

function emptySummary(endpoints: number): ScanSummary {
  return {
    endpoints,
    reached: 0,
    errors: 0,
    warnings: 0,
    drifted: 0,
    byStatus: { ok: 0, refused: 0, timeout: 0, unreachable: 0, 'not-tls': 0, 'handshake-failed': 0 },
  };
}
