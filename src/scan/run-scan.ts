// The `scan` use case (CLI and console alike): every endpoint of the deployment probed
// concurrently, each result checked (requirement, drift) and written to the store as it comes,
// then the expiry report, the deployment's unassigned uses and, with `since`, the changes. No
// terminal here: progress goes to `onProgress`, the document is returned as data.

import { setMaxListeners } from 'node:events';
import { availableParallelism } from 'node:os';
import { type ChainTrust, type TrustStore, verifyChainTrust } from '../check/chain-trust.js';
import { type CertificateAssignment, checkAssignment } from '../check/check-assignments.js';
import type { CheckedRequirement } from '../check/check-context.js';
import type { Finding } from '../check/finding.js';
import { checkHostnameMismatch } from '../check/hostname-mismatch.js';
import type { AssignedCertificate } from '../check/served-not-assigned.js';
import { checkUseNotAssigned } from '../check/use-not-assigned.js';
import {
  type FactsCache,
  readingServed,
  readServedLeaf,
  thumbprintOfDer,
} from '../check-inputs/served-certificate.js';
import { prepareTopologyCheck, type TopologyCheck } from '../check-inputs/topology-check.js';
import { lyncRecordSpecs, type RecordLookup } from '../dns-records/lync-dns-records.js';
import { environmentError, UccertError } from '../errors.js';
import { createDnsResolver, type DnsResolver, lookupRecord, resolveAddress } from '../net/dns-discovery.js';
import { type EndpointRoute, routeEndpoint } from '../net/endpoint-routes.js';
import { assessProbe } from '../net/probe-endpoint.js';
import { formatEndpoint, probeTls, type TlsProbeResult } from '../net/tls-probe.js';
import { listAssignments } from '../store/assignment-records.js';
import { findCertificateById, findCertificateByThumbprint } from '../store/certificate-records.js';
import { finishScan, insertScan, insertScanResult } from '../store/scan-records.js';
import type { Store } from '../store/store.js';
import type { Topology } from '../topology/model.js';
import { assessDrift } from './endpoint-drift.js';
import { statusOfError } from './endpoint-status.js';
import { buildExpiryReport, type ExpiryInput } from './expiry-report.js';
import { compareScans } from './scan-changes.js';
import type { EndpointStatus, ScanDocument, ScanEndpointResult, ScanSummary } from './scan-document.js';
import {
  addRecordTargets,
  listScanTargets,
  type ScanTarget,
  scannedRecordPrefixes,
} from './scan-endpoints.js';
import { readScanDocument, resolveSinceScan } from './scan-history.js';

export interface ScanOptions {
  readonly topology: Topology;
  /** The topology as the user named it (the document's `topology`, and fix commands). */
  readonly topologyPath: string;
  /** curl's --resolve / --connect-to routes. */
  readonly routes: readonly EndpointRoute[];
  /** `IP[:PORT]` of the DNS server, or null for the system's resolver. */
  readonly dnsServer: string | null;
  /** Look up each SIP domain's SRV and lyncdiscover records and scan their targets. */
  readonly dnsRecords: boolean;
  readonly concurrency: number;
  /** Per endpoint (DNS question, TCP connect and TLS handshake each). */
  readonly timeoutMs: number;
  /** For the whole scan; endpoints still open then are `timeout`. Null: none. */
  readonly deadlineMs: number | null;
  /** The clock: validity, days left and the scan's times. */
  readonly now: () => Date;
  readonly warnDays: number;
  readonly criticalDays: number;
  readonly trustStore: TrustStore;
  /** `--since`: a scan id, `last`, or null. */
  readonly since: number | 'last' | null;
}

export interface ScanProgress {
  readonly done: number;
  readonly total: number;
  readonly errors: number;
  readonly slowest: { readonly endpoint: string; readonly elapsedMs: number } | null;
  readonly result: ScanEndpointResult;
}

/** About 16 handshakes saturate 2 cores (architecture.md); more only helps while peers are slow. */
export function defaultScanConcurrency(): number {
  return Math.min(64, Math.max(8, availableParallelism() * 8));
}

/** Results are written in batches: one transaction (one fsync) per batch, not per endpoint. */
const batchSize = 64;

interface ScanContext {
  readonly options: ScanOptions;
  readonly check: TopologyCheck;
  readonly resolver: DnsResolver | null;
  readonly assignments: ReadonlyMap<string, AssignedCertificate>;
  readonly cache: FactsCache;
  /** Chain trust by the chain's thumbprints: pool members and shared FQDNs send the same chain. */
  readonly trustCache: Map<string, ChainTrust>;
  readonly signal: AbortSignal;
  readonly deadlineMessage: string;
  readonly at: Date;
}

