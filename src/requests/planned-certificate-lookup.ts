// Finds what the plan says one server needs for a set of uses: the planned certificate that
// `request` asks for (subject and SAN names from the plan, as Request-CsCertificate computes them
// from the topology), and the requirements `set` checks a certificate against. Pure.

import { inputError } from '../errors.js';
import { type CertificateUse, certificateUses, isLyncUse } from '../requirements/certificate-use.js';
import type { Plan, PlannedCertificate, PlanOptions, Requirement } from '../requirements/plan-model.js';
import { planRequirements } from '../requirements/plan-requirements.js';
import type { Topology } from '../topology/model.js';

/** OAuthTokenIssuer is one certificate for the deployment, assigned with -Identity global [L13-OAUTH]. */
export const globalServer = 'global';
export const globalUses: ReadonlySet<string> = new Set<CertificateUse>(['OAuthTokenIssuer']);

/** `Default,WebServicesInternal` (comma-separated, repeatable) as Set-CsCertificate -Type names them. */
export function parseUseList(texts: readonly string[], flag: string): CertificateUse[] {
  const uses: CertificateUse[] = [];
  for (const item of texts.flatMap((t) => t.split(','))) {
    const text = item.trim();
    if (text === '') continue;
    const use = certificateUses.find((u) => u.toLowerCase() === text.toLowerCase());
    if (use === undefined) {
      throw inputError(
        'BAD_OPTION_VALUE',
        `--${flag} "${text}" is not a certificate use`,
        `use the Set-CsCertificate -Type names: ${certificateUses.filter(isLyncUse).join(', ')}; or ReverseProxy for the reverse proxy's listener`,
      );
    }
    if (!uses.includes(use)) uses.push(use);
  }
  if (uses.length === 0) {
    throw inputError(
      'BAD_USAGE',
      `--${flag} is missing`,
      `give the uses, for example --${flag} Default,WebServicesInternal,WebServicesExternal`,
    );
  }
  return uses;
}

/** Uses in the order of the Set-CsCertificate -Type list (certificateUses), for stable output. */
export function sortUses(uses: readonly string[]): string[] {
  const rank = (use: string) => {
    const i = (certificateUses as readonly string[]).indexOf(use);
    return i < 0 ? certificateUses.length : i;
  };
  return [...uses].sort((a, b) => rank(a) - rank(b));
}

function sameUses(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((u) => b.includes(u));
}

/** Whether `server` names the certificate's holder: one of its servers, or "global" for OAuth. */
function holds(certificate: PlannedCertificate, server: string): boolean {
  const name = server.toLowerCase();
  if (name === globalServer) return certificate.uses.every((u) => globalUses.has(u));
  return certificate.servers.some((s) => s.toLowerCase() === name);
}

/**
 * The planned certificate for `server` and exactly `uses`: a combined one (Default and the web
 * services together), else one per use. Anything else is an input error listing what the plan has.
 */
export function findPlannedCertificate(
  topology: Topology,
  server: string,
  uses: readonly CertificateUse[],
  options: Pick<PlanOptions, 'allSipDomain' | 'domainNames'>,
): PlannedCertificate {
  const plans: Plan[] = (['combined', 'separate'] as const).map((grouping) =>
    planRequirements(topology, { ...options, grouping, server: null }),
  );
  for (const plan of plans) {
    const found = plan.certificates.find((c) => holds(c, server) && sameUses(c.uses, uses));
    if (found !== undefined) return found;
  }
  const combined = plans[0]?.certificates ?? [];
  const ofServer = combined.filter((c) => holds(c, server));
  if (ofServer.length === 0) {
    const known = [...new Set(combined.flatMap((c) => c.servers)), globalServer].join(', ');
    throw inputError(
      'UNKNOWN_SERVER',
      `server "${server}" is not in the topology (known: ${known})`,
      'check --server; give a server FQDN, not a pool FQDN (as Request-CsCertificate -ComputerFqdn)',
    );
  }
  const groups = ofServer.map((c) => c.uses.join(',')).join('; ');
  throw inputError(
    'UNKNOWN_USE',
    `the plan has no certificate for ${server} with exactly the uses ${uses.join(',')} (it plans: ${groups})`,
    'give --type with the uses of one planned certificate (see `uccert plan TOPOLOGY --server FQDN`), or one use alone',
  );
}

/** The requirement of each use on `server` ("global" finds the deployment's OAuth requirement). */
export function findRequirements(
  plan: Plan,
  server: string,
  uses: readonly string[],
): { found: Requirement[]; missing: string[] } {
  const name = server.toLowerCase();
  const found: Requirement[] = [];
  const missing: string[] = [];
  for (const use of uses) {
    const requirement = plan.requirements.find(
      (r) =>
        r.use === use && (name === globalServer ? r.scope === 'deployment' : r.server.toLowerCase() === name),
    );
    if (requirement === undefined) missing.push(use);
    else found.push(requirement);
  }
  return { found, missing };
}
