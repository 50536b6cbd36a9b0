// `uccert evidence`: the pack for a change ticket, as a list of files (path, bytes): the plan (JSON
// and text), the PowerShell runbook, the requests (CSRs) and certificates (PEM, never a key), the
// scans before and after with their differences, the findings with their fixes, the assignment and
// renewal history, report.html, and MANIFEST.sha256 over all of them. Reads; writes nothing.

import { createHash } from 'node:crypto';
import { encodePem } from '../ca/pem-encoding.js';
import { describeCoverage } from '../check/coverage-matrix.js';
import type { Finding } from '../check/finding.js';
import { checkStoredAssignments } from '../check-inputs/stored-assignments.js';
import { prepareTopologyCheck } from '../check-inputs/topology-check.js';
import { renderPlanText } from '../cli/plan-text.js';
import { renderCheckJson, renderCheckText } from '../cli/render-check.js';
import { renderPowerShell } from '../powershell/request-commands.js';
import { buildStoredChain } from '../requests/stored-chain.js';
import { defaultPlanOptions } from '../requirements/plan-model.js';
import { planRequirements } from '../requirements/plan-requirements.js';
import { compareScans } from '../scan/scan-changes.js';
import type { ScanChange, ScanDocument } from '../scan/scan-document.js';
import { readScanDocument } from '../scan/scan-history.js';
import { listAssignmentHistory, listAssignments } from '../store/assignment-records.js';
import { findCertificateById, type StoredCertificate } from '../store/certificate-records.js';
import { listRenewals } from '../store/renewal-records.js';
import { listPendingRequests } from '../store/request-records.js';
import { readLastFinishedScan } from '../store/scan-records.js';
import type { Store } from '../store/store.js';
import type { Topology } from '../topology/model.js';
import { type CoverageColumn, renderEvidenceHtml, type TimelineEntry } from './evidence-report-html.js';

export interface EvidenceFile {
  readonly path: string;
  readonly content: Uint8Array;
}

export interface EvidenceRequest {
  readonly topology: Topology;
  readonly topologyPath: string;
  readonly server: string | null;
  /** The scan to compare the latest with; null: the one before the latest, if any. */
  readonly since: number | null;
  readonly now: Date;
}

export interface EvidencePack {
  readonly files: readonly EvidenceFile[];
  readonly notes: readonly string[];
}

const text = (s: string): Uint8Array => new TextEncoder().encode(s);
const json = (value: unknown): Uint8Array => text(`${JSON.stringify(value, null, 2)}\n`);

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function describeChange(change: ScanChange): string {
  switch (change.kind) {
    case 'thumbprint-changed':
      return `${change.endpoint}: now serves ${change.to} (was ${change.from})`;
    case 'endpoint-new':
      return `${change.endpoint}: new endpoint`;
    case 'endpoint-gone':
      return `${change.endpoint}: no longer scanned`;
    case 'entered-warning-window':
      return `${change.thumbprint} (${change.subject}) entered the warning window: ${change.daysLeft} days left`;
    case 'finding-new':
      return `new finding ${change.code} on ${change.target}: ${change.message}`;
    case 'finding-resolved':
      return `resolved ${change.code} on ${change.target}`;
    case 'unreachable':
    case 'reachable':
      return `${change.endpoint}: ${change.from} → ${change.to}`;
  }
}

