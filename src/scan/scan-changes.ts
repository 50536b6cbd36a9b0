// `scan --since`, pure: what changed between an earlier scan and this one. Thumbprints that
// changed, findings new or resolved, endpoints newly unreachable (or back), endpoints that came or
// went, and certificates that entered the warning window.

import type { Finding } from '../check/finding.js';
import type { ExpiryEntry, ScanChange, ScanEndpointResult } from './scan-document.js';

export interface ScanSnapshot {
  readonly endpoints: readonly ScanEndpointResult[];
  readonly findings: readonly Finding[];
  readonly expiry: readonly ExpiryEntry[];
}

const findingKey = (f: Finding): string => `${f.code}\u0000${f.target}\u0000${f.message}`;

export function compareScans(before: ScanSnapshot, after: ScanSnapshot): ScanChange[] {
  const changes: ScanChange[] = [];
  const previous = new Map(before.endpoints.map((e) => [e.endpoint, e]));
  const current = new Set(after.endpoints.map((e) => e.endpoint));
  for (const now of after.endpoints) {
    const then = previous.get(now.endpoint);
    if (then === undefined) {
      changes.push({ kind: 'endpoint-new', endpoint: now.endpoint });
      continue;
    }
    const from = then.served?.thumbprint ?? null;
    const to = now.served?.thumbprint ?? null;
    if (from !== null && to !== null && from !== to)
      changes.push({ kind: 'thumbprint-changed', endpoint: now.endpoint, from, to });
    if (then.status === 'ok' && now.status !== 'ok')
      changes.push({ kind: 'unreachable', endpoint: now.endpoint, from: then.status, to: now.status });
    if (then.status !== 'ok' && now.status === 'ok')
      changes.push({ kind: 'reachable', endpoint: now.endpoint, from: then.status, to: now.status });
  }
  for (const then of before.endpoints)
    if (!current.has(then.endpoint)) changes.push({ kind: 'endpoint-gone', endpoint: then.endpoint });
  const oldFindings = new Set(before.findings.map(findingKey));
  const newFindings = new Set(after.findings.map(findingKey));
  for (const f of after.findings)
    if (!oldFindings.has(findingKey(f)))
      changes.push({ kind: 'finding-new', target: f.target, code: f.code, message: f.message });
  for (const f of before.findings)
    if (!newFindings.has(findingKey(f)))
      changes.push({ kind: 'finding-resolved', target: f.target, code: f.code, message: f.message });
  const oldGrades = new Map(before.expiry.map((e) => [e.thumbprint, e.grade]));
  for (const e of after.expiry) {
    if (e.grade === 'green') continue;
    const was = oldGrades.get(e.thumbprint);
    if (was === undefined || was === 'green' || (was === 'amber' && e.grade === 'red')) {
      changes.push({
        kind: 'entered-warning-window',
        thumbprint: e.thumbprint,
        subject: e.subject,
        daysLeft: e.daysLeft,
        grade: e.grade,
        where: e.where,
      });
    }
  }
  return changes;
}
