// The `discover` use case: resolve every Lync record of each SIP domain, apply the DNS rules,
// probe each target over TLS (the SRV port, or the HTTPS port for lyncdiscover) and check that the
// certificate served there carries the name the record leads to (the SIP domain's golden rule).
// With a topology, also say which pool each record reaches. Network steps are injected.

import type { TrustStore } from '../check/chain-trust.js';
import type { Finding } from '../check/finding.js';
import { checkLyncdiscoverCnameOtherDomain } from '../check/lyncdiscover-cname-other-domain.js';
import { checkLyncdiscoverInternalMissing } from '../check/lyncdiscoverinternal-missing.js';
import { checkSrvTargetNotCovered, topologyHint } from '../check/srv-target-not-covered.js';
import { checkSrvTargetOtherDomain } from '../check/srv-target-other-domain.js';
import {
  findWinningRecord,
  isFound,
  type LookupStatus,
  type RecordLookup,
  type SrvTarget,
} from '../dns-records/lync-dns-records.js';
import {
  describePlannedRecordRequest,
  planRecordCertificateRequest,
  type RecordCertificateRequest,
} from '../dns-records/record-certificate-request.js';
import { listTopologyHosts, placeRecord, type RecordPlacement } from '../dns-records/record-placement.js';
import { UccertError } from '../errors.js';
import { type DnsResolver, discoverDomain, resolveAddress } from '../net/dns-discovery.js';
import { type ProbeReport, probeEndpoint } from '../net/probe-endpoint.js';
import type { TlsProbeResult, TlsProbeTarget } from '../net/tls-probe.js';
import { defaultPlanOptions, type Plan } from '../requirements/plan-model.js';
import { planRequirements } from '../requirements/plan-requirements.js';
import type { Topology } from '../topology/model.js';
import type { CertificateFacts } from '../x509/certificate-facts.js';
import { normalizeDnsName } from '../x509/name-coverage.js';

export interface DiscoverRequest {
  readonly domains: readonly string[];
  readonly resolver: DnsResolver;
  /** The port probed for lyncdiscover / lyncdiscoverinternal (443 unless a test says otherwise). */
  readonly httpsPort: number;
  readonly timeoutMs: number;
  readonly now: Date;
  readonly warnDays: number;
  readonly trustStore: TrustStore;
  readonly topology: Topology | null;
  /** The topology file as the user named it, for the `uccert request --topology …` of fixes. */
  readonly topologyPath: string | null;
  /** Skip TLS probes (DNS only). */
  readonly probe: boolean;
  readonly connect?: (target: TlsProbeTarget) => Promise<TlsProbeResult>;
}

/** One TLS probe of a record's target. */
export interface TargetProbe {
  readonly record: string;
  /** The host the record leads to: the SRV target, or the lyncdiscover name itself. */
  readonly host: string;
  readonly port: number;
  readonly address: string | null;
  readonly outcome:
    | { readonly kind: 'served'; readonly certificate: CertificateFacts }
    | { readonly kind: 'unresolved'; readonly status: LookupStatus }
    | { readonly kind: 'failed'; readonly message: string };
}

export interface DomainDiscovery {
  readonly domain: string;
  readonly lookups: readonly RecordLookup[];
  /** The record a signing-in client would use first, or null when none resolves. */
  readonly winner: string | null;
  readonly probes: readonly TargetProbe[];
  readonly placements: readonly RecordPlacement[];
  readonly findings: readonly Finding[];
}

/** What placing a record in the topology needs: its hosts' addresses and the plan of its certificates. */
interface TopologyView {
  readonly topology: Topology;
  readonly path: string;
  readonly plan: Plan;
  readonly hostAddresses: ReadonlyMap<string, readonly string[]>;
}

export async function discoverSipDomains(request: DiscoverRequest): Promise<DomainDiscovery[]> {
  const hostAddresses = request.topology === null ? new Map() : await resolveTopologyHosts(request);
  const view: TopologyView | null =
    request.topology === null
      ? null
      : {
          topology: request.topology,
          path: request.topologyPath ?? 'TOPOLOGY',
          plan: planRequirements(request.topology, defaultPlanOptions),
          hostAddresses,
        };
  const results: DomainDiscovery[] = [];
  for (const domain of request.domains)
    results.push(await discoverOne(normalizeDnsName(domain), request, view));
  return results;
}

async function resolveTopologyHosts(request: DiscoverRequest): Promise<Map<string, readonly string[]>> {
  const hosts = [...new Set(listTopologyHosts(request.topology!).map((h) => h.host))];
  const answers = await Promise.all(hosts.map((h) => resolveAddress(request.resolver, h)));
  return new Map(hosts.map((h, i) => [h, answers[i]!.addresses]));
}

