// Renders `check`: per server, each certificate with the uses it holds, the coverage matrix
// (every name the uses need × the certificate: exact / wildcard / missing) and the findings with
// their fixes; then a summary. --json gives the findings contract plus the matrix as data.

import type { AssignmentCheck } from '../check/check-assignments.js';
import type { CoverageCell, CoverageRow } from '../check/coverage-matrix.js';
import type { Finding } from '../check/finding.js';
import type { UnreachableEndpoint } from '../topology/live-endpoints.js';
import { countBySeverity, describeCounts, renderFindingLines } from './render-findings.js';

const roleLabels: Readonly<Record<string, string>> = {
  frontEnd: 'Front End',
  director: 'Director',
  mediation: 'Mediation Server',
  edge: 'Edge',
  branch: 'Survivable Branch Appliance',
  reverseProxy: 'reverse proxy listener',
};

const cellText: Readonly<Record<CoverageCell, string>> = {
  exact: 'exact',
  wildcard: 'wildcard',
  'wildcard-not-allowed': 'WILDCARD!',
  missing: 'MISSING',
};

function cell(row: CoverageRow | undefined): string {
  if (row === undefined) return '-';
  if (row.coverage === 'missing' && row.need === 'optional') return 'missing (optional)';
  return cellText[row.coverage];
}

/** Names × uses of one certificate. */
export function renderCoverageMatrix(check: AssignmentCheck, indent: string): string[] {
  const names: string[] = [];
  for (const column of check.coverage)
    for (const row of column.rows) if (!names.includes(row.name)) names.push(row.name);
  if (names.length === 0)
    return [
      `${indent}(no names required: ${check.coverage.map((c) => c.use).join(', ')} reads neither subject nor SAN)`,
    ];
  const nameWidth = Math.max(4, ...names.map((n) => n.length));
  const widths = check.coverage.map((c) => Math.max(c.use.length, 18));
  const header = `${indent}${'name'.padEnd(nameWidth)}  ${check.coverage.map((c, i) => c.use.padEnd(widths[i]!)).join('  ')}`;
  const lines = [header.trimEnd()];
  for (const name of names) {
    const cells = check.coverage.map((c, i) => cell(c.rows.find((r) => r.name === name)).padEnd(widths[i]!));
    lines.push(`${indent}${name.padEnd(nameWidth)}  ${cells.join('  ')}`.trimEnd());
  }
  return lines;
}

export function renderCheckText(
  checks: readonly AssignmentCheck[],
  unreachable: readonly UnreachableEndpoint[] = [],
  deploymentFindings: readonly Finding[] = [],
): string {
  const lines: string[] = [];
  const byServer = new Map<string, AssignmentCheck[]>();
  for (const c of checks)
    byServer.set(c.assignment.server, [...(byServer.get(c.assignment.server) ?? []), c]);
  for (const [server, list] of byServer) {
    const first = list[0]!.requirements[0];
    const role = first === undefined ? '' : (roleLabels[first.role] ?? first.role);
    const pool = first === undefined || first.pool === server ? '' : `, pool ${first.pool}`;
    lines.push(`${server}${first === undefined ? '' : ` (${role}${pool})`}`);
    for (const c of list) {
      const facts = c.assignment.certificate;
      lines.push(`  ${c.requirements.map((r) => r.use).join(', ')} ← ${c.assignment.source}`);
      lines.push(
        `    "${facts.subject}", thumbprint ${facts.thumbprint}, valid ${facts.notBefore} to ${facts.notAfter}`,
      );
      lines.push(...renderCoverageMatrix(c, '    '));
      lines.push(c.findings.length === 0 ? '    Findings: none' : `    Findings (${c.findings.length})`);
      lines.push(...renderFindingLines(c.findings, '      '));
    }
    lines.push('');
  }
  if (unreachable.length > 0) {
    lines.push(`Not checked (${unreachable.length})`);
    for (const u of unreachable) lines.push(`  ${u.endpoint} (${u.server} ${u.use}): ${u.message}`);
    lines.push('');
  }
  if (deploymentFindings.length > 0) {
    lines.push(`Planned uses with nothing assigned (${deploymentFindings.length})`);
    lines.push(...renderFindingLines(deploymentFindings, '  '));
    lines.push('');
  }
  const all = [...checks.flatMap((c) => c.findings), ...deploymentFindings];
  lines.push(`${checks.length} certificate${checks.length === 1 ? '' : 's'} checked: ${describeCounts(all)}`);
  lines.push(
    'Matrix: exact = named in the SAN; wildcard = covered by an allowed wildcard; WILDCARD! = only a wildcard, not allowed there; MISSING = required and absent',
  );
  return `${lines.join('\n')}\n`;
}

export function renderCheckJson(
  checks: readonly AssignmentCheck[],
  unreachable: readonly UnreachableEndpoint[] = [],
  deploymentFindings: readonly Finding[] = [],
): string {
  const findings: Finding[] = [...checks.flatMap((c) => c.findings), ...deploymentFindings];
  const document = {
    checks: checks.map((c) => ({
      server: c.assignment.server,
      uses: c.requirements.map((r) => r.use),
      source: c.assignment.source,
      subject: c.assignment.certificate.subject,
      thumbprint: c.assignment.certificate.thumbprint,
      notBefore: c.assignment.certificate.notBefore,
      notAfter: c.assignment.certificate.notAfter,
      alternativeNames: c.assignment.certificate.alternativeNames,
      trusted: c.trust === null ? null : c.trust.trusted,
      coverage: c.coverage,
      findings: c.findings,
    })),
    unreachable,
    summary: countBySeverity(findings),
    findings,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
