// What `uccert scan` probes, pure: every server × port of its role (the endpoints `check --live`
// probes), the pool FQDNs and web services FQDNs a load balancer answers for, the Edge external
// FQDNs and the reverse proxy; then, from DNS answers, each SIP domain's SRV targets and
// lyncdiscover / lyncdiscoverinternal ([L13-DNSFE], [L13-DNSEDGE], rules §3). An endpoint a load
// balancer spreads over a pool is held to any member's assignment (`servers`).

import type { RecordLookup } from '../dns-records/lync-dns-records.js';
import { listLiveEndpoints, reverseProxyServerName } from '../topology/live-endpoints.js';
import type { Pool, Topology } from '../topology/model.js';
import type { EndpointSource } from './scan-document.js';

export interface ScanTarget {
  readonly host: string;
  readonly port: number;
  /** The server named in the result; null for a host outside the topology. */
  readonly server: string | null;
  /** Every server whose assignment the endpoint may serve (a pool FQDN: each member). */
  readonly servers: readonly string[];
  readonly use: string;
  readonly source: EndpointSource;
}

export function endpointKey(host: string, port: number): string {
  return `${host.toLowerCase()}:${port}`;
}

/** Adds `target` unless its host:port is already listed (the first, most specific, wins). */
function addTarget(targets: ScanTarget[], seen: Set<string>, target: ScanTarget): void {
  const key = endpointKey(target.host, target.port);
  if (seen.has(key)) return;
  seen.add(key);
  targets.push(target);
}

function poolOf(topology: Topology, server: string): Pool | undefined {
  return topology.pools.find((p) => p.servers.includes(server));
}

function sourceOf(pool: Pool | undefined, server: string, use: string): EndpointSource {
  if (use === 'ReverseProxy') return 'reverse-proxy';
  if (pool?.role === 'edge') return 'edge';
  return pool?.servers.includes(server) ? 'server' : 'pool';
}

/** The endpoints the topology alone names. */
export function listScanTargets(topology: Topology): ScanTarget[] {
  const targets: ScanTarget[] = [];
  const seen = new Set<string>();
  for (const endpoint of listLiveEndpoints(topology)) {
    const pool = poolOf(topology, endpoint.server);
    // The Edge's shared FQDNs (external, and the pool's internal FQDN) reach any member.
    const servers = pool?.role === 'edge' ? [...pool.servers] : [endpoint.server];
    addTarget(targets, seen, {
      host: endpoint.host,
      port: endpoint.port,
      server: endpoint.server,
      servers,
      use: endpoint.use,
      source: sourceOf(pool, endpoint.host, endpoint.use),
    });
  }
  for (const pool of topology.pools) {
    if (pool.role !== 'frontEnd' && pool.role !== 'director') continue;
    const first = pool.servers[0];
    if (first === undefined) continue;
    const member = { server: first, servers: [...pool.servers] };
    const sip = pool.ports.sip;
    if (sip !== undefined)
      addTarget(targets, seen, { host: pool.fqdn, port: sip, ...member, use: 'Default', source: 'pool' });
    if (pool.webServices === null) continue;
    const internal = pool.ports.webInternal;
    const external = pool.ports.webExternal;
    if (internal !== undefined)
      addTarget(targets, seen, {
        host: pool.webServices.internal,
        port: internal,
        ...member,
        use: 'WebServicesInternal',
        source: 'web-services',
      });
    if (external !== undefined)
      addTarget(targets, seen, {
        host: pool.webServices.external,
        port: external,
        ...member,
        use: 'WebServicesExternal',
        source: 'web-services',
      });
  }
  return targets;
}

/** What each DNS record type points at, and the use whose certificate answers there. */
const recordUses: Readonly<Record<string, { readonly use: string; readonly source: EndpointSource }>> = {
  '_sipinternaltls._tcp': { use: 'Default', source: 'srv' },
  '_sip._tls': { use: 'AccessEdgeExternal', source: 'srv' },
  lyncdiscoverinternal: { use: 'WebServicesInternal', source: 'lyncdiscoverinternal' },
  lyncdiscover: { use: 'WebServicesExternal', source: 'lyncdiscover' },
};

/** The DNS records whose targets the scan adds. */
export const scannedRecordPrefixes = Object.keys(recordUses);

/**
 * Adds the targets found records point at: an SRV target at its port, and lyncdiscover /
 * lyncdiscoverinternal on 443 by their own names (the name a mobile client reaches). A target
 * that is a topology host is held to that host's servers; any other is checked without drift.
 */
export function addRecordTargets(
  targets: readonly ScanTarget[],
  lookups: readonly RecordLookup[],
  topology: Topology,
): ScanTarget[] {
  const all = [...targets];
  const seen = new Set(all.map((t) => endpointKey(t.host, t.port)));
  const byHost = new Map<string, ScanTarget>();
  for (const t of all) if (!byHost.has(t.host.toLowerCase())) byHost.set(t.host.toLowerCase(), t);
  const webPool =
    topology.pools.find((p) => p.fqdn === topology.autoLogon?.pool) ??
    topology.pools.find((p) => p.role === 'frontEnd' && p.webServices !== null);
  for (const lookup of lookups) {
    const kind = recordUses[lookup.spec.prefix];
    if (kind === undefined || lookup.status !== 'found') continue;
    if (lookup.spec.kind === 'srv') {
      for (const srv of lookup.srv) {
        const known = byHost.get(srv.target.toLowerCase());
        addTarget(all, seen, {
          host: srv.target.toLowerCase(),
          port: srv.port,
          server: known?.server ?? null,
          servers: known?.servers ?? [],
          use: kind.use,
          source: kind.source,
        });
      }
      continue;
    }
    const host = lookup.name.toLowerCase();
    const proxy = kind.use === 'WebServicesExternal' && topology.reverseProxy !== null;
    const servers = proxy ? [reverseProxyServerName] : [...(webPool?.servers ?? [])];
    addTarget(all, seen, {
      host,
      port: 443,
      server: servers[0] ?? null,
      servers,
      use: proxy ? 'ReverseProxy' : kind.use,
      source: kind.source,
    });
  }
  return all;
}
