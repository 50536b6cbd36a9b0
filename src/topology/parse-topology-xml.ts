// Reads a Lync / SfB topology document into a format-1 topology document, in either form:
// - `Get-CsTopology -AsXml` (root Topology, urn:schema:Microsoft.Rtc.Management.Deploy.Topology.2008):
//   Clusters/Cluster with a ClusterId (SiteId, Number); Services/Service point to it by InstalledOn;
// - a Topology Builder file (.tbxml: root TopologyBuilder → NewTopology → PartialTopology, namespace
//   …Deploy.WritableTopology.2008): CentralSites/CentralSite/Clusters/Cluster with a UniqueId that
//   Services/Service InstalledOn points to; a single-machine cluster's <Machine/> has no Fqdn (the
//   server is the cluster FQDN); SimpleUrlConfiguration holds the simple URLs.
// It says what it read and what it had to assume, and where in the XML each value came from.

import { inputError } from '../errors.js';
import { canonicalHostName } from './host-name.js';
import type { PoolRole, Product } from './model.js';
import { findSimpleUrlsInXml, type SimpleUrlEntry } from './simple-url-configuration.js';
import type { TopologyProblem } from './topology-problem.js';
import {
  findXmlElements,
  type ParsedXml,
  type XmlNode,
  xmlAttr,
  xmlChild,
  xmlChildren,
  xmlText,
} from './xml-document.js';

export const topologyNamespace = 'urn:schema:Microsoft.Rtc.Management.Deploy.Topology.2008';
export const topologyBuilderNamespace = 'urn:schema:Microsoft.Rtc.Management.Deploy.TopologyBuilder.2008';
export const writableTopologyNamespace = 'urn:schema:Microsoft.Rtc.Management.Deploy.WritableTopology.2008';

export type TopologyXmlForm = 'Get-CsTopology -AsXml' | 'Topology Builder';

export interface TopologyXmlReading {
  readonly form: TopologyXmlForm;
  /** A format-1 document (without the keys the XML lacks). */
  readonly document: Record<string, unknown>;
  /** What was read from the XML, one line each. */
  readonly read: readonly string[];
  /** What was assumed because the XML does not say, one line each. */
  readonly assumed: readonly string[];
  readonly problems: readonly TopologyProblem[];
  /** The product the Registrar's ServiceVersion suggests (an assumption), or null. */
  readonly productGuess: { readonly product: Product; readonly note: string } | null;
  /** Simple URLs the document itself holds (Topology Builder's SimpleUrlConfiguration). */
  readonly simpleUrls: readonly SimpleUrlEntry[];
  /** The Edge's XMPP federation proxy port, when one is configured. */
  readonly xmpp: { readonly edgePool: string; readonly port: number } | null;
  /** Where in the XML each key path of `document` came from (element and attribute). */
  readonly locations: ReadonlyMap<string, string>;
  /** Pools taken (FQDN → role) and clusters ignored (FQDN → why). */
  readonly pools: readonly { readonly fqdn: string; readonly role: PoolRole }[];
  readonly ignored: readonly { readonly fqdn: string; readonly why: string }[];
}

/** Service versions as Topology Builder writes them (assumed from published samples). */
const productByServiceVersion: Readonly<Record<string, Product>> = {
  '4': 'lync2010',
  '5': 'lync2010',
  '6': 'lync2013',
  '7': 'sfb2015',
  '8': 'sfb2019',
};

/** Edge component → the Edge FQDN key its External port's ConfiguredFqdn fills. */
const edgeComponents = {
  'urn:component:AccessEdge': 'accessEdge',
  'urn:component:DataEdge': 'webConfEdge',
  'urn:component:MediaRelayEdge': 'avEdge',
} as const;

/** Edge Port (component, side, usage) → the listener of defaultPorts.edge it configures. */
const edgeListeners: readonly { owner: string; side: string; usage: string; listener: string }[] = [
  { owner: 'urn:component:AccessEdge', side: 'External', usage: 'SipClient', listener: 'accessEdge' },
  { owner: 'urn:component:AccessEdge', side: 'External', usage: 'SipServer', listener: 'accessEdgeSip' },
  { owner: 'urn:component:DataEdge', side: 'External', usage: 'PsomClient', listener: 'webConfEdge' },
  { owner: 'urn:component:AccessEdge', side: 'Internal', usage: 'SipServer', listener: 'internalSip' },
];

