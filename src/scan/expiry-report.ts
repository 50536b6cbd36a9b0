// The expiry report, pure: days left for every certificate served or assigned, graded green,
// amber (within --warn-days) or red (within --critical-days, or expired), soonest first.

import type { ExpiryEntry, ExpiryGrade } from './scan-document.js';

export const defaultCriticalDays = 7;

export interface ExpiryInput {
  readonly thumbprint: string;
  readonly subject: string;
  readonly notAfter: string;
  readonly where: string;
}

export interface ExpiryWindows {
  readonly warnDays: number;
  readonly criticalDays: number;
}

const msPerDay = 86_400_000;

/** Whole days left (negative once expired): 23 h left is 0 days. */
export function daysLeft(notAfter: string, now: Date): number {
  return Math.floor((Date.parse(notAfter) - now.getTime()) / msPerDay);
}

export function gradeDaysLeft(days: number, windows: ExpiryWindows): ExpiryGrade {
  if (days <= windows.criticalDays) return 'red';
  return days <= windows.warnDays ? 'amber' : 'green';
}

export function buildExpiryReport(
  inputs: Iterable<ExpiryInput>,
  now: Date,
  windows: ExpiryWindows,
): ExpiryEntry[] {
  const byThumbprint = new Map<string, { input: ExpiryInput; where: string[] }>();
  for (const input of inputs) {
    const entry = byThumbprint.get(input.thumbprint) ?? { input, where: [] };
    if (!entry.where.includes(input.where)) entry.where.push(input.where);
    byThumbprint.set(input.thumbprint, entry);
  }
  return [...byThumbprint.values()]
    .map(({ input, where }) => {
      const days = daysLeft(input.notAfter, now);
      return {
        thumbprint: input.thumbprint,
        subject: input.subject,
        notAfter: input.notAfter,
        daysLeft: days,
        grade: gradeDaysLeft(days, windows),
        where,
      };
    })
    .sort((a, b) => a.notAfter.localeCompare(b.notAfter) || a.thumbprint.localeCompare(b.thumbprint));
}
