// `uccert check TOPOLOGY`: check certificates against what the topology requires of them: one
// certificate file for a server and its uses (--server/--use/--cert, repeatable), or every
// endpoint of the topology over TLS (--live). Renders per server and use with the coverage
// matrix; exit 1 on findings at or above --fail-on (architecture.md, "Command line").

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { withGlobalScope } from '../assign/global-scope.js';
import {
  type AssignmentCheck,
  type CertificateAssignment,
  type CheckSettings,
  checkAssignment,
  indexRequirements,
  type RequirementLookup,
} from '../check/check-assignments.js';
import type { CheckedRequirement } from '../check/check-context.js';
import { checkHostnameMismatch } from '../check/hostname-mismatch.js';
import { ExitCode, environmentError, inputError, UccertError } from '../errors.js';
import { createDnsResolver, resolveAddress } from '../net/dns-discovery.js';
import {
  type EndpointRoute,
  parseConnectToOption,
  parseResolveOption,
  routeEndpoint,
} from '../net/endpoint-routes.js';
import { type LiveEndpoint, listLiveEndpoints, type UnreachableEndpoint } from '../net/live-endpoints.js';
import { probeTls } from '../net/tls-probe.js';
import { defaultPlanOptions, type Plan } from '../requirements/plan-model.js';
import { planRequirements } from '../requirements/plan-requirements.js';
import { listAssignments } from '../store/assignment-records.js';
import { findCertificateById } from '../store/certificate-records.js';
import { resolveHome } from '../store/home.js';
import { findPrivateKeyByPublicKey, hashPublicKey } from '../store/private-key-records.js';
import { openStore, storeFileName } from '../store/store.js';
import type { Topology } from '../topology/model.js';
import { readTopologyFile } from '../topology/read-topology.js';
import { parseCertificate, subjectPublicKeyInfoOf } from '../x509/certificate.js';
import { parseCertificateContainer } from '../x509/certificate-container.js';
import { readCertificateInput } from '../x509/read-certificate-file.js';
import {
  readSharedCheckSettings,
  type SharedCheckSettings,
  sharedCheckHelp,
  sharedCheckOptions,
} from './check-options.js';
import type { Command, OptionValues } from './command.js';
import type { CliIo } from './io.js';
import { flagOption, stringListOption, stringOption } from './options.js';
import { renderCheckJson, renderCheckText } from './render-check.js';
import { failsOn } from './render-findings.js';

/** How many endpoints `--live` probes at once (about 16 saturates 2 cores: architecture.md). */
const liveConcurrency = 8;