/** Web services components that exist only for mobility ([L13-MOBTECH]). */
const mobilityComponents = /(Mcx|Ucwa|Autodiscover)/i;

interface ClusterInfo {
  readonly key: string;
  readonly fqdn: string;
  readonly siteId: string;
  readonly branch: boolean;
  readonly servers: string[];
  /** XML location of the cluster, and of each server's FQDN. */
  readonly location: string;
  readonly serverLocations: string[];
  readonly roles: Set<string>;
  isDirector: boolean;
  web: { internal?: string; external?: string; internalAt?: string; externalAt?: string };
  edge: Partial<Record<'accessEdge' | 'webConfEdge' | 'avEdge', { fqdn: string; at: string }>>;
  edgePorts: Record<string, number>;
  mobility: Set<string>;
  wac: string | null;
  xmppPort: number | null;
}

interface ServiceInfo {
  readonly role: string;
  readonly clusterKey: string;
  readonly version: string | undefined;
  readonly node: XmlNode;
}

/** The form of a parsed document and its topology element, or null when it is neither. */
export function findTopologyElement(
  parsed: ParsedXml,
): { readonly form: TopologyXmlForm; readonly root: XmlNode } | null {
  const doc = parsed.root;
  const builder = xmlChild(doc, 'TopologyBuilder');
  if (
    builder !== undefined &&
    (parsed.namespaces.has(topologyBuilderNamespace) || parsed.namespaces.has(writableTopologyNamespace))
  ) {
    const partial =
      xmlChild(xmlChild(builder, 'NewTopology'), 'PartialTopology') ??
      xmlChild(xmlChild(builder, 'OldTopology'), 'PartialTopology') ??
      findXmlElements(builder, 'PartialTopology')[0];
    return partial === undefined ? null : { form: 'Topology Builder', root: partial };
  }
  if (!parsed.namespaces.has(topologyNamespace)) return null;
  const top = xmlChild(doc, 'Topology') ?? findXmlElements(doc, 'Topology')[0];
  return top === undefined ? null : { form: 'Get-CsTopology -AsXml', root: top };
}

