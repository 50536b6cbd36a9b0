// What every `check` run starts from: the topology's plan, a lookup of its requirements by server
// and use, and the settings the rules need (clock, warning window, trust, where fixes point).

import { withGlobalScope } from '../assign/global-scope.js';
import type { TrustStore } from '../check/chain-trust.js';
import {
  type AssignmentCheck,
  type CheckSettings,
  indexRequirements,
  type RequirementLookup,
} from '../check/check-assignments.js';
import type { CheckedRequirement } from '../check/check-context.js';
import type { Finding } from '../check/finding.js';
import { defaultPlanOptions, type Plan } from '../requirements/plan-model.js';
import { planRequirements } from '../requirements/plan-requirements.js';
import type { UnreachableEndpoint } from '../topology/live-endpoints.js';
import type { Topology } from '../topology/model.js';

export interface TopologyCheck {
  readonly topology: Topology;
  /** The topology as the user named it (fix commands quote it). */
  readonly topologyPath: string;
  readonly requirements: readonly CheckedRequirement[];
  readonly lookup: RequirementLookup;
  readonly settings: CheckSettings;
  /** The uses of the planned certificate that holds a server's use (for printed requests). */
  readonly plannedUsesOf: (server: string, use: string) => readonly string[] | null;
}

/** What one check run found: the checks made, and what it could not check, with why. */
export interface CheckRun {
  readonly checks: AssignmentCheck[];
  readonly unreachable: UnreachableEndpoint[];
  /** Findings about the deployment rather than one certificate (USE_NOT_ASSIGNED, store mode). */
  readonly deploymentFindings?: readonly Finding[];
}

export interface TopologyCheckOptions {
  readonly now: Date;
  readonly warnDays: number;
  readonly trustStore: TrustStore | null;
}

export function prepareTopologyCheck(
  topology: Topology,
  topologyPath: string,
  options: TopologyCheckOptions,
): TopologyCheck {
  const plan = planRequirements(topology, defaultPlanOptions);
  return {
    topology,
    topologyPath,
    requirements: plan.requirements,
    // Assignments under "global" (OAuthTokenIssuer, uccert set --server global) check against the deployment's requirement.
    lookup: withGlobalScope(indexRequirements(plan.requirements), plan.requirements),
    settings: {
      ...options,
      fix: { topologyPath, sipDomains: topology.sipDomains, derivedNames: listDerivedNames(plan) },
    },
    plannedUsesOf: indexPlannedUses(plan),
  };
}

function indexPlannedUses(plan: Plan): (server: string, use: string) => readonly string[] | null {
  const uses = new Map<string, readonly string[]>();
  for (const certificate of plan.certificates) {
    for (const server of certificate.servers) {
      for (const use of certificate.uses) uses.set(`${server}|${use}`.toLowerCase(), certificate.uses);
    }
  }
  return (server, use) => uses.get(`${server}|${use}`.toLowerCase()) ?? null;
}

/** `server|name` for every name Request-CsCertificate derives from the topology on that server. */
function listDerivedNames(plan: Plan): Set<string> {
  const derived = new Set<string>();
  for (const certificate of plan.certificates) {
    const extra = new Set(certificate.requestDomainNames);
    for (const server of certificate.servers) {
      for (const name of certificate.names) if (!extra.has(name)) derived.add(`${server}|${name}`);
    }
  }
  return derived;
}
