// `set`, as Set-CsCertificate [PS-SET] (lync-certificate-rules.md §4.2): assigns a stored
// certificate to uses of one server. With a topology it is first checked against the requirement of
// every use (the check rules) and refused on an error unless forced; it warns ASSIGNMENT_SPLIT;
// -Roll stages it at an effective date, checking the token lead time; OAuthTokenIssuer is global;
// Edge pool members must hold the same A/V certificate.

import { checkAssignmentSplit } from '../check/assignment-split.js';
import { buildTrustStore, withStoreRoots } from '../check/chain-trust.js';
import { type CertificateAssignment, checkAssignment } from '../check/check-assignments.js';
import { type Finding, hasErrors } from '../check/finding.js';
import { inputError } from '../errors.js';
import { findRequirements, globalServer, globalUses } from '../requests/planned-certificate-lookup.js';
import { buildStoredChain } from '../requests/stored-chain.js';
import { defaultPlanOptions } from '../requirements/plan-model.js';
import { planRequirements } from '../requirements/plan-requirements.js';
import { type Assignment, readAssignment, setAssignment } from '../store/assignment-records.js';
import {
  findCertificateById,
  findCertificateByThumbprint,
  listStoredRoots,
  type StoredCertificate,
} from '../store/certificate-records.js';
import { isoInstant } from '../store/instant.js';
import { readPrivateKeyRecord } from '../store/private-key-records.js';
import type { Store } from '../store/store.js';
import type { Topology } from '../topology/model.js';
import { formatSetCsCertificate } from './cmdlet-lines.js';
import { findDifferingMembers, listEdgePoolPeers } from './edge-pool-members.js';
import { findRollsTooLate, leadHoursFor, type RollTooLate } from './roll-lead-time.js';

export interface SetRequest {
  readonly server: string;
  readonly uses: readonly string[];
  readonly thumbprint: string;
  /** The topology to check the certificate against, and its path (for fix commands). */
  readonly topology: { readonly topology: Topology; readonly path: string } | null;
  readonly effectiveDate: Date | null;
  readonly roll: boolean;
  readonly force: boolean;
  /** This machine's trusted roots (DER), as `check` reads them; the store's roots are added. */
  readonly systemRoots: readonly Uint8Array[];
}

export interface SetResult {
  readonly server: string;
  readonly uses: readonly string[];
  readonly certificate: StoredCertificate;
  /** Check findings for every use, then ASSIGNMENT_SPLIT. */
  readonly findings: readonly Finding[];
  /** Whether it was assigned (false: refused). */
  readonly assigned: boolean;
  readonly forced: boolean;
  /** Why it was refused besides error findings (a roll too late), or what --force overrode. */
  readonly refusals: readonly string[];
  readonly warnings: readonly string[];
  readonly notes: readonly string[];
  readonly assignments: readonly Assignment[];
  /** The equivalent Management Shell line. */
  readonly command: string;
}

const avUse = 'AudioVideoAuthentication';

/** Input errors that do not depend on the store: --roll without a date, OAuth off "global". */
export function validateSetRequest(request: SetRequest): void {
  if (request.roll && request.effectiveDate === null) {
    throw inputError(
      'ROLL_NEEDS_EFFECTIVE_DATE',
      'set --roll needs --effective-date (Set-CsCertificate -Roll fails without -EffectiveDate)',
      'give the time the new certificate takes over, e.g. --effective-date 2026-07-01T06:00:00Z',
    );
  }
  if (!request.roll && request.effectiveDate !== null) {
    throw inputError(
      'EFFECTIVE_DATE_NEEDS_ROLL',
      'set --effective-date stages a roll-over and needs --roll',
      'add --roll, or drop --effective-date to assign the certificate now',
    );
  }
  const global = request.uses.filter((u) => globalUses.has(u));
  if (global.length > 0 && request.uses.length > global.length) {
    throw inputError(
      'OAUTH_IS_GLOBAL',
      `OAuthTokenIssuer is assigned globally, not with ${request.uses.filter((u) => !globalUses.has(u)).join(',')} on one server`,
      `assign it on its own: uccert set --server global --type OAuthTokenIssuer --thumbprint ${request.thumbprint}`,
    );
  }
  if (global.length > 0 && request.server.toLowerCase() !== globalServer) {
    throw inputError(
      'OAUTH_IS_GLOBAL',
      `OAuthTokenIssuer is one certificate for the whole deployment (Set-CsCertificate -Identity global), not a certificate of "${request.server}"`,
      `give --server global: uccert set --server global --type OAuthTokenIssuer --thumbprint ${request.thumbprint}`,
    );
  }
}