export const checkCommand: Command = {
  name: 'check',
  usage: [
    'check TOPOLOGY                      (every assignment in the store: uccert set)',
    'check TOPOLOGY --server FQDN --use USE[,USE…] --cert FILE [--server … --use … --cert …]…',
    'check TOPOLOGY --live [--resolve HOST:PORT:ADDR]… [--connect-to HOST:PORT:HOST2:PORT2]… [--dns-server IP:PORT]',
  ],
  optionHelp: [
    ['--server FQDN', 'the server the certificate is (to be) assigned on; once, or once per --cert'],
    ['--use USE[,USE…]', 'its uses, as Set-CsCertificate -Type names them (Default, WebServicesInternal, …)'],
    ['--cert FILE', 'the certificate: PEM, DER, PFX (with --password) or P7B; repeat the triple for more'],
    ['--password P', 'the password of PFX files'],
    [
      '--live',
      'probe every TLS endpoint of the topology and check what each serves (exit 3 if one is not reached)',
    ],
    ['--resolve HOST:PORT:ADDR', "connect to ADDR for HOST:PORT (curl's form); may be repeated"],
    [
      '--connect-to H:P:H2:P2',
      "connect to H2:P2 for H:P (curl's form: NAT, port forwarding); may be repeated",
    ],
    ['--dns-server IP[:PORT]', "resolve the topology's host names with this DNS server"],
    ...sharedCheckHelp,
  ],
  examples: [
    'uccert check examples/contoso.yaml --server fe01.contoso.net --use Default,WebServicesInternal,WebServicesExternal --cert fe01.pfx --password "$P"',
    'uccert check examples/contoso.yaml --server edge01.contoso.net --use AccessEdgeExternal,DataEdgeExternal,AudioVideoAuthentication --cert edge-ext.pem --ca root.pem',
    'uccert check examples/contoso.yaml --live --dns-server 10.0.0.10 --ca contoso-root.pem',
  ],
  options: {
    server: { type: 'string', multiple: true },
    use: { type: 'string', multiple: true },
    cert: { type: 'string', multiple: true },
    password: { type: 'string' },
    live: { type: 'boolean' },
    resolve: { type: 'string', multiple: true },
    'connect-to': { type: 'string', multiple: true },
    'dns-server': { type: 'string' },
    ...sharedCheckOptions,
  },
  async run(args, io) {
    const [topologyPath, ...extra] = args.positionals;
    if (topologyPath === undefined || extra.length > 0) {
      throw inputError(
        'BAD_USAGE',
        topologyPath === undefined
          ? 'check: give the topology file'
          : `check: one topology at a time (got ${args.positionals.join(', ')})`,
        'for example: uccert check examples/contoso.yaml --server fe01.contoso.net --use Default --cert fe01.pem',
      );
    }
    const shared = await readSharedCheckSettings(args.values, io);
    const { topology } = await readTopologyFile(topologyPath, io.cwd);
    const plan = planRequirements(topology, defaultPlanOptions);
    // Assignments under "global" (OAuthTokenIssuer, uccert set --server global) check against the deployment's requirement.
    const lookup = withGlobalScope(indexRequirements(plan.requirements), plan.requirements);
    const settings: CheckSettings = {
      now: shared.now,
      warnDays: shared.warnDays,
      trustStore: shared.trustStore,
      fix: { topologyPath, sipDomains: topology.sipDomains, derivedNames: listDerivedNames(plan) },
    };
    const live = flagOption(args.values, 'live');
    const certs = stringListOption(args.values, 'cert');
    if (live && certs.length > 0) {
      throw inputError(
        'BAD_USAGE',
        'check: --live probes the endpoints; it does not take --cert',
        'check one file: --server fe01.contoso.net --use Default --cert fe01.pem; or every endpoint: --live',
      );
    }
    const { checks, unreachable } = live
      ? await checkLive(topology, lookup, settings, shared, args.values)
      : certs.length > 0
        ? { checks: await checkFiles(args.values, plan.requirements, lookup, settings, io), unreachable: [] }
        : checkStoredAssignments(args.values, lookup, settings, io);
    const findings = checks.flatMap((c) => c.findings);
    io.stdout(
      flagOption(args.values, 'json')
        ? renderCheckJson(checks, unreachable)
        : renderCheckText(checks, unreachable),
    );
    if (failsOn(findings, shared.failOn)) return ExitCode.findings;
    // An endpoint not reached is not a pass: say so in the exit code too.
    return unreachable.length > 0 ? ExitCode.environment : ExitCode.ok;
  },
};

/** `server|name` for every name Request-CsCertificate derives from the topology on that server. */
function listDerivedNames(plan: Plan): Set<string> {
  const derived = new Set<string>();
  for (const certificate of plan.certificates) {
    const extra = new Set(certificate.requestDomainNames);
    for (const server of certificate.servers) {
      for (const name of certificate.names) if (!extra.has(name)) derived.add(`${server}|${name}`);
    }
  }
  return derived;
}

/** --server/--use/--cert triples: each list once (applies to all) or once per --cert. */
function pairTriples(values: OptionValues): { server: string; uses: string[]; cert: string }[] {
  const certs = stringListOption(values, 'cert');
  const servers = stringListOption(values, 'server');
  const uses = stringListOption(values, 'use');
  const pick = (list: readonly string[], flag: string, i: number): string => {
    if (list.length === 1) return list[0]!;
    if (list.length === certs.length) return list[i]!;
    throw inputError(
      'BAD_USAGE',
      `check: ${list.length} --${flag} for ${certs.length} --cert`,
      `give --${flag} once for every --cert, or once for all of them`,
    );
  };
  return certs.map((cert, i) => ({
    server: pick(servers, 'server', i),
    uses: pick(uses, 'use', i)
      .split(',')
      .map((u) => u.trim())
      .filter((u) => u !== ''),
    cert,
  }));
}

