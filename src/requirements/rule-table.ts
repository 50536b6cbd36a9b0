// The rule table: for each product version, role and certificate use, how the subject and every
// name are derived, with the Microsoft pages behind it (lync-certificate-rules.md §1–§3, §7, and
// the decisions of architecture.md on what those pages leave open). plan, check and the help
// read this table; nothing else re-encodes it.

import type { PoolRole, Product } from '../topology/model.js';
import type { CertificateUse } from './certificate-use.js';
import type { SourceTag } from './sources.js';

export type PlanRole = PoolRole | 'reverseProxy';

/**
 * required: must be covered; recommended: optional for the checker, but planned into the
 * certificate; allowed: may be present, not planned.
 */
export type Need = 'required' | 'recommended' | 'allowed';

/** Where a name comes from; resolved against the topology in name-sources.ts. */
export type NameSource =
  | 'pool'
  | 'server'
  | 'internalWeb'
  | 'externalWeb'
  | 'meet'
  | 'dialin'
  | 'admin'
  | 'sipPerDomain'
  | 'lyncdiscoverInternal'
  | 'lyncdiscover'
  | 'accessEdge'
  | 'webConfEdge'
  | 'avEdge'
  | 'xmppDomain'
  | 'xmppHost'
  | 'everyExternalWeb'
  | 'officeWebApps'
  | 'sipDomain';

/** When a name (or a whole use) applies; evaluated in conditions.ts. */
export type Condition = 'always' | 'mobility' | 'autoLogon' | 'allSipDomain' | 'xmpp' | 'reverseProxy';

/** Where the subject CN comes from; `any` means Microsoft does not look at it. */
export type SubjectSource =
  | 'pool'
  | 'server'
  | 'accessEdge'
  | 'webConfEdge'
  | 'avEdge'
  | 'firstExternalWeb'
  | 'defaultSipDomain'
  | 'any';

export type ExtendedKeyUsage = 'serverAuth' | 'clientAuth';

export interface NameRule {
  readonly from: NameSource;
  readonly need: Need;
  readonly when: Condition;
  /** Whether one wildcard SAN may stand in for this name ([L13-WILD]). */
  readonly wildcard: boolean;
  readonly why: string;
  readonly sources: readonly SourceTag[];
}

export interface UseSpec {
  readonly subject: SubjectSource;
  readonly accepted: readonly SubjectSource[];
  readonly names: readonly NameRule[];
  readonly wildcardAllowed: boolean;
  readonly extendedKeyUsage: readonly ExtendedKeyUsage[];
  /** sharedByPool: exportable when the pool has more than one server (one key on every node). */
  readonly exportableKey: 'always' | 'never' | 'sharedByPool';
  readonly publicCa: boolean;
  /** Below it is an error; below 2048 RSA is a warning for every use (architecture.md, WEAK_KEY). */
  readonly minKeySize: number;
  /** server: one per server; pool: one certificate shared by the pool; deployment: one in all. */
  readonly scope: 'server' | 'pool' | 'deployment';
  readonly when: Condition;
}

export interface RuleRow {
  readonly product: Product;
  readonly role: PlanRole;
  readonly use: CertificateUse;
  readonly spec: UseSpec;
  readonly sources: readonly SourceTag[];
}

// ---- names shared by several uses -------------------------------------------------------------

