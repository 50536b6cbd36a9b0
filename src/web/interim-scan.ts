// The console's scan until `uccert scan` (issue 11) lands: every endpoint of the topology probed
// through `check --live` (with progress), what each serves compared with what the store assigns
// (drift), and the result kept in the store's scan_results table, in the shape of the scan JSON
// contract (architecture.md, "scan JSON"). Replace with the scan use case when it is merged.

import { createHash, randomUUID } from 'node:crypto';
import type { TrustStore } from '../check/chain-trust.js';
import type { Finding } from '../check/finding.js';
import { checkLiveEndpoints } from '../check-inputs/live-endpoints-check.js';
import { prepareTopologyCheck } from '../check-inputs/topology-check.js';
import type { EndpointRoute } from '../net/endpoint-routes.js';
import { listLiveEndpoints } from '../net/live-endpoints.js';
import { readAssignment } from '../store/assignment-records.js';
import { isoInstant } from '../store/instant.js';
import { insertScanResult, listScanResults } from '../store/scan-records.js';
import type { Store } from '../store/store.js';
import type { Topology } from '../topology/model.js';

export type EndpointStatus = 'ok' | 'refused' | 'timeout' | 'unreachable' | 'not-tls' | 'handshake-failed';
export type Drift = 'none' | 'served-not-assigned' | 'not-assigned' | 'not-served';

/** A finding of the scan: the check's codes plus SERVED_NOT_ASSIGNED (architecture.md). */
export interface ScanFinding extends Omit<Finding, 'code'> {
  readonly code: string;
}

export interface ScanEndpoint {
  readonly endpoint: string;
  readonly host: string;
  readonly port: number;
  readonly server: string;
  readonly use: string;
  readonly status: EndpointStatus;
  readonly served: {
    readonly thumbprint: string;
    readonly chain: readonly string[];
    readonly protocol: string | null;
    readonly cipher: string | null;
    readonly notAfter: string;
  } | null;
  readonly assigned: string | null;
  readonly drift: Drift;
  readonly message: string | null;
  readonly findings: readonly ScanFinding[];
}

export interface ScanChange {
  readonly endpoint: string;
  readonly before: { readonly status: EndpointStatus; readonly thumbprint: string | null } | null;
  readonly after: { readonly status: EndpointStatus; readonly thumbprint: string | null };
}

export interface ScanDocument {
  readonly scanId: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly topology: string;
  readonly endpoints: readonly ScanEndpoint[];
  readonly findings: readonly ScanFinding[];
  readonly expiry: readonly {
    readonly endpoint: string;
    readonly thumbprint: string;
    readonly notAfter: string;
  }[];
  readonly summary: {
    readonly endpoints: number;
    readonly ok: number;
    readonly unreachable: number;
    readonly drift: number;
    readonly error: number;
    readonly warning: number;
    readonly info: number;
  };
  /** What differs from the scan before it (`--since` of the contract: the previous scan). */
  readonly changes: readonly ScanChange[];
  readonly previousScanId: string | null;
}

export interface ScanInputs {
  readonly store: Store;
  readonly topology: Topology;
  readonly topologyPath: string;
  readonly trustStore: TrustStore | null;
  readonly routes: readonly EndpointRoute[];
  readonly timeoutMs: number;
  readonly warnDays: number;
  readonly now: () => Date;
  readonly onProgress?: (done: number, total: number) => void;
}

/** The row that holds a scan's own facts; the others are its endpoints. */
const scanRowEndpoint = '*';

function statusOf(message: string): EndpointStatus {
  if (/refused/i.test(message)) return 'refused';
  if (/timed out|timeout/i.test(message)) return 'timeout';
  if (/not (speak )?TLS|not a TLS/i.test(message)) return 'not-tls';
  if (/handshake|alert/i.test(message)) return 'handshake-failed';
  return 'unreachable';
}

function thumbprintOf(der: Uint8Array): string {
  return createHash('sha1').update(der).digest('hex').toUpperCase();
}

function driftOf(served: string | null, assigned: string | null): Drift {
  if (assigned === null) return 'not-assigned';
  if (served === null) return 'not-served';
  return served === assigned ? 'none' : 'served-not-assigned';
}

function driftFinding(e: Omit<ScanEndpoint, 'findings'>, topologyPath: string): ScanFinding[] {
  if (e.drift !== 'served-not-assigned' || e.served === null || e.assigned === null) return [];
  return [
    {
      code: 'SERVED_NOT_ASSIGNED',
      severity: 'error',
      target: `${e.server} ${e.use} (${e.endpoint})`,
      message: `${e.endpoint} serves certificate ${e.served.thumbprint}, but ${e.assigned} is assigned to ${e.server} ${e.use}`,
      fix: `on ${e.server}: Set-CsCertificate -Type ${e.use} -Thumbprint ${e.assigned}; or, if the served one is right: uccert set --server ${e.server} --type ${e.use} --thumbprint ${e.served.thumbprint} --topology ${topologyPath}`,
      sources: ['architecture.md: drift (served vs assigned vs required)'],
    },
  ];
}

