// The validation rules of a topology: a list of small named functions. Each reads the parsed
// topology and returns the problems it finds, naming the key path and quoting the value.
// Adding a rule means one function and one line in `validationRules`.

import { describeHostNameFault, findHostNameFault } from './host-name.js';
import { hostOfUrl, productNames, type Topology } from './model.js';
import type { TopologyProblem } from './topology-problem.js';

export type ValidationRule = (topology: Topology) => TopologyProblem[];

interface HostField {
  readonly path: string;
  readonly value: string;
}

/** Every host name the topology holds, with its key path (defaults are left out). */
function listHostFields(t: Topology): HostField[] {
  const fields: HostField[] = [];
  t.sipDomains.forEach((value, i) => {
    fields.push({ path: `sipDomains[${i}]`, value });
  });
  t.xmppDomains.forEach((value, i) => {
    fields.push({ path: `xmppDomains[${i}]`, value });
  });
  if (t.autoLogon !== null) fields.push({ path: 'autoLogon.pool', value: t.autoLogon.pool });
  if (t.reverseProxy?.officeWebApps) {
    fields.push({ path: 'reverseProxy.officeWebApps', value: t.reverseProxy.officeWebApps });
  }
  t.pools.forEach((pool, i) => {
    const at = `pools[${i}]`;
    fields.push({ path: `${at}.fqdn`, value: pool.fqdn });
    pool.servers.forEach((value, j) => {
      fields.push({ path: `${at}.servers[${j}]`, value });
    });
    const web = pool.webServices;
    if (web?.internalGiven) fields.push({ path: `${at}.webServices.internal`, value: web.internal });
    if (web?.externalGiven) fields.push({ path: `${at}.webServices.external`, value: web.external });
    if (pool.edge !== null) {
      fields.push({ path: `${at}.edge.accessEdge`, value: pool.edge.accessEdge });
      fields.push({ path: `${at}.edge.webConfEdge`, value: pool.edge.webConfEdge });
      fields.push({ path: `${at}.edge.avEdge`, value: pool.edge.avEdge });
    }
  });
  return fields;
}

/** Lync accepts only letters, digits and hyphens, fully qualified ([L13-DNSREQ], [S15-ENV]). */
const hostNamesAreValid: ValidationRule = (t) =>
  listHostFields(t).flatMap(({ path, value }) => {
    if (value === '') return []; // reported as missing by the reader
    const fault = findHostNameFault(value);
    return fault === null
      ? []
      : [
          {
            path,
            message: `${JSON.stringify(value)} is not a valid host name: ${describeHostNameFault(fault)}`,
          },
        ];
  });

/** A machine or pool FQDN names one thing; a Standard Edition pool is its own server. */
const fqdnsAreUnique: ValidationRule = (t) => {
  const problems: TopologyProblem[] = [];
  const seen = new Map<string, string>();
  const claim = (path: string, fqdn: string): void => {
    if (fqdn === '') return;
    const first = seen.get(fqdn);
    if (first === undefined) seen.set(fqdn, path);
    else problems.push({ path, message: `${JSON.stringify(fqdn)} is already used at ${first}` });
  };
  t.pools.forEach((pool, i) => {
    claim(`pools[${i}].fqdn`, pool.fqdn);
    pool.servers.forEach((server, j) => {
      if (server !== pool.fqdn || pool.servers.length !== 1) claim(`pools[${i}].servers[${j}]`, server);
    });
  });
  return problems;
};

/** The external web FQDN of a Director must differ from the Front End pool's ([L13-INT]). */
const externalWebFqdnsAreUnique: ValidationRule = (t) => {
  const problems: TopologyProblem[] = [];
  const seen = new Map<string, string>();
  t.pools.forEach((pool, i) => {
    if (pool.webServices?.externalGiven !== true) return;
    const path = `pools[${i}].webServices.external`;
    const first = seen.get(pool.webServices.external);
    if (first === undefined) seen.set(pool.webServices.external, path);
    else
      problems.push({
        path,
        message: `${JSON.stringify(pool.webServices.external)} is already the external web services FQDN at ${first}; each pool needs its own`,
      });
  });
  return problems;
};

const listsAreUnique: ValidationRule = (t) => {
  const problems: TopologyProblem[] = [];
  const check = (key: string, list: readonly string[]): void => {
    list.forEach((value, i) => {
      const first = list.indexOf(value);
      if (first !== i && value !== '') {
        problems.push({
          path: `${key}[${i}]`,
          message: `${JSON.stringify(value)} is already listed at ${key}[${first}]`,
        });
      }
    });
  };
  check('sipDomains', t.sipDomains);
  check('xmppDomains', t.xmppDomains);
  check('simpleUrls.meet', t.simpleUrls.meet);
  return problems;
};

/** Simple URLs are https URLs on a valid host ([L13-DNSURL]). */
const simpleUrlsAreHttps: ValidationRule = (t) => {
  const urls: HostField[] = [
    ...t.simpleUrls.meet.map((value, i) => ({ path: `simpleUrls.meet[${i}]`, value })),
    ...(t.simpleUrls.dialin === null ? [] : [{ path: 'simpleUrls.dialin', value: t.simpleUrls.dialin }]),
    ...(t.simpleUrls.admin === null ? [] : [{ path: 'simpleUrls.admin', value: t.simpleUrls.admin }]),
  ];
  return urls.flatMap(({ path, value }) => {
    if (!/^https:\/\//i.test(value)) {
      return [
        { path, message: `${JSON.stringify(value)} is not an https URL (simple URLs start with https://)` },
      ];
    }
    const host = hostOfUrl(value);
    const fault = findHostNameFault(host);
    return fault === null
      ? []
      : [
          {
            path,
            message: `${JSON.stringify(value)} has no valid host name: ${describeHostNameFault(fault)}`,
          },
        ];
  });
};

