// What a check rule sees: one certificate's facts, the requirement it must meet (one server × one
// use, the Plan JSON contract's requirement), the time, the trust anchors and, when known, its key.
// Rules are pure functions of this context (style.md, "Checks are named functions").

import type { CertificateFacts } from '../x509/certificate-facts.js';
import type { ChainTrust } from './chain-trust.js';
import type { Finding } from './finding.js';

/**
 * The fields of a plan requirement (architecture.md, "Plan JSON") that the rules read. The
 * requirements module's own type carries more; it is assignable to this one.
 */
export interface CheckedRequirement {
  readonly server: string;
  readonly pool: string;
  readonly role: string;
  readonly use: string;
  readonly subject: string;
  readonly acceptedSubjects: readonly string[];
  readonly requiredNames: readonly string[];
  readonly optionalNames: readonly string[];
  readonly wildcardAllowed: boolean;
  readonly extendedKeyUsage: readonly string[];
  readonly exportableKey: boolean;
  readonly publicCa: boolean;
  readonly minKeySize: number;
  readonly sources: readonly string[];
  /** Per name: whether a wildcard may stand for it ([L13-WILD]); absent means every name may. */
  readonly reasons?: readonly { readonly name: string; readonly wildcardEligible: boolean }[];
}

/** Whether a wildcard SAN may stand for `name` on this requirement. */
export function mayWildcardCover(requirement: CheckedRequirement, name: string): boolean {
  if (!requirement.wildcardAllowed) return false;
  const reason = requirement.reasons?.find((r) => r.name === name);
  return reason === undefined || reason.wildcardEligible;
}

/** What is known about the private key: from a PFX or the store. Null when no key was seen. */
export interface PrivateKeyFacts {
  readonly exportable: boolean;
}

/** Where the fix commands point: the topology file and its SIP domains. */
export interface FixContext {
  /** The topology path as the user gave it, for `uccert request --topology …`. */
  readonly topologyPath: string;
  readonly sipDomains: readonly string[];
  /**
   * `server|name` pairs Request-CsCertificate computes from the topology itself for that server
   * (the plan's names minus its requestDomainNames): they need no -DomainName. Absent: none known.
   */
  readonly derivedNames?: ReadonlySet<string>;
}

export interface CheckContext {
  /** The leaf being checked. */
  readonly certificate: CertificateFacts;
  /** The uses this certificate holds on this server; `requirement` is one of them. */
  readonly requirement: CheckedRequirement;
  /** Every requirement the same certificate is checked for on this server (a combined certificate), this one included. */
  readonly heldFor: readonly CheckedRequirement[];
  readonly now: Date;
  readonly warnDays: number;
  /** The leaf's path to a trust anchor (system roots and --ca), or null when not verified. */
  readonly chainTrust: ChainTrust | null;
  readonly privateKey: PrivateKeyFacts | null;
  readonly fix: FixContext;
  /** `server/use`, an endpoint `host:port`, or a file: the finding's target. */
  readonly target: string;
}

export type CheckRule = (context: CheckContext) => readonly Finding[];