/** Reads a parsed document; throws an input error when it is not a topology document. */
export function parseTopologyXml(doc: ParsedXml, source: string): TopologyXmlReading {
  const found = findTopologyElement(doc);
  if (found === null) {
    throw inputError(
      'UNREADABLE_TOPOLOGY',
      `"${source}" is not a Lync topology document (no <Topology xmlns="${topologyNamespace}"> root, and no Topology Builder <TopologyBuilder><NewTopology><PartialTopology>)`,
      'give the output of Get-CsTopology -AsXml, a Topology Builder .tbxml file, the ZIP of Export-CsConfiguration, or a YAML/JSON topology',
    );
  }
  const { form, root } = found;
  const read: string[] = [`form: ${form}`];
  const assumed: string[] = [];
  const problems: TopologyProblem[] = [];
  const locations = new Map<string, string>();

  const domains = xmlChild(root, 'InternalDomains');
  const defaultDomain = xmlAttr(domains, 'DefaultDomain');
  const domainNodes = xmlChildren(domains, 'InternalDomain');
  const listed = domainNodes.flatMap((d, i) => {
    const name = xmlAttr(d, 'Name');
    return name === undefined ? [] : [{ name, at: `InternalDomains/InternalDomain[${i + 1}]/@Name` }];
  });
  const all = [
    ...(defaultDomain === undefined ? [] : [{ name: defaultDomain, at: 'InternalDomains/@DefaultDomain' }]),
    ...listed,
  ];
  const sipDomains: string[] = [];
  for (const d of all) {
    const name = canonicalHostName(d.name);
    if (sipDomains.includes(name)) continue;
    locations.set(`sipDomains[${sipDomains.length}]`, d.at);
    sipDomains.push(name);
  }
  if (sipDomains.length === 0)
    problems.push({
      path: 'sipDomains',
      message: 'the XML lists no SIP domain (InternalDomains/InternalDomain/@Name)',
    });
  read.push(
    `SIP domains from InternalDomains: ${sipDomains.join(', ') || 'none'} (default: ${defaultDomain ?? 'not set'})`,
  );

  const clusters = form === 'Topology Builder' ? readBuilderClusters(root) : readExportClusters(root);
  const services = form === 'Topology Builder' ? readBuilderServices(root) : readExportServices(root);

  const versions = new Set<string>();
  for (const s of services) {
    const cluster = clusters.get(s.clusterKey);
    if (cluster === undefined) continue;
    cluster.roles.add(s.role);
    const at = `Service[RoleName=${s.role} on ${cluster.fqdn}]`;
    if (s.role === 'Registrar' && s.version !== undefined) versions.add(s.version);
    if (s.role === 'Registrar' && xmlAttr(xmlChild(s.node, 'RegistrarService'), 'IsDirector') === 'true')
      cluster.isDirector = true;
    const ports = xmlChildren(xmlChild(s.node, 'Ports'), 'Port');
    if (s.role === 'WebServices') {
      const web = xmlChild(s.node, 'WebService');
      const external = xmlAttr(xmlChild(web, 'ExternalSettings'), 'Host');
      const internal = xmlAttr(xmlChild(web, 'InternalSettings'), 'Host');
      if (external !== undefined) {
        cluster.web.external = canonicalHostName(external);
        cluster.web.externalAt = `${at}/WebService/ExternalSettings/@Host`;
      }
      if (internal !== undefined) {
        cluster.web.internal = canonicalHostName(internal);
        cluster.web.internalAt = `${at}/WebService/InternalSettings/@Host`;
      }
      for (const port of ports) {
        const owner = xmlAttr(port, 'Owner') ?? '';
        const name = mobilityComponents.exec(owner)?.[1];
        if (name !== undefined) cluster.mobility.add(owner.replace(/^urn:component:/, ''));
      }
    }
    if (s.role === 'WacService') {
      const url = xmlAttr(xmlChild(s.node, 'WacService'), 'DiscoveryUrl');
      if (url !== undefined) cluster.wac = url;
    }
    if (s.role === 'EdgeServer') {
      ports.forEach((port, i) => {
        const owner = xmlAttr(port, 'Owner') ?? '';
        const side = xmlAttr(port, 'InterfaceSide');
        const usage = xmlAttr(port, 'Usage');
        const number = Number(xmlAttr(port, 'Port'));
        const key = edgeComponents[owner as keyof typeof edgeComponents];
        const fqdn = xmlAttr(port, 'ConfiguredFqdn');
        if (
          key !== undefined &&
          side === 'External' &&
          fqdn !== undefined &&
          cluster.edge[key] === undefined
        ) {
          cluster.edge[key] = {
            fqdn: canonicalHostName(fqdn),
            at: `${at}/Ports/Port[${i + 1}][Owner=${owner}]/@ConfiguredFqdn`,
          };
        }
        const listener = edgeListeners.find((l) => l.owner === owner && l.side === side && l.usage === usage);
        if (listener !== undefined && Number.isInteger(number) && number > 0 && number < 65536)
          cluster.edgePorts[listener.listener] ??= number;
        if (
          owner === 'urn:component:XmppFederationProxy' &&
          usage === 'XmppServer' &&
          Number.isInteger(number)
        )
          cluster.xmppPort = number;
      });
    }
  }

  const pools: Record<string, unknown>[] = [];
  const taken: { fqdn: string; role: PoolRole }[] = [];
  const ignored: { fqdn: string; why: string }[] = [];
  let xmpp: TopologyXmlReading['xmpp'] = null;
  const mobility = new Set<string>();
  let wac: { url: string; pool: string } | null = null;
  for (const cluster of clusters.values()) {
    if (cluster.wac !== null) wac ??= { url: cluster.wac, pool: cluster.fqdn };
    const role = roleOf(cluster);
    if (role === null) {
      ignored.push({ fqdn: cluster.fqdn, why: describeRoles(cluster) });
      continue;
    }
    if (role === 'frontEnd' && cluster.roles.has('MediationServer')) {
      read.push(`${cluster.fqdn}: Mediation collocated with the Front End (no certificate of its own)`);
    }
    const at = `pools[${pools.length}]`;
    pools.push(poolDocument(cluster, role, at, read, assumed, problems, locations));
    taken.push({ fqdn: cluster.fqdn, role });
    for (const m of cluster.mobility) mobility.add(m);
    if (cluster.xmppPort !== null) xmpp ??= { edgePool: cluster.fqdn, port: cluster.xmppPort };
  }
  if (ignored.length > 0) {
    read.push(
      `ignored ${ignored.length} cluster(s) with no Front End, Director, Mediation, Edge or branch role: ${ignored.map((i) => `${i.fqdn} (${i.why})`).join(', ')}`,
    );
  }

  const document: Record<string, unknown> = { version: 1, sipDomains, pools };
  if (mobility.size > 0) {
    document.mobility = true;
    read.push(`mobility: true (the web services run ${[...mobility].sort().join(', ')})`);
  }
  const externalDiffers = taken.some((p, i) => {
    const web = (pools[i]?.webServices ?? {}) as Record<string, unknown>;
    return (
      (p.role === 'frontEnd' || p.role === 'director') &&
      typeof web.external === 'string' &&
      web.external !== p.fqdn
    );
  });
  if (externalDiffers) {
    const proxy: Record<string, unknown> = {};
    assumed.push(
      'reverseProxy: the external web services FQDN differs from the pool FQDN, so the web services are published through a reverse proxy',
    );
    if (wac !== null) {
      const host = hostOf(wac.url);
      if (host !== null) {
        proxy.officeWebApps = host;
        locations.set(
          'reverseProxy.officeWebApps',
          `Service[RoleName=WacService on ${wac.pool}]/WacService/@DiscoveryUrl`,
        );
        assumed.push(
          `reverseProxy.officeWebApps: ${host}, from the Office Web Apps DiscoveryUrl ${wac.url} (published through the same reverse proxy)`,
        );
      }
    }
    document.reverseProxy = proxy;
  }
  if (wac !== null) read.push(`Office Web Apps: ${wac.url} (WacService DiscoveryUrl)`);
  const [version] = [...versions];
  const product = version === undefined ? undefined : productByServiceVersion[version];
  const productGuess =
    product !== undefined && versions.size === 1
      ? {
          product,
          note: `product: ${product}, from ServiceVersion="${version}" of the Registrar services (give --product to change it)`,
        }
      : null;
  return {
    form,
    document,
    read,
    assumed,
    problems,
    productGuess,
    simpleUrls: findSimpleUrlsInXml(doc.root),
    xmpp,
    locations,
    pools: taken,
    ignored,
  };
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname.toLowerCase() || null;
  } catch {
    return null;
  }
}

