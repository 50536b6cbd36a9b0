// The `check` use case, pure: certificates as assigned (a file, the store, or what an endpoint
// served) × the plan's requirements × the clock × trust → one report, grouped by server and use.
// A certificate held for several uses is checked once per use; findings about the certificate
// itself (validity, chain, key) are reported once, for all its uses.

import type { CertificateFacts } from '../x509/certificate-facts.js';
import { normalizeDnsName } from '../x509/name-coverage.js';
import { type ChainTrust, type TrustStore, verifyChainTrust } from './chain-trust.js';
import type { CheckedRequirement, FixContext, PrivateKeyFacts } from './check-context.js';
import { type CoverageRow, describeCoverage } from './coverage-matrix.js';
import type { Finding } from './finding.js';
import { checkCertificate } from './rules.js';

/** One certificate as it is (or would be) assigned: a server, the uses it holds, where it came from. */
export interface CertificateAssignment {
  readonly server: string;
  readonly uses: readonly string[];
  /** The file, `store`, or the endpoint `host:port` it was read from. */
  readonly source: string;
  /** Leaf first, then what came with it (a PFX/P7B's CAs, or the chain a server sent). */
  readonly chain: readonly Uint8Array[];
  readonly certificate: CertificateFacts;
  /**
   * Whether `chain` is what a server sent. A file's chain is not: the server sends intermediates
   * from its own store, so an intermediate missing from the file is not CHAIN_INCOMPLETE.
   */
  readonly chainSent: boolean;
  readonly privateKey: PrivateKeyFacts | null;
  /** Extra findings the source produced (a probe's HOSTNAME_MISMATCH), shown with the rest. */
  readonly extraFindings?: readonly Finding[];
  /**
   * The chain's trust, when the caller already verified this very chain against the settings'
   * trust store (a scan sees one chain on many endpoints); otherwise it is verified here.
   */
  readonly verifiedTrust?: ChainTrust;
}

export interface CheckSettings {
  readonly now: Date;
  readonly warnDays: number;
  /** Null: do not verify chains (no trust store). */
  readonly trustStore: TrustStore | null;
  readonly fix: FixContext;
}

export interface AssignmentCheck {
  readonly assignment: CertificateAssignment;
  readonly requirements: readonly CheckedRequirement[];
  readonly trust: ChainTrust | null;
  /** Per use, the coverage matrix column. */
  readonly coverage: readonly { readonly use: string; readonly rows: readonly CoverageRow[] }[];
  readonly findings: readonly Finding[];
}

export type RequirementLookup = (server: string, use: string) => CheckedRequirement | null;

/** A lookup over the plan's requirements, by server and use (both case-insensitive, as PowerShell's -Type). */
export function indexRequirements(requirements: readonly CheckedRequirement[]): RequirementLookup {
  const key = (server: string, use: string) => `${normalizeDnsName(server)}|${use.toLowerCase()}`;
  const index = new Map(requirements.map((r) => [key(r.server, r.use), r]));
  return (server, use) => index.get(key(server, use)) ?? null;
}

export function checkAssignment(
  assignment: CertificateAssignment,
  requirements: readonly CheckedRequirement[],
  settings: CheckSettings,
): AssignmentCheck {
  const verified =
    settings.trustStore === null
      ? null
      : (assignment.verifiedTrust ?? verifyChainTrust(assignment.chain, settings.trustStore));
  const trust =
    verified === null || assignment.chainSent ? verified : { ...verified, notSent: [], sentByServer: false };
  const uses = requirements.map((r) => r.use);
  const perUse = requirements.map((requirement) =>
    checkCertificate({
      certificate: assignment.certificate,
      requirement,
      heldFor: requirements,
      now: settings.now,
      warnDays: settings.warnDays,
      chainTrust: trust,
      privateKey: assignment.privateKey,
      fix: settings.fix,
      // A served certificate is named by the endpoint it came from; a file by the server.
      target: `${assignment.chainSent ? assignment.source : requirement.server}/${requirement.use}`,
    }),
  );
  return {
    assignment,
    requirements,
    trust,
    coverage: requirements.map((r) => ({
      use: r.use,
      rows: describeCoverage(assignment.certificate.alternativeNames, r),
    })),
    findings: [
      ...mergeAcrossUses(perUse, assignment.chainSent ? assignment.source : assignment.server, uses),
      ...(assignment.extraFindings ?? []),
    ],
  };
}

/** A finding every use reports the same way is about the certificate: keep one, for all its uses. */
function mergeAcrossUses(perUse: readonly Finding[][], server: string, uses: readonly string[]): Finding[] {
  if (perUse.length <= 1) return perUse.flat();
  const key = (f: Finding) => `${f.code}\u0000${f.message}`;
  const counts = new Map<string, number>();
  for (const findings of perUse)
    for (const k of new Set(findings.map(key))) counts.set(k, (counts.get(k) ?? 0) + 1);
  const shared = new Set([...counts].filter(([, n]) => n === perUse.length).map(([k]) => k));
  const merged: Finding[] = [];
  const emitted = new Set<string>();
  for (const findings of perUse) {
    for (const f of findings) {
      const k = key(f);
      if (!shared.has(k)) merged.push(f);
      else if (!emitted.has(k)) {
        emitted.add(k);
        merged.push({ ...f, target: `${server}/${uses.join(',')}` });
      }
    }
  }
  return merged;
}