function unknownThumbprint(thumbprint: string): Error {
  return inputError(
    'UNKNOWN_THUMBPRINT',
    `no certificate with thumbprint "${thumbprint}" is in this uccert store`,
    'import it first (uccert import FILE), or request one (uccert request --new …); `uccert get` lists the assigned ones',
  );
}

function describeLate(late: RollTooLate, effective: Date): string {
  return `--effective-date ${isoInstant(effective)} is too late for ${late.use}: the certificate it replaces (${late.oldThumbprint}) expires ${late.oldNotAfter}, and tokens signed before the switch live ${late.leadHours} hours, so the date must be ${isoInstant(late.latest)} or earlier`;
}

function checkAgainstPlan(
  store: Store,
  request: SetRequest,
  certificate: StoredCertificate,
  now: Date,
): Finding[] {
  if (request.topology === null) return [];
  const { topology, path } = request.topology;
  const plan = planRequirements(topology, defaultPlanOptions);
  const known = new Set(plan.requirements.map((r) => r.server.toLowerCase()));
  if (request.server.toLowerCase() !== globalServer && !known.has(request.server.toLowerCase())) {
    throw inputError(
      'UNKNOWN_SERVER',
      `server "${request.server}" is not in ${path} (known: ${[...known, globalServer].join(', ')})`,
      'check --server: give a server FQDN, or "global" for OAuthTokenIssuer',
    );
  }
  const { found, missing } = findRequirements(plan, request.server, request.uses);
  if (missing.length > 0) {
    const uses = plan.requirements
      .filter((r) => r.server.toLowerCase() === request.server.toLowerCase())
      .map((r) => r.use);
    throw inputError(
      'UNKNOWN_USE',
      `${request.server} has no certificate use ${missing.join(', ')} in ${path} (its uses: ${uses.join(', ')})`,
      'check --type; names are the Set-CsCertificate -Type values',
    );
  }
  const key =
    certificate.privateKeyId === null ? null : readPrivateKeyRecord(store.db, certificate.privateKeyId);
  const chain = buildStoredChain(store.db, certificate);
  const assignment: CertificateAssignment = {
    server: request.server.toLowerCase(),
    uses: request.uses,
    source: 'store',
    chain: [certificate.der, ...chain.issuers.map((c) => c.der)],
    chainSent: false,
    certificate: certificate.facts,
    privateKey: key === null ? null : { exportable: key.exportable },
  };
  // The same rules and the same trust as `check` of the store's assignments: this machine's roots
  // and the roots in the store (issue 8.7), so a certificate set accepts, check accepts too.
  return [
    ...checkAssignment(assignment, found, {
      now,
      warnDays: 30,
      trustStore: withStoreRoots(buildTrustStore(request.systemRoots, []), listStoredRoots(store.db)),
      fix: { topologyPath: path, sipDomains: topology.sipDomains },
    }).findings,
  ];
}

function checkEdgePool(store: Store, request: SetRequest, thumbprint: string): string[] {
  if (request.topology === null || !request.uses.includes(avUse)) return [];
  const pool = listEdgePoolPeers(request.topology.topology, request.server);
  if (pool === null || pool.peers.length === 0) return [];
  const holdings = pool.peers.map((server) => ({
    server,
    thumbprint: readAssignment(store.db, server, avUse)?.thumbprint ?? null,
  }));
  const differing = findDifferingMembers(holdings, thumbprint);
  if (differing.length === 0) return [];
  const described = differing
    .map((m) => `${m.server} (${m.thumbprint === null ? 'none assigned' : `holds ${m.thumbprint}`})`)
    .join(', ');
  const staged = request.roll ? ", imported and rolled before the first member's effective date" : '';
  return [
    `every member of Edge pool ${pool.pool} must hold the same A/V authentication certificate and key${staged}; not yet: ${described}. Assign it there too: ${differing
      .map(
        (m) =>
          `uccert set --server ${m.server} --type ${request.uses.join(',')} --thumbprint ${thumbprint}${request.roll && request.effectiveDate !== null ? ` --roll --effective-date ${isoInstant(request.effectiveDate)}` : ''}`,
      )
      .join('; ')}`,
  ];
}