function newCluster(
  key: string,
  fqdn: string,
  siteId: string,
  branch: boolean,
  location: string,
): ClusterInfo {
  return {
    key,
    fqdn: canonicalHostName(fqdn),
    siteId,
    branch,
    servers: [],
    location,
    serverLocations: [],
    roles: new Set(),
    isDirector: false,
    web: {},
    edge: {},
    edgePorts: {},
    mobility: new Set(),
    wac: null,
    xmppPort: null,
  };
}

const exportKey = (id: XmlNode | undefined): string =>
  `${xmlAttr(id, 'SiteId') ?? '?'}:${xmlAttr(id, 'Number') ?? '?'}`;

/** Get-CsTopology -AsXml: Clusters/Cluster (ClusterId SiteId+Number), BranchSite by SiteId. */
function readExportClusters(root: XmlNode): Map<string, ClusterInfo> {
  const branchSites = new Set(
    xmlChildren(xmlChild(root, 'Sites'), 'BranchSite').flatMap((s) => xmlAttr(s, 'SiteId') ?? []),
  );
  const clusters = new Map<string, ClusterInfo>();
  xmlChildren(xmlChild(root, 'Clusters'), 'Cluster').forEach((c, i) => {
    const id = xmlChild(c, 'ClusterId');
    const fqdn = xmlAttr(c, 'Fqdn') ?? '';
    const siteId = xmlAttr(id, 'SiteId') ?? '?';
    const cluster = newCluster(
      exportKey(id),
      fqdn,
      siteId,
      branchSites.has(siteId),
      `Clusters/Cluster[${i + 1}][Fqdn="${fqdn}"]`,
    );
    addMachines(cluster, xmlChildren(c, 'Machine'));
    clusters.set(cluster.key, cluster);
  });
  return clusters;
}

