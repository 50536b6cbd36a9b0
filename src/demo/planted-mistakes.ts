// The three mistakes `uccert demo` plants (issue 12), each one an administrator meets in real life:
// 1. the Front End pool's web certificate lacks lyncdiscover.<the second SIP domain> (mobile
//    sign-in breaks for that domain);
// 2. the Edge external certificate is not yet valid by a whole number of hours: the issuing CA's
//    clock (or time zone) was that far ahead;
// 3. one Front End serves a certificate other than the one assigned to it (drift).
// Pure: which planned certificate gets which mistake, and how it is described.

import { clockSkewMs } from '../ca/ca-context.js';
import type { PlannedCertificate } from '../requirements/plan-model.js';
import type { Topology } from '../topology/model.js';

/** How far ahead the CA's clock was: a whole number of hours, as a wrong time zone makes it. */
export const caClockAheadHours = 5;

/**
 * The CA backdates notBefore by its clock-skew allowance (ca-context.ts); its clock runs that much
 * further ahead, so notBefore lands exactly `caClockAheadHours` after the real time.
 */
const backdateMs = clockSkewMs;

export interface PlantedChange {
  /** The names to request instead of the plan's (mistake 1). */
  readonly names: readonly string[];
  /** How far ahead of the real time the CA's clock is when it issues this one (mistake 2). */
  readonly caClockAheadMs: number;
  /** The set use case refuses these: they are assigned as `set --force` would. */
  readonly forced: boolean;
}

export interface PlantedMistake {
  readonly title: string;
  readonly where: string;
}

const hourMs = 3_600_000;

/** The web certificates of the first Front End pool (one per server, or one for the pool). */
function frontEndWebs(plan: readonly PlannedCertificate[]): PlannedCertificate[] {
  const web = (c: PlannedCertificate) => c.role === 'frontEnd' && c.uses.includes('WebServicesExternal');
  const pool = plan.find(web)?.pool;
  return plan.filter((c) => web(c) && c.pool === pool);
}

function edgeExternal(plan: readonly PlannedCertificate[]): PlannedCertificate | undefined {
  return plan.find((c) => c.role === 'edge' && c.uses.includes('AccessEdgeExternal'));
}

/** The lyncdiscover name mistake 1 leaves out: that of the second SIP domain (else the only one). */
export function droppedLyncdiscover(topology: Topology): string {
  const domain = topology.sipDomains[1] ?? topology.sipDomains[0] ?? '';
  return `lyncdiscover.${domain}`;
}

/** What changes when `planned` is issued and assigned with the mistakes planted; null: nothing. */
export function plantedChange(
  planned: PlannedCertificate,
  plan: readonly PlannedCertificate[],
  topology: Topology,
): PlantedChange | null {
  if (frontEndWebs(plan).includes(planned)) {
    const dropped = droppedLyncdiscover(topology);
    return { names: planned.names.filter((n) => n !== dropped), caClockAheadMs: 0, forced: true };
  }
  if (planned === edgeExternal(plan)) {
    return { names: planned.names, caClockAheadMs: caClockAheadHours * hourMs + backdateMs, forced: true };
  }
  return null;
}

/** Mistake 3: the Front End that serves another certificate (the last server of the first pool). */
export function driftingFrontEnd(
  plan: readonly PlannedCertificate[],
): { planned: PlannedCertificate; server: string } | null {
  const planned = frontEndWebs(plan).at(-1);
  const server = planned?.servers[planned.servers.length - 1];
  return planned === undefined || server === undefined ? null : { planned, server };
}

export function describeMistakes(plan: readonly PlannedCertificate[], topology: Topology): PlantedMistake[] {
  const webs = frontEndWebs(plan);
  const web = webs[0];
  const edge = edgeExternal(plan);
  const drift = driftingFrontEnd(plan);
  return [
    ...(web === undefined
      ? []
      : [
          {
            title: `The Front End pool's web certificate lacks ${droppedLyncdiscover(topology)}: mobile sign-in breaks for that SIP domain (NAME_NOT_COVERED)`,
            where: `${web.pool}: ${webs.flatMap((c) => c.servers).join(', ')} ${web.uses.join(',')}`,
          },
        ]),
    ...(edge === undefined
      ? []
      : [
          {
            title: `The Edge external certificate is not yet valid for another ${caClockAheadHours} hours: the issuing CA's clock or time zone was wrong (NOT_YET_VALID)`,
            where: `${edge.pool}: ${edge.servers.join(', ')} ${edge.uses.join(',')}`,
          },
        ]),
    ...(drift === null
      ? []
      : [
          {
            title: `${drift.server} serves a certificate other than the one assigned to it (drift: SERVED_NOT_ASSIGNED in the scan)`,
            where: `${drift.server} ${drift.planned.uses.join(',')}`,
          },
        ]),
  ];
}