/** autoLogon.pool names a Front End or Director pool of this topology. */
const referencesExist: ValidationRule = (t) => {
  if (t.autoLogon === null || t.autoLogon.pool === '') return [];
  const candidates = t.pools.filter((p) => p.role === 'frontEnd' || p.role === 'director');
  if (candidates.some((p) => p.fqdn === t.autoLogon?.pool)) return [];
  const known = candidates.map((p) => p.fqdn).join(', ') || 'none';
  return [
    {
      path: 'autoLogon.pool',
      message: `${JSON.stringify(t.autoLogon.pool)} is not a Front End or Director pool of this topology (known: ${known})`,
    },
  ];
};

/** XMPP federation exists in Lync 2013 and SfB 2015 only ([S15-EDGE]: not supported in 2019). */
const xmppMatchesProduct: ValidationRule = (t) => {
  if (t.xmppDomains.length === 0 || t.product === 'lync2013' || t.product === 'sfb2015') return [];
  return [
    {
      path: 'xmppDomains',
      message: `XMPP federation is not available in ${productNames[t.product]} (product: ${t.product}); only lync2013 and sfb2015 have it`,
    },
  ];
};

const xmppNeedsEdge: ValidationRule = (t) =>
  t.xmppDomains.length > 0 && !t.pools.some((p) => p.role === 'edge')
    ? [{ path: 'xmppDomains', message: 'XMPP federation runs on the Edge, but no pool has role edge' }]
    : [];

/** A Standard Edition pool is one server whose FQDN is the pool FQDN. */
const standardEditionIsOneServer: ValidationRule = (t) =>
  t.pools.flatMap((pool, i) => {
    if (pool.edition !== 'standard') return [];
    if (pool.servers.length === 1 && pool.servers[0] === pool.fqdn) return [];
    return [
      {
        path: `pools[${i}].servers`,
        message: `a Standard Edition pool is its one server ${JSON.stringify(pool.fqdn)}, got ${JSON.stringify(pool.servers)}`,
      },
    ];
  });

/** On Standard Edition the internal web FQDN is the server FQDN and cannot be overridden ([L13-INT]). */
const standardEditionWebIsServer: ValidationRule = (t) =>
  t.pools.flatMap((pool, i) =>
    pool.edition === 'standard' &&
    pool.webServices?.internalGiven === true &&
    pool.webServices.internal !== pool.fqdn
      ? [
          {
            path: `pools[${i}].webServices.internal`,
            message: `${JSON.stringify(pool.webServices.internal)} cannot be the internal web services FQDN of a Standard Edition server; it is always the server FQDN ${JSON.stringify(pool.fqdn)}`,
          },
        ]
      : [],
  );

const poolsHaveServers: ValidationRule = (t) =>
  t.pools.flatMap((pool, i) =>
    pool.servers.length === 0 && pool.edition !== 'standard'
      ? [{ path: `pools[${i}].servers`, message: `pool ${JSON.stringify(pool.fqdn)} lists no servers` }]
      : [],
  );

const sipDomainsHaveMeetUrls: ValidationRule = (t) =>
  t.simpleUrls.meet.length === 0 && t.pools.some((p) => p.role === 'frontEnd')
    ? [{ path: 'simpleUrls.meet', message: 'missing (each SIP domain needs an active Meet URL, [L13-RP])' }]
    : [];

/**
 * Every SIP domain needs its own Meet simple URL (Microsoft's simple URL planning, [L13-DNSURL]:
 * one Meet URL per SIP domain; issue 8.15). A URL may serve a domain by path
 * (https://meet.contoso.com/fabrikam), so the count decides; the message names the domains no
 * URL's host belongs to.
 */
const everySipDomainHasMeetUrl: ValidationRule = (t) => {
  const meet = t.simpleUrls.meet;
  if (
    !t.pools.some((p) => p.role === 'frontEnd') ||
    meet.length === 0 ||
    meet.length >= t.sipDomains.length
  ) {
    return [];
  }
  const hosts = meet.map(hostOfUrl);
  const uncovered = t.sipDomains.filter((d) => !hosts.some((h) => h === d || h.endsWith(`.${d}`)));
  const lacking = uncovered.length > 0 ? uncovered : t.sipDomains.slice(meet.length);
  return [
    {
      path: 'simpleUrls.meet',
      message: `${meet.length} Meet URL${meet.length === 1 ? '' : 's'} (${meet.join(', ')}) for ${t.sipDomains.length} SIP domains: every SIP domain needs its own Meet simple URL; add one for ${lacking.join(', ')}, such as https://meet.${lacking[0] ?? ''}`,
    },
  ];
};

export const validationRules: readonly ValidationRule[] = [
  hostNamesAreValid,
  fqdnsAreUnique,
  externalWebFqdnsAreUnique,
  listsAreUnique,
  simpleUrlsAreHttps,
  referencesExist,
  xmppMatchesProduct,
  xmppNeedsEdge,
  standardEditionIsOneServer,
  standardEditionWebIsServer,
  poolsHaveServers,
  sipDomainsHaveMeetUrls,
];

/** Rules for a topology file the administrator writes (YAML/JSON), not for one read from XML. */
export const authoredFileRules: readonly ValidationRule[] = [everySipDomainHasMeetUrl];
