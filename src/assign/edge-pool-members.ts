// Every member of an Edge pool must hold "the exact same certificate with the same private key"
// for A/V authentication [S15-EDGE], and for a roll-over must have it imported and rolled before
// the first member's effective date [L13-ROLL]. Given the topology and what each member holds,
// which members differ from the certificate being assigned. Pure.

import type { Topology } from '../topology/model.js';

export interface MemberHolding {
  readonly server: string;
  /** The A/V certificate it holds, or null. */
  readonly thumbprint: string | null;
}

/** The other members of `server`'s Edge pool, or [] when it is not in a pool of several Edges. */
export function listEdgePoolPeers(
  topology: Topology,
  server: string,
): { pool: string; peers: string[] } | null {
  const name = server.toLowerCase();
  const pool = topology.pools.find(
    (p) => p.role === 'edge' && p.servers.some((s) => s.toLowerCase() === name),
  );
  if (pool === undefined) return null;
  return { pool: pool.fqdn, peers: pool.servers.filter((s) => s.toLowerCase() !== name) };
}

/** The members that do not (yet) hold `thumbprint`. */
export function findDifferingMembers(
  holdings: readonly MemberHolding[],
  thumbprint: string,
): MemberHolding[] {
  return holdings.filter((h) => h.thumbprint !== thumbprint);
}