/** Topology Builder: CentralSites/CentralSite[/BranchSites/BranchSite]/Clusters/Cluster (UniqueId). */
function readBuilderClusters(root: XmlNode): Map<string, ClusterInfo> {
  const clusters = new Map<string, ClusterInfo>();
  const addSite = (site: XmlNode, branch: boolean, where: string) => {
    const siteId = xmlAttr(site, 'SiteId') ?? '?';
    xmlChildren(xmlChild(site, 'Clusters'), 'Cluster').forEach((c, i) => {
      const fqdn = xmlAttr(c, 'Fqdn') ?? '';
      const key = (xmlAttr(c, 'UniqueId') ?? `${siteId}:${i}`).toLowerCase();
      const cluster = newCluster(
        key,
        fqdn,
        siteId,
        branch,
        `${where}/Clusters/Cluster[${i + 1}][Fqdn="${fqdn}"]`,
      );
      addMachines(cluster, xmlChildren(xmlChild(c, 'Machines'), 'Machine'));
      clusters.set(key, cluster);
    });
  };
  xmlChildren(xmlChild(root, 'CentralSites'), 'CentralSite').forEach((site, i) => {
    const name = xmlText(site, 'Name') ?? xmlAttr(site, 'SiteId') ?? String(i + 1);
    const where = `CentralSites/CentralSite[${name}]`;
    addSite(site, false, where);
    xmlChildren(xmlChild(site, 'BranchSites'), 'BranchSite').forEach((branch, j) => {
      addSite(branch, true, `${where}/BranchSites/BranchSite[${xmlText(branch, 'Name') ?? j + 1}]`);
    });
  });
  return clusters;
}

function addMachines(cluster: ClusterInfo, machines: readonly XmlNode[]): void {
  machines.forEach((m, i) => {
    const fqdn = xmlAttr(m, 'Fqdn');
    // Topology Builder writes <Machine/> without Fqdn for a single-machine cluster: the server is
    // the cluster FQDN (a Standard Edition server, a stand-alone Edge or Mediation server).
    cluster.servers.push(canonicalHostName(fqdn ?? cluster.fqdn));
    cluster.serverLocations.push(
      fqdn === undefined
        ? `${cluster.location}/@Fqdn (its Machine has no Fqdn)`
        : `${cluster.location}/Machine[${i + 1}]/@Fqdn`,
    );
  });
}

function readExportServices(root: XmlNode): ServiceInfo[] {
  return xmlChildren(xmlChild(root, 'Services'), 'Service').map((s) => ({
    role: xmlAttr(xmlChild(s, 'ServiceId'), 'RoleName') ?? '',
    clusterKey: exportKey(xmlChild(xmlChild(s, 'InstalledOn'), 'ClusterId')),
    version: xmlAttr(s, 'ServiceVersion'),
    node: s,
  }));
}

function readBuilderServices(root: XmlNode): ServiceInfo[] {
  return xmlChildren(xmlChild(root, 'Services'), 'Service').map((s) => ({
    role: xmlAttr(s, 'RoleName') ?? xmlAttr(xmlChild(s, 'ServiceId'), 'RoleName') ?? '',
    clusterKey: (xmlAttr(s, 'InstalledOn') ?? '').toLowerCase(),
    version: xmlAttr(s, 'ServiceVersion'),
    node: s,
  }));
}

