// SERVED_NOT_ASSIGNED: an endpoint serves a certificate other than the one the store assigns to
// its server and use (drift, issue 11). A staged roll (Set-CsCertificate -Roll -EffectiveDate,
// [L13-ROLL], lync-certificate-rules.md §4.5) keeps the previous certificate in service until its
// effective date, so before that date the previous one is the right one to serve.

import type { Finding } from './finding.js';

const setCsCertificatePage = 'https://learn.microsoft.com/en-us/powershell/module/skype/set-cscertificate';

/** What the store assigns to one server and use. */
export interface AssignedCertificate {
  readonly server: string;
  readonly thumbprint: string;
  /** ISO 8601: from when `thumbprint` is in service. */
  readonly effectiveAt: string;
  /** The certificate a roll keeps in service until `effectiveAt`, or null. */
  readonly previousThumbprint: string | null;
}

/** The thumbprint that should be served at `now`: the previous one before a staged roll's date. */
export function expectedThumbprint(assigned: AssignedCertificate, now: Date): string {
  const staged = Date.parse(assigned.effectiveAt) > now.getTime();
  return staged && assigned.previousThumbprint !== null ? assigned.previousThumbprint : assigned.thumbprint;
}

export interface ServedInput {
  /** `host:port`. */
  readonly endpoint: string;
  readonly use: string;
  readonly served: string;
  /** The assignments of the servers behind the endpoint (a pool FQDN reaches any member). */
  readonly assigned: readonly AssignedCertificate[];
  readonly now: Date;
}

/** The assignment the served certificate matches, if any: it names the server in the result. */
export function findServedAssignment(input: ServedInput): AssignedCertificate | null {
  return input.assigned.find((a) => expectedThumbprint(a, input.now) === input.served) ?? null;
}

export function checkServedNotAssigned(input: ServedInput): Finding | null {
  const first = input.assigned[0];
  if (first === undefined || findServedAssignment(input) !== null) return null;
  const expected = expectedThumbprint(first, input.now);
  const staged = expected !== first.thumbprint;
  const others = input.assigned.length > 1 ? ` (or its pool members' ${input.use} certificates)` : '';
  const rolled =
    !staged && first.previousThumbprint === input.served
      ? `; it still serves the previous certificate of a roll that took effect on ${first.effectiveAt}`
      : '';
  return {
    code: 'SERVED_NOT_ASSIGNED',
    severity: 'error',
    target: input.endpoint,
    message:
      `${input.endpoint} serves certificate ${input.served}, but the store assigns ${expected} to ${first.server} ${input.use}` +
      `${staged ? ` (the previous certificate, until the staged roll on ${first.effectiveAt})` : ''}${others}${rolled}`,
    fix: [
      `on ${first.server}, assign the certificate the store records: Set-CsCertificate -Type ${input.use} -Thumbprint ${expected}`,
      `or, if ${input.served} is the right one, record it: uccert set --server ${first.server} --type ${input.use} --thumbprint ${input.served}`,
    ].join('\n'),
    sources: [setCsCertificatePage],
  };
}
