// One finding as the console shows it: severity, code, target, message, the fix, and a copy
// button for the exact command in the fix (the text in backticks, else the whole fix).

import { copyButton, h, severityBadge } from './dom.js';
import type { Finding } from './model.js';

/** The command in a fix: what it quotes in backticks, or after "on SERVER:", else all of it. */
export function fixCommand(fix: string): string {
  const quoted = [...fix.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
  if (quoted.length > 0) return quoted.join('\n');
  // "on SERVER: Set-Cs…", "or: uccert …", "then assign it: Set-Cs…": the commands after the label.
  const parts = fix
    .split(/\n|;\s*/)
    .map((part) => part.trim().replace(/^(?:or|then[^:]*|on [^:]+|or, [^:]+):\s*/i, ''));
  const lines = parts.filter((part) =>
    /^(uccert|Set-Cs|Request-Cs|Import-Cs|Remove-Cs|Get-Cs|Set-|Import-|Export-)/.test(part),
  );
  return lines.length > 0 ? lines.join('\n') : fix;
}

export function renderFinding(finding: Finding): HTMLElement {
  const command = fixCommand(finding.fix);
  return h(
    'div',
    { class: `finding sev-${finding.severity}`, 'data-code': finding.code },
    h(
      'div',
      {},
      severityBadge(finding.severity),
      ' ',
      h('strong', { class: 'mono' }, finding.code),
      ' ',
      h('span', { class: 'muted' }, finding.target),
    ),
    h('div', {}, finding.message),
    h('div', { class: 'fix' }, h('strong', {}, 'Fix: '), finding.fix),
    command === finding.fix
      ? copyButton(command, `the fix for ${finding.code} on ${finding.target}`)
      : h(
          'div',
          { class: 'row' },
          h('pre', { class: 'lines' }, command),
          copyButton(command, `the fix for ${finding.code} on ${finding.target}`),
        ),
  );
}