async function discoverOne(
  domain: string,
  request: DiscoverRequest,
  view: TopologyView | null,
): Promise<DomainDiscovery> {
  const lookups = await discoverDomain(request.resolver, domain);
  const targetAddresses = new Map<string, readonly string[]>();
  if (view !== null) {
    for (const target of new Set(lookups.flatMap((l) => l.srv.map((s) => s.target)))) {
      targetAddresses.set(target, (await resolveAddress(request.resolver, target)).addresses);
    }
  }
  /** The exact request for the server a record (or one of its SRV targets) reaches, when known. */
  const replacementFor = (lookup: RecordLookup, srv: SrvTarget | null, missingName: string) => {
    if (view === null) return { kind: 'noTopology' } as const;
    const placed = srv === null ? lookup : { ...lookup, srv: [srv] };
    return planRecordCertificateRequest({
      placement: placeRecord(placed, view.topology, view.hostAddresses, targetAddresses),
      destination: lookup.spec.destination,
      topology: view.topology,
      plan: view.plan,
      missingName,
      topologyPath: view.path,
    });
  };
  const findings: Finding[] = [];
  for (const lookup of lookups)
    findings.push(...checkSrvTargetOtherDomain(lookup), ...checkLyncdiscoverCnameOtherDomain(lookup));
  findings.push(...checkLyncdiscoverInternalMissing(lookups));

  const probes: TargetProbe[] = [];
  if (request.probe) {
    for (const lookup of lookups) {
      if (!isFound(lookup) || !lookup.spec.tls) continue;
      if (lookup.spec.kind === 'srv') {
        for (const record of lookup.srv) {
          const { probe, report } = await probeTarget(request, lookup.name, record.target, record.port);
          probes.push(probe);
          if (report === null || probe.outcome.kind !== 'served') continue;
          // The golden rule replaces probe's HOSTNAME_MISMATCH for an SRV target.
          findings.push(
            ...checkSrvTargetNotCovered(
              lookup,
              record,
              probe.outcome.certificate,
              replacementFor(lookup, record, record.target),
            ),
          );
          findings.push(
            ...retarget(report.findings, record.target, record.port).filter(
              (f) => f.code !== 'HOSTNAME_MISMATCH',
            ),
          );
        }
      } else if (lookup.spec.probePort !== null) {
        const port = lookup.spec.probePort === 443 ? request.httpsPort : lookup.spec.probePort;
        const { probe, report } = await probeTarget(
          request,
          lookup.name,
          lookup.name,
          port,
          lookup.addresses[0] ?? null,
        );
        probes.push(probe);
        if (report !== null)
          findings.push(
            ...retarget(report.findings, lookup.name, port).map((f) =>
              withAutodiscoverFix(f, lookup, replacementFor(lookup, null, lookup.name)),
            ),
          );
      }
    }
  }
  const placements =
    view === null
      ? []
      : lookups
          .map((l) => placeRecord(l, view.topology, view.hostAddresses, targetAddresses))
          .filter((p) => p !== null);
  return { domain, lookups, winner: findWinningRecord(lookups)?.name ?? null, probes, placements, findings };
}

async function probeTarget(
  request: DiscoverRequest,
  record: string,
  host: string,
  port: number,
  knownAddress: string | null = null,
): Promise<{ probe: TargetProbe; report: ProbeReport | null }> {
  let address = knownAddress;
  if (address === null) {
    const resolved = await resolveAddress(request.resolver, host);
    address = resolved.addresses[0] ?? null;
    if (address === null) {
      return {
        probe: { record, host, port, address, outcome: { kind: 'unresolved', status: resolved.status } },
        report: null,
      };
    }
  }
  try {
    const report = await probeEndpoint(
      {
        host: address,
        port,
        sni: host,
        timeoutMs: request.timeoutMs,
        now: request.now,
        trustStore: request.trustStore,
        expiryWindowDays: request.warnDays,
      },
      request.connect,
    );
    const leaf = report.chain[0];
    const outcome: TargetProbe['outcome'] =
      leaf === undefined
        ? { kind: 'failed', message: 'no certificate presented' }
        : { kind: 'served', certificate: leaf };
    return { probe: { record, host, port, address, outcome }, report };
  } catch (error) {
    // One unreachable target is a result of discovery, not the end of it.
    if (!(error instanceof UccertError)) throw error;
    return {
      probe: { record, host, port, address, outcome: { kind: 'failed', message: error.message } },
      report: null,
    };
  }
}

/** Probe findings name the address connected to; name the host the record leads to instead. */
function retarget(findings: readonly Finding[], host: string, port: number): Finding[] {
  return findings.map((f) => ({ ...f, target: `${host}:${port}` }));
}

/** The certificate that must carry an autodiscover name, per record ([L13-MOBMOD] steps 12–13). */
const autodiscoverUse = {
  lyncdiscoverinternal: 'WebServicesInternal',
  lyncdiscover: 'WebServicesExternal',
} as const;

/**
 * probe's HOSTNAME_MISMATCH fix is generic; for lyncdiscover[internal] the certificate is known, and
 * with a topology the exact request on a server of the pool the record reaches.
 */
function withAutodiscoverFix(
  finding: Finding,
  lookup: RecordLookup,
  replacement: RecordCertificateRequest,
): Finding {
  if (finding.code !== 'HOSTNAME_MISMATCH') return finding;
  const use = autodiscoverUse[lookup.spec.prefix as keyof typeof autodiscoverUse];
  if (use === undefined) return finding;
  const where = use === 'WebServicesExternal' ? ' and to the reverse proxy listener that publishes it' : '';
  if (replacement.kind === 'planned') {
    const lines = [describePlannedRecordRequest(`add ${lookup.name} to the ${use} certificate`, replacement)];
    if (where !== '') lines.push(`and add ${lookup.name} to the reverse proxy listener that publishes it`);
    return { ...finding, fix: lines.join('\n') };
  }
  const generic =
    `add ${lookup.name} to the ${use} certificate of the Director or Front End pool${where}: ` +
    `Request-CsCertificate -New -Type ${use} -DomainName "${lookup.name}" (or -AllSipDomain for every SIP domain), ` +
    `then Set-CsCertificate -Type ${use} -Thumbprint <new thumbprint>`;
  return { ...finding, fix: replacement.kind === 'noTopology' ? `${generic}; ${topologyHint}` : generic };
}
