// `check TOPOLOGY` with no --cert or --live: every assignment in the store (uccert set), grouped
// per server and certificate, checked against the topology's requirements.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type TrustStore, withStoreRoots } from '../check/chain-trust.js';
import {
  type AssignmentCheck,
  type CertificateAssignment,
  checkAssignment,
} from '../check/check-assignments.js';
import { checkUseNotAssigned } from '../check/use-not-assigned.js';
import { inputError } from '../errors.js';
import { buildStoredChain } from '../requests/stored-chain.js';
import { listAssignments } from '../store/assignment-records.js';
import { findCertificateById, listStoredRoots } from '../store/certificate-records.js';
import { findPrivateKeyByPublicKey, hashPublicKey } from '../store/private-key-records.js';
import { openStore, storeFileName } from '../store/store.js';
import type { UnreachableEndpoint } from '../topology/live-endpoints.js';
import { subjectPublicKeyInfoOf } from '../x509/certificate.js';
import type { CheckRun, TopologyCheck } from './topology-check.js';

/** The run's `unreachable` lists the assignments the topology has no server and use for. */
export function checkStoredAssignments(check: TopologyCheck, home: string): CheckRun {
  if (!existsSync(join(home, storeFileName))) {
    throw inputError(
      'NO_STORE',
      `there is no uccert store in "${home}" to check assignments from`,
      'import and assign certificates first (uccert import, uccert set), give --home DIR, or check a file (--cert) or the live endpoints (--live)',
    );
  }
  const store = openStore(home, { access: 'read' });
  try {
    return store.read(() => {
      // The roots imported into the store are trusted, as `set` trusts them (issue 8.7).
      const settings = withStoredRoots(check.settings, listStoredRoots(store.db));
      const groups = new Map<string, { server: string; certificateId: number; uses: string[] }>();
      const assignments = listAssignments(store.db);
      for (const a of assignments) {
        const key = `${a.server}|${a.certificateId}`;
        const group = groups.get(key) ?? { server: a.server, certificateId: a.certificateId, uses: [] };
        group.uses.push(a.use);
        groups.set(key, group);
      }
      const checks: AssignmentCheck[] = [];
      const skipped: UnreachableEndpoint[] = [];
      const assigned = new Set(assignments.map((a) => `${a.server}|${a.use}`.toLowerCase()));
      for (const group of groups.values()) {
        const stored = findCertificateById(store.db, group.certificateId);
        if (stored === null) continue;
        const requirements = group.uses
          .map((use) => check.lookup(group.server, use))
          .filter((r) => r !== null);
        for (const use of group.uses.filter((u) => check.lookup(group.server, u) === null)) {
          skipped.push({
            endpoint: `thumbprint ${stored.facts.thumbprint}`,
            server: group.server,
            use,
            message: 'assigned in the store, but the topology has no such server and use',
          });
        }
        if (requirements.length === 0) continue;
        const key = findPrivateKeyByPublicKey(store.db, hashPublicKey(subjectPublicKeyInfoOf(stored.der)));
        const assignment: CertificateAssignment = {
          server: requirements[0]!.server,
          uses: requirements.map((r) => r.use),
          source: `store (certificate ${stored.id}${stored.friendlyName === null ? '' : `, "${stored.friendlyName}"`})`,
          // The path the store can build (as export and set do): the issuing CA is in the store,
          // the way it is in a Windows server's Intermediate Certification Authorities store.
          chain: [stored.der, ...buildStoredChain(store.db, stored).issuers.map((c) => c.der)],
          chainSent: false,
          certificate: stored.facts,
          privateKey: key === null ? null : { exportable: key.exportable },
        };
        checks.push(checkAssignment(assignment, requirements, settings));
      }
      const deploymentFindings = checkUseNotAssigned({
        requirements: check.requirements,
        isAssigned: (server, use) => assigned.has(`${server}|${use}`.toLowerCase()),
        topologyPath: check.topologyPath,
        plannedUsesOf: check.plannedUsesOf,
      });
      return { checks, unreachable: skipped, deploymentFindings };
    });
  } finally {
    store.close();
  }
}

/** Check settings whose trust store also holds the store's roots (none when trust is not checked). */
export function withStoredRoots<T extends { readonly trustStore: TrustStore | null }>(
  settings: T,
  roots: readonly Uint8Array[],
): T {
  return settings.trustStore === null
    ? settings
    : { ...settings, trustStore: withStoreRoots(settings.trustStore, roots) };
}
