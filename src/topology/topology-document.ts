// A Topology written back as a format-1 document (architecture.md, "Topology file"): what the
// store keeps as the deployment's topology, read again with parseTopology so a stored row is
// checked like any other input.

import { defaultPorts, defaultReverseProxyPorts, type Pool, type Ports, type Topology } from './model.js';

export function writeTopologyDocument(t: Topology): Record<string, unknown> {
  const document: Record<string, unknown> = {
    version: 1,
    product: t.product,
    sipDomains: [...t.sipDomains],
    simpleUrls: {
      meet: [...t.simpleUrls.meet],
      ...(t.simpleUrls.dialin === null ? {} : { dialin: t.simpleUrls.dialin }),
      ...(t.simpleUrls.admin === null ? {} : { admin: t.simpleUrls.admin }),
    },
    mobility: t.mobility,
    pools: t.pools.map(writePool),
  };
  if (t.autoLogon !== null) document.autoLogon = { ...t.autoLogon };
  if (t.xmppDomains.length > 0) document.xmppDomains = [...t.xmppDomains];
  if (t.reverseProxy !== null) {
    document.reverseProxy = {
      ...(t.reverseProxy.officeWebApps === null ? {} : { officeWebApps: t.reverseProxy.officeWebApps }),
      ...changedPorts(t.reverseProxy.ports, defaultReverseProxyPorts),
    };
  }
  return document;
}

function writePool(p: Pool): Record<string, unknown> {
  const pool: Record<string, unknown> = { fqdn: p.fqdn, role: p.role };
  if (p.edition !== null) pool.edition = p.edition;
  pool.servers = [...p.servers];
  if (p.webServices !== null) {
    pool.webServices = {
      ...(p.webServices.internalGiven ? { internal: p.webServices.internal } : {}),
      ...(p.webServices.externalGiven ? { external: p.webServices.external } : {}),
    };
  }
  if (p.edge !== null) pool.edge = { ...p.edge };
  return { ...pool, ...changedPorts(p.ports, defaultPorts[p.role]) };
}

/** `{ ports }` with the listeners that differ from the role's defaults, or nothing. */
function changedPorts(ports: Ports, defaults: Ports): { ports?: Record<string, number> } {
  const changed = Object.fromEntries(Object.entries(ports).filter(([name, port]) => defaults[name] !== port));
  return Object.keys(changed).length === 0 ? {} : { ports: changed };
}
