// `check --live`: every TLS endpoint of the topology probed (bounded concurrency), and what each
// serves checked against the requirement of the server and use behind it.

import {
  type AssignmentCheck,
  type CertificateAssignment,
  checkAssignment,
} from '../check/check-assignments.js';
import { checkHostnameMismatch } from '../check/hostname-mismatch.js';
import { environmentError, UccertError } from '../errors.js';
import { createDnsResolver, resolveAddress } from '../net/dns-discovery.js';
import { type EndpointRoute, routeEndpoint } from '../net/endpoint-routes.js';
import { probeTls } from '../net/tls-probe.js';
import { type LiveEndpoint, listLiveEndpoints } from '../topology/live-endpoints.js';
import { type FactsCache, readingServed, readServedLeaf } from './served-certificate.js';
import type { CheckRun, TopologyCheck } from './topology-check.js';

/** How many endpoints are probed at once (about 16 saturates 2 cores: architecture.md). */
const liveConcurrency = 8;

export interface LiveCheckOptions {
  /** curl's --resolve / --connect-to routes. */
  readonly routes: readonly EndpointRoute[];
  /** `IP[:PORT]` of the DNS server to resolve the topology's names with, or null for the system's. */
  readonly dnsServer: string | null;
  readonly timeoutMs: number;
}

interface LiveOutcome {
  readonly endpoint: LiveEndpoint;
  readonly check: AssignmentCheck | null;
  readonly failure: string | null;
}

type Resolver = ReturnType<typeof createDnsResolver>;

export async function checkLiveEndpoints(check: TopologyCheck, options: LiveCheckOptions): Promise<CheckRun> {
  const resolver =
    options.dnsServer === null
      ? null
      : createDnsResolver({ server: options.dnsServer, timeoutMs: options.timeoutMs, tries: 2 });
  const endpoints = listLiveEndpoints(check.topology).filter((e) => check.lookup(e.server, e.use) !== null);
  const outcomes: LiveOutcome[] = new Array(endpoints.length);
  const cache: FactsCache = new Map();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < endpoints.length) {
      const i = next++;
      outcomes[i] = slimOutcome(await probeLiveEndpoint(endpoints[i]!, check, options, resolver, cache));
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
  check: TopologyCheck,
  options: LiveCheckOptions,
  resolver: Resolver | null,
  cache: FactsCache,
): Promise<LiveOutcome> {
  const requirement = check.lookup(endpoint.server, endpoint.use)!;
  let to = routeEndpoint(endpoint.host, endpoint.port, options.routes);
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
      timeoutMs: options.timeoutMs,
    });
    const leafDer = result.chain[0];
    if (leafDer === undefined) return { endpoint, check: null, failure: 'no certificate presented' };
    const where = `${endpoint.host}:${endpoint.port}`;
    const certificate = readServedLeaf(leafDer, where, cache);
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
    return {
      endpoint,
      check: readingServed(where, () => checkAssignment(assignment, [requirement], check.settings)),
      failure: null,
    };
  } catch (error) {
    if (!(error instanceof UccertError)) throw error;
    return { endpoint, check: null, failure: error.message };
  }
}

/**
 * What the report keeps of a checked endpoint: the chain's DER served its purpose once trust was
 * verified, so it is dropped, and the leaf's facts are shared through the cache (issue 9 item 20:
 * 796 MB over 600 endpoints serving a 3,500-name certificate).
 */
function slimOutcome(outcome: LiveOutcome): LiveOutcome {
  if (outcome.check === null) return outcome;
  return { ...outcome, check: { ...outcome.check, assignment: { ...outcome.check.assignment, chain: [] } } };
}