const meetName: NameRule = {
  from: 'meet',
  need: 'required',
  when: 'always',
  wildcard: true,
  why: 'Meet simple URL (every Meet URL must be present)',
  sources: ['L13-INT', 'L13-WILD'],
};
const dialinName: NameRule = {
  from: 'dialin',
  need: 'required',
  when: 'always',
  wildcard: true,
  why: 'Dial-in simple URL',
  sources: ['L13-INT', 'L13-WILD'],
};
const adminRequired: NameRule = {
  from: 'admin',
  need: 'required',
  when: 'always',
  wildcard: true,
  why: 'Admin simple URL (internal only)',
  sources: ['L13-INT', 'L13-DNSURL'],
};
const adminAllowed: NameRule = {
  ...adminRequired,
  need: 'allowed',
  why: 'Admin simple URL: optional here, as the Admin URL is reached from inside only',
};
const lyncdiscoverInternalName: NameRule = {
  from: 'lyncdiscoverInternal',
  need: 'required',
  when: 'mobility',
  wildcard: true,
  why: 'internal Autodiscover URL for mobility, one per SIP domain',
  sources: ['L13-MOBCERT', 'L13-MOBMOD'],
};
const lyncdiscoverName: NameRule = {
  from: 'lyncdiscover',
  need: 'required',
  when: 'mobility',
  wildcard: true,
  why: 'external Autodiscover URL for mobility, one per SIP domain',
  sources: ['L13-MOBCERT', 'L13-MOBMOD'],
};
const poolName: NameRule = {
  from: 'pool',
  need: 'required',
  when: 'always',
  wildcard: false,
  why: 'the pool FQDN',
  sources: ['L13-INT'],
};
const serverName: NameRule = {
  from: 'server',
  need: 'required',
  when: 'always',
  wildcard: false,
  why: "this server's FQDN",
  sources: ['L13-INT'],
};
const autoLogonSipNames: NameRule = {
  from: 'sipPerDomain',
  need: 'required',
  when: 'autoLogon',
  wildcard: false,
  why: 'automatic sign-in pool with strict DNS naming: sip.<SIP domain> for every SIP domain',
  sources: ['L13-INT'],
};

/**
 * --all-sip-domain does what Request-CsCertificate -AllSipDomain does ([PS-REQ]): sip.<d> for every
 * SIP domain on Default whatever the pool, lyncdiscover(internal).<d> on the web services. Required
 * only where another rule requires them (the auto-logon pool, mobility); recommended elsewhere.
 */
const allSipDomainSipNames: NameRule = {
  from: 'sipPerDomain',
  need: 'recommended',
  when: 'allSipDomain',
  wildcard: false,
  why: 'as Request-CsCertificate -AllSipDomain: sip.<SIP domain> for every SIP domain',
  sources: ['PS-REQ'],
};
const allSipDomainLyncdiscoverInternal: NameRule = {
  ...lyncdiscoverInternalName,
  need: 'recommended',
  when: 'allSipDomain',
  why: 'as Request-CsCertificate -AllSipDomain: the internal Autodiscover URL of every SIP domain',
  sources: ['PS-REQ', 'L13-MOBCERT'],
};
const allSipDomainLyncdiscover: NameRule = {
  ...lyncdiscoverName,
  need: 'recommended',
  when: 'allSipDomain',
  why: 'as Request-CsCertificate -AllSipDomain: the external Autodiscover URL of every SIP domain',
  sources: ['PS-REQ', 'L13-MOBCERT'],
};

// ---- the uses --------------------------------------------------------------------------------

const internalServer = {
  wildcardAllowed: false,
  extendedKeyUsage: ['serverAuth'],
  exportableKey: 'never',
  publicCa: false,
  minKeySize: 1024,
  scope: 'server',
  when: 'always',
} as const;

/**
 * Default on a Front End (SE/EE) or Director: SN = pool FQDN ([L13-INT] §2.1–2.3). A wildcard SAN
 * may sit on it: Microsoft's combined Director certificates carry "(optional) *.contoso.com" for
 * the simple URLs ([L13-DIR1], [L13-DIRHLB]); it never stands for the pool, server or sip names
 * (their rules say wildcard: false), so those stay explicit.
 */
const poolDefault: UseSpec = {
  ...internalServer,
  wildcardAllowed: true,
  subject: 'pool',
  accepted: ['pool'],
  names: [poolName, serverName, autoLogonSipNames, allSipDomainSipNames],
};

/** WebServicesInternal: subject pool FQDN, server accepted (architecture.md decision, §2.2 CONFLICT). */
const webInternal: UseSpec = {
  ...internalServer,
  wildcardAllowed: true,
  subject: 'pool',
  accepted: ['pool', 'server'],
  names: [
    { ...poolName, from: 'internalWeb', why: 'the internal web services FQDN' },
    serverName,
    poolName,
    meetName,
    dialinName,
    adminRequired,
    lyncdiscoverInternalName,
    allSipDomainLyncdiscoverInternal,
  ],
};

/** WebServicesExternal: external web FQDN, every Meet URL, Dial-in; Admin optional (§2.2 reconciled). */
const webExternal: UseSpec = {
  ...internalServer,
  wildcardAllowed: true,
  subject: 'pool',
  accepted: ['pool', 'server'],
  names: [
    {
      ...poolName,
      from: 'externalWeb',
      why: 'the external web services FQDN (published by the reverse proxy)',
    },
    meetName,
    dialinName,
    adminAllowed,
    lyncdiscoverName,
    allSipDomainLyncdiscover,
  ],
};

