// The JSON documents the console reads (the CLI's own: plan, check, get, scan) and the deployment
// the views share, loaded once and refreshed after every action.

import { getJson } from './api.js';
import type { Severity } from './dom.js';

export interface Finding {
  readonly code: string;
  readonly severity: 'error' | 'warning' | 'info';
  readonly target: string;
  readonly message: string;
  readonly fix: string;
  readonly sources: readonly string[];
}

export interface Requirement {
  readonly server: string;
  readonly pool: string;
  readonly role: string;
  readonly use: string;
  readonly requiredNames: readonly string[];
  readonly optionalNames: readonly string[];
  readonly wildcardAllowed: boolean;
}

export interface CoverageRow {
  readonly name: string;
  readonly need: string;
  readonly coverage: string;
  readonly by: string | null;
}

export interface CheckEntry {
  readonly server: string;
  readonly uses: readonly string[];
  readonly source: string;
  readonly subject: string;
  readonly thumbprint: string;
  readonly notBefore: string;
  readonly notAfter: string;
  readonly trusted: boolean | null;
  readonly coverage: readonly { readonly use: string; readonly rows: readonly CoverageRow[] }[];
  readonly findings: readonly Finding[];
}

export interface CheckDocument {
  readonly checks: readonly CheckEntry[];
  readonly findings: readonly Finding[];
  readonly summary: { readonly error: number; readonly warning: number; readonly info: number };
}

export type CertificateJson = Record<string, unknown> & {
  readonly subject: string;
  readonly thumbprint: string;
  readonly notBefore: string;
  readonly notAfter: string;
};

export interface AssignmentJson {
  readonly server: string;
  readonly use: string;
  readonly status: string;
  readonly effectiveAt: string;
  readonly assignedAt: string;
  readonly friendlyName: string | null;
  readonly certificate: CertificateJson;
  readonly previous: CertificateJson | null;
}

export interface HistoryJson {
  readonly at: string;
  readonly server: string;
  readonly use: string;
  readonly action: string;
  readonly thumbprint: string | null;
  readonly previousThumbprint: string | null;
  readonly effectiveAt: string | null;
}

export interface GetDocument {
  readonly assignments: readonly AssignmentJson[];
  readonly history: readonly HistoryJson[];
}

/** One endpoint of `uccert scan --json` (architecture.md, "scan JSON"). */
export interface ScanEndpoint {
  readonly endpoint: string;
  readonly host: string;
  readonly port: number;
  readonly server: string | null;
  readonly use: string;
  readonly source: string;
  readonly status: string;
  readonly served: {
    readonly thumbprint: string;
    readonly subject: string;
    readonly notAfter: string;
    readonly chain: readonly string[];
    readonly protocol: string | null;
    readonly cipher: string | null;
  } | null;
  readonly assigned: string | null;
  readonly drift: string;
  readonly error: { readonly code: string; readonly message: string } | null;
  readonly findings: readonly Finding[];
}

export interface ScanSummary {
  readonly endpoints: number;
  readonly reached: number;
  readonly errors: number;
  readonly warnings: number;
  readonly drifted: number;
  readonly byStatus: Readonly<Record<string, number>>;
}

export type ScanChange = { readonly kind: string } & Readonly<Record<string, unknown>>;

export interface ScanDocument {
  readonly scanId: number;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly endpoints: readonly ScanEndpoint[];
  readonly findings: readonly Finding[];
  readonly summary: ScanSummary;
  readonly since?: { readonly scanId: number; readonly startedAt: string };
  readonly changes?: readonly ScanChange[];
}

export interface Session {
  readonly topology: string | null;
  readonly home: string;
  readonly warnDays: number;
  readonly now: string;
  readonly demo: {
    readonly mistakes: readonly { readonly title: string; readonly where: string }[];
    readonly probeExamples: readonly { readonly target: string; readonly sni: string }[];
  } | null;
}

export interface ServerRow {
  readonly server: string;
  readonly pool: string;
  readonly role: string;
  readonly uses: readonly string[];
  readonly status: Severity;
  /** The finding codes on this server, and how many findings. */
  readonly codes: readonly string[];
  readonly findings: number;
  readonly nearestExpiry: string | null;
  readonly drift: number;
}

/** What the first page needs: GET /api/deployment, one row per server. */
export interface Summary {
  readonly session: Session;
  readonly servers: readonly ServerRow[];
}

let summaryLoading: Promise<Summary> | null = null;

export function loadSummary(): Promise<Summary> {
  summaryLoading ??= (async () => {
    const [session, servers] = await Promise.all([
      getJson<Session>('/api/session').then((r) => r.data),
      getJson<{ servers: ServerRow[] }>('/api/deployment').then((r) => r.data.servers),
    ]);
    return { session, servers };
  })().catch((error: unknown) => {
    summaryLoading = null;
    throw error;
  });
  return summaryLoading;
}

/** The findings about one server (check targets `server/uses`, scan targets `host:port`). */
export function findingsOf(deployment: Deployment, server: string): Finding[] {
  return deployment.findings.filter((f) => targetServer(f.target) === server);
}

export interface Deployment {
  readonly session: Session;
  readonly requirements: readonly Requirement[];
  readonly check: CheckDocument;
  readonly get: GetDocument;
  readonly scan: ScanDocument | null;
  readonly servers: readonly ServerRow[];
  /** Every finding: the store check's and the last scan's. */
  readonly findings: readonly Finding[];
  readonly loadedMs: number;
}

let loading: Promise<Deployment> | null = null;

export function invalidateDeployment(): void {
  loading = null;
  summaryLoading = null;
}

export function loadDeployment(): Promise<Deployment> {
  loading ??= fetchDeployment().catch((error: unknown) => {
    loading = null;
    throw error;
  });
  return loading;
}

async function optional<T>(path: string): Promise<T | null> {
  try {
    return (await getJson<T>(path)).data;
  } catch {
    return null;
  }
}

/** The server a check target or a scan endpoint is about. */
function targetServer(target: string): string {
  return target.split(/[/ :]/)[0] ?? target;
}

async function fetchDeployment(): Promise<Deployment> {
  const started = performance.now();
  const summary = await loadSummary();
  const hasTopology = summary.session.topology !== null;
  const [plan, check, get, scan] = await Promise.all([
    hasTopology ? getJson<{ requirements: Requirement[] }>('/api/plan').then((r) => r.data) : null,
    hasTopology ? getJson<CheckDocument>('/api/check').then((r) => r.data) : null,
    getJson<GetDocument>('/api/get').then((r) => r.data),
    optional<ScanDocument>('/api/scans/latest'),
  ]);
  const checkDocument: CheckDocument = check ?? {
    checks: [],
    findings: [],
    summary: { error: 0, warning: 0, info: 0 },
  };
  // A scan finding is about its endpoint; the console files it under the endpoint's server.
  const scanFindings =
    scan?.endpoints.flatMap((e) =>
      e.findings.map((f) =>
        e.server === null || f.target.startsWith(e.server)
          ? f
          : { ...f, target: `${e.server} ${e.use} (${e.endpoint})` },
      ),
    ) ?? [];
  return {
    session: summary.session,
    requirements: plan?.requirements ?? [],
    check: checkDocument,
    get,
    scan,
    servers: summary.servers,
    findings: [...checkDocument.findings, ...scanFindings],
    loadedMs: performance.now() - started,
  };
}
