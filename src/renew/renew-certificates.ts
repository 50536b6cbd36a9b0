// `uccert renew`: the yearly renewal. For each certificate in use (assignments) that is selected,
// a new key and request from the CURRENT plan (not a copy of the old names), the subject fields
// and friendly name carried over from the certificate in use, and the name diff with reasons.
// planRenewals computes and touches nothing; renewCertificates writes, issues (lab CA) or writes
// the CSRs (offline), records each renewal against the certificate it replaces, and stages the
// roll for A/V authentication and OAuth.

import { join } from 'node:path';
import { assignCertificate, type SetResult } from '../assign/set-assignment.js';
import type { CaContext } from '../ca/ca-context.js';
import { encodePem } from '../ca/pem-encoding.js';
import { inputError, UccertError } from '../errors.js';
import {
  findPlannedCertificate,
  findRequirements,
  globalServer,
  globalUses,
  parseUseList,
  sortUses,
} from '../requests/planned-certificate-lookup.js';
import { requestCertificate } from '../requests/request-certificate.js';
import type { CertificateUse } from '../requirements/certificate-use.js';
import { defaultPlanOptions, type PlannedCertificate, type PlanOptions } from '../requirements/plan-model.js';
import { planRequirements } from '../requirements/plan-requirements.js';
import { listAssignments, readAssignment } from '../store/assignment-records.js';
import { findCertificateById, type StoredCertificate } from '../store/certificate-records.js';
import type { KeyAlgorithmName } from '../store/private-key-records.js';
import { insertRenewal, recordRenewalRoll } from '../store/renewal-records.js';
import type { Store } from '../store/store.js';
import type { Topology } from '../topology/model.js';
import { type CarriedSubject, parseCarriedSubject } from './carried-subject.js';
import { diffNames, type NameDiff } from './name-diff.js';
import { type RollSchedule, scheduleRoll } from './roll-schedule.js';

export type RenewSelection =
  | { readonly kind: 'one'; readonly server: string; readonly uses: readonly string[] }
  | { readonly kind: 'all' }
  | { readonly kind: 'expiring'; readonly days: number };

export interface RenewalTarget {
  /** The servers that hold the certificate for these uses (an Edge pool's members share one). */
  readonly servers: readonly string[];
  readonly uses: readonly CertificateUse[];
  readonly current: StoredCertificate;
  readonly planned: PlannedCertificate;
  readonly diff: NameDiff;
  readonly subject: CarriedSubject;
  readonly friendlyName: string | null;
  readonly clientEku: boolean;
  readonly keyAlgorithm: KeyAlgorithmName;
  readonly rsaBits: number;
}

export interface SkippedTarget {
  readonly servers: readonly string[];
  readonly uses: readonly string[];
  readonly thumbprint: string;
  readonly reason: string;
}

export interface RenewalPlan {
  readonly targets: readonly RenewalTarget[];
  readonly skipped: readonly SkippedTarget[];
}

export interface KeyOverride {
  readonly keyAlgorithm: KeyAlgorithmName | null;
  readonly rsaBits: number | null;
}

const dayMs = 86_400_000;

const curveAlgorithms: Readonly<Record<string, KeyAlgorithmName>> = {
  prime256v1: 'ECDH_P256',
  secp384r1: 'ECDH_P384',
  secp521r1: 'ECDH_P521',
};

/** The new key: the old one's kind and size (at least 2048 bits RSA), unless overridden. */
function chooseKey(
  current: StoredCertificate,
  override: KeyOverride,
): { keyAlgorithm: KeyAlgorithmName; rsaBits: number } {
  const facts = current.facts;
  const old: KeyAlgorithmName =
    facts.keyAlgorithm === 'EC' ? (curveAlgorithms[facts.curve ?? ''] ?? 'ECDH_P256') : 'RSA';
  const oldBits = facts.keyAlgorithm === 'RSA' ? Math.max(2048, facts.keySize) : 2048;
  return {
    keyAlgorithm: override.keyAlgorithm ?? old,
    rsaBits: override.rsaBits ?? (oldBits > 4096 ? 4096 : oldBits > 2048 ? 4096 : 2048),
  };
}

