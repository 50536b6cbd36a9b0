// When `import` brings back the certificate of a renewal request (uccert renew --output), it says
// which certificate it renews and what to run next: for A/V authentication and OAuth, a staged
// roll-over with a valid effective date; for the other uses, an immediate assignment.

import { formatSetCsCertificate } from '../assign/cmdlet-lines.js';
import type { StoredCertificate } from '../store/certificate-records.js';
import { findCertificateById } from '../store/certificate-records.js';
import { findRenewalByRequest } from '../store/renewal-records.js';
import type { Store } from '../store/store.js';
import { scheduleRoll } from './roll-schedule.js';

export interface RenewalMatch {
  readonly requestId: number;
  readonly server: string;
  readonly uses: readonly string[];
  readonly replaces: string;
  readonly thumbprint: string;
  readonly gained: readonly string[];
  readonly lost: readonly string[];
  /** `uccert set …` (with --roll --effective-date when staged) and its Set-CsCertificate line. */
  readonly next: readonly string[];
}

export function describeRenewalImport(
  store: Store,
  imported: readonly { readonly certificate: StoredCertificate; readonly requestId: number | null }[],
  now: Date,
): RenewalMatch[] {
  return store.read(() =>
    imported.flatMap(({ certificate, requestId }) => {
      if (requestId === null) return [];
      const renewal = findRenewalByRequest(store.db, requestId);
      if (renewal === null) return [];
      const old = findCertificateById(store.db, renewal.replacesCertificateId);
      const roll = scheduleRoll(
        renewal.uses,
        old?.facts.notAfter ?? now.toISOString(),
        certificate.facts.notBefore,
        now,
      );
      const { thumbprint } = certificate.facts;
      const effective = roll.kind === 'staged' ? roll.effective : null;
      const setLine = `uccert set --server ${renewal.server} --type ${renewal.uses.join(',')} --thumbprint ${thumbprint}${effective === null ? '' : ` --roll --effective-date ${effective.toISOString().replace('.000', '')}`}`;
      return [
        {
          requestId,
          server: renewal.server,
          uses: renewal.uses,
          replaces: renewal.replacesThumbprint,
          thumbprint,
          gained: renewal.gained,
          lost: renewal.lost,
          next: [
            setLine,
            formatSetCsCertificate({ uses: renewal.uses, thumbprint, effectiveDate: effective }),
          ],
        },
      ];
    }),
  );
}

export function renderRenewalImportText(matches: readonly RenewalMatch[]): string {
  return matches
    .map(
      (m) =>
        `\nThis renews ${m.replaces} on ${m.server} (${m.uses.join(',')}), request ${m.requestId} of uccert renew (+${m.gained.length} -${m.lost.length} names). Next:\n${m.next.map((l) => `  ${l}`).join('\n')}\n`,
    )
    .join('');
}
