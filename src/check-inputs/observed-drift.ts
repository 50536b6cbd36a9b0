// `check` with the store: compares three things per server and use: what the server reported
// (uccert inventory import), what the store assigns (uccert set), and what the plan requires.
// A reported certificate the store holds and that differs from the assigned one is checked too,
// since it is the one the server really uses.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type AssignmentCheck, checkAssignment } from '../check/check-assignments.js';
import type { Finding } from '../check/finding.js';
import { checkObservedNotAssigned } from '../check/observed-not-assigned.js';
import { checkUseNotObserved } from '../check/use-not-observed.js';
import { buildStoredChain } from '../requests/stored-chain.js';
import { readAssignment } from '../store/assignment-records.js';
import { findCertificateById } from '../store/certificate-records.js';
import { listLatestObserved } from '../store/observed-assignment-records.js';
import { openStore, storeFileName } from '../store/store.js';
import type { TopologyCheck } from './topology-check.js';

export interface ObservedComparison {
  /** Checks of certificates the servers use that the store does not assign there. */
  readonly checks: AssignmentCheck[];
  /** OBSERVED_NOT_ASSIGNED and USE_NOT_OBSERVED findings. */
  readonly drift: Finding[];
  /** How many servers have reported. */
  readonly servers: number;
}

export function compareObserved(check: TopologyCheck, home: string): ObservedComparison {
  if (!existsSync(join(home, storeFileName))) return { checks: [], drift: [], servers: 0 };
  const store = openStore(home);
  try {
    return store.read(() => {
      const observed = listLatestObserved(store.db);
      const drift: Finding[] = [];
      const groups = new Map<
        string,
        { server: string; certificateId: number; uses: string[]; note: string }
      >();
      const reports = new Map<
        string,
        { observedAt: string; sourceFile: string; uses: string[]; unreadable: number }
      >();
      for (const o of observed) {
        const report = reports.get(o.server) ?? {
          observedAt: o.observedAt,
          sourceFile: o.sourceFile,
          uses: [],
          unreadable: 0,
        };
        report.uses.push(o.use);
        report.unreadable = Math.max(report.unreadable, skippedOf(o.details));
        if (o.observedAt > report.observedAt)
          Object.assign(report, { observedAt: o.observedAt, sourceFile: o.sourceFile });
        reports.set(o.server, report);
        const assigned = readAssignment(store.db, o.server, o.use)?.thumbprint ?? null;
        const finding = checkObservedNotAssigned(
          { ...o, certificateKnown: o.certificateId !== null },
          assigned,
        );
        if (finding !== null) drift.push(finding);
        if (finding !== null && o.certificateId !== null && check.lookup(o.server, o.use) !== null) {
          const key = `${o.server}|${o.certificateId}`;
          const group = groups.get(key) ?? {
            server: o.server,
            certificateId: o.certificateId,
            uses: [],
            note: `observed on ${o.server} at ${o.observedAt} (${o.sourceFile})`,
          };
          group.uses.push(o.use);
          groups.set(key, group);
        }
      }
      for (const [server, report] of reports) {
        for (const r of check.requirements.filter((q) => q.server.toLowerCase() === server)) {
          const assigned = readAssignment(store.db, server, r.use)?.thumbprint ?? null;
          const finding = checkUseNotObserved({ server, ...report }, r.use, assigned);
          if (finding !== null) drift.push(finding);
        }
      }
      const checks: AssignmentCheck[] = [];
      for (const g of groups.values()) {
        const stored = findCertificateById(store.db, g.certificateId);
        if (stored === null) continue;
        const requirements = g.uses.map((u) => check.lookup(g.server, u)).filter((r) => r !== null);
        checks.push(
          checkAssignment(
            {
              server: requirements[0]?.server ?? g.server,
              uses: requirements.map((r) => r.use),
              source: g.note,
              chain: [stored.der, ...buildStoredChain(store.db, stored).issuers.map((c) => c.der)],
              chainSent: false,
              certificate: stored.facts,
              // The key is on the server; whether it is exportable is not in the report.
              privateKey: null,
            },
            requirements,
            check.settings,
          ),
        );
      }
      return { checks, drift, servers: reports.size };
    });
  } finally {
    store.close();
  }
}

function skippedOf(details: unknown): number {
  const skipped =
    typeof details === 'object' && details !== null ? (details as Record<string, unknown>).skipped : 0;
  return typeof skipped === 'number' && Number.isInteger(skipped) && skipped > 0 ? skipped : 0;
}
