// Where one wildcard may stand in for several names of a certificate, and where a wildcard the
// user asked for would not cover a name. All coverage goes through x509/name-coverage.ts: a
// wildcard covers exactly one left-most label of its own domain (rules §3).

import { coverageOf, isWildcardName, normalizeDnsName } from '../x509/name-coverage.js';
import type { WildcardSuggestion } from './plan-model.js';

/** `*.contoso.com` for `meet.contoso.com`, or null when no usable wildcard covers the name. */
export function wildcardFor(host: string): string | null {
  const name = normalizeDnsName(host);
  const dot = name.indexOf('.');
  if (dot <= 0) return null;
  const candidate = `*.${name.slice(dot + 1)}`;
  return isWildcardName(candidate) && coverageOf(candidate, name) === 'wildcard' ? candidate : null;
}

/**
 * Wildcards that would each replace two or more of the `eligible` names; each lists the eligible
 * names no suggested wildcard covers (`*.contoso.com` never covers `meet.fabrikam.com`).
 */
export function suggestWildcards(eligible: readonly string[]): WildcardSuggestion[] {
  const byWildcard = new Map<string, string[]>();
  for (const name of eligible) {
    const wildcard = wildcardFor(name);
    if (wildcard === null) continue;
    const list = byWildcard.get(wildcard);
    if (list === undefined) byWildcard.set(wildcard, [name]);
    else list.push(name);
  }
  const chosen = [...byWildcard].filter(([, replaces]) => replaces.length >= 2);
  const covered = new Set(chosen.flatMap(([, replaces]) => replaces));
  const doesNotCover = eligible.filter((n) => !covered.has(n));
  return chosen.map(([wildcard, replaces]) => ({ wildcard, replaces, doesNotCover }));
}

export interface AppliedWildcards {
  /** The names left once the wildcards stand in for the ones they cover. */
  readonly names: readonly string[];
  /** Sentences for the user: what each wildcard does not cover. */
  readonly notes: readonly string[];
}

/**
 * Applies the wildcards among `names` (given by the user with --domain-name): each replaces the
 * eligible names it covers; eligible names it does not cover stay, and a note says so.
 */
export function applyWildcards(names: readonly string[], eligible: ReadonlySet<string>): AppliedWildcards {
  const wildcards = names.filter((n) => n.startsWith('*'));
  if (wildcards.length === 0) return { names, notes: [] };
  const covered = (n: string): boolean => wildcards.some((w) => coverageOf(w, n) === 'wildcard');
  const kept = names.filter((n) => !(eligible.has(n) && covered(n)));
  const notes = names
    .filter((n) => eligible.has(n) && !covered(n))
    .map(
      (n) =>
        `${wildcards.join(' or ')} does not cover ${n}: a wildcard stands for one left-most label of its own domain, so ${n} stays in the SAN`,
    );
  return { names: kept, notes };
}
