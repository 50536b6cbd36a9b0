// The plan: what `uccert plan` computes and `check`, `request` and `demo` consume. Its JSON form
// is the "Plan JSON" contract of architecture.md: `{ requirements, certificates }`.

import type { CertificateUse } from './certificate-use.js';
import type { ExtendedKeyUsage, Need, PlanRole } from './rule-table.js';

/** Why one name is in a requirement. */
export interface NameReason {
  /** Lowercase DNS name. */
  readonly name: string;
  readonly need: Need;
  readonly why: string;
  /** URLs of the Microsoft pages behind it. */
  readonly sources: readonly string[];
  /** Whether one wildcard SAN may stand in for it. */
  readonly wildcardEligible: boolean;
}

/** One server × one use (architecture.md, "Plan JSON"). */
export interface Requirement {
  readonly server: string;
  readonly pool: string;
  readonly role: PlanRole;
  readonly use: CertificateUse;
  /** The subject CN to request. */
  readonly subject: string;
  /** Every CN Microsoft accepts; empty means any (A/V authentication reads neither SN nor SAN). */
  readonly acceptedSubjects: readonly string[];
  readonly requiredNames: readonly string[];
  /** Recommended and allowed names. */
  readonly optionalNames: readonly string[];
  readonly wildcardAllowed: boolean;
  readonly extendedKeyUsage: readonly ExtendedKeyUsage[];
  readonly exportableKey: boolean;
  readonly publicCa: boolean;
  readonly minKeySize: number;
  readonly sources: readonly string[];
  /** One certificate per server, one shared by the whole pool, or one for the deployment. */
  readonly scope: 'server' | 'pool' | 'deployment';
  /** Each name, why it is there and its sources. */
  readonly reasons: readonly NameReason[];
  readonly notes: readonly string[];
}

export interface WildcardSuggestion {
  /** The wildcard SAN, as `*.contoso.com`. */
  readonly wildcard: string;
  /** The names it may replace (one left-most label of its own domain each). */
  readonly replaces: readonly string[];
  /** Names that may take a wildcard but that no suggested wildcard covers (so they stay). */
  readonly doesNotCover: readonly string[];
}

/** One certificate to request, for one or more uses (architecture.md, "Plan JSON"). */
export interface PlannedCertificate {
  readonly id: number;
  readonly uses: readonly CertificateUse[];
  /** The servers it goes on: one, every member of an Edge pool, or the global OAuth holder. */
  readonly servers: readonly string[];
  readonly pool: string;
  readonly role: PlanRole;
  readonly subject: string;
  /** The SAN DNS names to request, subject included where it must be repeated. */
  readonly names: readonly string[];
  readonly wildcardAllowed: boolean;
  readonly exportableKey: boolean;
  readonly publicCa: boolean;
  readonly extendedKeyUsage: readonly ExtendedKeyUsage[];
  readonly minKeySize: number;
  readonly scope: 'server' | 'pool' | 'deployment';
  /** Names Request-CsCertificate does not derive from the topology: its -DomainName. */
  readonly requestDomainNames: readonly string[];
  /** Whether Request-CsCertificate gets -AllSipDomain (asked for, and this certificate has such names). */
  readonly requestAllSipDomain: boolean;
  readonly wildcardSuggestions: readonly WildcardSuggestion[];
  readonly notes: readonly string[];
}

export interface Plan {
  readonly requirements: readonly Requirement[];
  readonly certificates: readonly PlannedCertificate[];
}

export type Grouping = 'combined' | 'separate';

export interface PlanOptions {
  /** combined: Default + web services in one certificate per server; separate: one per use. */
  readonly grouping: Grouping;
  /** As Request-CsCertificate -AllSipDomain (architecture.md decision). */
  readonly allSipDomain: boolean;
  /** As Request-CsCertificate -DomainName: extra SAN names (a wildcard is added only where allowed). */
  readonly domainNames: readonly string[];
  /** Only this server's (or pool's) requirements and certificates; null for all. */
  readonly server: string | null;
}

export const defaultPlanOptions: PlanOptions = {
  grouping: 'combined',
  allSipDomain: false,
  domainNames: [],
  server: null,
};
