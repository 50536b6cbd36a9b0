// Renders `get`: per server and use, the certificate with every property (nothing truncated, as
// `Get-CsCertificate | Format-List *` would need), its status and dates, the previous (rolled)
// certificate, and the history of changes. JSON: the certificate JSON of the contract plus `use`.

import type { AssignmentReport, AssignmentView, HistoryEntry } from '../assign/assignment-view.js';
import { certificateJson, certificateRows, renderProperties } from './render-certificate.js';

function indent(text: string, by: string): string {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => `${by}${line}`)
    .join('\n');
}

function renderView(view: AssignmentView, now: Date): string {
  const status =
    view.status === 'active'
      ? `in effect since ${view.effectiveAt}`
      : `staged: takes effect ${view.effectiveAt}`;
  const head = renderProperties([
    ['Server', view.server],
    ['Use', view.use],
    ['Status', status],
    ['EffectiveAt', view.effectiveAt],
    ['AssignedAt', view.assignedAt],
    ['HeldFor', view.heldFor],
    ['FriendlyName', view.certificate.friendlyName],
  ]);
  const current = indent(renderProperties(certificateRows(view.certificate.facts, now)), '    ');
  const previous =
    view.previous === null
      ? '  Previous certificate: (none)'
      : `  Previous certificate (kept until \`uccert remove --server ${view.server} --type ${view.use} --previous\`):\n${indent(renderProperties(certificateRows(view.previous.facts, now)), '    ')}`;
  return `${head}  Certificate:\n${current}\n${previous}\n`;
}

function renderHistoryLine(h: HistoryEntry): string {
  const what = h.thumbprint ?? '(none)';
  // What the change replaced; it is kept as the previous certificate only after a roll.
  const previous = h.previousThumbprint === null ? '' : ` (replaced ${h.previousThumbprint})`;
  const effective = h.effectiveAt === null || h.effectiveAt === h.at ? '' : ` effective ${h.effectiveAt}`;
  return `  ${h.at}  ${h.action.padEnd(15)} ${h.server}/${h.use}  ${what}${previous}${effective}`;
}

export function renderAssignmentReportText(report: AssignmentReport, now: Date): string {
  if (report.assignments.length === 0 && report.history.length === 0) {
    return 'No certificates are assigned. Assign one with: uccert set --server FQDN --type T,… --thumbprint X\n';
  }
  const blocks = report.assignments.map((v) => renderView(v, now));
  const history = ['History:', ...report.history.map(renderHistoryLine)].join('\n');
  return `${[...blocks, `${history}\n`].join('\n')}`;
}

export function assignmentReportJson(report: AssignmentReport, now: Date): unknown {
  return {
    assignments: report.assignments.map((v) => ({
      server: v.server,
      use: v.use,
      status: v.status,
      effectiveAt: v.effectiveAt,
      assignedAt: v.assignedAt,
      friendlyName: v.certificate.friendlyName,
      certificate: { ...certificateJson(v.certificate.facts, now), use: v.heldFor },
      previous: v.previous === null ? null : certificateJson(v.previous.facts, now),
    })),
    history: report.history,
  };
}
