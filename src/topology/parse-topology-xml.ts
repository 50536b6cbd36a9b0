// Reads a Lync / SfB topology document as `Get-CsTopology -AsXml` prints it (namespace
// urn:schema:Microsoft.Rtc.Management.Deploy.Topology.2008) into a format-1 topology document:
// SIP domains from InternalDomains, pools and servers from Clusters/Machine, roles from Services.
// It says what it read and what it had to assume; simple URLs and mobility are not in the XML.
//
// fast-xml-parser is used because Node has no XML parser; it is small, has no dependencies, is
// actively maintained, and does not resolve external entities.

import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { inputError } from '../errors.js';
import { canonicalHostName } from './host-name.js';
import type { PoolRole, Product } from './model.js';
import type { TopologyProblem } from './topology-problem.js';

export const topologyNamespace = 'urn:schema:Microsoft.Rtc.Management.Deploy.Topology.2008';

export interface TopologyXmlReading {
  /** A format-1 document (without the keys the XML lacks). */
  readonly document: Record<string, unknown>;
  /** What was read from the XML, one line each. */
  readonly read: readonly string[];
  /** What was assumed because the XML does not say, one line each. */
  readonly assumed: readonly string[];
  readonly problems: readonly TopologyProblem[];
  /** The product the Registrar's ServiceVersion suggests (an assumption), or null. */
  readonly productGuess: { readonly product: Product; readonly note: string } | null;
}

type Node = Readonly<Record<string, unknown>>;

const listElements = new Set([
  'InternalDomain',
  'Cluster',
  'Machine',
  'Service',
  'Port',
  'CentralSite',
  'BranchSite',
  'RemoteSite',
]);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  isArray: (name) => listElements.has(name),
  processEntities: false,
});

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function child(node: Node | undefined, name: string): Node | undefined {
  const value = node?.[name];
  return isNode(value) ? value : undefined;
}

function children(node: Node | undefined, name: string): Node[] {
  const value = node?.[name];
  return Array.isArray(value) ? value.filter(isNode) : [];
}

function attr(node: Node | undefined, name: string): string | undefined {
  const value = node?.[`@${name}`];
  return typeof value === 'string' ? value : undefined;
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

interface ClusterInfo {
  readonly key: string;
  readonly fqdn: string;
  readonly siteId: string;
  readonly servers: string[];
  readonly roles: Set<string>;
  isDirector: boolean;
  web: { internal?: string; external?: string };
  edge: Partial<Record<'accessEdge' | 'webConfEdge' | 'avEdge', string>>;
}

const clusterKey = (id: Node | undefined): string =>
  `${attr(id, 'SiteId') ?? '?'}:${attr(id, 'Number') ?? '?'}`;

/** Parses the XML text; throws an input error when it is not a topology document. */
export function parseTopologyXml(text: string, source: string): TopologyXmlReading {
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    throw inputError(
      'UNREADABLE_TOPOLOGY',
      `topology "${source}" is not well-formed XML: line ${valid.err.line}: ${valid.err.msg}`,
      'give the file Get-CsTopology -AsXml printed, saved as UTF-8 (Get-CsTopology -AsXml | Out-File -Encoding utf8 topology.xml)',
    );
  }
  const root = child(parser.parse(text) as Node, 'Topology');
  if (
    root === undefined ||
    !new RegExp(`<Topology\\b[^>]*xmlns="${topologyNamespace.replace(/\./g, '\\.')}"`).test(text)
  ) {
    throw inputError(
      'UNREADABLE_TOPOLOGY',
      `"${source}" is not a Lync topology document (no <Topology xmlns="${topologyNamespace}"> root)`,
      'export it with Get-CsTopology -AsXml | Out-File -Encoding utf8 topology.xml, or give a YAML/JSON topology',
    );
  }
  const read: string[] = [];
  const assumed: string[] = [];
  const problems: TopologyProblem[] = [];

  const domains = child(root, 'InternalDomains');
  const defaultDomain = attr(domains, 'DefaultDomain');
  const names = children(domains, 'InternalDomain').flatMap((d) => attr(d, 'Name') ?? []);
  const sipDomains = [...new Set([...(defaultDomain === undefined ? [] : [defaultDomain]), ...names])].map(
    canonicalHostName,
  );
  if (sipDomains.length === 0)
    problems.push({ path: 'InternalDomains', message: 'lists no SIP domain (InternalDomain Name="…")' });
  read.push(
    `SIP domains from InternalDomains: ${sipDomains.join(', ') || 'none'} (default: ${defaultDomain ?? 'not set'})`,
  );

  const branchSites = new Set(
    children(child(root, 'Sites'), 'BranchSite').flatMap((s) => attr(s, 'SiteId') ?? []),
  );
  const clusters = new Map<string, ClusterInfo>();
  for (const c of children(child(root, 'Clusters'), 'Cluster')) {
    const id = child(c, 'ClusterId');
    const info: ClusterInfo = {
      key: clusterKey(id),
      fqdn: canonicalHostName(attr(c, 'Fqdn') ?? ''),
      siteId: attr(id, 'SiteId') ?? '?',
      servers: children(c, 'Machine').flatMap((m) => {
        const fqdn = attr(m, 'Fqdn');
        return fqdn === undefined ? [] : [canonicalHostName(fqdn)];
      }),
      roles: new Set(),
      isDirector: false,
      web: {},
      edge: {},
    };
    clusters.set(info.key, info);
  }

  const versions = new Set<string>();
  for (const s of children(child(root, 'Services'), 'Service')) {
    const role = attr(child(s, 'ServiceId'), 'RoleName') ?? '';
    const cluster = clusters.get(clusterKey(child(child(s, 'InstalledOn'), 'ClusterId')));
    if (cluster === undefined) continue;
    cluster.roles.add(role);
    const version = attr(s, 'ServiceVersion');
    if (role === 'Registrar' && version !== undefined) versions.add(version);
    if (role === 'Registrar' && attr(child(s, 'RegistrarService'), 'IsDirector') === 'true')
      cluster.isDirector = true;
    if (role === 'WebServices') {
      const web = child(s, 'WebService');
      const external = attr(child(web, 'ExternalSettings'), 'Host');
      const internal = attr(child(web, 'InternalSettings'), 'Host');
      if (external !== undefined) cluster.web.external = canonicalHostName(external);
      if (internal !== undefined) cluster.web.internal = canonicalHostName(internal);
    }
    if (role === 'EdgeServer') {
      for (const port of children(child(s, 'Ports'), 'Port')) {
        const key = edgeComponents[(attr(port, 'Owner') ?? '') as keyof typeof edgeComponents];
        const fqdn = attr(port, 'ConfiguredFqdn');
        if (key !== undefined && attr(port, 'InterfaceSide') === 'External' && fqdn !== undefined) {
          cluster.edge[key] ??= canonicalHostName(fqdn);
        }
      }
    }
  }

  const pools: Record<string, unknown>[] = [];
  const ignored: string[] = [];
  for (const cluster of clusters.values()) {
    const role = roleOf(cluster, branchSites);
    if (role === null) {
      ignored.push(cluster.fqdn);
      continue;
    }
    pools.push(poolDocument(cluster, role, read, assumed, problems));
  }
  if (ignored.length > 0) {
    read.push(
      `ignored ${ignored.length} cluster(s) with no Front End, Director, Mediation, Edge or branch role: ${ignored.join(', ')}`,
    );
  }

  const document: Record<string, unknown> = { version: 1, sipDomains, pools };
  const [version] = [...versions];
  const product = version === undefined ? undefined : productByServiceVersion[version];
  const productGuess =
    product !== undefined && versions.size === 1
      ? {
          product,
          note: `product: ${product}, from ServiceVersion="${version}" of the Registrar services (give --product to change it)`,
        }
      : null;
  return { document, read, assumed, problems, productGuess };
}

