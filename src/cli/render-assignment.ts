// Renders `set` and `remove` results: what was assigned or refused and why (the findings, in the
// same layout as `check`), warnings, notes, and the equivalent Management Shell line.

import type { SetResult } from '../assign/set-assignment.js';
import { renderFindingLines } from './render-findings.js';

export function renderSetText(result: SetResult): string {
  const { facts } = result.certificate;
  const lines: string[] = [];
  if (result.assigned) {
    lines.push(
      `${result.forced ? 'Assigned (forced)' : 'Assigned'} ${facts.thumbprint} (${facts.subject}) on ${result.server}:`,
    );
    for (const a of result.assignments) {
      const staged = a.effectiveAt !== a.assignedAt ? `, effective ${a.effectiveAt}` : '';
      const previous = a.previousThumbprint === null ? '' : `, previous ${a.previousThumbprint}`;
      lines.push(`  ${a.use}${staged}${previous}`);
    }
  } else {
    const errors = result.findings.filter((f) => f.severity === 'error').length;
    const reasons = [
      ...(errors === 0
        ? []
        : [`${errors} error${errors === 1 ? '' : 's'} for ${result.uses.join(',')} on ${result.server}`]),
      ...(result.refusals.length === 0 ? [] : ['the roll-over lead time']),
    ];
    lines.push(`Refused ${facts.thumbprint} (${facts.subject}): ${reasons.join(' and ')}`);
  }
  if (result.findings.length > 0) lines.push('', ...renderFindingLines(result.findings, ''));
  if (result.refusals.length > 0) {
    lines.push('', ...result.refusals.map((r) => `${result.forced ? 'forced past' : 'refused'}: ${r}`));
  }
  for (const w of result.warnings) lines.push('', `warning: ${w}`);
  for (const n of result.notes) lines.push('', `note: ${n}`);
  const broken = [
    ...result.findings.filter((f) => f.severity === 'error').map((f) => `${f.code} (${f.target})`),
    ...(result.refusals.length === 0 ? [] : ['the roll-over lead time']),
  ];
  if (result.forced && broken.length > 0) lines.push('', `--force left broken: ${broken.join(', ')}`);
  lines.push(
    '',
    result.assigned
      ? `On the server: ${result.command}`
      : `Nothing was changed. Fix what is named above; --force would assign it anyway and leave broken: ${broken.join(', ')}.`,
  );
  return `${lines.join('\n')}\n`;
}

export function setJson(result: SetResult): unknown {
  return {
    assigned: result.assigned,
    forced: result.forced,
    server: result.server,
    uses: result.uses,
    thumbprint: result.certificate.facts.thumbprint,
    subject: result.certificate.facts.subject,
    findings: result.findings,
    refusals: result.refusals,
    leftBroken: result.findings
      .filter((f) => f.severity === 'error')
      .map((f) => ({ code: f.code, target: f.target })),
    warnings: result.warnings,
    notes: result.notes,
    assignments: result.assignments,
    command: result.command,
  };
}
