// The TLS endpoints of a topology that `check --live` probes, each with the server and use whose
// certificate it serves: Front End and Director 5061 (SIP, mutual TLS), 443 (internal web), 4443
// (external web) and 444 (internal server-to-server); Edge 443 and 5061 on the external FQDNs and
// 5061 internal; the reverse proxy 443 on each external web services FQDN ([L13-DNSFE],
// [L13-DNSEDGE], [L13-IIS]). Pure: the topology in, a list out.

import type { Pool, PoolRole, Topology } from '../topology/model.js';

export interface LiveEndpoint {
  /** The name the endpoint is reached by (and sent as SNI): what its certificate must cover. */
  readonly host: string;
  readonly port: number;
  /** The server and use whose requirement the served certificate must meet. */
  readonly server: string;
  readonly use: string;
}

/** An endpoint `check --live` could not reach, and why. */
export interface UnreachableEndpoint {
  readonly endpoint: string;
  readonly server: string;
  readonly use: string;
  readonly message: string;
}

/** The reverse proxy's server name in the plan (requirements/plan-requirements.ts). */
export const reverseProxyServerName = 'reverse-proxy';

type EndpointRule = (pool: Pool) => LiveEndpoint[];

const perServer =
  (port: number, use: string): EndpointRule =>
  (pool) =>
    pool.servers.map((server) => ({ host: server, port, server, use }));

const webPorts: readonly EndpointRule[] = [
  perServer(5061, 'Default'),
  perServer(443, 'WebServicesInternal'),
  perServer(4443, 'WebServicesExternal'),
  perServer(444, 'Default'),
];

/** The external Edge FQDNs are shared by the pool (DNS or hardware load balanced): one probe each. */
const edgeExternal: EndpointRule = (pool) => {
  const server = pool.servers[0];
  if (pool.edge === null || server === undefined) return [];
  return [
    { host: pool.edge.accessEdge, port: 443, server, use: 'AccessEdgeExternal' },
    { host: pool.edge.accessEdge, port: 5061, server, use: 'AccessEdgeExternal' },
    { host: pool.edge.webConfEdge, port: 443, server, use: 'DataEdgeExternal' },
  ];
};

const endpointsByRole: Readonly<Record<PoolRole, readonly EndpointRule[]>> = {
  frontEnd: webPorts,
  director: webPorts,
  mediation: [],
  edge: [edgeExternal, perServer(5061, 'Internal')],
  branch: [perServer(5061, 'Default')],
};

export function listLiveEndpoints(topology: Topology): LiveEndpoint[] {
  const endpoints = topology.pools.flatMap((pool) =>
    endpointsByRole[pool.role].flatMap((rule) => rule(pool)),
  );
  // The reverse proxy publishes each pool's external web services on 443.
  for (const pool of topology.pools) {
    if (pool.webServices === null || topology.reverseProxy === null) continue;
    endpoints.push({
      host: pool.webServices.external,
      port: 443,
      server: reverseProxyServerName,
      use: 'ReverseProxy',
    });
  }
  return endpoints;
}
