// The evidence pack's report.html: one self-contained page (inline CSS and SVG, no script, no
// external asset) for a change ticket: what was checked, the coverage matrix (every name each use
// needs × how the assigned certificate covers it), the expiry timeline, the findings with their
// fixes, what the scans saw change, and the pack's files. Laid out to print on A4/Letter. Pure.

import type { CoverageCell } from '../check/coverage-matrix.js';
import type { Finding } from '../check/finding.js';

export interface CoverageColumn {
  readonly server: string;
  readonly use: string;
  readonly thumbprint: string;
  readonly rows: readonly { readonly name: string; readonly need: string; readonly coverage: CoverageCell }[];
}

export interface TimelineEntry {
  readonly label: string;
  readonly thumbprint: string;
  readonly notBefore: string;
  readonly notAfter: string;
}

export interface EvidenceReport {
  readonly title: string;
  readonly generatedAt: string;
  readonly topology: string;
  readonly scope: string;
  readonly coverage: readonly CoverageColumn[];
  readonly timeline: readonly TimelineEntry[];
  readonly findings: readonly Finding[];
  readonly scans: {
    readonly before: string | null;
    readonly after: string | null;
    readonly changes: readonly string[];
    readonly note: string | null;
  };
  readonly files: readonly { readonly path: string; readonly sha256: string; readonly bytes: number }[];
}

export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

const cellText: Readonly<Record<CoverageCell, string>> = {
  exact: '✓',
  wildcard: '✓*',
  'wildcard-not-allowed': '✗*',
  missing: '✗',
};

const style = `
  :root { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 11pt; color: #111; }
  body { margin: 1.5cm; }
  h1 { font-size: 18pt; margin: 0 0 .2em; }
  h2 { font-size: 13pt; border-bottom: 1px solid #999; margin-top: 1.4em; page-break-after: avoid; }
  table { border-collapse: collapse; margin: .5em 0; page-break-inside: auto; }
  tr { page-break-inside: avoid; }
  th, td { border: 1px solid #bbb; padding: 2px 6px; vertical-align: top; text-align: left; }
  th { background: #eee; }
  td.c { text-align: center; font-weight: bold; }
  .exact, .wildcard { color: #075e07; }
  .missing, .wildcard-not-allowed, .error { color: #a30000; }
  .warning { color: #8a5a00; }
  .meta td { border: none; padding: 0 12px 0 0; }
  .fix { font-size: 9.5pt; color: #333; }
  code, .mono { font-family: "DejaVu Sans Mono", monospace; font-size: 9pt; word-break: break-all; }
  .matrix th.v { writing-mode: vertical-rl; transform: rotate(180deg); font-weight: normal; font-size: 9pt; }
  svg text { font-size: 9px; font-family: "DejaVu Sans", Arial, sans-serif; }
  @media print { body { margin: 0; } h2 { page-break-before: auto; } a { color: inherit; text-decoration: none; } }
  @page { size: A4; margin: 1.5cm; }
`;

function matrixTable(columns: readonly CoverageColumn[]): string {
  if (columns.length === 0)
    return '<p>No certificate is assigned in the store: nothing to match against the plan.</p>';
  const names = [...new Set(columns.flatMap((c) => c.rows.map((r) => r.name)))];
  const head = columns
    .map(
      (c) => `<th class="v" title="${escapeHtml(c.thumbprint)}">${escapeHtml(`${c.server} · ${c.use}`)}</th>`,
    )
    .join('');
  const body = names
    .map((name) => {
      const cells = columns
        .map((c) => {
          const row = c.rows.find((r) => r.name === name);
          if (row === undefined) return '<td></td>';
          return `<td class="c ${row.coverage}" title="${row.need}: ${row.coverage}">${cellText[row.coverage]}</td>`;
        })
        .join('');
      return `<tr><th class="mono">${escapeHtml(name)}</th>${cells}</tr>`;
    })
    .join('\n');
  return `<table class="matrix" id="coverage-matrix"><thead><tr><th>name \\ server · use</th>${head}</tr></thead><tbody>\n${body}\n</tbody></table>
<p class="fix">✓ exact · ✓* by an allowed wildcard · ✗* by a wildcard Lync refuses here · ✗ missing. Empty: the use does not list the name.</p>`;
}

const dayMs = 86_400_000;

