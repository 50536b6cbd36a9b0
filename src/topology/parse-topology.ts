// Parses a topology document (format 1, already decoded from YAML or JSON) into a Topology.
// Structure first (unknown keys, wrong types, missing keys), then the named validation rules;
// every problem is collected, none stops the others (architecture.md, "Topology file").

import { canonicalHostName } from './host-name.js';
import {
  defaultPorts,
  defaultReverseProxyPorts,
  type EdgeFqdns,
  type Edition,
  editions,
  type Pool,
  type PoolRole,
  type Ports,
  type Product,
  poolRoles,
  products,
  type SimpleUrls,
  type Topology,
  type WebServices,
} from './model.js';
import { quote, type TopologyProblem, topologyError } from './topology-problem.js';
import { authoredFileRules, validationRules } from './validation-rules.js';

export type TopologyResult =
  | { readonly ok: true; readonly topology: Topology }
  | { readonly ok: false; readonly problems: readonly TopologyProblem[] };

export interface ParseTopologyOptions {
  /**
   * The rules that apply only to a topology file the administrator writes (YAML/JSON): a Meet URL
   * for every SIP domain. A topology XML fills what it lacks with assumptions instead.
   */
  readonly authored: boolean;
}

/** Reads a decoded topology document; returns the topology or every problem found in it. */
export function parseTopology(
  document: unknown,
  options: ParseTopologyOptions = { authored: true },
): TopologyResult {
  // A document that is not a mapping at all (empty, a list, a scalar) is one problem, not one per
  // missing key: the user gave the wrong file, or the wrong shape of file.
  if (!isMapping(document)) {
    const got = document === null || document === undefined ? 'empty' : quote(document);
    return {
      ok: false,
      problems: [
        { path: '', message: `the document is ${got}, not a mapping with keys ${topLevelKeys.join(', ')}` },
      ],
    };
  }
  const problems: TopologyProblem[] = [];
  const topology = readTopologyDocument(document, problems);
  for (const rule of validationRules) problems.push(...rule(topology));
  if (options.authored) for (const rule of authoredFileRules) problems.push(...rule(topology));
  return problems.length === 0 ? { ok: true, topology } : { ok: false, problems };
}

/** As parseTopology, but throws one input error (exit 2) naming `source` and every problem. */
export function parseTopologyOrThrow(document: unknown, source: string): Topology {
  const result = parseTopology(document);
  if (!result.ok) throw topologyError(source, result.problems);
  return result.topology;
}

type Mapping = Readonly<Record<string, unknown>>;

