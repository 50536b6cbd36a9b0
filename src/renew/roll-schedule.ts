// The effective date of a staged renewal for the uses whose tokens outlive the switch
// (AudioVideoAuthentication 8 h, OAuthTokenIssuer 24 h, [L13-ROLL]): one lead time from now, so
// every Edge server and pool has the new certificate before it takes over, and never later than one
// lead time before the old certificate expires. Whole hours, in UTC. Pure.

import { leadHoursFor } from '../assign/roll-lead-time.js';

const hourMs = 3_600_000;

export type RollSchedule =
  | { readonly kind: 'none' }
  | { readonly kind: 'staged'; readonly effective: Date; readonly leadHours: number; readonly latest: Date }
  | { readonly kind: 'too-late'; readonly leadHours: number; readonly latest: Date };

export function scheduleRoll(
  uses: readonly string[],
  oldNotAfter: string,
  newNotBefore: string | null,
  now: Date,
): RollSchedule {
  const lead = leadHoursFor(uses);
  if (lead === null) return { kind: 'none' };
  const latest = new Date(Date.parse(oldNotAfter) - lead * hourMs);
  const earliest = Math.max(now.getTime(), newNotBefore === null ? 0 : Date.parse(newNotBefore));
  const wanted = Math.ceil((now.getTime() + lead * hourMs) / hourMs) * hourMs;
  const effective = Math.min(wanted, Math.floor(latest.getTime() / hourMs) * hourMs);
  if (effective <= earliest) return { kind: 'too-late', leadHours: lead, latest };
  return { kind: 'staged', effective: new Date(effective), leadHours: lead, latest };
}
