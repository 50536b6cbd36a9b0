// The scan document: what `uccert scan --json` prints and the console shows (architecture.md,
// "scan JSON"). A contract: extend it, never rename.

import type { Finding } from '../check/finding.js';

export const endpointStatuses = [
  'ok',
  'refused',
  'timeout',
  'unreachable',
  'not-tls',
  'handshake-failed',
] as const;
export type EndpointStatus = (typeof endpointStatuses)[number];

export const driftKinds = ['none', 'served-not-assigned', 'not-assigned', 'not-served'] as const;
export type Drift = (typeof driftKinds)[number];

export interface ServedChain {
  /** The leaf's SHA-1 thumbprint. */
  readonly thumbprint: string;
  /** Every certificate as sent, leaf first (thumbprints). */
  readonly chain: readonly string[];
  readonly protocol: string | null;
  readonly cipher: string | null;
  readonly notAfter: string;
  /** The leaf's subject (for the expiry report and the console). */
  readonly subject: string;
}

export interface ScanEndpointResult {
  /** `host:port`. */
  readonly endpoint: string;
  readonly host: string;
  readonly port: number;
  /** The server whose assignment the endpoint is held to, or null (an SRV target outside the topology). */
  readonly server: string | null;
  readonly use: string;
  /** Why the endpoint is scanned: a server's port, a pool or web services FQDN, an SRV target, … */
  readonly source: EndpointSource;
  readonly status: EndpointStatus;
  readonly served: ServedChain | null;
  /** The thumbprint that should be served (the store's assignment, a staged roll's previous), or null. */
  readonly assigned: string | null;
  readonly drift: Drift;
  readonly findings: readonly Finding[];
  /** What went wrong, when status is not ok. */
  readonly error: { readonly code: string; readonly message: string } | null;
  /** From the start of the connection to the end of the handshake (or the failure). */
  readonly elapsedMs: number;
}

export type EndpointSource =
  | 'server'
  | 'pool'
  | 'web-services'
  | 'edge'
  | 'reverse-proxy'
  | 'srv'
  | 'lyncdiscover'
  | 'lyncdiscoverinternal';

export type ExpiryGrade = 'green' | 'amber' | 'red';

export interface ExpiryEntry {
  readonly thumbprint: string;
  readonly subject: string;
  readonly notAfter: string;
  readonly daysLeft: number;
  readonly grade: ExpiryGrade;
  /** The endpoints serving it, and `server/use` where it is assigned. */
  readonly where: readonly string[];
}

export interface ScanSummary {
  readonly endpoints: number;
  readonly reached: number;
  readonly errors: number;
  readonly warnings: number;
  readonly drifted: number;
  /** Endpoints per status. */
  readonly byStatus: Readonly<Record<EndpointStatus, number>>;
}

export type ScanChange =
  | {
      readonly kind: 'thumbprint-changed';
      readonly endpoint: string;
      readonly from: string | null;
      readonly to: string | null;
    }
  | {
      readonly kind: 'finding-new' | 'finding-resolved';
      readonly target: string;
      readonly code: string;
      readonly message: string;
    }
  | {
      readonly kind: 'unreachable' | 'reachable';
      readonly endpoint: string;
      readonly from: EndpointStatus;
      readonly to: EndpointStatus;
    }
  | { readonly kind: 'endpoint-new' | 'endpoint-gone'; readonly endpoint: string }
  | {
      readonly kind: 'entered-warning-window';
      readonly thumbprint: string;
      readonly subject: string;
      readonly daysLeft: number;
      readonly grade: ExpiryGrade;
      readonly where: readonly string[];
    };

export interface ScanDocument {
  readonly scanId: number;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  /** The topology file as the user named it. */
  readonly topology: string;
  readonly endpoints: readonly ScanEndpointResult[];
  readonly findings: readonly Finding[];
  readonly expiry: readonly ExpiryEntry[];
  readonly summary: ScanSummary;
  /** With --since only: what changed since that scan. */
  readonly since?: { readonly scanId: number; readonly startedAt: string };
  readonly changes?: readonly ScanChange[];
}
