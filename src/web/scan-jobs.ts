// Scans the console starts: one at a time, through the `scan` use case (src/scan/run-scan.ts),
// with live progress (endpoints probed of the total) that the page polls. The history and each
// scan's document are read with the CLI's own `scan --list` and `scan --show ID`.

import { randomUUID } from 'node:crypto';
import type { TrustStore } from '../check/chain-trust.js';
import type { EndpointRoute } from '../net/endpoint-routes.js';
import { defaultCriticalDays } from '../scan/expiry-report.js';
import { defaultScanConcurrency, runScan } from '../scan/run-scan.js';
import { listScanHistory } from '../scan/scan-history.js';
import type { Store } from '../store/store.js';
import type { Topology } from '../topology/model.js';

export interface ScanJob {
  readonly jobId: string;
  readonly state: 'running' | 'done' | 'failed';
  readonly done: number;
  readonly total: number;
  readonly startedAt: string;
  /** The scan's id in the store once it is done (uccert scan --show ID). */
  readonly scanId: number | null;
  readonly error: { readonly code: string; readonly message: string; readonly hint: string } | null;
}

export interface ScanJobs {
  start(): ScanJob;
  job(id: string): ScanJob | null;
  /** Resolves when no scan is running (close waits for it). */
  idle(): Promise<void>;
}

/** Runs one scan, reporting progress; resolves to its id in the store. */
export type ScanRunner = (onProgress: (done: number, total: number) => void) => Promise<number>;

export interface ScanSettings {
  readonly store: Store;
  readonly topology: Topology;
  readonly topologyPath: string;
  readonly trustStore: TrustStore;
  /** Where the topology's endpoints really are (the demo's loopback listeners); empty: DNS. */
  readonly routes: readonly EndpointRoute[];
  readonly timeoutMs: number;
  readonly warnDays: number;
  readonly now: () => Date;
}

/** The scan use case as the console runs it: every endpoint, compared with the scan before (if any). */
export function scanRunner(settings: ScanSettings): ScanRunner {
  return async (onProgress) => {
    const earlier = listScanHistory(settings.store).some((s) => s.finishedAt !== null);
    const document = await runScan(
      {
        topology: settings.topology,
        topologyPath: settings.topologyPath,
        routes: settings.routes,
        dnsServer: null,
        dnsRecords: false,
        concurrency: defaultScanConcurrency(),
        timeoutMs: settings.timeoutMs,
        deadlineMs: null,
        now: settings.now,
        warnDays: settings.warnDays,
        criticalDays: Math.min(defaultCriticalDays, settings.warnDays),
        trustStore: settings.trustStore,
        since: earlier ? 'last' : null,
      },
      settings.store,
      (progress) => onProgress(progress.done, progress.total),
    );
    return document.scanId;
  };
}

export function createScanJobs(runner: ScanRunner, now: () => Date): ScanJobs {
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
      running = runner((done, total) => {
        job = { ...job, done, total };
        update(job);
      }).then(
        (scanId) => update({ ...job, state: 'done', scanId, done: job.total }),
        (error: unknown) => {
          const e = error as { code?: unknown; message?: unknown; hint?: unknown };
          update({
            ...job,
            state: 'failed',
            error: {
              code: typeof e.code === 'string' ? e.code : 'SCAN_FAILED',
              message: typeof e.message === 'string' ? e.message : String(error),
              hint:
                typeof e.hint === 'string' ? e.hint : 'see uccert scan for the same scan on the command line',
            },
          });
        },
      );
      return job;
    },
    job: (id) => jobs.get(id) ?? null,
    idle: () => running,
  };
}
