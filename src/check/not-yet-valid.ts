// NOT_YET_VALID: notBefore is after now (RFC 5280 §4.1.2.5). Says by how much; when the gap is
// within 10 minutes of a real UTC offset, a time-zone setting on the CA or the server is the
// likely cause (local time stamped as UTC): lync-certificate-rules.md §6.2, "Certificate not yet
// valid right after issuance"; Microsoft CAs back-date notBefore by ClockSkewMinutes (10 min by default).

import type { CertificateFacts } from '../x509/certificate-facts.js';
import { describeCertificate, describeDuration, formatInstant } from './certificate-label.js';
import type { Finding } from './finding.js';

/** Every UTC offset in use, in minutes (IANA tz database), from −12:00 to +14:00. */
const utcOffsetsMinutes = [
  -720, -660, -600, -570, -540, -480, -420, -360, -300, -240, -210, -180, -120, -60, 60, 120, 180, 210, 240,
  270, 300, 330, 345, 360, 390, 420, 480, 525, 540, 570, 600, 630, 660, 720, 765, 780, 825, 840,
] as const;

/** How far a gap may sit from an offset and still be explained by it. */
const toleranceMinutes = 10;

export interface TimeZoneDiagnosis {
  /** The offset, in minutes, at which a clock that keeps local time as UTC produces this gap. */
  readonly offsetMinutes: number;
  /** `+05:00`, `+05:30`. */
  readonly offset: string;
  /** The opposite offset: a checking clock kept that far behind produces the same gap. */
  readonly oppositeOffset: string | null;
  /** notBefore's wall-clock digits read at `offset`: the instant the CA most likely meant. */
  readonly notBeforeAtOffset: string;
  /** That instant in UTC. */
  readonly meantUtc: string;
}

export function formatUtcOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/**
 * The UTC offset that explains a notBefore `gapMs` ahead of now, or null. A CA whose clock keeps
 * the local time of UTC+05:00 but stamps it as UTC issues certificates 5 h "in the future"; so
 * does a checking server kept at UTC−05:00 local time as UTC.
 */
export function diagnoseTimeZone(notBefore: Date, gapMs: number): TimeZoneDiagnosis | null {
  const gapMinutes = gapMs / 60_000;
  let best: number | null = null;
  for (const offset of utcOffsetsMinutes) {
    if (offset <= 0) continue;
    const distance = Math.abs(gapMinutes - offset);
    if (distance <= toleranceMinutes && (best === null || distance < Math.abs(gapMinutes - best)))
      best = offset;
  }
  if (best === null) return null;
  const opposite = (utcOffsetsMinutes as readonly number[]).includes(-best) ? formatUtcOffset(-best) : null;
  const offset = formatUtcOffset(best);
  return {
    offsetMinutes: best,
    offset,
    oppositeOffset: opposite,
    notBeforeAtOffset: `${notBefore.toISOString().slice(0, 19)}${offset}`,
    meantUtc: formatInstant(new Date(notBefore.getTime() - best * 60_000)),
  };
}

export function checkNotYetValid(facts: CertificateFacts, now: Date, target: string): Finding | null {
  const notBefore = new Date(facts.notBefore);
  const gapMs = notBefore.getTime() - now.getTime();
  if (gapMs <= 0) return null;
  const certificate = describeCertificate(facts);
  const gap = describeDuration(gapMs);
  const zone = diagnoseTimeZone(notBefore, gapMs);
  const base = `${certificate} is not valid yet: notBefore is ${facts.notBefore}, ${gap} after now (${formatInstant(now)})`;
  if (zone === null) {
    return {
      code: 'NOT_YET_VALID',
      severity: 'error',
      target,
      message: base,
      fix:
        `wait ${gap}, or check the clocks: the CA that issued it and this server must agree on UTC ` +
        '(w32tm /query /status; w32tm /resync); a CA can back-date new certificates with ' +
        'certutil -setreg ca\\ClockSkewMinutes N',
      sources,
    };
  }
  const server =
    zone.oppositeOffset === null
      ? ''
      : `; or the clock it was checked against runs at UTC${zone.oppositeOffset} local time with its time zone set to UTC`;
  return {
    code: 'NOT_YET_VALID',
    severity: 'error',
    target,
    message:
      `${base}. The gap is a whole UTC offset (${zone.offset}): a time-zone setting is the likely cause. ` +
      `Read as local time at UTC${zone.offset}, notBefore is ${zone.notBeforeAtOffset} = ${zone.meantUtc}, ` +
      `${describeSkew(zone.meantUtc, now)}: the issuing CA probably runs its clock at UTC${zone.offset} local time ` +
      `with its time zone set to UTC${server}`,
    fix:
      `check the time zone and clock of the issuing CA and of this server (both must keep correct UTC: ` +
      'w32tm /tz, w32tm /query /status), fix the one that is off, then reissue the certificate ' +
      `(or wait ${gap} until it becomes valid)`,
    sources,
  };
}

function describeSkew(meantUtc: string, now: Date): string {
  const skewMs = new Date(meantUtc).getTime() - now.getTime();
  if (Math.abs(skewMs) < 60_000) return 'which is now';
  return `within ${describeDuration(skewMs)} of now`;
}

const sources = [
  'RFC 5280 §4.1.2.5',
  'https://www.sysadmins.lv/blog-en/default.aspx?page=17 (AD CS back-dates NotBefore by ClockSkewMinutes)',
] as const;
