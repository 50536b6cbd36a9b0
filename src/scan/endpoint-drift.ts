// Drift for one endpoint, pure: what it serves × what the store assigns to its servers and use
// (a staged roll's previous certificate until the effective date) × whether the plan requires
// that use there. `served-not-assigned` and `not-assigned` are findings (SERVED_NOT_ASSIGNED,
// USE_NOT_ASSIGNED); `not-served` is what an unreached endpoint with an assignment shows.

import type { Finding } from '../check/finding.js';
import {
  type AssignedCertificate,
  checkServedNotAssigned,
  expectedThumbprint,
  findServedAssignment,
} from '../check/served-not-assigned.js';
import { describeUseNotAssigned } from '../check/use-not-assigned.js';
import type { Drift } from './scan-document.js';

export interface DriftInput {
  readonly endpoint: string;
  readonly use: string;
  /** The leaf's thumbprint, or null when nothing was served (not reached). */
  readonly served: string | null;
  /** The assignments of the endpoint's servers for its use. */
  readonly assigned: readonly AssignedCertificate[];
  /** The plan's requirement behind the endpoint (server, pool), or null when it has none. */
  readonly planned: { readonly server: string; readonly pool: string; readonly use: string } | null;
  readonly now: Date;
  readonly topologyPath: string;
  readonly plannedUsesOf?: (server: string, use: string) => readonly string[] | null;
}

export interface DriftResult {
  readonly drift: Drift;
  /** The thumbprint that should be served, or null. */
  readonly assigned: string | null;
  /** The server whose assignment applies (the one served, else the first). */
  readonly server: string | null;
  readonly finding: Finding | null;
}

export function assessDrift(input: DriftInput): DriftResult {
  const first = input.assigned[0];
  if (first === undefined) {
    if (input.planned === null) return { drift: 'none', assigned: null, server: null, finding: null };
    return {
      drift: 'not-assigned',
      assigned: null,
      server: input.planned.server,
      finding: describeUseNotAssigned(input.planned.server, input.planned, {
        topologyPath: input.topologyPath,
        ...(input.plannedUsesOf === undefined ? {} : { plannedUsesOf: input.plannedUsesOf }),
        targetOf: () => input.endpoint,
      }),
    };
  }
  if (input.served === null)
    return {
      drift: 'not-served',
      assigned: expectedThumbprint(first, input.now),
      server: first.server,
      finding: null,
    };
  const request = {
    endpoint: input.endpoint,
    use: input.use,
    served: input.served,
    assigned: input.assigned,
    now: input.now,
  };
  const match = findServedAssignment(request);
  if (match !== null)
    return {
      drift: 'none',
      assigned: expectedThumbprint(match, input.now),
      server: match.server,
      finding: null,
    };
  return {
    drift: 'served-not-assigned',
    assigned: expectedThumbprint(first, input.now),
    server: first.server,
    finding: checkServedNotAssigned(request),
  };
}