interface Holding {
  servers: string[];
  uses: string[];
  certificateId: number;
}

/** The certificates in use: per certificate and set of uses, the servers that hold it. */
function listHoldings(store: Store): Holding[] {
  const perServer = new Map<string, Holding>();
  for (const a of listAssignments(store.db)) {
    const key = `${a.server}|${a.certificateId}`;
    const holding = perServer.get(key) ?? { servers: [a.server], uses: [], certificateId: a.certificateId };
    holding.uses.push(a.use);
    perServer.set(key, holding);
  }
  const merged = new Map<string, Holding>();
  for (const h of perServer.values()) {
    const uses = sortUses(h.uses);
    const key = `${h.certificateId}|${uses.join(',')}`;
    const found = merged.get(key);
    if (found === undefined) merged.set(key, { ...h, uses });
    else found.servers.push(...h.servers);
  }
  return [...merged.values()];
}

function selectedHoldings(store: Store, selection: RenewSelection, now: Date): Holding[] {
  if (selection.kind === 'one') {
    const server = selection.server.toLowerCase();
    const uses = parseUseList([...selection.uses], 'type');
    const held = uses.map((use) => ({ use, assignment: readAssignment(store.db, server, use) }));
    const missing = held.filter((h) => h.assignment === null).map((h) => h.use);
    if (missing.length > 0) {
      throw inputError(
        'NOTHING_TO_RENEW',
        `${server} has no certificate assigned for ${missing.join(',')}, so there is nothing to renew`,
        `request a first one: uccert request --new --server ${server} --type ${uses.join(',')} --topology FILE --ca local; or see what is assigned: uccert get --server ${server}`,
      );
    }
    return [{ servers: [server], uses, certificateId: held[0]!.assignment!.certificateId }];
  }
  const holdings = listHoldings(store);
  if (selection.kind === 'all') return holdings;
  const limit = now.getTime() + selection.days * dayMs;
  return holdings.filter((h) => {
    const certificate = findCertificateById(store.db, h.certificateId);
    return certificate !== null && Date.parse(certificate.facts.notAfter) <= limit;
  });
}

/** What renewing would do, computed from the store and the current topology; writes nothing. */
export function planRenewals(
  store: Store,
  topology: Topology,
  selection: RenewSelection,
  options: Pick<PlanOptions, 'allSipDomain' | 'domainNames'>,
  keyOverride: KeyOverride,
  now: Date,
): RenewalPlan {
  const plan = planRequirements(topology, { ...defaultPlanOptions, ...options });
  return store.read(() => {
    const targets: RenewalTarget[] = [];
    const skipped: SkippedTarget[] = [];
    for (const holding of selectedHoldings(store, selection, now)) {
      const current = findCertificateById(store.db, holding.certificateId);
      if (current === null) continue;
      const server = holding.servers[0]!;
      const uses = parseUseList(holding.uses, 'type');
      let planned: PlannedCertificate;
      try {
        planned = findPlannedCertificate(topology, server, uses, options);
      } catch (error) {
        if (!(error instanceof UccertError) || selection.kind === 'one') throw error;
        skipped.push({
          servers: holding.servers,
          uses,
          thumbprint: current.facts.thumbprint,
          reason: error.message,
        });
        continue;
      }
      const requirementServer = uses.every((u) => globalUses.has(u)) ? globalServer : server;
      const { found } = findRequirements(plan, requirementServer, uses);
      const oldNames = [
        ...current.facts.alternativeNames,
        ...(current.facts.subjectCommonName === null ? [] : [current.facts.subjectCommonName]),
      ];
      targets.push({
        servers: holding.servers,
        uses,
        current,
        planned,
        diff: diffNames(
          [...new Set(oldNames.map((n) => n.toLowerCase()))],
          planned,
          found,
          topology.sipDomains,
        ),
        subject: parseCarriedSubject(current.facts.subject),
        friendlyName: current.friendlyName,
        clientEku: current.facts.extendedKeyUsage.includes('clientAuth'),
        ...chooseKey(current, keyOverride),
      });
    }
    return { targets, skipped };
  });
}

