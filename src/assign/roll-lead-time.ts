// The lead time a staged roll-over (Set-CsCertificate -Roll -EffectiveDate) needs before the old
// certificate expires: tokens signed with the old certificate stay valid for their lifetime, 8 hours
// for A/V authentication and 24 hours for OAuth; staged together, the larger applies [L13-ROLL]
// (lync-certificate-rules.md §4.2). Pure.

const hourMs = 3_600_000;

/** Token lifetime per use that benefits from staging; other uses can be staged but gain nothing. */
export const rollLeadHours: Readonly<Record<string, number>> = {
  AudioVideoAuthentication: 8,
  OAuthTokenIssuer: 24,
};

/** The lead for a set of uses staged in one call: the largest of theirs, or null when none needs one. */
export function leadHoursFor(uses: readonly string[]): number | null {
  const leads = uses.map((u) => rollLeadHours[u]).filter((h) => h !== undefined);
  return leads.length === 0 ? null : Math.max(...leads);
}

export interface RollTooLate {
  readonly use: string;
  readonly oldThumbprint: string;
  readonly oldNotAfter: string;
  readonly leadHours: number;
  /** The latest effective date that leaves the lead. */
  readonly latest: Date;
}

export interface RolledUse {
  readonly use: string;
  /** The certificate it holds now, or null when nothing is assigned (nothing to roll from). */
  readonly current: { readonly thumbprint: string; readonly notAfter: string } | null;
}

/** The uses whose old certificate expires too soon after `effective` for the lead time. */
export function findRollsTooLate(rolled: readonly RolledUse[], effective: Date): RollTooLate[] {
  const lead = leadHoursFor(rolled.map((r) => r.use));
  if (lead === null) return [];
  const late: RollTooLate[] = [];
  for (const r of rolled) {
    if (r.current === null || rollLeadHours[r.use] === undefined) continue;
    const latest = new Date(Date.parse(r.current.notAfter) - lead * hourMs);
    if (effective.getTime() > latest.getTime()) {
      late.push({
        use: r.use,
        oldThumbprint: r.current.thumbprint,
        oldNotAfter: r.current.notAfter,
        leadHours: lead,
        latest,
      });
    }
  }
  return late;
}