export function listScans(store: Store): ScanDocument[] {
  return store
    .read(() => listScanResults(store.db, scanRowEndpoint))
    .map((row) => row.result as ScanDocument)
    .reverse();
}

export function readScan(store: Store, scanId: string): ScanDocument | null {
  return listScans(store).find((s) => s.scanId === scanId) ?? null;
}

export async function runInterimScan(inputs: ScanInputs): Promise<ScanDocument> {
  const startedAt = inputs.now();
  const check = prepareTopologyCheck(inputs.topology, inputs.topologyPath, {
    now: startedAt,
    warnDays: inputs.warnDays,
    trustStore: inputs.trustStore,
  });
  const run = await checkLiveEndpoints(check, {
    routes: inputs.routes,
    dnsServer: null,
    timeoutMs: inputs.timeoutMs,
    ...(inputs.onProgress === undefined ? {} : { onProgress: inputs.onProgress }),
  });
  const reached = new Map(run.checks.map((c) => [c.assignment.source, c]));
  const missed = new Map(run.unreachable.map((u) => [u.endpoint, u]));
  const assigned = (server: string, use: string): string | null =>
    inputs.store.read(() => readAssignment(inputs.store.db, server, use)?.thumbprint ?? null);
  const endpoints: ScanEndpoint[] = listLiveEndpoints(inputs.topology)
    .filter((e) => reached.has(`${e.host}:${e.port}`) || missed.has(`${e.host}:${e.port}`))
    .map((e) => {
      const where = `${e.host}:${e.port}`;
      const checked = reached.get(where);
      const served =
        checked === undefined
          ? null
          : {
              thumbprint: checked.assignment.certificate.thumbprint,
              chain: checked.assignment.chain.map(thumbprintOf),
              protocol: null,
              cipher: null,
              notAfter: checked.assignment.certificate.notAfter,
            };
      const held = assigned(e.server, e.use);
      const base = {
        endpoint: where,
        host: e.host,
        port: e.port,
        server: e.server,
        use: e.use,
        status: checked === undefined ? statusOf(missed.get(where)?.message ?? '') : ('ok' as const),
        served,
        assigned: held,
        drift: driftOf(served?.thumbprint ?? null, held),
        message: missed.get(where)?.message ?? null,
      };
      return {
        ...base,
        findings: [...(checked?.findings ?? []), ...driftFinding(base, inputs.topologyPath)],
      };
    });
  const findings = endpoints.flatMap((e) => e.findings);
  const previous = listScans(inputs.store)[0] ?? null;
  const before = new Map((previous?.endpoints ?? []).map((e) => [e.endpoint, e]));
  const changes: ScanChange[] = endpoints.flatMap((e) => {
    const was = before.get(e.endpoint);
    const after = { status: e.status, thumbprint: e.served?.thumbprint ?? null };
    if (previous === null) return [];
    if (
      was !== undefined &&
      was.status === e.status &&
      (was.served?.thumbprint ?? null) === after.thumbprint
    ) {
      return [];
    }
    return [
      {
        endpoint: e.endpoint,
        before: was === undefined ? null : { status: was.status, thumbprint: was.served?.thumbprint ?? null },
        after,
      },
    ];
  });
  const count = (severity: string) => findings.filter((f) => f.severity === severity).length;
  const document: ScanDocument = {
    scanId: randomUUID(),
    startedAt: isoInstant(startedAt),
    finishedAt: isoInstant(inputs.now()),
    topology: inputs.topologyPath,
    endpoints,
    findings,
    expiry: endpoints
      .flatMap((e) =>
        e.served === null
          ? []
          : [{ endpoint: e.endpoint, thumbprint: e.served.thumbprint, notAfter: e.served.notAfter }],
      )
      .sort((a, b) => a.notAfter.localeCompare(b.notAfter)),
    summary: {
      endpoints: endpoints.length,
      ok: endpoints.filter((e) => e.status === 'ok').length,
      unreachable: endpoints.filter((e) => e.status !== 'ok').length,
      drift: endpoints.filter((e) => e.drift === 'served-not-assigned' || e.drift === 'not-served').length,
      error: count('error'),
      warning: count('warning'),
      info: count('info'),
    },
    changes,
    previousScanId: previous?.scanId ?? null,
  };
  await inputs.store.write(() => {
    for (const e of endpoints) {
      insertScanResult(
        inputs.store.db,
        { scanId: document.scanId, endpoint: e.endpoint, certificateId: null, result: e },
        startedAt,
      );
    }
    insertScanResult(
      inputs.store.db,
      { scanId: document.scanId, endpoint: scanRowEndpoint, certificateId: null, result: document },
      startedAt,
    );
  });
  return document;
}

/** The console's scan backend over one store: each run probes the topology's endpoints. */
export function createInterimScanBackend(inputs: Omit<ScanInputs, 'onProgress'>) {
  return {
    run: (onProgress: (done: number, total: number) => void) => runInterimScan({ ...inputs, onProgress }),
    history: () => listScans(inputs.store),
  };
}
