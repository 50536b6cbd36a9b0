// Renders `renew`: per certificate in use, what the renewal keeps, gains and loses (with why),
// what it carries over, and then what was written: the request, the issued certificate, the staged
// roll and the exact Set-CsCertificate line. Text and JSON.

import { formatSetCsCertificate } from '../assign/cmdlet-lines.js';
import type {
  RenewalOutcome,
  RenewalPlan,
  RenewalTarget,
  SkippedTarget,
} from '../renew/renew-certificates.js';
import type { RenewalRecord } from '../store/renewal-records.js';
import { describeValidity } from './render-certificate.js';

function describeCarried(target: RenewalTarget): string {
  const s = target.subject;
  const parts = [
    ['O', s.organization],
    ['OU', s.organizationalUnit],
    ['L', s.locality],
    ['S', s.state],
    ['C', s.country],
  ].filter(([, v]) => v !== undefined);
  return parts.length === 0
    ? '(none: the certificate in use has only a CN)'
    : parts.map(([k, v]) => `${k}=${v}`).join(', ');
}

function describeKey(target: RenewalTarget): string {
  return target.keyAlgorithm === 'RSA' ? `RSA ${target.rsaBits}` : target.keyAlgorithm;
}

function targetLines(target: RenewalTarget, now: Date): string[] {
  const { facts } = target.current;
  const width = Math.max(
    0,
    ...target.diff.gained.map((g) => g.name.length),
    ...target.diff.lost.map((l) => l.name.length),
  );
  return [
    `Renewal of ${target.servers.join(', ')} (${target.uses.join(',')})`,
    `  in use        : ${facts.subject} (thumbprint ${facts.thumbprint}, ${describeValidity(facts, now)})`,
    `  new subject   : CN=${target.planned.subject} (from the current plan)`,
    `  carried over  : ${describeCarried(target)}; friendly name ${target.friendlyName === null ? '(none)' : `"${target.friendlyName}"`}; ${target.clientEku ? 'Client Authentication EKU; ' : ''}new ${describeKey(target)} key`,
    `  names kept    : ${target.diff.kept.length}`,
    ...(target.diff.gained.length === 0 && target.diff.lost.length === 0 ? ['  no name changes'] : []),
    ...target.diff.gained.map((g) => `  + ${g.name.padEnd(width)}  ${g.why}`),
    ...target.diff.lost.map((l) => `  - ${l.name.padEnd(width)}  ${l.why}`),
  ];
}

function outcomeLines(outcome: RenewalOutcome, topologyPath: string): string[] {
  const server = outcome.target.servers[0] ?? '';
  const uses = outcome.target.uses.join(',');
  const assignServer = outcome.target.uses.every((u) => u === 'OAuthTokenIssuer') ? 'global' : server;
  if (outcome.certificate === null) {
    return [
      `  wrote the request ${outcome.requestId} to ${outcome.csrPath ?? '?'}`,
      '  send it to the CA; when the certificate comes back: uccert import FILE (it is matched to this renewal)',
    ];
  }
  const { thumbprint } = outcome.certificate.facts;
  const lines = [
    `  request ${outcome.requestId}: the lab CA issued ${thumbprint} (valid until ${outcome.certificate.facts.notAfter})`,
  ];
  switch (outcome.roll.kind) {
    case 'staged': {
      const refused = outcome.staged.filter((s) => !s.assigned);
      lines.push(
        `  staged roll-over: effective ${outcome.roll.effective.toISOString().replace('.000', '')} (tokens live ${outcome.roll.leadHours} h; latest possible ${outcome.roll.latest.toISOString().replace('.000', '')})`,
        ...refused.flatMap((s) => s.refusals.map((r) => `  NOT staged on ${s.server}: ${r}`)),
        ...outcome.commands.map((c) => `  ${c}`),
      );
      break;
    }
    case 'too-late':
      lines.push(
        `  too late to stage: the certificate in use expires within ${outcome.roll.leadHours} h of now; assign at once (tokens signed by the old one stop working)`,
        `  uccert set --server ${assignServer} --type ${uses} --thumbprint ${thumbprint} --topology ${topologyPath}`,
        `  ${formatSetCsCertificate({ uses: outcome.target.uses, thumbprint, effectiveDate: null })}`,
      );
      break;
    case 'none':
      lines.push(
        `  assign it: uccert set --server ${assignServer} --type ${uses} --thumbprint ${thumbprint} --topology ${topologyPath}`,
        `  ${formatSetCsCertificate({ uses: outcome.target.uses, thumbprint, effectiveDate: null })}`,
      );
      break;
  }
  return lines;
}

