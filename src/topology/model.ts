// The Topology: a Lync / Skype for Business deployment as plain, validated data (the "Topology
// file" contract of architecture.md). Readers (YAML/JSON, topology XML) produce it; plan reads it.

export const products = ['lync2010', 'lync2013', 'sfb2015', 'sfb2019'] as const;
export type Product = (typeof products)[number];

export const productNames: Readonly<Record<Product, string>> = {
  lync2010: 'Lync Server 2010',
  lync2013: 'Lync Server 2013',
  sfb2015: 'Skype for Business Server 2015',
  sfb2019: 'Skype for Business Server 2019',
};

export const poolRoles = ['frontEnd', 'director', 'mediation', 'edge', 'branch'] as const;
export type PoolRole = (typeof poolRoles)[number];

export const poolRoleNames: Readonly<Record<PoolRole, string>> = {
  frontEnd: 'Front End',
  director: 'Director',
  mediation: 'Mediation',
  edge: 'Edge',
  branch: 'Survivable Branch Appliance',
};

export const editions = ['standard', 'enterprise'] as const;
export type Edition = (typeof editions)[number];

export interface WebServices {
  /** Internal web services FQDN; defaults to the pool FQDN (Standard Edition: the server). */
  readonly internal: string;
  /** External web services FQDN; defaults to the pool FQDN, as Topology Builder does. */
  readonly external: string;
  /** Whether each FQDN was given, or is the default (reasons in the plan say so). */
  readonly internalGiven: boolean;
  readonly externalGiven: boolean;
}

export interface EdgeFqdns {
  /** Access Edge external FQDN (or its HLB VIP): the subject of the external certificate. */
  readonly accessEdge: string;
  readonly webConfEdge: string;
  readonly avEdge: string;
}

/**
 * The TLS listeners of each role that `check --live` probes, by name, with Lync's default ports:
 * SIP/MTLS 5061, internal web 443, external web 4443 (published by the reverse proxy), internal
 * server web 444; Edge 443 and 5061 outside, 5061 inside ([L13-DNSFE], [L13-DNSEDGE], [L13-IIS]).
 * A pool's `ports` key overrides any of them (a lab, a load balancer, a test on loopback).
 */
export const defaultPorts = {
  frontEnd: { sip: 5061, webInternal: 443, webExternal: 4443, webInternalServer: 444 },
  director: { sip: 5061, webInternal: 443, webExternal: 4443, webInternalServer: 444 },
  mediation: {},
  edge: { accessEdge: 443, accessEdgeSip: 5061, webConfEdge: 443, internalSip: 5061 },
  branch: { sip: 5061 },
} as const satisfies Readonly<Record<PoolRole, Readonly<Record<string, number>>>>;

/** The reverse proxy's one listener, with its default port. */
export const defaultReverseProxyPorts = { https: 443 } as const;

/** Listener name → port, the role's defaults with the topology's overrides applied. */
export type Ports = Readonly<Record<string, number>>;

export interface Pool {
  /** Pool FQDN; for an Edge pool its internal FQDN; for Standard Edition the server. */
  readonly fqdn: string;
  readonly role: PoolRole;
  /** Front End pools only. */
  readonly edition: Edition | null;
  readonly servers: readonly string[];
  /** Front End and Director pools only. */
  readonly webServices: WebServices | null;
  /** Edge pools only. */
  readonly edge: EdgeFqdns | null;
  /** The role's listeners (see defaultPorts). */
  readonly ports: Ports;
}

export interface SimpleUrls {
  /** Meet URLs, one or more (each SIP domain needs an active one). */
  readonly meet: readonly string[];
  readonly dialin: string | null;
  /** Internal only (architecture.md decision: required on WebServicesInternal only). */
  readonly admin: string | null;
}

export interface AutoLogon {
  readonly pool: string;
  readonly strictDns: boolean;
}

export interface ReverseProxy {
  readonly officeWebApps: string | null;
  readonly ports: Ports;
}

export interface Topology {
  readonly version: 1;
  readonly product: Product;
  /** Lowercase; the first is the default SIP domain. */
  readonly sipDomains: readonly string[];
  readonly simpleUrls: SimpleUrls;
  readonly mobility: boolean;
  readonly autoLogon: AutoLogon | null;
  readonly xmppDomains: readonly string[];
  readonly pools: readonly Pool[];
  readonly reverseProxy: ReverseProxy | null;
}

/** The host of a simple URL (`https://meet.contoso.com/abc` → `meet.contoso.com`). */
export function hostOfUrl(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return '';
  }
}
