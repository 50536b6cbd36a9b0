// `remove`, as Remove-CsCertificate [PS-REM]: un-assigns the current certificate of each use, or
// with -Previous only the previous (rolled-out) one. The certificate stays in the store. All the
// uses or none: a use with nothing to remove is an input error and nothing changes. While a roll
// is pending (its effective date still ahead) the previous certificate is the one in effect, so
// -Previous is refused until then.

import { inputError } from '../errors.js';
import { type Assignment, readAssignment, removeAssignment } from '../store/assignment-records.js';
import type { Store } from '../store/store.js';
import { formatRemoveCsCertificate } from './cmdlet-lines.js';

export interface RemovedUse {
  readonly use: string;
  readonly thumbprint: string;
}

export interface RemoveResult {
  readonly server: string;
  readonly previous: boolean;
  readonly removed: readonly RemovedUse[];
  readonly command: string;
}

export async function unassignCertificate(
  store: Store,
  server: string,
  uses: readonly string[],
  previous: boolean,
  now: Date,
): Promise<RemoveResult> {
  const name = server.toLowerCase();
  return store.write(() => {
    const removed: RemovedUse[] = [];
    const nothing: string[] = [];
    for (const use of uses) {
      const current = readAssignment(store.db, name, use);
      const thumbprint = previous ? current?.previousThumbprint : current?.thumbprint;
      if (thumbprint === null || thumbprint === undefined) nothing.push(use);
      else removed.push({ use, thumbprint });
    }
    if (nothing.length > 0 && previous) {
      throw inputError(
        'NOT_ASSIGNED',
        `${name} has no previous certificate for ${nothing.join(', ')}: only a roll-over (set --roll --effective-date) keeps the replaced certificate as previous (nothing was changed)`,
        `see what is assigned with \`uccert get --server ${name}\``,
      );
    }
    if (nothing.length > 0) {
      throw inputError(
        'NOT_ASSIGNED',
        `${name} has no certificate assigned for ${nothing.join(', ')} (nothing was changed)`,
        `see what is assigned with \`uccert get --server ${name}\``,
      );
    }
    if (previous) refusePendingRolls(name, uses, pending(store, name, uses, now));
    for (const r of removed) removeAssignment(store.db, name, r.use, previous, now);
    return { server: name, previous, removed, command: formatRemoveCsCertificate(uses, previous) };
  });
}

/** The uses whose roll-over has not taken effect yet: their previous certificate is still in effect. */
function pending(store: Store, server: string, uses: readonly string[], now: Date): Assignment[] {
  return uses.flatMap((use) => {
    const current = readAssignment(store.db, server, use);
    return current !== null && Date.parse(current.effectiveAt) > now.getTime() ? [current] : [];
  });
}

function refusePendingRolls(server: string, uses: readonly string[], rolls: readonly Assignment[]): void {
  if (rolls.length === 0) return;
  const latest =
    rolls
      .map((r) => r.effectiveAt)
      .sort()
      .at(-1) ?? '';
  const described = rolls
    .map(
      (r) =>
        `${r.use} rolls to ${r.thumbprint} at ${r.effectiveAt}, until then ${r.previousThumbprint} is in effect`,
    )
    .join('; ');
  throw inputError(
    'ROLL_PENDING',
    `the previous certificate on ${server} is still in effect: ${described} (nothing was changed)`,
    `remove it once the roll has taken effect, at ${latest} or later: uccert remove --server ${server} --type ${uses.join(',')} --previous`,
  );
}