function skippedLines(skipped: readonly SkippedTarget[]): string[] {
  return skipped.map(
    (s) => `Skipped ${s.servers.join(', ')} (${s.uses.join(',')}, ${s.thumbprint}): ${s.reason}`,
  );
}

/** The diff of every selected certificate; `writing` drops the "nothing written" hint. */
export function renderRenewText(plan: RenewalPlan, writing: boolean, now: Date): string {
  if (plan.targets.length === 0 && plan.skipped.length === 0)
    return 'Nothing to renew: no certificate in use matches.\n';
  const blocks = plan.targets.map((target) => targetLines(target, now).join('\n'));
  const tail = writing
    ? ''
    : '\nNothing written: add --ca local (the lab CA issues now) or --output DIR (CSRs for another CA).\n';
  return `${[...blocks, ...skippedLines(plan.skipped)].join('\n\n')}\n${tail}`;
}

/** What was written, after the diff. */
export function renderRenewOutcomesText(outcomes: readonly RenewalOutcome[], topologyPath: string): string {
  if (outcomes.length === 0) return '';
  const blocks = outcomes.map((o) =>
    [`${o.target.servers.join(', ')} (${o.target.uses.join(',')})`, ...outcomeLines(o, topologyPath)].join(
      '\n',
    ),
  );
  return `\nWritten:\n${blocks.join('\n\n')}\n`;
}

export function renewJson(plan: RenewalPlan, outcomes: readonly RenewalOutcome[] | null): unknown {
  return {
    renewals: plan.targets.map((target, i) => {
      const outcome = outcomes?.[i];
      return {
        servers: target.servers,
        uses: target.uses,
        replaces: {
          thumbprint: target.current.facts.thumbprint,
          subject: target.current.facts.subject,
          notAfter: target.current.facts.notAfter,
        },
        subject: `CN=${target.planned.subject}`,
        carriedSubject: target.subject,
        friendlyName: target.friendlyName,
        key: { algorithm: target.keyAlgorithm, size: target.keyAlgorithm === 'RSA' ? target.rsaBits : null },
        names: target.planned.names,
        kept: target.diff.kept,
        gained: target.diff.gained,
        lost: target.diff.lost,
        ...(outcome === undefined
          ? {}
          : {
              requestId: outcome.requestId,
              csr: outcome.csrPath,
              certificate: outcome.certificate?.facts.thumbprint ?? null,
              roll:
                outcome.roll.kind === 'staged'
                  ? {
                      effectiveDate: outcome.roll.effective.toISOString().replace('.000', ''),
                      leadHours: outcome.roll.leadHours,
                      staged: outcome.staged.every((s) => s.assigned),
                    }
                  : outcome.roll.kind,
              commands: outcome.commands,
            }),
      };
    }),
    skipped: plan.skipped,
    written: outcomes !== null,
  };
}

export function renderRenewalHistoryText(records: readonly RenewalRecord[]): string {
  if (records.length === 0) return 'No renewals yet.\n';
  return `${records
    .map(
      (r) =>
        `request ${r.requestId}  ${r.createdAt}  ${r.server} (${r.uses.join(',')})  replaces ${r.replacesThumbprint}  → ${r.thumbprint ?? `(${r.state})`}${r.effectiveAt === null ? '' : `  roll ${r.effectiveAt}`}  +${r.gained.length} -${r.lost.length}`,
    )
    .join('\n')}\n`;
}
