// A problem found in a topology: the key path, and what is wrong with the value there.
// Readers and validation rules collect them all, so the user sees every problem at once.

import { inputErrorAbout, type UccertError } from '../errors.js';

export interface TopologyProblem {
  /** Key path in the topology, as `pools[2].servers[0]`. */
  readonly path: string;
  /** What is wrong, quoting the value. */
  readonly message: string;
}

export function formatProblem(problem: TopologyProblem): string {
  return problem.path === '' ? problem.message : `${problem.path}: ${problem.message}`;
}

/** One input error (exit 2) listing every problem of the topology named `source`. */
export function topologyError(source: string, problems: readonly TopologyProblem[]): UccertError {
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  const lines = problems.map((p) => `  - ${formatProblem(p)}`);
  return inputErrorAbout(
    source,
    'INVALID_TOPOLOGY',
    `topology "${source}" has ${count}:\n${lines.join('\n')}`,
    'fix each key named above; examples/contoso.yaml shows every key of the format',
  );
}

/** Longest string value quoted whole; a longer one (a pasted file, say) is cut short. */
const maxQuoted = 60;

export function quote(value: unknown): string {
  if (typeof value === 'string') {
    return value.length <= maxQuoted
      ? JSON.stringify(value)
      : `${JSON.stringify(value.slice(0, maxQuoted))}… (${value.length} characters)`;
  }
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}