export interface RenewalOutcome {
  readonly target: RenewalTarget;
  readonly requestId: number;
  readonly csrPath: string | null;
  readonly certificate: StoredCertificate | null;
  readonly roll: RollSchedule;
  /** The staged roll-over per server (lab CA and A/V or OAuth only). */
  readonly staged: readonly SetResult[];
  /** The Set-CsCertificate line (with -Roll -EffectiveDate when staged), once there is a certificate. */
  readonly commands: readonly string[];
}

export interface RenewWrite {
  readonly ca: 'local' | 'offline';
  /** Offline: the directory the CSRs go to; the writer returns the absolute path. */
  readonly outputDirectory: string | null;
  readonly writeFile: (path: string, content: string) => string;
  readonly topology: { readonly topology: Topology; readonly path: string };
  /** This machine's trusted roots, read once at the edge: staged rolls are checked as set does. */
  readonly systemRoots: readonly Uint8Array[];
}

function csrFileName(target: RenewalTarget): string {
  return `${target.servers[0]}-${target.uses.join('-')}.csr`.toLowerCase();
}

export async function renewCertificates(
  context: CaContext,
  renewal: RenewalPlan,
  write: RenewWrite,
): Promise<RenewalOutcome[]> {
  const outcomes: RenewalOutcome[] = [];
  for (const target of renewal.targets) {
    const server = target.uses.every((u) => globalUses.has(u)) ? globalServer : target.servers[0]!;
    let csrPath: string | null = null;
    const result = await requestCertificate(context, {
      planned: target.planned,
      server: server === globalServer ? (target.planned.servers[0] ?? server) : server,
      keyAlgorithm: target.keyAlgorithm,
      rsaBits: target.rsaBits,
      subject: target.subject,
      friendlyName: target.friendlyName ?? undefined,
      clientEku: target.clientEku,
      exportableAsked: false,
      ca: write.ca,
      writeCsr: (der) => {
        csrPath = write.writeFile(
          join(write.outputDirectory ?? '.', csrFileName(target)),
          encodePem('CERTIFICATE REQUEST', der),
        );
      },
    });
    await context.store.write(() =>
      insertRenewal(
        context.store.db,
        {
          requestId: result.requestId,
          replacesCertificateId: target.current.id,
          server,
          uses: target.uses,
          gained: target.diff.gained.map((g) => g.name),
          lost: target.diff.lost.map((l) => l.name),
        },
        context.now,
      ),
    );
    const certificate = result.certificate;
    const roll = scheduleRoll(
      target.uses,
      target.current.facts.notAfter,
      certificate?.facts.notBefore ?? null,
      context.now,
    );
    const staged: SetResult[] = [];
    const commands: string[] = [];
    if (certificate !== null && roll.kind === 'staged') {
      const holders = server === globalServer ? [globalServer] : target.servers;
      for (const holder of holders) {
        staged.push(
          await assignCertificate(
            context.store,
            {
              server: holder,
              uses: target.uses,
              thumbprint: certificate.facts.thumbprint,
              topology: write.topology,
              effectiveDate: roll.effective,
              roll: true,
              force: false,
              systemRoots: write.systemRoots,
            },
            context.now,
          ),
        );
      }
      await context.store.write(() => recordRenewalRoll(context.store.db, result.requestId, roll.effective));
      commands.push(...new Set(staged.map((s) => s.command)));
    }
    outcomes.push({ target, requestId: result.requestId, csrPath, certificate, roll, staged, commands });
  }
  return outcomes;
}