function isMapping(value: unknown): value is Mapping {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads the keys of one mapping, reporting unknown keys and wrong types with their path. */
class MappingReader {
  constructor(
    private readonly map: Mapping,
    private readonly path: string,
    private readonly problems: TopologyProblem[],
  ) {}

  static open(
    value: unknown,
    path: string,
    problems: TopologyProblem[],
    known: readonly string[],
  ): MappingReader {
    if (!isMapping(value)) {
      problems.push({
        path,
        message: `expected a mapping with keys ${known.join(', ')}, got ${quote(value)}`,
      });
      return new MappingReader({}, path, problems);
    }
    for (const key of Object.keys(value)) {
      if (!known.includes(key)) {
        problems.push({ path: join(path, key), message: `unknown key (known: ${known.join(', ')})` });
      }
    }
    return new MappingReader(value, path, problems);
  }

  at(key: string): string {
    return join(this.path, key);
  }

  has(key: string): boolean {
    return this.map[key] !== undefined && this.map[key] !== null;
  }

  raw(key: string): unknown {
    return this.map[key];
  }

  string(key: string, required: boolean, what: string): string | null {
    const value = this.map[key];
    if (value === undefined || value === null) {
      if (required) this.problems.push({ path: this.at(key), message: `missing (${what})` });
      return null;
    }
    if (typeof value !== 'string') {
      this.problems.push({ path: this.at(key), message: `expected ${what}, got ${quote(value)}` });
      return null;
    }
    return value;
  }

  host(key: string, required: boolean, what: string): string | null {
    const value = this.string(key, required, what);
    return value === null ? null : canonicalHostName(value);
  }

  boolean(key: string, fallback: boolean): boolean {
    const value = this.map[key];
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'boolean') {
      this.problems.push({ path: this.at(key), message: `expected true or false, got ${quote(value)}` });
      return fallback;
    }
    return value;
  }

  oneOf<T extends string>(key: string, choices: readonly T[], required: boolean, what: string): T | null {
    const value = this.map[key];
    if (value === undefined || value === null) {
      if (required)
        this.problems.push({ path: this.at(key), message: `missing (${what}: ${choices.join(', ')})` });
      return null;
    }
    if (typeof value === 'string' && (choices as readonly string[]).includes(value)) return value as T;
    this.problems.push({
      path: this.at(key),
      message: `${quote(value)} is not a ${what} (known: ${choices.join(', ')})`,
    });
    return null;
  }

  /** A list of strings; a single string is accepted as a list of one. */
  strings(key: string, required: boolean, what: string): string[] {
    const value = this.map[key];
    if (value === undefined || value === null) {
      if (required) this.problems.push({ path: this.at(key), message: `missing (a list of ${what})` });
      return [];
    }
    const list = typeof value === 'string' ? [value] : value;
    if (!Array.isArray(list)) {
      this.problems.push({ path: this.at(key), message: `expected a list of ${what}, got ${quote(value)}` });
      return [];
    }
    const out: string[] = [];
    list.forEach((item, i) => {
      if (typeof item === 'string') out.push(item);
      else
        this.problems.push({
          path: `${this.at(key)}[${i}]`,
          message: `expected ${what}, got ${quote(item)}`,
        });
    });
    return out;
  }
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

const topLevelKeys = [
  'version',
  'product',
  'sipDomains',
  'simpleUrls',
  'mobility',
  'autoLogon',
  'xmppDomains',
  'pools',
  'reverseProxy',
] as const;

function readTopologyDocument(document: unknown, problems: TopologyProblem[]): Topology {
  const top = MappingReader.open(document, '', problems, topLevelKeys);
  const version = top.raw('version');
  if (version !== 1) {
    problems.push({
      path: 'version',
      message:
        version === undefined
          ? 'missing (the format version: 1)'
          : `${quote(version)} is not a known format version (known: 1)`,
    });
  }
  const product: Product = top.oneOf('product', products, true, 'product') ?? 'sfb2019';
  const sipDomains = top.strings('sipDomains', true, 'SIP domains').map(canonicalHostName);
  if (top.has('sipDomains') && sipDomains.length === 0 && Array.isArray(top.raw('sipDomains'))) {
    problems.push({ path: 'sipDomains', message: 'is empty (give at least the default SIP domain)' });
  }
  const poolsValue = top.raw('pools');
  const pools: Pool[] = [];
  if (poolsValue === undefined || poolsValue === null) {
    problems.push({ path: 'pools', message: 'missing (a list of pools)' });
  } else if (!Array.isArray(poolsValue)) {
    problems.push({ path: 'pools', message: `expected a list of pools, got ${quote(poolsValue)}` });
  } else {
    poolsValue.forEach((p, i) => {
      pools.push(readPool(p, `pools[${i}]`, problems));
    });
  }
  return {
    version: 1,
    product,
    sipDomains,
    simpleUrls: readSimpleUrls(top.raw('simpleUrls'), problems),
    mobility: top.boolean('mobility', false),
    autoLogon: top.has('autoLogon') ? readAutoLogon(top.raw('autoLogon'), problems) : null,
    xmppDomains: top.strings('xmppDomains', false, 'XMPP domains').map(canonicalHostName),
    pools,
    reverseProxy: top.has('reverseProxy') ? readReverseProxy(top.raw('reverseProxy'), problems) : null,
  };
}

function readSimpleUrls(value: unknown, problems: TopologyProblem[]): SimpleUrls {
  if (value === undefined || value === null) return { meet: [], dialin: null, admin: null };
  const r = MappingReader.open(value, 'simpleUrls', problems, ['meet', 'dialin', 'admin']);
  return {
    meet: r.strings('meet', false, 'https URLs'),
    dialin: r.string('dialin', false, 'an https URL'),
    admin: r.string('admin', false, 'an https URL'),
  };
}

function readAutoLogon(value: unknown, problems: TopologyProblem[]): Topology['autoLogon'] {
  const r = MappingReader.open(value, 'autoLogon', problems, ['pool', 'strictDns']);
  return {
    pool: r.host('pool', true, 'the FQDN of the auto-logon pool') ?? '',
    strictDns: r.boolean('strictDns', false),
  };
}

function readReverseProxy(value: unknown, problems: TopologyProblem[]): Topology['reverseProxy'] {
  const r = MappingReader.open(value, 'reverseProxy', problems, ['officeWebApps', 'ports']);
  return {
    officeWebApps: r.host('officeWebApps', false, 'the external Office Web Apps FQDN'),
    ports: readPorts(r.raw('ports'), r.at('ports'), defaultReverseProxyPorts, problems),
  };
}

/** A `ports` mapping: listener names of the role, each a TCP port; defaults for the rest. */
function readPorts(value: unknown, path: string, defaults: Ports, problems: TopologyProblem[]): Ports {
  if (value === undefined || value === null) return defaults;
  const names = Object.keys(defaults);
  if (names.length === 0) {
    problems.push({ path, message: 'this role has no TLS listener that uccert probes, so no ports to set' });
    return defaults;
  }
  const r = MappingReader.open(value, path, problems, names);
  const ports: Record<string, number> = { ...defaults };
  for (const name of names) {
    const port = r.raw(name);
    if (port === undefined || port === null) continue;
    if (typeof port === 'number' && Number.isInteger(port) && port >= 1 && port <= 65535) ports[name] = port;
    else problems.push({ path: r.at(name), message: `${quote(port)} is not a TCP port (1 to 65535)` });
  }
  return ports;
}

const poolKeys = ['fqdn', 'role', 'edition', 'servers', 'webServices', 'edge', 'ports'] as const;

function readPool(value: unknown, path: string, problems: TopologyProblem[]): Pool {
  const r = MappingReader.open(value, path, problems, poolKeys);
  const fqdn = r.host('fqdn', true, 'the pool FQDN') ?? '';
  const role: PoolRole = r.oneOf('role', poolRoles, true, 'role') ?? 'frontEnd';
  const edition: Edition | null =
    role === 'frontEnd' ? (r.oneOf('edition', editions, false, 'edition') ?? 'enterprise') : null;
  if (role !== 'frontEnd' && r.has('edition')) {
    problems.push({
      path: r.at('edition'),
      message: `only Front End pools have an edition (this pool's role is ${role})`,
    });
  }
  const listed = r.strings('servers', !(role === 'frontEnd' && edition === 'standard'), 'server FQDNs');
  // Standard Edition: the pool is its one server (architecture.md, "Topology file").
  const servers = (listed.length === 0 && edition === 'standard' ? [fqdn] : listed).map(canonicalHostName);
  const hasWeb = role === 'frontEnd' || role === 'director';
  let webServices: WebServices | null = null;
  if (hasWeb) {
    webServices = readWebServices(r.raw('webServices'), r.at('webServices'), fqdn, problems);
  } else if (r.has('webServices')) {
    problems.push({
      path: r.at('webServices'),
      message: `only Front End and Director pools have web services (this pool's role is ${role})`,
    });
  }
  let edge: EdgeFqdns | null = null;
  if (role === 'edge') {
    edge = readEdge(r.raw('edge'), r.at('edge'), problems);
  } else if (r.has('edge')) {
    problems.push({
      path: r.at('edge'),
      message: `only Edge pools have Edge FQDNs (this pool's role is ${role})`,
    });
  }
  const ports = readPorts(r.raw('ports'), r.at('ports'), defaultPorts[role], problems);
  return { fqdn, role, edition, servers, webServices, edge, ports };
}

function readWebServices(
  value: unknown,
  path: string,
  poolFqdn: string,
  problems: TopologyProblem[],
): WebServices {
  if (value === undefined || value === null) {
    return { internal: poolFqdn, external: poolFqdn, internalGiven: false, externalGiven: false };
  }
  const r = MappingReader.open(value, path, problems, ['internal', 'external']);
  const internal = r.host('internal', false, 'the internal web services FQDN');
  const external = r.host('external', false, 'the external web services FQDN');
  return {
    internal: internal ?? poolFqdn,
    external: external ?? poolFqdn,
    internalGiven: internal !== null,
    externalGiven: external !== null,
  };
}

function readEdge(value: unknown, path: string, problems: TopologyProblem[]): EdgeFqdns {
  const known = ['accessEdge', 'webConfEdge', 'avEdge'];
  if (value === undefined || value === null) {
    problems.push({ path, message: `missing (the external FQDNs: ${known.join(', ')})` });
    return { accessEdge: '', webConfEdge: '', avEdge: '' };
  }
  const r = MappingReader.open(value, path, problems, known);
  return {
    accessEdge: r.host('accessEdge', true, 'the Access Edge external FQDN') ?? '',
    webConfEdge: r.host('webConfEdge', true, 'the Web Conferencing Edge external FQDN') ?? '',
    avEdge: r.host('avEdge', true, 'the A/V Edge external FQDN') ?? '',
  };
}
