// Renders a scan: one line per endpoint (status, endpoint, server and use, what it serves, drift),
// the findings with their fixes, the expiry report soonest first, the changes with --since, and
// the summary. --json prints the scan document (architecture.md, "scan JSON"). Also the history.

import type { ScanChange, ScanDocument, ScanEndpointResult } from '../scan/scan-document.js';
import type { ScanListEntry } from '../scan/scan-history.js';
import { renderFindingLines } from './render-findings.js';

function table(rows: readonly (readonly string[])[], indent: string): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    for (const [i, cell] of row.entries()) widths[i] = Math.max(widths[i] ?? 0, cell.length);
  }
  return rows.map((row) => `${indent}${row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ')}`.trimEnd());
}

function servedText(e: ScanEndpointResult): string {
  if (e.served !== null) return e.served.thumbprint;
  return e.error?.message ?? '-';
}

function changeText(c: ScanChange): string {
  switch (c.kind) {
    case 'thumbprint-changed':
      return `${c.endpoint}: serves ${c.to ?? '-'} (was ${c.from ?? '-'})`;
    case 'finding-new':
      return `new ${c.code} (${c.target}): ${c.message}`;
    case 'finding-resolved':
      return `resolved ${c.code} (${c.target})`;
    case 'unreachable':
      return `${c.endpoint}: now ${c.to} (was ${c.from})`;
    case 'reachable':
      return `${c.endpoint}: reached again (was ${c.from})`;
    case 'endpoint-new':
      return `${c.endpoint}: new endpoint`;
    case 'endpoint-gone':
      return `${c.endpoint}: no longer scanned`;
    case 'entered-warning-window':
      return `"${c.subject}" (${c.thumbprint}) entered the ${c.grade} window: ${c.daysLeft} days left (${c.where.join(', ')})`;
  }
}

export function renderScanText(document: ScanDocument): string {
  const lines: string[] = [];
  const s = document.summary;
  lines.push(
    `Scan ${document.scanId} of ${document.topology}, ${document.startedAt} to ${document.finishedAt ?? '(interrupted)'}`,
  );
  lines.push('');
  lines.push(
    ...table(
      [
        ['status', 'endpoint', 'server', 'use', 'drift', 'assigned', 'served'],
        ...document.endpoints.map((e) => [
          e.status,
          e.endpoint,
          e.server ?? '-',
          e.use,
          e.drift,
          e.assigned ?? '-',
          servedText(e),
        ]),
      ],
      '  ',
    ),
  );
  lines.push('');
  if (document.findings.length > 0) {
    lines.push(`Findings (${document.findings.length})`);
    lines.push(...renderFindingLines(document.findings, '  '));
    lines.push('');
  }
  if (document.expiry.length > 0) {
    lines.push('Expiry (soonest first)');
    lines.push(
      ...table(
        document.expiry.map((x) => [
          x.grade,
          `${x.daysLeft} days`,
          x.notAfter,
          x.thumbprint,
          `"${x.subject}"`,
          x.where.length > 3
            ? `${x.where.slice(0, 3).join(', ')} and ${x.where.length - 3} more`
            : x.where.join(', '),
        ]),
        '  ',
      ),
    );
    lines.push('');
  }
  if (document.changes !== undefined && document.since !== undefined) {
    lines.push(
      `Changes since scan ${document.since.scanId} (${document.since.startedAt}): ${document.changes.length}`,
    );
    for (const c of document.changes) lines.push(`  ${changeText(c)}`);
    lines.push('');
  }
  const notReached = Object.entries(s.byStatus)
    .filter(([status, n]) => status !== 'ok' && n > 0)
    .map(([status, n]) => `${n} ${status}`);
  lines.push(
    `${s.endpoints} endpoints, ${s.reached} reached${notReached.length > 0 ? ` (${notReached.join(', ')})` : ''}: ` +
      `${s.errors} error${s.errors === 1 ? '' : 's'}, ${s.warnings} warning${s.warnings === 1 ? '' : 's'}, ${s.drifted} drifted`,
  );
  lines.push(`Show it again: uccert scan --show ${document.scanId}`);
  return `${lines.join('\n')}\n`;
}

export function renderScanJson(document: ScanDocument): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

export function renderScanListText(scans: readonly ScanListEntry[]): string {
  if (scans.length === 0) return 'No scans yet: uccert scan TOPOLOGY\n';
  const rows = scans.map((s) => [
    String(s.scanId),
    s.startedAt,
    s.finishedAt === null ? 'interrupted' : 'finished',
    s.topology,
    `${s.summary?.reached ?? '-'}/${s.endpoints} reached`,
    `${s.summary?.errors ?? '-'} errors`,
    `${s.summary?.drifted ?? '-'} drifted`,
  ]);
  return `${table([['scan', 'started', 'state', 'topology', 'endpoints', 'errors', 'drift'], ...rows], '').join('\n')}\n`;
}
