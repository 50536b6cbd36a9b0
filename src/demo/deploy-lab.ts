// The demo's deployment: the lab CA, then every certificate the plan lists requested from it and
// assigned, through the same use cases as `uccert ca init`, `request --new --ca local` and `set
// --topology` (nothing re-implemented here: a certificate the rules refuse stops the demo).

import { assignCertificate } from '../assign/set-assignment.js';
import type { CaContext } from '../ca/ca-context.js';
import { type CaInitOptions, caInitDefaults, initLabCa } from '../ca/ca-init.js';
import type { Finding } from '../check/finding.js';
import { globalServer } from '../requests/planned-certificate-lookup.js';
import { requestCertificate } from '../requests/request-certificate.js';
import { defaultPlanOptions, type PlannedCertificate } from '../requirements/plan-model.js';
import { planRequirements } from '../requirements/plan-requirements.js';
import { readAuthority } from '../store/ca-records.js';
import type { StoredCertificate } from '../store/certificate-records.js';
import type { Store } from '../store/store.js';
import type { Topology } from '../topology/model.js';
import { driftingFrontEnd, type PlantedChange, plantedChange } from './planted-mistakes.js';

/**
 * The CA the demo makes: the organisation's own lab CA, two tiers like an AD CS enterprise PKI,
 * named after the default SIP domain (contoso.com → "Contoso Lab CA").
 */
export function demoCaName(topology: Topology): string {
  const label = topology.sipDomains[0]?.split('.')[0] ?? 'uccert';
  return `${label.charAt(0).toUpperCase()}${label.slice(1)} Lab CA`;
}

export interface DemoCa {
  readonly name: string;
  readonly baseUrl: string;
  readonly root: StoredCertificate;
  readonly issuing: StoredCertificate;
  /** Whether this run created it (false: `--reuse` of a store that had one). */
  readonly created: boolean;
}

export interface DemoCertificate {
  readonly planned: PlannedCertificate;
  /** The servers it is assigned on (`global` for OAuthTokenIssuer, Set-CsCertificate -Identity global). */
  readonly assignedOn: readonly string[];
  readonly requestId: number;
  readonly certificate: StoredCertificate;
  /** What `set --topology` found when it assigned it (warnings only: errors refuse it). */
  readonly findings: readonly Finding[];
  readonly notes: readonly string[];
  /** Whether a planted mistake changed it (names dropped, issued by a CA whose clock was ahead). */
  readonly planted: boolean;
}

/** The certificate mistake 3 serves on one Front End instead of the assigned one. */
export interface DriftingCertificate {
  readonly server: string;
  readonly uses: readonly string[];
  readonly certificate: StoredCertificate;
}

/** The lab CA of the store: the one already there (`--reuse`), else a new one at `baseUrl`. */
export async function ensureDemoCa(context: CaContext, baseUrl: string, name: string): Promise<DemoCa> {
  const existing = context.store.read(() => ({
    root: readAuthority(context.store.db, 'root'),
    issuing: readAuthority(context.store.db, 'issuing'),
  }));
  if (existing.root !== null && existing.issuing !== null) {
    return {
      name: existing.issuing.name,
      baseUrl: existing.issuing.baseUrl,
      root: existing.root.certificate,
      issuing: existing.issuing.certificate,
      created: false,
    };
  }
  const options: CaInitOptions = { ...caInitDefaults, name, baseUrl };
  const ca = await initLabCa(context, options);
  return { ...ca, created: true };
}

/**
 * Where a planned certificate is assigned: each of its servers (an Edge pool's certificates go on
 * every member), or `global` for the deployment's OAuthTokenIssuer [L13-OAUTH].
 */
function assignmentServers(planned: PlannedCertificate): string[] {
  return planned.scope === 'deployment' && planned.uses.includes('OAuthTokenIssuer')
    ? [globalServer]
    : [...planned.servers];
}

/**
 * The store as one step sees it: its writes wait until the steps before it are done. Each step makes
 * its key first (RSA on the thread pool, about 110-150 ms) and only then writes, so the keys of
 * later certificates are made while earlier ones are signed and assigned, and the store still
 * sees the plan's order (request ids and serial numbers follow it).
 */
function storeAfter(store: Store, before: Promise<unknown>): Store {
  return {
    home: store.home,
    path: store.path,
    db: store.db,
    read: (work) => store.read(work),
    write: async (work) => {
      await before;
      return store.write(work);
    },
    close: () => store.close(),
  };
}

