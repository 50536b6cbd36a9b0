// The certificate to request when a DNS record's target serves one without the record's host name,
// once `discover --topology` knows which pool the record reaches: the plan's certificate for the
// use that answers there, on a server of that pool, with the missing name in -DomainName. Pure.

import {
  describeCertificateRequest,
  type NewCertificateRequest,
  planRequestFromPlan,
} from '../check/certificate-fix.js';
import type { CertificateUse } from '../requirements/certificate-use.js';
import type { Plan } from '../requirements/plan-model.js';
import type { PoolRole, Topology } from '../topology/model.js';
import { normalizeDnsName } from '../x509/name-coverage.js';
import type { RecordDestination } from './lync-dns-records.js';
import type { RecordPlacement } from './record-placement.js';

export interface PlannedRecordRequest {
  readonly kind: 'planned';
  readonly request: NewCertificateRequest;
  readonly pool: string;
  /** Other servers of the pool with a certificate of their own (server scope): the same fix applies there. */
  readonly otherServers: readonly string[];
}

/** What a record fix can say: the exact request, or why it cannot. */
export type RecordCertificateRequest =
  | PlannedRecordRequest
  /** No --topology: only the generic fix. */
  | { readonly kind: 'noTopology' }
  /** A topology, but the record reaches none of its pools (or none that holds such a certificate). */
  | { readonly kind: 'noPool' };

/**
 * The use whose certificate answers where a record leads, by the role of the pool reached: SIP on
 * 5061 is Default on Front End, Director, Mediation and SBA, and the Access Edge external
 * certificate (or the internal one, for an internal record) on an Edge; lyncdiscover[internal]
 * are the web services ([L13-MOBMOD] steps 12–13). A role without an entry holds no such certificate.
 */
const servedUse: Readonly<Record<RecordDestination, Partial<Readonly<Record<PoolRole, CertificateUse>>>>> = {
  internalSip: {
    frontEnd: 'Default',
    director: 'Default',
    mediation: 'Default',
    branch: 'Default',
    edge: 'Internal',
  },
  accessEdge: { frontEnd: 'Default', director: 'Default', branch: 'Default', edge: 'AccessEdgeExternal' },
  internalWeb: { frontEnd: 'WebServicesInternal', director: 'WebServicesInternal' },
  externalWeb: { frontEnd: 'WebServicesExternal', director: 'WebServicesExternal' },
};

export interface RecordRequestInput {
  /** Where the record (or the one SRV target) leads, or null when it was not placed. */
  readonly placement: RecordPlacement | null;
  readonly destination: RecordDestination;
  readonly topology: Topology;
  readonly plan: Plan;
  /** The host name the served certificate must carry. */
  readonly missingName: string;
  readonly topologyPath: string;
}

export function planRecordCertificateRequest(input: RecordRequestInput): RecordCertificateRequest {
  for (const reached of input.placement?.reaches ?? []) {
    const pool = input.topology.pools.find((p) => p.fqdn === reached.pool);
    const use = pool === undefined ? undefined : servedUse[input.destination][pool.role];
    if (pool === undefined || use === undefined) continue;
    // The server the record reached by name or address, else the pool's first: the cmdlet runs
    // on one server (-ComputerFqdn), never on the pool FQDN.
    const via = normalizeDnsName(reached.via);
    const server = pool.servers.find((s) => normalizeDnsName(s) === via) ?? pool.servers[0];
    if (server === undefined) continue;
    const certificate = input.plan.certificates.find(
      (c) => c.uses.includes(use) && c.servers.includes(server),
    );
    if (certificate === undefined) continue;
    const otherServers =
      certificate.scope === 'server' && !pool.servers.some((s) => normalizeDnsName(s) === via)
        ? pool.servers.filter((s) => s !== server)
        : [];
    return {
      kind: 'planned',
      request: planRequestFromPlan(certificate, server, [input.missingName], input.topologyPath),
      pool: pool.fqdn,
      otherServers,
    };
  }
  return { kind: 'noPool' };
}

/** The fix text of a planned request: the commands, then the other servers of the pool. */
export function describePlannedRecordRequest(lead: string, planned: PlannedRecordRequest): string {
  const lines = [
    describeCertificateRequest(
      `on ${planned.request.server} (pool ${planned.pool}), ${lead}`,
      planned.request,
    ),
  ];
  if (planned.otherServers.length > 0)
    lines.push(`and the same on ${planned.otherServers.join(', ')} (each server of the pool has its own)`);
  return lines.join('\n');
}
