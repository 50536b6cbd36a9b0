// What changing the deployment's topology does to the plan: per server and use, the names the
// certificates gain and lose, and the servers and uses that appear or go (uccert topology use).

import type { Plan } from './plan-model.js';

export interface PlanChange {
  readonly server: string;
  readonly use: string;
  readonly kind: 'added' | 'removed' | 'changed';
  readonly subject: { readonly before: string | null; readonly after: string | null };
  readonly gained: readonly string[];
  readonly lost: readonly string[];
}

/** Pure: compares two plans requirement by requirement (server × use), names sorted. */
export function diffPlans(before: Plan, after: Plan): PlanChange[] {
  const key = (r: { server: string; use: string }) => `${r.server}\u0000${r.use}`;
  const names = (r: { requiredNames: readonly string[] }) => new Set(r.requiredNames);
  const old = new Map(before.requirements.map((r) => [key(r), r]));
  const now = new Map(after.requirements.map((r) => [key(r), r]));
  const changes: PlanChange[] = [];
  for (const [k, r] of now) {
    const was = old.get(k);
    const gained = [...names(r)].filter((n) => was === undefined || !names(was).has(n)).sort();
    const lost = was === undefined ? [] : [...names(was)].filter((n) => !names(r).has(n)).sort();
    if (was !== undefined && gained.length === 0 && lost.length === 0 && was.subject === r.subject) continue;
    changes.push({
      server: r.server,
      use: r.use,
      kind: was === undefined ? 'added' : 'changed',
      subject: { before: was?.subject ?? null, after: r.subject },
      gained,
      lost,
    });
  }
  for (const [k, r] of old) {
    if (now.has(k)) continue;
    changes.push({
      server: r.server,
      use: r.use,
      kind: 'removed',
      subject: { before: r.subject, after: null },
      gained: [],
      lost: [...names(r)].sort(),
    });
  }
  return changes.sort((a, b) =>
    a.server === b.server ? (a.use < b.use ? -1 : 1) : a.server < b.server ? -1 : 1,
  );
}