/**
 * OAuthTokenIssuer: one global certificate, SN = server FQDN in the summaries ([L13-DIR1]), at
 * least 2048 bits ([L13-S2S]: the certificate "must be at least 2048 bits").
 */
const oauthTokenIssuer: UseSpec = {
  ...internalServer,
  minKeySize: 2048,
  scope: 'deployment',
  subject: 'server',
  accepted: ['server', 'pool', 'defaultSipDomain'],
  names: [
    {
      ...serverName,
      need: 'recommended',
      why: 'the subject name, repeated in the SAN: RFC 9525 clients (Go, Chrome) do not fall back to the CN',
      sources: ['L13-OAUTH'],
    },
    {
      from: 'sipDomain',
      need: 'allowed',
      when: 'always',
      wildcard: false,
      why: 'additional SIP namespaces may be in the SAN of the OAuth certificate',
      sources: ['L13-S2S'],
    },
  ],
};

const mediationDefault: UseSpec = {
  ...internalServer,
  subject: 'pool',
  accepted: ['pool'],
  names: [{ ...poolName, why: 'the Mediation pool FQDN' }, serverName],
};

/**
 * Survivable Branch Appliance: SN = appliance FQDN, SAN = sip.<d> for every SIP domain ([L13-INT]
 * §2.4). Microsoft's example lists no other SAN, but the Front End pool reaches the appliance by its
 * FQDN over MTLS, and a TLS client that follows RFC 6125 §6.4.4 ignores the CN once a certificate
 * has DNS SANs; so the appliance FQDN is required in the SAN too, as Microsoft itself says of the
 * Edge ("the subject name is replicated in the SAN and must be present", [L13-EDGE1PUB]).
 */
const branchDefault: UseSpec = {
  ...internalServer,
  subject: 'pool',
  accepted: ['pool', 'server'],
  names: [
    {
      ...serverName,
      why: 'the appliance FQDN, repeated from the subject: TLS clients check the SAN, not the CN, once a SAN exists',
      sources: ['L13-INT', 'L13-EDGE1PUB'],
    },
    {
      from: 'sipPerDomain',
      need: 'required',
      when: 'always',
      wildcard: false,
      why: 'a branch appliance registers users: sip.<SIP domain> for every SIP domain',
      sources: ['L13-INT'],
    },
  ],
};

const edgeExternal = {
  wildcardAllowed: false,
  extendedKeyUsage: ['serverAuth'],
  exportableKey: 'always',
  publicCa: true,
  minKeySize: 1024,
  scope: 'pool',
  when: 'always',
} as const;

/** Edge internal interface: SN = Edge pool internal FQDN, no SAN needed ([L13-EXT] §2.5). */
const edgeInternal: UseSpec = {
  ...edgeExternal,
  wildcardAllowed: true,
  publicCa: false,
  exportableKey: 'sharedByPool',
  subject: 'pool',
  accepted: ['pool'],
  names: [
    {
      from: 'pool',
      need: 'recommended',
      when: 'always',
      wildcard: false,
      why: 'the Edge pool internal FQDN, repeated from the subject: Microsoft does not need it in the SAN, but RFC 9525 clients do not fall back to the CN',
      sources: ['L13-EXT', 'L13-WILD'],
    },
  ],
};

const accessEdgeName: NameRule = {
  from: 'accessEdge',
  need: 'required',
  when: 'always',
  wildcard: false,
  why: 'the Access Edge external FQDN, repeated from the subject: TLS checks the SAN',
  sources: ['L13-EXT', 'L13-EDGE1PUB'],
};
const xmppDomainName: NameRule = {
  from: 'xmppDomain',
  need: 'required',
  when: 'xmpp',
  wildcard: false,
  why: 'XMPP federation: the bare XMPP domain, which XMPP partners ask the Access Edge for',
  sources: ['L13-XMPP', 'L13-FEDPIC'],
};
const xmppHostName: NameRule = {
  from: 'xmppHost',
  need: 'recommended',
  when: 'xmpp',
  wildcard: false,
  why: 'XMPP federation: xmpp.<domain>, the _xmpp-server SRV target (missing is a warning)',
  sources: ['L13-EDGE1PUB', 'S15-EDGE'],
};