function roleOf(cluster: ClusterInfo): PoolRole | null {
  if (cluster.roles.has('EdgeServer')) return 'edge';
  if (cluster.roles.has('Registrar')) {
    if (cluster.isDirector) return 'director';
    return cluster.branch ? 'branch' : 'frontEnd';
  }
  // Mediation collocated with a Front End needs no certificate of its own ([L13-INT]).
  if (cluster.roles.has('MediationServer')) return 'mediation';
  return null;
}

function describeRoles(cluster: ClusterInfo): string {
  const roles = [...cluster.roles].sort();
  return roles.length === 0 ? 'no services' : roles.join(', ');
}

function poolDocument(
  cluster: ClusterInfo,
  role: PoolRole,
  at: string,
  read: string[],
  assumed: string[],
  problems: TopologyProblem[],
  locations: Map<string, string>,
): Record<string, unknown> {
  const pool: Record<string, unknown> = { fqdn: cluster.fqdn, role, servers: cluster.servers };
  locations.set(`${at}.fqdn`, `${cluster.location}/@Fqdn`);
  cluster.serverLocations.forEach((l, i) => {
    locations.set(`${at}.servers[${i}]`, l);
  });
  const what = `${cluster.fqdn}: ${role}, servers ${cluster.servers.join(', ') || 'none'}`;
  if (role === 'frontEnd') {
    const standard = cluster.servers.length === 1 && cluster.servers[0] === cluster.fqdn;
    pool.edition = standard ? 'standard' : 'enterprise';
    read.push(`${what} (${pool.edition} edition)`);
  } else if (role === 'branch') {
    read.push(`${what} (a Registrar in branch site ${cluster.siteId})`);
  } else if (role === 'director') {
    read.push(`${what} (RegistrarService IsDirector="true")`);
  } else {
    read.push(what);
  }
  if (role === 'frontEnd' || role === 'director') {
    const web: Record<string, string> = {};
    if (cluster.web.external !== undefined) {
      web.external = cluster.web.external;
      locations.set(`${at}.webServices.external`, cluster.web.externalAt ?? '');
      read.push(
        `${cluster.fqdn}: external web services FQDN ${web.external} (WebService ExternalSettings Host)`,
      );
    } else {
      assumed.push(`${cluster.fqdn}: external web services FQDN = the pool FQDN (no ExternalSettings Host)`);
    }
    if (cluster.web.internal !== undefined) {
      web.internal = cluster.web.internal;
      locations.set(`${at}.webServices.internal`, cluster.web.internalAt ?? '');
      read.push(
        `${cluster.fqdn}: internal web services FQDN ${web.internal} (WebService InternalSettings Host)`,
      );
    } else {
      assumed.push(`${cluster.fqdn}: internal web services FQDN = the pool FQDN (no override in the XML)`);
    }
    pool.webServices = web;
  }
  if (role === 'edge') {
    const keys = ['accessEdge', 'webConfEdge', 'avEdge'] as const;
    const edge: Record<string, string> = {};
    for (const key of keys) {
      const found = cluster.edge[key];
      if (found === undefined) {
        problems.push({
          path: `${at}.edge.${key}`,
          message: `unknown: the EdgeServer service on ${cluster.fqdn} has no External Port of ${Object.keys(edgeComponents)[keys.indexOf(key)]} with a ConfiguredFqdn (XML: ${cluster.location}, Service[RoleName=EdgeServer]/Ports/Port/@ConfiguredFqdn)`,
        });
      } else {
        edge[key] = found.fqdn;
        locations.set(`${at}.edge.${key}`, found.at);
      }
    }
    pool.edge = edge;
    read.push(
      `${cluster.fqdn}: Edge external FQDNs access ${edge.accessEdge ?? '?'}, web conferencing ${edge.webConfEdge ?? '?'}, A/V ${edge.avEdge ?? '?'} (ConfiguredFqdn of the External ports)`,
    );
    if (Object.keys(cluster.edgePorts).length > 0) {
      pool.ports = { ...cluster.edgePorts };
      read.push(
        `${cluster.fqdn}: Edge ports ${Object.entries(cluster.edgePorts)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')} (Port elements of the EdgeServer service)`,
      );
    }
  }
  return pool;
}