function requirementsFor(
  server: string,
  uses: readonly string[],
  all: readonly CheckedRequirement[],
  lookup: RequirementLookup,
): CheckedRequirement[] {
  const ofServer = all.filter((r) => r.server.toLowerCase() === server.toLowerCase());
  if (ofServer.length === 0) {
    const known = [...new Set(all.map((r) => r.server))].join(', ');
    throw inputError(
      'UNKNOWN_SERVER',
      `server "${server}" is not in the topology (known: ${known})`,
      'check --server',
    );
  }
  return uses.map((use) => {
    const requirement = lookup(server, use);
    if (requirement === null) {
      throw inputError(
        'UNKNOWN_USE',
        `${server} has no certificate use "${use}" in this topology (its uses: ${ofServer.map((r) => r.use).join(', ')})`,
        'check --use; names are the Set-CsCertificate -Type values, e.g. Default,WebServicesInternal,WebServicesExternal',
      );
    }
    return requirement;
  });
}

async function checkFiles(
  values: OptionValues,
  all: readonly CheckedRequirement[],
  lookup: RequirementLookup,
  settings: CheckSettings,
  io: CliIo,
): Promise<AssignmentCheck[]> {
  const password = stringOption(values, 'password');
  const checks: AssignmentCheck[] = [];
  for (const triple of pairTriples(values)) {
    const requirements = requirementsFor(triple.server, triple.uses, all, lookup);
    const input = await readCertificateInput(triple.cert, io);
    const container = parseCertificateContainer(input.bytes, { source: input.source, password });
    if (container.certificates.length === 0) {
      throw inputError(
        'NO_CERTIFICATE',
        `"${triple.cert}" holds no certificate`,
        'give the issued certificate (PEM, DER, PFX or P7B), not a request',
      );
    }
    // The leaf: the certificate a key belongs to, else the first of the chain order.
    const keyed = container.keys.find((k) => k.certificate !== null)?.certificate ?? null;
    const leafIndex = keyed ?? container.chain?.order[0] ?? 0;
    const leaf = container.certificates[leafIndex]!;
    const rest = container.certificates.filter((_, i) => i !== leafIndex).map((c) => c.der);
    const assignment: CertificateAssignment = {
      server: requirements[0]!.server,
      uses: requirements.map((r) => r.use),
      source: triple.cert,
      chain: [leaf.der, ...rest],
      chainSent: false,
      certificate: leaf.facts,
      // A key that came in a file can be exported (it was); only the store knows otherwise.
      privateKey: keyed === null ? null : { exportable: true },
    };
    checks.push(checkAssignment(assignment, requirements, settings));
  }
  return checks;
}

/** Every assignment in the store (`uccert set`), one check per server and certificate. */
function checkStoredAssignments(
  values: OptionValues,
  lookup: RequirementLookup,
  settings: CheckSettings,
  io: CliIo,
): { checks: AssignmentCheck[]; unreachable: UnreachableEndpoint[] } {
  const home = resolveHome({ homeOption: stringOption(values, 'home'), env: io.env, cwd: io.cwd });
  if (!existsSync(join(home, storeFileName))) {
    throw inputError(
      'NO_STORE',
      `there is no uccert store in "${home}" to check assignments from`,
      'import and assign certificates first (uccert import, uccert set), give --home DIR, or check a file (--cert) or the live endpoints (--live)',
    );
  }
  const store = openStore(home);
  try {
    return store.read(() => {
      const groups = new Map<string, { server: string; certificateId: number; uses: string[] }>();
      for (const a of listAssignments(store.db)) {
        const key = `${a.server}|${a.certificateId}`;
        const group = groups.get(key) ?? { server: a.server, certificateId: a.certificateId, uses: [] };
        group.uses.push(a.use);
        groups.set(key, group);
      }
      const checks: AssignmentCheck[] = [];
      const skipped: UnreachableEndpoint[] = [];
      for (const group of groups.values()) {
        const stored = findCertificateById(store.db, group.certificateId);
        if (stored === null) continue;
        const requirements = group.uses.map((use) => lookup(group.server, use)).filter((r) => r !== null);
        for (const use of group.uses.filter((u) => lookup(group.server, u) === null)) {
          skipped.push({
            endpoint: `thumbprint ${stored.facts.thumbprint}`,
            server: group.server,
            use,
            message: 'assigned in the store, but the topology has no such server and use',
          });
        }
        if (requirements.length === 0) continue;
        const key = findPrivateKeyByPublicKey(store.db, hashPublicKey(subjectPublicKeyInfoOf(stored.der)));
        const assignment: CertificateAssignment = {
          server: requirements[0]!.server,
          uses: requirements.map((r) => r.use),
          source: `store (certificate ${stored.id}${stored.friendlyName === null ? '' : `, "${stored.friendlyName}"`})`,
          chain: [stored.der],
          chainSent: false,
          certificate: stored.facts,
          privateKey: key === null ? null : { exportable: key.exportable },
        };
        checks.push(checkAssignment(assignment, requirements, settings));
      }
      return { checks, unreachable: skipped };
    });
  } finally {
    store.close();
  }
}