/** Access Edge external: public CA, exportable key, never a wildcard ([L13-EDGEPLAN]). */
const accessEdgeExternal: UseSpec = {
  ...edgeExternal,
  subject: 'accessEdge',
  accepted: ['accessEdge'],
  names: [
    accessEdgeName,
    {
      from: 'sipPerDomain',
      need: 'required',
      when: 'always',
      wildcard: false,
      why: 'automatic client configuration and federation: sip.<SIP domain> for every SIP domain',
      sources: ['L13-EDGE1PUB', 'L13-EXT'],
    },
    xmppDomainName,
    xmppHostName,
    {
      from: 'avEdge',
      need: 'allowed',
      when: 'always',
      wildcard: false,
      why: 'the A/V Edge FQDN: allowed, though the A/V Edge service does not use this certificate',
      sources: ['L13-EXT', 'L13-EDGEPLAN'],
    },
  ],
};

const dataEdgeExternal: UseSpec = {
  ...edgeExternal,
  subject: 'accessEdge',
  accepted: ['accessEdge', 'webConfEdge'],
  names: [
    {
      from: 'webConfEdge',
      need: 'required',
      when: 'always',
      wildcard: false,
      why: 'the Web Conferencing Edge external FQDN',
      sources: ['L13-EDGE1PUB', 'L13-EXT'],
    },
  ],
};

/** A/V authentication: no name requirements, exportable key (architecture.md decision). */
const audioVideoAuthentication: UseSpec = {
  ...edgeExternal,
  subject: 'avEdge',
  accepted: ['any'],
  names: [],
};

const xmppServer: UseSpec = {
  ...edgeExternal,
  when: 'xmpp',
  subject: 'accessEdge',
  accepted: ['accessEdge'],
  names: [accessEdgeName, xmppDomainName, xmppHostName],
};

/** The reverse proxy listener: public CA; every external web FQDN, simple URL, OWA, lyncdiscover. */
const reverseProxyListener: UseSpec = {
  wildcardAllowed: true,
  extendedKeyUsage: ['serverAuth'],
  exportableKey: 'never',
  publicCa: true,
  minKeySize: 1024,
  scope: 'deployment',
  when: 'reverseProxy',
  subject: 'firstExternalWeb',
  accepted: ['firstExternalWeb'],
  names: [
    {
      from: 'everyExternalWeb',
      need: 'required',
      when: 'always',
      wildcard: false,
      why: 'external web services FQDN of a Front End or Director pool it publishes',
      sources: ['L13-RP', 'L13-RPREQ'],
    },
    { ...meetName, sources: ['L13-RP', 'L13-WILD'] },
    { ...dialinName, sources: ['L13-RP', 'L13-WILD'] },
    {
      from: 'officeWebApps',
      need: 'required',
      when: 'always',
      wildcard: false,
      why: 'the external Office Web Apps FQDN',
      sources: ['L13-RP'],
    },
    {
      ...lyncdiscoverName,
      why: 'Autodiscover published over HTTPS, one per SIP domain',
      sources: ['L13-RP', 'L13-MOBTECH'],
    },
    {
      ...adminAllowed,
      why: 'Admin simple URL: internal only, not published (allowed)',
      sources: ['L13-DNSURL', 'L10-RP'],
    },
  ],
};

// ---- the table: one row per product version × role × use -------------------------------------

const l10 = ['L10-INT', 'L10-INFRA'] as const;
const l13 = ['L13-INT', 'L13-INFRA'] as const;
const s15 = ['S15-ENV', 'L13-INT', 'L13-INFRA'] as const;
const dir13 = ['L13-INT', 'L13-CFGDIR', 'L13-DIR1', 'L13-DIRHLB'] as const;
const dirS15 = ['S15-ENV', 'L13-CFGDIR', 'L13-DIR1', 'L13-DIRHLB'] as const;
const edge10 = ['L10-RA1'] as const;
const edge13 = ['L13-EXT', 'L13-EDGEPLAN', 'L13-EDGE1PUB'] as const;
const edgeS15 = ['S15-EDGE', 'L13-EXT', 'L13-EDGEPLAN'] as const;
const oauth = ['L13-OAUTH', 'L13-DIR1'] as const;
const xmpp = ['L13-XMPP', 'L13-FEDPIC', 'L13-EDGE1PUB'] as const;
const rp10 = ['L10-RP'] as const;
const rp13 = ['L13-RP', 'L13-RPREQ'] as const;

