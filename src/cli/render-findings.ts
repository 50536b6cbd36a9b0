// Findings as `check` and `discover` print them: severity, code and target, the message, then the
// fix indented below it (a fix may span lines: a cmdlet and its uccert equivalent); and the
// summary line and exit-code rule (--fail-on) both commands share.

import type { Finding, Severity } from '../check/finding.js';
import { inputError } from '../errors.js';

export function renderFindingLines(findings: readonly Finding[], indent: string): string[] {
  const lines: string[] = [];
  for (const f of findings) {
    lines.push(`${indent}${f.severity.toUpperCase()} ${f.code} (${f.target})`);
    lines.push(`${indent}  ${f.message}`);
    const [first = '', ...rest] = f.fix.split('\n');
    lines.push(`${indent}  fix: ${first}`);
    for (const line of rest) lines.push(`${indent}       ${line}`);
  }
  return lines;
}

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity] += 1;
  return counts;
}

export function describeCounts(findings: readonly Finding[]): string {
  const c = countBySeverity(findings);
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${plural(c.error, 'error')}, ${plural(c.warning, 'warning')}${c.info > 0 ? `, ${c.info} info` : ''}`;
}

export type FailOn = 'error' | 'warning';

export function parseFailOn(text: string | undefined): FailOn {
  if (text === undefined || text === 'error' || text === 'warning') return text ?? 'error';
  throw inputError(
    'BAD_OPTION_VALUE',
    `--fail-on "${text}" is neither "error" nor "warning"`,
    'give --fail-on error (the default) or --fail-on warning',
  );
}

/** Exit 1 when a finding is at least as severe as --fail-on. */
export function failsOn(findings: readonly Finding[], failOn: FailOn): boolean {
  return findings.some((f) => f.severity === 'error' || (failOn === 'warning' && f.severity === 'warning'));
}
