// What `get` shows, as Get-CsCertificate does per use [PS-GET] but for every server and without
// truncation: each assignment with its current and previous (rolled) certificate, whether it is in
// effect or staged, and every change with its time, for the console's timeline.

import { sortUses } from '../requests/planned-certificate-lookup.js';
import {
  type AssignmentAction,
  type AssignmentFilter,
  listAssignmentHistory,
  listAssignments,
} from '../store/assignment-records.js';
import { findCertificateById, type StoredCertificate } from '../store/certificate-records.js';
import type { SqliteDatabase, Store } from '../store/store.js';

export type AssignmentStatus = 'active' | 'staged';

export interface AssignmentView {
  readonly server: string;
  readonly use: string;
  readonly status: AssignmentStatus;
  readonly effectiveAt: string;
  readonly assignedAt: string;
  readonly certificate: StoredCertificate;
  /** Every use this certificate holds on this server (Get-CsCertificate's Use). */
  readonly heldFor: readonly string[];
  readonly previous: StoredCertificate | null;
}

export interface HistoryEntry {
  readonly at: string;
  readonly server: string;
  readonly use: string;
  readonly action: AssignmentAction;
  readonly thumbprint: string | null;
  readonly previousThumbprint: string | null;
  readonly effectiveAt: string | null;
}

export interface AssignmentReport {
  readonly assignments: readonly AssignmentView[];
  readonly history: readonly HistoryEntry[];
}

function certificateCache(db: SqliteDatabase): (id: number | null) => StoredCertificate | null {
  const cache = new Map<number, StoredCertificate | null>();
  return (id) => {
    if (id === null) return null;
    if (!cache.has(id)) cache.set(id, findCertificateById(db, id));
    return cache.get(id) ?? null;
  };
}

export function readAssignmentReport(store: Store, filter: AssignmentFilter, now: Date): AssignmentReport {
  return store.read(() => {
    const certificateOf = certificateCache(store.db);
    const rows = listAssignments(store.db, filter);
    const heldFor = new Map<string, string[]>();
    for (const a of listAssignments(store.db, filter.server === undefined ? {} : { server: filter.server })) {
      const key = `${a.server}|${a.certificateId}`;
      heldFor.set(key, [...(heldFor.get(key) ?? []), a.use]);
    }
    const assignments: AssignmentView[] = [];
    for (const a of rows) {
      const certificate = certificateOf(a.certificateId);
      if (certificate === null) continue;
      assignments.push({
        server: a.server,
        use: a.use,
        status: Date.parse(a.effectiveAt) > now.getTime() ? 'staged' : 'active',
        effectiveAt: a.effectiveAt,
        assignedAt: a.assignedAt,
        certificate,
        heldFor: sortUses(heldFor.get(`${a.server}|${a.certificateId}`) ?? [a.use]),
        previous: certificateOf(a.previousCertificateId),
      });
    }
    const history = listAssignmentHistory(store.db, filter).map((h) => ({
      at: h.at,
      server: h.server,
      use: h.use,
      action: h.action,
      thumbprint: certificateOf(h.certificateId)?.facts.thumbprint ?? null,
      previousThumbprint: certificateOf(h.previousCertificateId)?.facts.thumbprint ?? null,
      effectiveAt: h.effectiveAt,
    }));
    return { assignments, history };
  });
}
