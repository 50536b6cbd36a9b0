// The text rendering of a plan: per server, a table of its uses (subject and names), why each
// name is there with its sources, and the certificates to request; then the source legend.

import type { CertificateUse } from '../requirements/certificate-use.js';
import type { Plan, PlannedCertificate, Requirement } from '../requirements/plan-model.js';
import type { PlanRole } from '../requirements/rule-table.js';
import { tagOf } from '../requirements/sources.js';
import { poolRoleNames, productNames, type Topology } from '../topology/model.js';

const roleNames: Readonly<Record<PlanRole, string>> = { ...poolRoleNames, reverseProxy: 'Reverse proxy' };

export interface PlanTextHeader {
  readonly source: string;
  readonly topology: Topology;
  readonly grouping: string;
}

export function renderPlanText(plan: Plan, header: PlanTextHeader): string {
  return [...planTextChunks(plan, header)].join('');
}

/**
 * The text in pieces, one per server, so that a plan of thousands of pools is written as it is
 * rendered: time and memory grow with the plan, not with its square (issue 9, item 20).
 */
export function* planTextChunks(plan: Plan, header: PlanTextHeader): Generator<string> {
  const t = header.topology;
  const byServer = groupBy(plan.requirements, (r) => [r.server]);
  const certificatesByServer = groupBy(plan.certificates, (c) => c.servers);
  yield [
    `Plan for ${header.source}: ${productNames[t.product]}, SIP domains ${t.sipDomains.join(', ')}`,
    `${byServer.size} server(s), ${plan.requirements.length} requirement(s), ${plan.certificates.length} certificate(s) (${header.grouping})`,
    '',
  ].join('\n');
  const used = new Set<string>();
  for (const [server, requirements] of byServer) {
    yield `\n${renderServer(server, requirements, certificatesByServer.get(server) ?? [], used).join('\n')}\n`;
  }
  const legend = [...used]
    .map((url) => [tagOf(url), url] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([tag, url]) => `  [${tag}] ${url}`);
  yield `\n${['SOURCES', ...legend].join('\n')}\n`;
}

/** Items by key, keys in the order first met and items in their order: one pass. */
function groupBy<T>(items: readonly T[], keysOf: (item: T) => readonly string[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    for (const key of keysOf(item)) {
      const group = groups.get(key);
      if (group === undefined) groups.set(key, [item]);
      else group.push(item);
    }
  }
  return groups;
}

function renderServer(
  server: string,
  requirements: readonly Requirement[],
  certificates: readonly PlannedCertificate[],
  used: Set<string>,
): string[] {
  const first = requirements[0]!;
  const where = first.role === 'reverseProxy' ? '' : ` in pool ${first.pool}`;
  const lines = [`${server}: ${roleNames[first.role]}${where}`];
  const rows = requirements.map((r) => {
    r.sources.forEach((s) => {
      used.add(s);
    });
    return [
      r.use,
      r.subject || '(any)',
      r.sources.map(tagOf).join(', '),
      r.requiredNames.join(', ') || '(none)',
    ];
  });
  lines.push(...table(['USE', 'SUBJECT', 'RULES FROM', 'REQUIRED NAMES'], rows).map((l) => `  ${l}`));

  const byName = new Map<string, { need: string; lines: string[] }>();
  for (const r of requirements) {
    for (const reason of r.reasons) {
      reason.sources.forEach((s) => {
        used.add(s);
      });
      const entry = byName.get(reason.name) ?? { need: reason.need, lines: [] };
      if (reason.need === 'required') entry.need = 'required';
      else if (reason.need === 'recommended' && entry.need === 'allowed') entry.need = 'recommended';
      const tags = reason.sources.map(tagOf).join(', ');
      entry.lines.push(`${r.use}: ${reason.why} [${tags}]`);
      byName.set(reason.name, entry);
    }
  }
  if (byName.size > 0) {
    lines.push('  why each name:');
    // A loop, not Math.max(...names): the reverse proxy has a name per pool, past what spread allows.
    let width = 0;
    for (const name of byName.keys()) width = Math.max(width, name.length);
    for (const [name, entry] of byName) {
      const [head, ...rest] = entry.lines;
      lines.push(`    ${name.padEnd(width)}  ${entry.need.padEnd(11)}  ${head}`);
      for (const more of rest) lines.push(`    ${''.padEnd(width)}  ${''.padEnd(11)}  ${more}`);
    }
  }
  for (const note of new Set(requirements.flatMap((r) => r.notes))) lines.push(`  note: ${note}`);
  for (const c of certificates) lines.push(...renderCertificate(c, server));
  return lines;
}

function renderCertificate(c: PlannedCertificate, server: string): string[] {
  const others = c.servers.filter((s) => s !== server);
  const sharing =
    c.scope === 'deployment' && c.role !== 'reverseProxy'
      ? ', global (one for the deployment)'
      : others.length > 0
        ? `, the same certificate and key on ${others.join(', ')}`
        : '';
  const props = [
    c.publicCa ? 'public CA' : 'internal CA',
    c.exportableKey ? 'exportable key' : 'key not exportable',
    `EKU ${c.extendedKeyUsage.join(', ')}`,
    c.minKeySize >= 2048 ? `key ≥ ${c.minKeySize} bits` : `key ≥ ${c.minKeySize} bits (2048 recommended)`,
  ];
  const lines = [
    `  certificate #${c.id}: ${formatUses(c.uses)}${sharing}`,
    `    subject CN=${c.subject}; ${props.join('; ')}`,
    `    SAN: ${c.names.join(', ') || '(none)'}`,
  ];
  if (!c.wildcardAllowed && c.names.length > 0)
    lines.push(`    wildcards: not allowed for ${formatUses(c.uses)}`);
  for (const s of c.wildcardSuggestions) {
    const gap = s.doesNotCover.length > 0 ? `; it would not cover ${s.doesNotCover.join(', ')}` : '';
    lines.push(`    wildcard: ${s.wildcard} may replace ${s.replaces.join(', ')}${gap}`);
  }
  for (const note of c.notes) lines.push(`    note: ${note}`);
  return lines;
}

function formatUses(uses: readonly CertificateUse[]): string {
  return uses.join(', ');
}

function table(head: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(head), ...rows.map(line)];
}