export const ruleTable = [
  // Lync Server 2010: no OAuthTokenIssuer, no XMPP (§7).
  { product: 'lync2010', role: 'frontEnd', use: 'Default', spec: poolDefault, sources: l10 },
  { product: 'lync2010', role: 'frontEnd', use: 'WebServicesInternal', spec: webInternal, sources: l10 },
  { product: 'lync2010', role: 'frontEnd', use: 'WebServicesExternal', spec: webExternal, sources: l10 },
  { product: 'lync2010', role: 'director', use: 'Default', spec: poolDefault, sources: l10 },
  { product: 'lync2010', role: 'director', use: 'WebServicesInternal', spec: webInternal, sources: l10 },
  { product: 'lync2010', role: 'director', use: 'WebServicesExternal', spec: webExternal, sources: l10 },
  { product: 'lync2010', role: 'mediation', use: 'Default', spec: mediationDefault, sources: l10 },
  { product: 'lync2010', role: 'branch', use: 'Default', spec: branchDefault, sources: l10 },
  { product: 'lync2010', role: 'edge', use: 'Internal', spec: edgeInternal, sources: edge10 },
  { product: 'lync2010', role: 'edge', use: 'AccessEdgeExternal', spec: accessEdgeExternal, sources: edge10 },
  { product: 'lync2010', role: 'edge', use: 'DataEdgeExternal', spec: dataEdgeExternal, sources: edge10 },
  {
    product: 'lync2010',
    role: 'edge',
    use: 'AudioVideoAuthentication',
    spec: audioVideoAuthentication,
    sources: edge10,
  },
  {
    product: 'lync2010',
    role: 'reverseProxy',
    use: 'ReverseProxy',
    spec: reverseProxyListener,
    sources: rp10,
  },
  // Lync Server 2013: adds OAuthTokenIssuer and XMPP.
  { product: 'lync2013', role: 'frontEnd', use: 'Default', spec: poolDefault, sources: l13 },
  { product: 'lync2013', role: 'frontEnd', use: 'WebServicesInternal', spec: webInternal, sources: l13 },
  { product: 'lync2013', role: 'frontEnd', use: 'WebServicesExternal', spec: webExternal, sources: l13 },
  { product: 'lync2013', role: 'frontEnd', use: 'OAuthTokenIssuer', spec: oauthTokenIssuer, sources: oauth },
  { product: 'lync2013', role: 'director', use: 'Default', spec: poolDefault, sources: dir13 },
  { product: 'lync2013', role: 'director', use: 'WebServicesInternal', spec: webInternal, sources: dir13 },
  { product: 'lync2013', role: 'director', use: 'WebServicesExternal', spec: webExternal, sources: dir13 },
  { product: 'lync2013', role: 'director', use: 'OAuthTokenIssuer', spec: oauthTokenIssuer, sources: oauth },
  { product: 'lync2013', role: 'mediation', use: 'Default', spec: mediationDefault, sources: l13 },
  { product: 'lync2013', role: 'branch', use: 'Default', spec: branchDefault, sources: l13 },
  { product: 'lync2013', role: 'edge', use: 'Internal', spec: edgeInternal, sources: edge13 },
  { product: 'lync2013', role: 'edge', use: 'AccessEdgeExternal', spec: accessEdgeExternal, sources: edge13 },
  { product: 'lync2013', role: 'edge', use: 'DataEdgeExternal', spec: dataEdgeExternal, sources: edge13 },
  {
    product: 'lync2013',
    role: 'edge',
    use: 'AudioVideoAuthentication',
    spec: audioVideoAuthentication,
    sources: edge13,
  },
  { product: 'lync2013', role: 'edge', use: 'XmppServer', spec: xmppServer, sources: xmpp },
  {
    product: 'lync2013',
    role: 'reverseProxy',
    use: 'ReverseProxy',
    spec: reverseProxyListener,
    sources: rp13,
  },
  // Skype for Business Server 2015: as Lync 2013 ([S15-ENV], [S15-EDGE]).
  { product: 'sfb2015', role: 'frontEnd', use: 'Default', spec: poolDefault, sources: s15 },
  { product: 'sfb2015', role: 'frontEnd', use: 'WebServicesInternal', spec: webInternal, sources: s15 },
  { product: 'sfb2015', role: 'frontEnd', use: 'WebServicesExternal', spec: webExternal, sources: s15 },
  { product: 'sfb2015', role: 'frontEnd', use: 'OAuthTokenIssuer', spec: oauthTokenIssuer, sources: oauth },
  { product: 'sfb2015', role: 'director', use: 'Default', spec: poolDefault, sources: dirS15 },
  { product: 'sfb2015', role: 'director', use: 'WebServicesInternal', spec: webInternal, sources: dirS15 },
  { product: 'sfb2015', role: 'director', use: 'WebServicesExternal', spec: webExternal, sources: dirS15 },
  { product: 'sfb2015', role: 'director', use: 'OAuthTokenIssuer', spec: oauthTokenIssuer, sources: oauth },
  { product: 'sfb2015', role: 'mediation', use: 'Default', spec: mediationDefault, sources: s15 },
  { product: 'sfb2015', role: 'branch', use: 'Default', spec: branchDefault, sources: s15 },
  { product: 'sfb2015', role: 'edge', use: 'Internal', spec: edgeInternal, sources: edgeS15 },
  { product: 'sfb2015', role: 'edge', use: 'AccessEdgeExternal', spec: accessEdgeExternal, sources: edgeS15 },
  { product: 'sfb2015', role: 'edge', use: 'DataEdgeExternal', spec: dataEdgeExternal, sources: edgeS15 },
  {
    product: 'sfb2015',
    role: 'edge',
    use: 'AudioVideoAuthentication',
    spec: audioVideoAuthentication,
    sources: edgeS15,
  },
  { product: 'sfb2015', role: 'edge', use: 'XmppServer', spec: xmppServer, sources: xmpp },
  {
    product: 'sfb2015',
    role: 'reverseProxy',
    use: 'ReverseProxy',
    spec: reverseProxyListener,
    sources: rp13,
  },
  // Skype for Business Server 2019: as 2015, without XMPP ([S15-EDGE]).
  { product: 'sfb2019', role: 'frontEnd', use: 'Default', spec: poolDefault, sources: s15 },
  { product: 'sfb2019', role: 'frontEnd', use: 'WebServicesInternal', spec: webInternal, sources: s15 },
  { product: 'sfb2019', role: 'frontEnd', use: 'WebServicesExternal', spec: webExternal, sources: s15 },
  { product: 'sfb2019', role: 'frontEnd', use: 'OAuthTokenIssuer', spec: oauthTokenIssuer, sources: oauth },
  { product: 'sfb2019', role: 'director', use: 'Default', spec: poolDefault, sources: dirS15 },
  { product: 'sfb2019', role: 'director', use: 'WebServicesInternal', spec: webInternal, sources: dirS15 },
  { product: 'sfb2019', role: 'director', use: 'WebServicesExternal', spec: webExternal, sources: dirS15 },
  { product: 'sfb2019', role: 'director', use: 'OAuthTokenIssuer', spec: oauthTokenIssuer, sources: oauth },
  { product: 'sfb2019', role: 'mediation', use: 'Default', spec: mediationDefault, sources: s15 },
  { product: 'sfb2019', role: 'branch', use: 'Default', spec: branchDefault, sources: s15 },
  { product: 'sfb2019', role: 'edge', use: 'Internal', spec: edgeInternal, sources: edgeS15 },
  { product: 'sfb2019', role: 'edge', use: 'AccessEdgeExternal', spec: accessEdgeExternal, sources: edgeS15 },
  { product: 'sfb2019', role: 'edge', use: 'DataEdgeExternal', spec: dataEdgeExternal, sources: edgeS15 },
  {
    product: 'sfb2019',
    role: 'edge',
    use: 'AudioVideoAuthentication',
    spec: audioVideoAuthentication,
    sources: edgeS15,
  },
  {
    product: 'sfb2019',
    role: 'reverseProxy',
    use: 'ReverseProxy',
    spec: reverseProxyListener,
    sources: rp13,
  },
] as const satisfies readonly RuleRow[];

/** The rows of one product and role, in table order. */
export function rulesFor(product: Product, role: PlanRole): readonly RuleRow[] {
  return ruleTable.filter((row) => row.product === product && row.role === role);
}
