// `uccert get --observed`: what the servers reported (uccert inventory import), per server and
// use, beside what the store assigns; as text and as JSON.

import type { Assignment } from '../store/assignment-records.js';
import type { StoredCertificate } from '../store/certificate-records.js';
import type { ObservedAssignment } from '../store/observed-assignment-records.js';
import { certificateJson } from './render-certificate.js';

export interface ObservedRow {
  readonly observed: ObservedAssignment;
  readonly assigned: Assignment | null;
  readonly certificate: StoredCertificate | null;
}

export function observedJson(rows: readonly ObservedRow[], now: Date): unknown {
  return {
    observed: rows.map(({ observed: o, assigned, certificate }) => ({
      server: o.server,
      use: o.use,
      thumbprint: o.thumbprint,
      effectiveDate: o.effectiveDate,
      previousThumbprint: o.previousThumbprint,
      observedAt: o.observedAt,
      importedAt: o.importedAt,
      sourceFile: o.sourceFile,
      assigned: assigned?.thumbprint ?? null,
      matchesAssignment: assigned !== null && assigned.thumbprint === o.thumbprint,
      certificate: certificate === null ? null : certificateJson(certificate.facts, now),
    })),
  };
}

export function renderObservedText(rows: readonly ObservedRow[]): string {
  if (rows.length === 0) {
    return 'no server has reported yet: run `uccert inventory script > uccert-inventory.ps1` on each server, then uccert inventory import FILE…\n';
  }
  const lines: string[] = [];
  let server = '';
  for (const { observed: o, assigned, certificate } of rows) {
    if (o.server !== server) {
      server = o.server;
      lines.push(`${server}: reported ${o.observedAt} (${o.sourceFile})`);
    }
    const store =
      assigned === null
        ? 'not assigned in the store'
        : assigned.thumbprint === o.thumbprint
          ? 'the same as the store'
          : `the store assigns ${assigned.thumbprint}`;
    const what =
      certificate === null ? '' : ` ${certificate.facts.subject}, until ${certificate.facts.notAfter};`;
    lines.push(`  ${o.use}: ${o.thumbprint};${what} ${store}`);
  }
  return `${lines.join('\n')}\n`;
}
