// The TLS endpoints of a topology that `check --live` probes, each with the server and use whose
// certificate it serves: Front End and Director 5061 (SIP, mutual TLS), 443 (internal web), 4443
// (external web) and 444 (internal server-to-server); Edge 443 and 5061 on the external FQDNs and
// 5061 on the pool's internal FQDN; the reverse proxy 443 on each external web services FQDN ([L13-DNSFE],
// [L13-DNSEDGE], [L13-IIS]); a pool's (or the reverse proxy's) `ports` key in the topology
// overrides them (topology/model.ts defaultPorts). Pure: the topology in, a list out.

import { defaultReverseProxyPorts, type Pool, type PoolRole, type Topology } from './model.js';

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

/** The port of a listener the pool's role has (topology/model.ts defaultPorts, with overrides). */
function portOf(pool: Pool, listener: string): number {
  const port = pool.ports[listener];
  if (port === undefined) throw new Error(`pool ${pool.fqdn} (${pool.role}) has no "${listener}" listener`);
  return port;
}

const perServer =
  (listener: string, use: string): EndpointRule =>
  (pool) =>
    pool.servers.map((server) => ({ host: server, port: portOf(pool, listener), server, use }));

const webPorts: readonly EndpointRule[] = [
  perServer('sip', 'Default'),
  perServer('webInternal', 'WebServicesInternal'),
  perServer('webExternal', 'WebServicesExternal'),
  perServer('webInternalServer', 'Default'),
];

/** The external Edge FQDNs are shared by the pool (DNS or hardware load balanced): one probe each. */
const edgeExternal: EndpointRule = (pool) => {
  const server = pool.servers[0];
  if (pool.edge === null || server === undefined) return [];
  return [
    { host: pool.edge.accessEdge, port: portOf(pool, 'accessEdge'), server, use: 'AccessEdgeExternal' },
    { host: pool.edge.accessEdge, port: portOf(pool, 'accessEdgeSip'), server, use: 'AccessEdgeExternal' },
    { host: pool.edge.webConfEdge, port: portOf(pool, 'webConfEdge'), server, use: 'DataEdgeExternal' },
  ];
};

/**
 * The internal Edge interface is reached by the Edge pool's internal FQDN (the Front Ends' next
 * hop), which its certificate carries as subject; the members' own FQDNs need not be on it
 * ([L13-EXT], rules §2.5 "Internal certificate"). One probe, as for the external FQDNs.
 */
const edgeInternal: EndpointRule = (pool) => {
  const server = pool.servers[0];
  return server === undefined
    ? []
    : [{ host: pool.fqdn, port: portOf(pool, 'internalSip'), server, use: 'Internal' }];
};

const endpointsByRole: Readonly<Record<PoolRole, readonly EndpointRule[]>> = {
  frontEnd: webPorts,
  director: webPorts,
  mediation: [],
  edge: [edgeExternal, edgeInternal],
  branch: [perServer('sip', 'Default')],
};

export function listLiveEndpoints(topology: Topology): LiveEndpoint[] {
  const endpoints = topology.pools.flatMap((pool) =>
    endpointsByRole[pool.role].flatMap((rule) => rule(pool)),
  );
  // The reverse proxy publishes each pool's external web services on 443.
  const proxy = topology.reverseProxy;
  for (const pool of topology.pools) {
    if (pool.webServices === null || proxy === null) continue;
    endpoints.push({
      host: pool.webServices.external,
      port: proxy.ports.https ?? defaultReverseProxyPorts.https,
      server: reverseProxyServerName,
      use: 'ReverseProxy',
    });
  }
  return endpoints;
}
