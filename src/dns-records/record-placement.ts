// Which pool of the topology a Lync DNS record reaches, and whether it is the pool the topology
// expects there (lync-certificate-rules.md §6.1): lyncdiscoverinternal → internal web services of
// the Director (if any) else the Front End pool; lyncdiscover → their external web services;
// SIP sign-in records → the auto-logon pool (else Director, else Front End); _sip._tls and
// federation → the Access Edge. Pure: addresses of topology hosts are resolved by the caller.

import type { Pool, Topology } from '../topology/model.js';
import { isFound, type RecordDestination, type RecordLookup } from './lync-dns-records.js';

export interface PoolReached {
  readonly pool: string;
  readonly role: string;
  /** The record's target or alias, or the topology host whose address it shares. */
  readonly via: string;
}

export interface RecordPlacement {
  readonly record: string;
  readonly reaches: readonly PoolReached[];
  readonly expected: readonly string[];
  /** `expected`: reaches an expected pool only; `unexpected`: reaches another; `unknown`: matches no topology host. */
  readonly verdict: 'expected' | 'unexpected' | 'unknown';
}

interface TopologyHost {
  readonly host: string;
  readonly pool: Pool;
}

/** Every host name the topology gives, with its pool. */
export function listTopologyHosts(topology: Topology): TopologyHost[] {
  const hosts: TopologyHost[] = [];
  for (const pool of topology.pools) {
    const names = [pool.fqdn, ...pool.servers];
    if (pool.webServices !== null) names.push(pool.webServices.internal, pool.webServices.external);
    if (pool.edge !== null) names.push(pool.edge.accessEdge, pool.edge.webConfEdge, pool.edge.avEdge);
    for (const host of new Set(names.map((n) => n.toLowerCase()))) hosts.push({ host, pool });
  }
  return hosts;
}

const webRoles = (topology: Topology): Pool[] => {
  const directors = topology.pools.filter((p) => p.role === 'director');
  return directors.length > 0 ? directors : topology.pools.filter((p) => p.role === 'frontEnd');
};

const expectedPools: Readonly<Record<RecordDestination, (topology: Topology) => Pool[]>> = {
  internalWeb: webRoles,
  externalWeb: webRoles,
  internalSip: (topology) => {
    const autoLogon = topology.pools.filter((p) => p.fqdn === topology.autoLogon?.pool);
    return autoLogon.length > 0 ? autoLogon : webRoles(topology);
  },
  accessEdge: (topology) => topology.pools.filter((p) => p.role === 'edge'),
};

/**
 * Places one found record. `addressesOf` maps topology host names to their resolved addresses;
 * `targetAddresses` the SRV targets' (a target outside the topology is placed by its address).
 */
export function placeRecord(
  lookup: RecordLookup,
  topology: Topology,
  addressesOf: ReadonlyMap<string, readonly string[]>,
  targetAddresses: ReadonlyMap<string, readonly string[]> = new Map(),
): RecordPlacement | null {
  if (!isFound(lookup) && lookup.cname === null) return null;
  const hosts = listTopologyHosts(topology);
  const names = [...lookup.srv.map((s) => s.target), ...(lookup.cname === null ? [] : [lookup.cname])];
  const recordAddresses = [
    ...lookup.addresses,
    ...lookup.srv.flatMap((s) => targetAddresses.get(s.target) ?? []),
  ];
  const reaches = new Map<string, PoolReached>();
  for (const { host, pool } of hosts) {
    const byName = names.includes(host);
    const byAddress = !byName && (addressesOf.get(host) ?? []).some((a) => recordAddresses.includes(a));
    if ((byName || byAddress) && !reaches.has(pool.fqdn))
      reaches.set(pool.fqdn, { pool: pool.fqdn, role: pool.role, via: host });
  }
  const expected = [
    ...new Set(lookup.spec.accepted.flatMap((d) => expectedPools[d](topology).map((p) => p.fqdn))),
  ];
  const reached = [...reaches.values()];
  const verdict =
    reached.length === 0
      ? 'unknown'
      : reached.every((r) => expected.includes(r.pool))
        ? 'expected'
        : 'unexpected';
  return { record: lookup.name, reaches: reached, expected, verdict };
}
