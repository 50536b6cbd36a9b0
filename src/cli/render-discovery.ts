// Renders `discover`: per SIP domain, the records in the client's lookup order with the one a
// client would use, the other records, the certificate served at each target, the pools reached
// (with a topology), then the findings and their fixes; and the one JSON document of --json.

import type { Finding } from '../check/finding.js';
import type { DomainDiscovery, TargetProbe } from '../discover/discover-sip-domains.js';
import type { RecordLookup } from '../dns-records/lync-dns-records.js';
import { findCoveringName } from '../x509/name-coverage.js';
import { describeCounts, renderFindingLines } from './render-findings.js';

const statusText = {
  found: 'found',
  nxdomain: 'NXDOMAIN (no such name)',
  nodata: 'no record of this type',
  timeout: 'TIMEOUT (no answer from the DNS server)',
  refused: 'REFUSED by the DNS server',
  servfail: 'SERVFAIL (the DNS server failed)',
  error: 'lookup failed',
} as const;

function describeAnswer(lookup: RecordLookup): string {
  if (lookup.srv.length > 0) {
    return lookup.srv
      .map((s) => `${s.target}:${s.port} (priority ${s.priority}, weight ${s.weight})`)
      .join('; ');
  }
  if (lookup.addresses.length > 0) {
    return `${lookup.cname === null ? '' : `CNAME ${lookup.cname} → `}${lookup.addresses.join(', ')}`;
  }
  const alias = lookup.cname === null ? '' : `CNAME ${lookup.cname}, `;
  return `${alias}${statusText[lookup.status]}${lookup.status === 'error' && lookup.detail !== null ? ` (${lookup.detail})` : ''}`;
}

function recordLine(lookup: RecordLookup, winner: string | null, width: number): string {
  const order = lookup.spec.clientOrder === null ? '-' : String(lookup.spec.clientOrder);
  const type = lookup.spec.kind === 'srv' ? 'SRV' : 'A/AAAA';
  const wins = lookup.name === winner ? '   ← clients use this one' : '';
  return `    ${order.padStart(2)} ${lookup.name.padEnd(width)} ${type.padEnd(6)} ${describeAnswer(lookup)}${wins}`;
}

function describeProbe(probe: TargetProbe): string {
  const where = `${probe.host}:${probe.port}`;
  switch (probe.outcome.kind) {
    case 'served': {
      const c = probe.outcome.certificate;
      const covering = findCoveringName(c.alternativeNames, probe.host);
      const verdict =
        covering === null
          ? `does NOT carry ${probe.host}`
          : `carries ${probe.host} (${covering.coverage}: ${covering.name})`;
      return `${where} serves "${c.subject}" (thumbprint ${c.thumbprint}): ${verdict}`;
    }
    case 'unresolved':
      return `${where}: not probed, the host does not resolve (${statusText[probe.outcome.status]})`;
    case 'failed':
      return `${where}: ${probe.outcome.message}`;
  }
}

export function renderDiscoveryText(domains: readonly DomainDiscovery[]): string {
  const lines: string[] = [];
  const all: Finding[] = [];
  for (const d of domains) {
    const width = Math.max(...d.lookups.map((l) => l.name.length));
    const ordered = d.lookups.filter((l) => l.spec.clientOrder !== null);
    const others = d.lookups.filter((l) => l.spec.clientOrder === null);
    lines.push(`SIP domain ${d.domain}`);
    lines.push('  Client lookup order (a client uses the first record that resolves)');
    lines.push(...ordered.map((l) => recordLine(l, d.winner, width)));
    if (d.winner === null) lines.push('    no record resolves: clients cannot find a server for this domain');
    lines.push('  Server records');
    lines.push(...others.map((l) => recordLine(l, null, width)));
    if (d.probes.length > 0) {
      lines.push('  Certificates served at the targets');
      for (const p of d.probes) lines.push(`    ${p.record} → ${describeProbe(p)}`);
    }
    if (d.placements.length > 0) {
      lines.push('  Pools reached (topology)');
      for (const p of d.placements) {
        const reached =
          p.reaches.map((r) => `${r.pool} (${r.role}, via ${r.via})`).join(', ') || 'no pool of the topology';
        const verdict = {
          expected: 'as expected',
          unexpected: `NOT the expected ${p.expected.join(' or ')}`,
          unknown: `expected ${p.expected.join(' or ') || 'none'}`,
        }[p.verdict];
        lines.push(`    ${p.record} → ${reached}: ${verdict}`);
      }
    }
    lines.push(d.findings.length === 0 ? '  Findings: none' : `  Findings (${d.findings.length})`);
    lines.push(...renderFindingLines(d.findings, '    '));
    lines.push('');
    all.push(...d.findings);
  }
  lines.push(`${domains.length} SIP domain${domains.length === 1 ? '' : 's'}: ${describeCounts(all)}`);
  return `${lines.join('\n')}\n`;
}

export function renderDiscoveryJson(domains: readonly DomainDiscovery[]): string {
  const document = {
    domains: domains.map((d) => ({
      domain: d.domain,
      winner: d.winner,
      records: d.lookups.map((l) => ({
        name: l.name,
        type: l.spec.kind === 'srv' ? 'SRV' : 'A/AAAA',
        clientOrder: l.spec.clientOrder,
        purpose: l.spec.purpose,
        status: l.status,
        detail: l.detail,
        cname: l.cname,
        addresses: l.addresses,
        srv: l.srv,
      })),
      probes: d.probes.map((p) => ({
        record: p.record,
        host: p.host,
        port: p.port,
        address: p.address,
        outcome: p.outcome.kind,
        ...(p.outcome.kind === 'served'
          ? {
              certificate: {
                subject: p.outcome.certificate.subject,
                thumbprint: p.outcome.certificate.thumbprint,
                alternativeNames: p.outcome.certificate.alternativeNames,
                notAfter: p.outcome.certificate.notAfter,
              },
              covers: findCoveringName(p.outcome.certificate.alternativeNames, p.host) !== null,
            }
          : p.outcome.kind === 'failed'
            ? { message: p.outcome.message }
            : { status: p.outcome.status }),
      })),
      placements: d.placements,
      findings: d.findings,
    })),
    findings: domains.flatMap((d) => d.findings),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