function roleOf(cluster: ClusterInfo, branchSites: ReadonlySet<string>): PoolRole | null {
  if (cluster.roles.has('EdgeServer')) return 'edge';
  if (cluster.roles.has('Registrar')) {
    if (cluster.isDirector) return 'director';
    return branchSites.has(cluster.siteId) ? 'branch' : 'frontEnd';
  }
  // Mediation collocated with a Front End needs no certificate of its own ([L13-INT]).
  if (cluster.roles.has('MediationServer')) return 'mediation';
  return null;
}

function poolDocument(
  cluster: ClusterInfo,
  role: PoolRole,
  read: string[],
  assumed: string[],
  problems: TopologyProblem[],
): Record<string, unknown> {
  const pool: Record<string, unknown> = { fqdn: cluster.fqdn, role, servers: cluster.servers };
  const what = `${cluster.fqdn}: ${role}, servers ${cluster.servers.join(', ') || 'none'}`;
  if (role === 'frontEnd') {
    const standard = cluster.servers.length === 1 && cluster.servers[0] === cluster.fqdn;
    pool.edition = standard ? 'standard' : 'enterprise';
    read.push(`${what} (${pool.edition} edition)`);
  } else {
    read.push(what);
  }
  if (role === 'frontEnd' || role === 'director') {
    const web: Record<string, string> = {};
    if (cluster.web.external !== undefined) {
      web.external = cluster.web.external;
      read.push(
        `${cluster.fqdn}: external web services FQDN ${web.external} (WebService ExternalSettings Host)`,
      );
    } else {
      assumed.push(`${cluster.fqdn}: external web services FQDN = the pool FQDN (no ExternalSettings Host)`);
    }
    if (cluster.web.internal !== undefined) {
      web.internal = cluster.web.internal;
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
    for (const key of keys) {
      if (cluster.edge[key] === undefined) {
        problems.push({
          path: `Services/Service[EdgeServer on ${cluster.fqdn}]`,
          message: `no External port of ${Object.keys(edgeComponents)[keys.indexOf(key)]} with a ConfiguredFqdn, so the ${key} FQDN is unknown`,
        });
      }
    }
    pool.edge = { ...cluster.edge };
    read.push(
      `${cluster.fqdn}: Edge external FQDNs access ${cluster.edge.accessEdge ?? '?'}, web conferencing ${cluster.edge.webConfEdge ?? '?'}, A/V ${cluster.edge.avEdge ?? '?'} (ConfiguredFqdn of the External ports)`,
    );
  }
  return pool;
}