export function collectEvidence(store: Store | null, request: EvidenceRequest): EvidencePack {
  const files: EvidenceFile[] = [];
  const notes: string[] = [];
  const serverFilter = request.server?.toLowerCase() ?? null;
  const onServer = (server: string) => serverFilter === null || server.toLowerCase() === serverFilter;
  const plan = planRequirements(request.topology, { ...defaultPlanOptions, server: request.server });
  files.push({
    path: 'plan/plan.json',
    content: json({ requirements: plan.requirements, certificates: plan.certificates }),
  });
  files.push({
    path: 'plan/plan.txt',
    content: text(
      renderPlanText(plan, {
        source: request.topologyPath,
        topology: request.topology,
        grouping: 'combined',
      }),
    ),
  });
  files.push({
    path: 'runbook/runbook.ps1',
    content: text(
      renderPowerShell(plan, {
        product: request.topology.product,
        ca: null,
        folder: 'C:\\uccert',
        source: request.topologyPath,
      }),
    ),
  });

  let findings: Finding[] = [];
  let coverage: CoverageColumn[] = [];
  const timeline: TimelineEntry[] = [];
  let scans: { before: string | null; after: string | null; changes: string[]; note: string | null } = {
    before: null,
    after: null,
    changes: [],
    note: 'No scan in the store: run `uccert scan TOPOLOGY` before and after the change.',
  };
  if (store === null) {
    notes.push(
      'no uccert store: the pack holds the plan and runbook only (no requests, certificates, scans or history)',
    );
  } else {
    // Certificates in use, requested, and their CAs: PEM only.
    const certificates = new Map<number, StoredCertificate>();
    const add = (c: StoredCertificate | null) => {
      if (c === null || certificates.has(c.id)) return;
      certificates.set(c.id, c);
      for (const issuer of buildStoredChain(store.db, c).issuers) certificates.set(issuer.id, issuer);
    };
    store.read(() => {
      const assignments = listAssignments(store.db).filter((a) => onServer(a.server));
      for (const a of assignments) add(findCertificateById(store.db, a.certificateId));
      for (const r of listPendingRequests(store.db, 'all').filter((q) => onServer(q.server))) {
        files.push({
          path: `requests/request-${r.id}-${r.server}.csr`,
          content: text(encodePem('CERTIFICATE REQUEST', r.csrDer)),
        });
        if (r.certificateId !== null) add(findCertificateById(store.db, r.certificateId));
      }
      for (const c of certificates.values()) {
        files.push({
          path: `certificates/${c.facts.thumbprint}.pem`,
          content: text(encodePem('CERTIFICATE', c.der)),
        });
      }
      files.push({
        path: 'certificates/index.json',
        content: json(
          [...certificates.values()].map((c) => ({
            thumbprint: c.facts.thumbprint,
            subject: c.facts.subject,
            issuer: c.facts.issuer,
            notBefore: c.facts.notBefore,
            notAfter: c.facts.notAfter,
            alternativeNames: c.facts.alternativeNames,
            isCa: c.facts.isCa,
          })),
        ),
      });
      files.push({
        path: 'history/assignments.json',
        content: json({
          assignments,
          history: listAssignmentHistory(store.db).filter((h) => onServer(h.server)),
          renewals: listRenewals(store.db).filter((r) => onServer(r.server)),
        }),
      });
      for (const a of assignments) {
        const c = certificates.get(a.certificateId);
        if (
          c !== undefined &&
          !timeline.some((t) => t.thumbprint === c.facts.thumbprint && t.label.startsWith(a.server))
        ) {
          timeline.push({
            label: `${a.server} (${c.facts.subjectCommonName ?? c.facts.thumbprint.slice(0, 8)})`,
            thumbprint: c.facts.thumbprint,
            notBefore: c.facts.notBefore,
            notAfter: c.facts.notAfter,
          });
        }
      }
    });
    // Findings of the assignments against the plan, with fixes (what `uccert check TOPOLOGY` says).
    const check = prepareTopologyCheck(request.topology, request.topologyPath, {
      now: request.now,
      warnDays: 30,
      trustStore: null,
    });
    const run = checkStoredAssignments(check, store.home);
    const checks = run.checks.filter((c) => onServer(c.assignment.server));
    const deployment = (run.deploymentFindings ?? []).filter(
      (f) => serverFilter === null || f.target.toLowerCase().includes(serverFilter),
    );
    findings = [...checks.flatMap((c) => c.findings), ...deployment];
    files.push({
      path: 'findings/findings.json',
      content: text(renderCheckJson(checks, run.unreachable, deployment)),
    });
    files.push({
      path: 'findings/findings.txt',
      content: text(renderCheckText(checks, run.unreachable, deployment)),
    });
    coverage = checks.flatMap((c) =>
      c.requirements.map((r) => ({
        server: c.assignment.server,
        use: r.use,
        thumbprint: c.assignment.certificate.thumbprint,
        rows: describeCoverage(c.assignment.certificate.alternativeNames, r),
      })),
    );
    // Scans: the latest finished one, and the one it is compared with.
    const last = store.read(() => readLastFinishedScan(store.db));
    if (last !== null) {
      const after = readScanDocument(store, last.id);
      const beforeId = request.since ?? store.read(() => readLastFinishedScan(store.db, last.id)?.id ?? null);
      files.push({ path: `scans/after-scan-${after.scanId}.json`, content: json(after) });
      let before: ScanDocument | null = null;
      if (beforeId !== null && beforeId !== after.scanId) {
        before = readScanDocument(store, beforeId);
        files.push({ path: `scans/before-scan-${before.scanId}.json`, content: json(before) });
        const changes = compareScans(before, after);
        files.push({
          path: 'scans/changes.json',
          content: json({ before: before.scanId, after: after.scanId, changes }),
        });
        scans = {
          before: `scan ${before.scanId} (${before.startedAt})`,
          after: `scan ${after.scanId} (${after.startedAt})`,
          changes: changes.map(describeChange),
          note: null,
        };
      } else {
        notes.push(
          'only one scan in the store: no "before" to compare with (run uccert scan before the change next time)',
        );
        scans = { before: null, after: `scan ${after.scanId} (${after.startedAt})`, changes: [], note: null };
      }
    } else {
      notes.push('no scan in the store: the pack has no scans (run uccert scan TOPOLOGY)');
    }
  }
  const listed = files.map((f) => ({ path: f.path, sha256: sha256(f.content), bytes: f.content.length }));
  files.push({
    path: 'report.html',
    content: text(
      renderEvidenceHtml({
        title: `Certificate evidence: ${request.topologyPath}${request.server === null ? '' : ` (${request.server})`}`,
        generatedAt: request.now.toISOString().replace('.000', ''),
        topology: request.topologyPath,
        scope: request.server === null ? 'every server' : request.server,
        coverage,
        timeline,
        findings,
        scans,
        files: listed,
      }),
    ),
  });
  files.sort((a, b) => a.path.localeCompare(b.path));
  const manifest = files.map((f) => `${sha256(f.content)}  ${f.path}`).join('\n');
  files.push({ path: 'MANIFEST.sha256', content: text(`${manifest}\n`) });
  return { files, notes };
}
