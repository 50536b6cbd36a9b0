// The coverage matrix of `check`: every name a requirement lists, and how the certificate covers
// it: exactly, by a wildcard (allowed or not), or not at all. Pure; the renderer draws it.

import { findCoveringName } from '../x509/name-coverage.js';
import { type CheckedRequirement, mayWildcardCover } from './check-context.js';

export type CoverageCell = 'exact' | 'wildcard' | 'wildcard-not-allowed' | 'missing';

export interface CoverageRow {
  readonly name: string;
  readonly need: 'required' | 'optional';
  readonly coverage: CoverageCell;
  /** The certificate name that covers it, or null. */
  readonly by: string | null;
}

export function describeCoverage(
  alternativeNames: readonly string[],
  requirement: CheckedRequirement,
): CoverageRow[] {
  const row = (name: string, need: CoverageRow['need']): CoverageRow => {
    const covering = findCoveringName(alternativeNames, name);
    if (covering === null) return { name, need, coverage: 'missing', by: null };
    if (covering.coverage === 'exact') return { name, need, coverage: 'exact', by: covering.name };
    return {
      name,
      need,
      coverage: mayWildcardCover(requirement, name) ? 'wildcard' : 'wildcard-not-allowed',
      by: covering.name,
    };
  };
  return [
    ...requirement.requiredNames.map((n) => row(n, 'required')),
    ...requirement.optionalNames.map((n) => row(n, 'optional')),
  ];
}