/**
 * Requests every certificate of the plan from the lab CA (as `request --new --ca local`, with the
 * key Request-CsCertificate defaults to: RSA 2048) and assigns it (as `set --topology`), in the
 * plan's order.
 */
export async function issueAndAssignPlan(
  context: CaContext,
  topology: { readonly topology: Topology; readonly path: string },
  plantMistakes = false,
): Promise<DemoCertificate[]> {
  const plan = planRequirements(topology.topology, defaultPlanOptions);
  let previous: Promise<unknown> = Promise.resolve();
  const steps = plan.certificates.map((planned) => {
    const change = plantMistakes ? plantedChange(planned, plan.certificates, topology.topology) : null;
    const step = issueAndAssign(
      { ...context, store: storeAfter(context.store, previous) },
      planned,
      topology,
      change,
    );
    // The next step waits for this one whether it succeeds or not; a failure is reported below.
    previous = step.catch(() => undefined);
    return step;
  });
  return Promise.all(steps);
}

/**
 * Mistake 3: the Front End pool's certificate issued again (with every name the plan lists), as if
 * someone ran the certificate wizard on one Front End and never recorded it: in the store, not
 * assigned, and served by that Front End's listeners.
 */
export async function issueDriftingCertificate(
  context: CaContext,
  topology: Topology,
): Promise<DriftingCertificate | null> {
  const drift = driftingFrontEnd(planRequirements(topology, defaultPlanOptions).certificates);
  if (drift === null) return null;
  const certificate = await requestFromLabCa(context, drift.planned, drift.server);
  return { server: drift.server, uses: drift.planned.uses, certificate: certificate.certificate };
}

async function requestFromLabCa(context: CaContext, planned: PlannedCertificate, server: string) {
  const result = await requestCertificate(context, {
    planned,
    server,
    keyAlgorithm: 'RSA',
    rsaBits: 2048,
    subject: {
      organization: undefined,
      organizationalUnit: undefined,
      locality: undefined,
      state: undefined,
      country: undefined,
    },
    friendlyName: undefined,
    // As Request-CsCertificate -ClientEKU when the plan asks for Client Authentication.
    clientEku: planned.extendedKeyUsage.includes('clientAuth'),
    exportableAsked: false,
    ca: 'local',
  });
  if (result.certificate === null)
    throw new Error(`the lab CA issued nothing for request ${result.requestId}`);
  return { requestId: result.requestId, certificate: result.certificate, notes: result.notes };
}

async function issueAndAssign(
  context: CaContext,
  planned: PlannedCertificate,
  topology: { readonly topology: Topology; readonly path: string },
  change: PlantedChange | null,
): Promise<DemoCertificate> {
  const server = planned.servers[0];
  if (server === undefined) throw new Error(`planned certificate ${planned.id} has no server`);
  // A planted mistake: fewer names, or a CA whose clock runs ahead (its notBefore is then in the future).
  const caContext =
    change === null || change.caClockAheadMs === 0
      ? context
      : { ...context, now: new Date(context.now.getTime() + change.caClockAheadMs) };
  const result = await requestFromLabCa(
    caContext,
    change === null ? planned : { ...planned, names: change.names },
    server,
  );
  const certificate = result.certificate;
  const findings: Finding[] = [];
  const assignedOn = assignmentServers(planned);
  for (const on of assignedOn) {
    const set = await assignCertificate(
      context.store,
      {
        server: on,
        uses: planned.uses,
        thumbprint: certificate.facts.thumbprint,
        topology,
        effectiveDate: null,
        roll: false,
        force: change?.forced ?? false,
        // The lab root is in the store, and the store's roots are trusted.
        systemRoots: [],
      },
      context.now,
    );
    if (!set.assigned) {
      // The plan's own certificate refused by its own rules: a bug in uccert, not a user error.
      const why = [...set.refusals, ...set.findings.map((f) => `${f.code}: ${f.message}`)].join('; ');
      throw new Error(
        `set refused ${certificate.facts.thumbprint} on ${on} (${planned.uses.join(',')}): ${why}`,
      );
    }
    findings.push(...set.findings);
  }
  return {
    planned,
    assignedOn,
    requestId: result.requestId,
    certificate,
    findings,
    notes: result.notes,
    planted: change !== null,
  };
}