const assignmentKey = (server: string, use: string): string => `${server}|${use}`.toLowerCase();

export async function runScan(
  options: ScanOptions,
  store: Store,
  onProgress: (progress: ScanProgress) => void = () => {},
): Promise<ScanDocument> {
  const startedAt = options.now();
  const since = options.since === null ? null : resolveSinceScan(store, options.since);
  const check = prepareTopologyCheck(options.topology, options.topologyPath, {
    now: startedAt,
    warnDays: options.warnDays,
    trustStore: options.trustStore,
  });
  const resolver =
    options.dnsServer === null && !options.dnsRecords
      ? null
      : createDnsResolver({ server: options.dnsServer, timeoutMs: options.timeoutMs, tries: 2 });
  const targets =
    options.dnsRecords && resolver !== null
      ? addRecordTargets(
          listScanTargets(options.topology),
          await lookupRecords(resolver, options.topology),
          options.topology,
        )
      : listScanTargets(options.topology);

  const { assignments, assignedExpiry } = store.read(() => readAssignments(store));
  const scanId = await store.write(() =>
    insertScan(store.db, { topology: options.topologyPath, endpointCount: targets.length }, startedAt),
  );

  const controller = new AbortController();
  // Every probe in flight listens for the deadline (connect, handshake, DNS): one listener each.
  setMaxListeners(Math.max(10, options.concurrency * 3 + 10), controller.signal);
  const deadline =
    options.deadlineMs === null ? null : setTimeout(() => controller.abort(), options.deadlineMs);
  const context: ScanContext = {
    options,
    check,
    // Names are resolved by --dns-server when given; else by the system (net.connect's lookup).
    resolver: options.dnsServer === null ? null : resolver,
    assignments,
    cache: new Map(),
    trustCache: new Map(),
    signal: controller.signal,
    deadlineMessage: `still open when the scan's --deadline of ${options.deadlineMs ?? 0} ms passed`,
    at: startedAt,
  };

  const results: ScanEndpointResult[] = new Array(targets.length);
  const pending: { index: number; result: ScanEndpointResult; certificateId: number | null }[] = [];
  const flush = (): void => {
    if (pending.length === 0) return;
    const batch = pending.splice(0, pending.length);
    store.db.transaction(() => {
      // Stored in the order they complete, each with its place in the scan's order.
      for (const { index, result, certificateId } of batch)
        insertScanResult(
          store.db,
          { scanId: String(scanId), endpoint: result.endpoint, certificateId, result: { index, result } },
          options.now(),
        );
    })();
  };
  let done = 0;
  let errors = 0;
  let slowest: ScanProgress['slowest'] = null;
  const record = (i: number, result: ScanEndpointResult): void => {
    results[i] = result;
    const served = result.served;
    const certificateId =
      served === null ? null : (findCertificateByThumbprint(store.db, served.thumbprint)?.id ?? null);
    pending.push({ index: i, result, certificateId });
    if (pending.length >= batchSize) flush();
    done += 1;
    errors += result.findings.filter((f) => f.severity === 'error').length;
    if (slowest === null || result.elapsedMs > slowest.elapsedMs)
      slowest = { endpoint: result.endpoint, elapsedMs: result.elapsedMs };
    onProgress({ done, total: targets.length, errors, slowest, result });
  };

  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < targets.length && !controller.signal.aborted) {
      const i = next++;
      record(i, await scanTarget(targets[i]!, context));
    }
  };
  try {
    await Promise.all(
      Array.from({ length: Math.max(1, Math.min(options.concurrency, targets.length)) }, worker),
    );
    // Past the deadline: what never started is reported too, as timeout. Nothing is dropped.
    for (let i = 0; i < targets.length; i++) {
      if (results[i] === undefined) record(i, failedResult(targets[i]!, context, deadlineError(context), 0));
    }
  } finally {
    if (deadline !== null) clearTimeout(deadline);
    flush();
  }

  const endpointFindings = results.flatMap((r) => r.findings);
  const reported = new Set(
    targets
      .filter((t) => t.server !== null)
      .map((t) => assignmentKey(`${t.server}`, t.use).replace('|', '/')),
  );
  const deploymentFindings = checkUseNotAssigned({
    requirements: check.requirements,
    isAssigned: (server, use) => assignments.has(assignmentKey(server, use)),
    topologyPath: options.topologyPath,
    plannedUsesOf: check.plannedUsesOf,
    reportedElsewhere: reported,
  });
  const findings = [...endpointFindings, ...deploymentFindings];
  const expiry = buildExpiryReport([...servedExpiry(results), ...assignedExpiry], startedAt, {
    warnDays: options.warnDays,
    criticalDays: options.criticalDays,
  });
  const summary = summarize(results, findings);
  const finishedAt = options.now();
  const previous = since === null ? null : readScanDocument(store, since);
  const changes =
    previous === null ? undefined : compareScans(previous, { endpoints: results, findings, expiry });
  const sinceRef = previous === null ? undefined : { scanId: previous.scanId, startedAt: previous.startedAt };
  await store.write(() =>
    finishScan(
      store.db,
      scanId,
      {
        summary,
        report: {
          deploymentFindings,
          expiry,
          ...(sinceRef === undefined ? {} : { since: sinceRef, changes }),
        },
      },
      finishedAt,
    ),
  );
  return {
    scanId,
    startedAt: isoOf(startedAt),
    finishedAt: isoOf(finishedAt),
    topology: options.topologyPath,
    endpoints: results,
    findings,
    expiry,
    summary,
    ...(sinceRef === undefined || changes === undefined ? {} : { since: sinceRef, changes }),
  };
}