/**
 * A roll-over takes effect in the future: an effective date already past would write a history in
 * which the roll took effect before it was assigned (issue 8.2), so it is refused.
 */
function refusePastEffectiveDate(request: SetRequest, now: Date): void {
  const effective = request.roll ? request.effectiveDate : null;
  if (effective === null || effective.getTime() >= now.getTime()) return;
  throw inputError(
    'EFFECTIVE_DATE_PAST',
    `--effective-date ${isoInstant(effective)} is already past (now is ${isoInstant(now)}): a roll-over stages a certificate for a later time`,
    `give a later --effective-date, or assign it now without --roll: uccert set --server ${request.server} --type ${request.uses.join(',')} --thumbprint ${request.thumbprint}`,
  );
}

export async function assignCertificate(store: Store, request: SetRequest, now: Date): Promise<SetResult> {
  validateSetRequest(request);
  refusePastEffectiveDate(request, now);
  const server = request.server.toLowerCase();
  return store.write(() => {
    const certificate = findCertificateByThumbprint(store.db, request.thumbprint);
    if (certificate === null) throw unknownThumbprint(request.thumbprint);
    const { thumbprint } = certificate.facts;
    const current = Object.fromEntries(
      request.uses.map((use) => [use, readAssignment(store.db, server, use)]),
    );
    const split = checkAssignmentSplit({
      server,
      uses: request.uses,
      current: Object.fromEntries(request.uses.map((use) => [use, current[use]?.thumbprint ?? null])),
      thumbprint,
    });
    const findings = [
      ...checkAgainstPlan(store, request, certificate, now),
      ...(split === null ? [] : [split]),
    ];
    const refusals: string[] = [];
    const notes: string[] = [];
    if (request.topology === null) {
      notes.push(
        "not checked against a topology: give --topology FILE, or remember the deployment's with uccert topology use FILE, to have set refuse a certificate that does not meet the uses",
      );
    }
    if (certificate.privateKeyId === null) {
      notes.push(
        'the store holds no private key for this certificate: the server that uses it must have the key',
      );
    }
    const effective = request.roll && request.effectiveDate !== null ? request.effectiveDate : null;
    if (effective !== null) {
      const rolled = request.uses.map((use) => {
        const held = current[use];
        const old =
          held === null || held === undefined ? null : findCertificateById(store.db, held.certificateId);
        return {
          use,
          current: old === null ? null : { thumbprint: old.facts.thumbprint, notAfter: old.facts.notAfter },
        };
      });
      refusals.push(...findRollsTooLate(rolled, effective).map((late) => describeLate(late, effective)));
      if (leadHoursFor(request.uses) === null) {
        notes.push(
          `staging ${request.uses.join(',')} works but gains nothing: only AudioVideoAuthentication and OAuthTokenIssuer tokens outlive the switch`,
        );
      }
      for (const r of rolled.filter((x) => x.current === null)) {
        notes.push(
          `${r.use} has no certificate on ${server} yet: nothing to roll from; it takes effect at the effective date`,
        );
      }
      notes.push(
        "Set-CsCertificate reads -EffectiveDate in the server's local time and regional format: the line below gives it in UTC, en-US; convert it if the server differs",
      );
    }
    const warnings = checkEdgePool(store, request, thumbprint);
    const command = formatSetCsCertificate({ uses: request.uses, thumbprint, effectiveDate: effective });
    const base = { server, uses: request.uses, certificate, findings, refusals, warnings, notes, command };
    const blocked = refusals.length > 0 || hasErrors(findings);
    if (blocked && !request.force) {
      return { ...base, assigned: false, forced: false, assignments: [] };
    }
    const assignments = request.uses.map((use) =>
      setAssignment(
        store.db,
        {
          server,
          use,
          certificateId: certificate.id,
          effectiveAt: isoInstant(effective ?? now),
          roll: effective !== null,
        },
        now,
      ),
    );
    return { ...base, assigned: true, forced: blocked, assignments };
  });
}
