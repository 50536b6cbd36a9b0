// Renders `request` results: the issued certificate (every property) or the offline CSR's path and
// request id, the pending request list, and what to run next. Never any key material.

import type { StoredCertificate } from '../store/certificate-records.js';
import type { PendingRequest } from '../store/request-records.js';
import { certificateJson, renderCertificateText, renderProperties } from './render-certificate.js';

export interface RequestOutcome {
  readonly requestId: number;
  readonly server: string;
  readonly uses: readonly string[];
  readonly subject: string;
  /** The subject exactly as the CSR has it (issue 8.5: never only the CN when there is more). */
  readonly subjectName: string;
  readonly names: readonly string[];
  readonly exportable: boolean;
  readonly friendlyName: string | null;
  readonly clientEku: boolean;
  readonly certificate: StoredCertificate | null;
  readonly csrPath: string | null;
  readonly notes: readonly string[];
}

function nextSteps(outcome: RequestOutcome): string[] {
  if (outcome.certificate !== null) {
    return [
      `Assign it: uccert set --server ${outcome.server} --type ${outcome.uses.join(',')} --thumbprint ${outcome.certificate.facts.thumbprint}`,
    ];
  }
  return [
    'Send the CSR to the CA. When the certificate comes back: uccert import FILE',
    `(the key waits in the store; to drop it: uccert request --clear --request-id ${outcome.requestId})`,
  ];
}

export function renderRequestText(outcome: RequestOutcome, now: Date): string {
  const head =
    outcome.certificate === null
      ? `Wrote the certificate request ${outcome.requestId} for ${outcome.server} (${outcome.uses.join(',')}) to ${outcome.csrPath ?? ''}\n`
      : `The lab CA issued request ${outcome.requestId} for ${outcome.server} (${outcome.uses.join(',')}):\n`;
  const summary = renderProperties([
    ['RequestId', outcome.requestId],
    ['Subject', outcome.subjectName],
    ['RequestedNames', outcome.names],
    ['PrivateKeyExportable', outcome.exportable],
    ['ClientEku', outcome.clientEku],
    ['FriendlyName', outcome.friendlyName],
  ]);
  const body =
    outcome.certificate === null ? '' : `\n${renderCertificateText(outcome.certificate.facts, now)}`;
  const notes = outcome.notes.map((n) => `note: ${n}\n`).join('');
  return `${head}\n${summary}${body}${notes}\n${nextSteps(outcome).join('\n')}\n`;
}

export function requestJson(outcome: RequestOutcome, now: Date): unknown {
  if (outcome.certificate !== null) {
    return {
      certificate: certificateJson(outcome.certificate.facts, now),
      requestId: outcome.requestId,
      notes: outcome.notes,
    };
  }
  return {
    requestId: outcome.requestId,
    csr: outcome.csrPath,
    server: outcome.server,
    uses: outcome.uses,
    subject: outcome.subject,
    subjectName: outcome.subjectName,
    requestedNames: outcome.names,
    privateKeyExportable: outcome.exportable,
    notes: outcome.notes,
  };
}

export function pendingRequestJson(request: PendingRequest): unknown {
  return {
    requestId: request.id,
    state: request.state,
    server: request.server,
    uses: request.uses,
    subject: request.subject,
    requestedNames: request.requestedNames,
    friendlyName: request.friendlyName,
    createdAt: request.createdAt,
    updatedAt: request.updatedAt,
  };
}

export function renderRequestListText(requests: readonly PendingRequest[]): string {
  if (requests.length === 0) return 'No pending requests.\n';
  return requests
    .map((r) =>
      renderProperties([
        ['RequestId', r.id],
        ['State', r.state],
        ['Server', r.server],
        ['Use', r.uses],
        ['Subject', `CN=${r.subject}`],
        ['RequestedNames', r.requestedNames],
        ['FriendlyName', r.friendlyName],
        ['CreatedAt', r.createdAt],
      ]),
    )
    .join('\n');
}
