// USE_NOT_ASSIGNED: the plan requires a certificate for a server and use, and the store has none
// assigned there (issue 11). Lync starts a service only with a certificate for each of its uses
// (Set-CsCertificate, lync-certificate-rules.md §4.2), so a planned use with nothing assigned is an
// outage waiting for the next restart. OAuthTokenIssuer is assigned once, globally ([L13-OAUTH]).

import type { CheckedRequirement } from './check-context.js';
import type { Finding } from './finding.js';

const setCsCertificatePage = 'https://learn.microsoft.com/en-us/powershell/module/skype/set-cscertificate';

/** The store's name for the deployment-wide scope (uccert set --server global). */
const globalServer = 'global';

export interface UseNotAssignedInput {
  /** The plan's requirements; `scope: 'deployment'` ones are assigned under "global". */
  readonly requirements: readonly (CheckedRequirement & { readonly scope?: string })[];
  /** Whether the store assigns a certificate to this server (or "global") and use. */
  readonly isAssigned: (server: string, use: string) => boolean;
  readonly topologyPath: string;
  /** `server/use` pairs reported elsewhere (an endpoint's drift), not to be repeated. */
  readonly reportedElsewhere?: ReadonlySet<string>;
  /** Names the finding's target; by default `server/use`. */
  readonly targetOf?: (server: string, use: string) => string;
  /**
   * The uses of the planned certificate that holds this server's use (Edge external uses share
   * one certificate), so the printed request names a certificate the plan has (issue 8.8).
   */
  readonly plannedUsesOf?: (server: string, use: string) => readonly string[] | null;
}

export function checkUseNotAssigned(input: UseNotAssignedInput): Finding[] {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const requirement of input.requirements) {
    // Only OAuthTokenIssuer is set with -Identity global; the reverse proxy keeps its own name.
    const deployment = requirement.scope === 'deployment';
    const server = deployment && requirement.use === 'OAuthTokenIssuer' ? globalServer : requirement.server;
    const key = `${server.toLowerCase()}/${requirement.use.toLowerCase()}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (input.reportedElsewhere?.has(key)) continue;
    if (input.isAssigned(server, requirement.use)) continue;
    if (deployment && input.isAssigned(requirement.server, requirement.use)) continue;
    if (deployment && input.isAssigned(globalServer, requirement.use)) continue;
    findings.push(describeUseNotAssigned(server, requirement, input));
  }
  return findings;
}

/** The finding for one server and use with nothing assigned; `target` names where it was seen. */
export function describeUseNotAssigned(
  server: string,
  requirement: Pick<CheckedRequirement, 'use' | 'pool' | 'server'>,
  input: Pick<UseNotAssignedInput, 'topologyPath' | 'targetOf' | 'plannedUsesOf'>,
): Finding {
  const where = server === globalServer ? 'for the deployment (global)' : `on ${server}`;
  const article = /^[AEIOU]/.test(requirement.use) ? 'an' : 'a';
  const pool = requirement.pool === server || server === globalServer ? '' : ` (pool ${requirement.pool})`;
  // The certificate is requested for the server the plan names (OAuth: its planned holder).
  const requestServer = requirement.server;
  const requestUses = input.plannedUsesOf?.(requirement.server, requirement.use) ?? [requirement.use];
  return {
    code: 'USE_NOT_ASSIGNED',
    severity: 'error',
    target: input.targetOf?.(server, requirement.use) ?? `${server}/${requirement.use}`,
    message: `the plan requires ${article} ${requirement.use} certificate ${where}${pool}, and the store has none assigned there`,
    fix: [
      `assign the certificate that holds it: uccert set --server ${server} --type ${requirement.use} --thumbprint <thumbprint>`,
      `or request one first: uccert request --new --type ${requestUses.join(',')} --server ${requestServer} --topology ${input.topologyPath} --ca local`,
    ].join('\n'),
    sources: [setCsCertificatePage],
  };
}
