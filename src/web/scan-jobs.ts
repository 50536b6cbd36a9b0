// Scans the console starts: one at a time, with live progress (endpoints probed of the total) that
// the page polls, and the history kept in the store.

import { randomUUID } from 'node:crypto';
import type { ScanDocument } from './interim-scan.js';

export interface ScanJob {
  readonly jobId: string;
  readonly state: 'running' | 'done' | 'failed';
  readonly done: number;
  readonly total: number;
  readonly startedAt: string;
  readonly scanId: string | null;
  readonly error: { readonly code: string; readonly message: string; readonly hint: string } | null;
}

export interface ScanSummary {
  readonly scanId: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly summary: ScanDocument['summary'];
  readonly changes: number;
}

export interface ScanJobs {
  start(): ScanJob;
  job(id: string): ScanJob | null;
  list(): ScanSummary[];
  latest(): ScanDocument | null;
  read(scanId: string): ScanDocument | null;
  /** Resolves when no scan is running (close waits for it). */
  idle(): Promise<void>;
}

export interface ScanBackend {
  run(onProgress: (done: number, total: number) => void): Promise<ScanDocument>;
  /** Newest first. */
  history(): ScanDocument[];
}

export function createScanJobs(backend: ScanBackend, now: () => Date): ScanJobs {
  const jobs = new Map<string, ScanJob>();
  let running: Promise<void> = Promise.resolve();
  let current: ScanJob | null = null;
  const update = (job: ScanJob): void => {
    jobs.set(job.jobId, job);
    current = job.state === 'running' ? job : null;
  };
  return {
    start() {
      if (current !== null) return current;
      let job: ScanJob = {
        jobId: randomUUID(),
        state: 'running',
        done: 0,
        total: 0,
        startedAt: now().toISOString(),
        scanId: null,
        error: null,
      };
      update(job);
      running = backend
        .run((done, total) => {
          job = { ...job, done, total };
          update(job);
        })
        .then(
          (scan) => update({ ...job, state: 'done', scanId: scan.scanId, done: job.total, total: job.total }),
          (error: unknown) => {
            const e = error as { code?: unknown; message?: unknown; hint?: unknown };
            update({
              ...job,
              state: 'failed',
              error: {
                code: typeof e.code === 'string' ? e.code : 'SCAN_FAILED',
                message: typeof e.message === 'string' ? e.message : String(error),
                hint: typeof e.hint === 'string' ? e.hint : 'see the server log',
              },
            });
          },
        );
      return job;
    },
    job: (id) => jobs.get(id) ?? null,
    list: () =>
      backend.history().map((s) => ({
        scanId: s.scanId,
        startedAt: s.startedAt,
        finishedAt: s.finishedAt,
        summary: s.summary,
        changes: s.changes.length,
      })),
    latest: () => backend.history()[0] ?? null,
    read: (scanId) => backend.history().find((s) => s.scanId === scanId) ?? null,
    idle: () => running,
  };
}