interface LiveOutcome {
  readonly endpoint: LiveEndpoint;
  readonly check: AssignmentCheck | null;
  readonly failure: string | null;
}

async function checkLive(
  topology: Topology,
  lookup: RequirementLookup,
  settings: CheckSettings,
  shared: SharedCheckSettings,
  values: OptionValues,
): Promise<{ checks: AssignmentCheck[]; unreachable: UnreachableEndpoint[] }> {
  const routes: EndpointRoute[] = [
    ...stringListOption(values, 'resolve').map(parseResolveOption),
    ...stringListOption(values, 'connect-to').map(parseConnectToOption),
  ];
  const dnsServer = stringOption(values, 'dns-server') ?? null;
  const resolver =
    dnsServer === null
      ? null
      : createDnsResolver({ server: dnsServer, timeoutMs: shared.timeoutMs, tries: 2 });
  const endpoints = listLiveEndpoints(topology).filter((e) => lookup(e.server, e.use) !== null);
  const outcomes: LiveOutcome[] = new Array(endpoints.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < endpoints.length) {
      const i = next++;
      outcomes[i] = await probeLiveEndpoint(endpoints[i]!, lookup, settings, shared, routes, resolver);
    }
  };
  await Promise.all(Array.from({ length: Math.min(liveConcurrency, endpoints.length) }, worker));
  const reached = outcomes.filter((o) => o.check !== null);
  if (reached.length === 0 && endpoints.length > 0) {
    const first = outcomes[0]!;
    throw environmentError(
      'NO_ENDPOINT_REACHED',
      `check --live reached none of the ${endpoints.length} endpoints of the topology (first: ${first.endpoint.host}:${first.endpoint.port}: ${first.failure ?? 'no answer'})`,
      'run it where the servers are reachable, or say where they are with --dns-server, --resolve or --connect-to',
    );
  }
  return {
    checks: reached.map((o) => o.check!),
    unreachable: outcomes
      .filter((o) => o.check === null)
      .map((o) => ({
        endpoint: `${o.endpoint.host}:${o.endpoint.port}`,
        server: o.endpoint.server,
        use: o.endpoint.use,
        message: o.failure ?? 'no answer',
      })),
  };
}

async function probeLiveEndpoint(
  endpoint: LiveEndpoint,
  lookup: RequirementLookup,
  settings: CheckSettings,
  shared: SharedCheckSettings,
  routes: readonly EndpointRoute[],
  resolver: ReturnType<typeof createDnsResolver> | null,
): Promise<LiveOutcome> {
  const requirement = lookup(endpoint.server, endpoint.use)!;
  let to = routeEndpoint(endpoint.host, endpoint.port, routes);
  if (resolver !== null && to.host === endpoint.host) {
    const answer = await resolveAddress(resolver, endpoint.host);
    const address = answer.addresses[0];
    if (address === undefined)
      return { endpoint, check: null, failure: `${endpoint.host} does not resolve (${answer.status})` };
    to = { host: address, port: to.port };
  }
  try {
    const result = await probeTls({
      host: to.host,
      port: to.port,
      servername: endpoint.host,
      timeoutMs: shared.timeoutMs,
    });
    const leafDer = result.chain[0];
    if (leafDer === undefined) return { endpoint, check: null, failure: 'no certificate presented' };
    const certificate = parseCertificate(leafDer);
    const where = `${endpoint.host}:${endpoint.port}`;
    const mismatch = checkHostnameMismatch(certificate, endpoint.host, where);
    const assignment: CertificateAssignment = {
      server: endpoint.server,
      uses: [endpoint.use],
      source: where,
      chain: result.chain,
      chainSent: true,
      certificate,
      privateKey: null,
      extraFindings: mismatch === null ? [] : [mismatch],
    };
    return { endpoint, check: checkAssignment(assignment, [requirement], settings), failure: null };
  } catch (error) {
    if (!(error instanceof UccertError)) throw error;
    return { endpoint, check: null, failure: error.message };
  }
}