function isoOf(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

async function lookupRecords(resolver: DnsResolver, topology: Topology): Promise<RecordLookup[]> {
  const specs = lyncRecordSpecs.filter((s) => scannedRecordPrefixes.includes(s.prefix));
  return Promise.all(
    topology.sipDomains.flatMap((domain) => specs.map((spec) => lookupRecord(resolver, spec, domain))),
  );
}

function readAssignments(store: Store): {
  assignments: Map<string, AssignedCertificate>;
  assignedExpiry: ExpiryInput[];
} {
  const assignments = new Map<string, AssignedCertificate>();
  const assignedExpiry: ExpiryInput[] = [];
  for (const a of listAssignments(store.db)) {
    assignments.set(assignmentKey(a.server, a.use), {
      server: a.server,
      thumbprint: a.thumbprint,
      effectiveAt: a.effectiveAt,
      previousThumbprint: a.previousThumbprint,
    });
    for (const id of [a.certificateId, a.previousCertificateId]) {
      const certificate = id === null ? null : findCertificateById(store.db, id);
      if (certificate === null) continue;
      assignedExpiry.push({
        thumbprint: certificate.facts.thumbprint,
        subject: certificate.facts.subject,
        notAfter: certificate.facts.notAfter,
        where: `${a.server}/${a.use}`,
      });
    }
  }
  return { assignments, assignedExpiry };
}

function* servedExpiry(results: readonly ScanEndpointResult[]): Generator<ExpiryInput> {
  for (const r of results) {
    if (r.served === null) continue;
    yield {
      thumbprint: r.served.thumbprint,
      subject: r.served.subject,
      notAfter: r.served.notAfter,
      where: r.endpoint,
    };
  }
}

function summarize(results: readonly ScanEndpointResult[], findings: readonly Finding[]): ScanSummary {
  const byStatus: Record<EndpointStatus, number> = {
    ok: 0,
    refused: 0,
    timeout: 0,
    unreachable: 0,
    'not-tls': 0,
    'handshake-failed': 0,
  };
  for (const r of results) byStatus[r.status] += 1;
  return {
    endpoints: results.length,
    reached: byStatus.ok,
    errors: findings.filter((f) => f.severity === 'error').length,
    warnings: findings.filter((f) => f.severity === 'warning').length,
    drifted: results.filter((r) => r.drift !== 'none').length,
    byStatus,
  };
}

function deadlineError(context: ScanContext): UccertError {
  return environmentError(
    'DEADLINE_PASSED',
    context.deadlineMessage,
    'raise --deadline, or lower --timeout so that slow endpoints give up sooner',
  );
}

/** The plan's requirement behind the target: the first of its servers that has one for its use. */
function requirementOf(target: ScanTarget, check: TopologyCheck): CheckedRequirement | null {
  for (const server of target.servers) {
    const requirement = check.lookup(server, target.use);
    if (requirement !== null) return requirement;
  }
  return null;
}

function assignedTo(target: ScanTarget, context: ScanContext): AssignedCertificate[] {
  return target.servers
    .map((server) => context.assignments.get(assignmentKey(server, target.use)))
    .filter((a) => a !== undefined);
}

function driftOf(target: ScanTarget, context: ScanContext, endpoint: string, served: string | null) {
  const requirement = requirementOf(target, context.check);
  return assessDrift({
    endpoint,
    use: target.use,
    served,
    assigned: assignedTo(target, context),
    planned: requirement,
    now: context.at,
    topologyPath: context.options.topologyPath,
    plannedUsesOf: context.check.plannedUsesOf,
  });
}

function failedResult(
  target: ScanTarget,
  context: ScanContext,
  error: UccertError,
  elapsedMs: number,
): ScanEndpointResult {
  const endpoint = formatEndpoint(target.host, target.port);
  const drift = driftOf(target, context, endpoint, null);
  return {
    endpoint,
    host: target.host,
    port: target.port,
    server: drift.server ?? target.server,
    use: target.use,
    source: target.source,
    status: statusOfError(error.code),
    served: null,
    assigned: drift.assigned,
    drift: drift.drift,
    findings: drift.finding === null ? [] : [drift.finding],
    error: { code: error.code, message: error.message },
    elapsedMs,
  };
}

/** Rejects when the scan's deadline passes, so a DNS question cannot outlive it. */
function untilDeadline<T>(work: Promise<T>, context: ScanContext): Promise<T> {
  if (context.signal.aborted) return Promise.reject(deadlineError(context));
  return new Promise<T>((resolve, reject) => {
    const abort = (): void => reject(deadlineError(context));
    context.signal.addEventListener('abort', abort, { once: true });
    work.then(
      (value) => {
        context.signal.removeEventListener('abort', abort);
        resolve(value);
      },
      (error: unknown) => {
        context.signal.removeEventListener('abort', abort);
        reject(error);
      },
    );
  });
}

async function scanTarget(target: ScanTarget, context: ScanContext): Promise<ScanEndpointResult> {
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  const endpoint = formatEndpoint(target.host, target.port);
  try {
    let to = routeEndpoint(target.host, target.port, context.options.routes);
    if (context.resolver !== null && to.host === target.host) {
      const answer = await untilDeadline(resolveAddress(context.resolver, target.host), context);
      const address = answer.addresses[0];
      if (address === undefined) {
        throw environmentError(
          'HOST_NOT_FOUND',
          `${target.host} does not resolve (${answer.status}) at --dns-server ${context.options.dnsServer ?? ''}`,
          'add the record to that DNS server, or route the endpoint with --resolve / --connect-to',
        );
      }
      to = { host: address, port: to.port };
    }
    const probe = await probeTls({
      host: to.host,
      port: to.port,
      servername: target.host,
      timeoutMs: context.options.timeoutMs,
      signal: context.signal,
    });
    return reachedResult(target, context, endpoint, probe, elapsed());
  } catch (error) {
    if (!(error instanceof UccertError)) throw error;
    const failure =
      context.signal.aborted && statusOfError(error.code) === 'timeout' ? deadlineError(context) : error;
    return failedResult(target, context, failure, elapsed());
  }
}

function reachedResult(
  target: ScanTarget,
  context: ScanContext,
  endpoint: string,
  probe: TlsProbeResult,
  elapsedMs: number,
): ScanEndpointResult {
  const leafDer = probe.chain[0];
  if (leafDer === undefined)
    throw environmentError(
      'NO_CERTIFICATE',
      `${endpoint} presented no certificate`,
      'check the server’s TLS settings',
    );
  const leaf = readServedLeaf(leafDer, endpoint, context.cache);
  const requirement = requirementOf(target, context.check);
  const chain = probe.chain.map(thumbprintOfDer);
  const findings = readingServed(endpoint, (): readonly Finding[] => {
    if (requirement === null) {
      return assessProbe(
        {
          host: target.host,
          port: target.port,
          sni: target.host,
          timeoutMs: context.options.timeoutMs,
          now: context.at,
          trustStore: context.options.trustStore,
          expiryWindowDays: context.options.warnDays,
        },
        probe,
      ).findings;
    }
    const mismatch = checkHostnameMismatch(leaf, target.host, endpoint);
    const chainKey = chain.join(',');
    let trust = context.trustCache.get(chainKey);
    if (trust === undefined) {
      trust = verifyChainTrust(probe.chain, context.options.trustStore);
      context.trustCache.set(chainKey, trust);
    }
    const assignment: CertificateAssignment = {
      verifiedTrust: trust,
      server: requirement.server,
      uses: [target.use],
      source: endpoint,
      chain: probe.chain,
      chainSent: true,
      certificate: leaf,
      privateKey: null,
      extraFindings: mismatch === null ? [] : [mismatch],
    };
    return checkAssignment(assignment, [requirement], context.check.settings).findings;
  });
  const drift = driftOf(target, context, endpoint, leaf.thumbprint);
  return {
    endpoint,
    host: target.host,
    port: target.port,
    server: drift.server ?? target.server,
    use: target.use,
    source: target.source,
    status: 'ok',
    served: {
      thumbprint: leaf.thumbprint,
      chain,
      protocol: probe.protocol,
      cipher: probe.cipher,
      notAfter: leaf.notAfter,
      subject: leaf.subject,
    },
    assigned: drift.assigned,
    drift: drift.drift,
    findings: drift.finding === null ? findings : [...findings, drift.finding],
    error: null,
    elapsedMs,
  };
}