/** Horizontal bars from notBefore to notAfter on one time axis, with a line at the report's time. */
function timelineSvg(entries: readonly TimelineEntry[], generatedAt: string): string {
  if (entries.length === 0) return '<p>No certificate to draw.</p>';
  const now = Date.parse(generatedAt);
  const starts = entries.map((e) => Date.parse(e.notBefore));
  const ends = entries.map((e) => Date.parse(e.notAfter));
  const from = Math.min(now, ...starts);
  const to = Math.max(now + dayMs, ...ends);
  const labelWidth = 260;
  const width = 700;
  const row = 18;
  const x = (t: number) => labelWidth + ((t - from) / (to - from)) * (width - labelWidth - 10);
  const bars = entries
    .map((e, i) => {
      const y = 20 + i * row;
      const end = Date.parse(e.notAfter);
      const daysLeft = Math.floor((end - now) / dayMs);
      const colour = daysLeft < 0 ? '#a30000' : daysLeft <= 30 ? '#d08000' : '#2f7d32';
      return `<text x="0" y="${y + 11}">${escapeHtml(e.label)}</text><rect x="${x(Date.parse(e.notBefore)).toFixed(1)}" y="${y}" width="${Math.max(1, x(end) - x(Date.parse(e.notBefore))).toFixed(1)}" height="${row - 5}" fill="${colour}"><title>${escapeHtml(`${e.thumbprint}: ${e.notBefore} → ${e.notAfter} (${daysLeft} days left)`)}</title></rect><text x="${(x(end) + 3).toFixed(1)}" y="${y + 11}">${e.notAfter.slice(0, 10)}</text>`;
    })
    .join('\n');
  const height = 30 + entries.length * row;
  return `<svg id="expiry-timeline" xmlns="http://www.w3.org/2000/svg" width="${width + 80}" height="${height}" role="img" aria-label="expiry timeline">
<line x1="${x(now).toFixed(1)}" y1="10" x2="${x(now).toFixed(1)}" y2="${height}" stroke="#000" stroke-dasharray="3,2"/><text x="${(x(now) + 2).toFixed(1)}" y="10">now ${generatedAt.slice(0, 10)}</text>
${bars}
</svg>`;
}

function findingsTable(findings: readonly Finding[]): string {
  if (findings.length === 0) return '<p>No findings.</p>';
  const rows = findings
    .map(
      (f) =>
        `<tr><td class="${f.severity}">${f.severity}</td><td class="mono">${f.code}</td><td>${escapeHtml(f.target)}</td><td>${escapeHtml(f.message)}<div class="fix">fix: ${escapeHtml(f.fix).replaceAll('\n', '<br>')}</div></td></tr>`,
    )
    .join('\n');
  return `<table id="findings"><thead><tr><th>severity</th><th>code</th><th>target</th><th>what and fix</th></tr></thead><tbody>\n${rows}\n</tbody></table>`;
}

export function renderEvidenceHtml(report: EvidenceReport): string {
  const scans = report.scans;
  const scanPart =
    scans.after === null
      ? `<p>${escapeHtml(scans.note ?? 'No scan in the store.')}</p>`
      : `<p>Before: ${escapeHtml(scans.before ?? '(none)')} · After: ${escapeHtml(scans.after)}</p>${
          scans.changes.length === 0
            ? '<p>No differences.</p>'
            : `<ul>${scans.changes.map((c) => `<li>${escapeHtml(c)}</li>`).join('')}</ul>`
        }`;
  const files = report.files
    .map(
      (f) =>
        `<tr><td class="mono">${escapeHtml(f.path)}</td><td>${f.bytes}</td><td class="mono">${f.sha256}</td></tr>`,
    )
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(report.title)}</title>
<style>${style}</style>
</head>
<body>
<h1>${escapeHtml(report.title)}</h1>
<table class="meta">
<tr><td>Topology</td><td class="mono">${escapeHtml(report.topology)}</td></tr>
<tr><td>Scope</td><td>${escapeHtml(report.scope)}</td></tr>
<tr><td>Generated</td><td>${escapeHtml(report.generatedAt)}</td></tr>
<tr><td>Findings</td><td>${report.findings.filter((f) => f.severity === 'error').length} errors, ${report.findings.filter((f) => f.severity === 'warning').length} warnings</td></tr>
</table>
<h2>Coverage matrix</h2>
${matrixTable(report.coverage)}
<h2>Expiry timeline</h2>
${timelineSvg(report.timeline, report.generatedAt)}
<h2>Findings and fixes</h2>
${findingsTable(report.findings)}
<h2>Scans before and after</h2>
${scanPart}
<h2>Files in this pack</h2>
<p>The pack holds certificates and requests only: no private key, no password. Check it with <code>sha256sum -c MANIFEST.sha256</code>.</p>
<table id="files"><thead><tr><th>file</th><th>bytes</th><th>SHA-256</th></tr></thead><tbody>
${files}
</tbody></table>
</body>
</html>
`;
}
