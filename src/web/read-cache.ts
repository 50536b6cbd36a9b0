// The console's read routes (plan, check, get, scan --list/--show) cost seconds on a large
// deployment, and the page asks for the same documents on every load. Their answer depends only on
// the topology and the store, so it is kept until the store file changes (any commit touches the
// database or its WAL) or a few minutes pass (days left move with the clock). Concurrent asks for
// the same document share one run.

import { statSync } from 'node:fs';
import { join } from 'node:path';
import { storeFileName } from '../store/store.js';
import type { CommandOutcome } from './command-runner.js';

const maxAgeMs = 5 * 60 * 1000;

interface Entry {
  readonly fingerprint: string;
  readonly at: number;
  readonly outcome: Promise<CommandOutcome>;
}

function fileStamp(path: string): string {
  try {
    const s = statSync(path);
    return `${s.size}:${s.mtimeMs}`;
  } catch {
    return '-';
  }
}

/** What changes whenever the store does: the database file and its write-ahead log. */
export function storeFingerprint(home: string): string {
  const db = join(home, storeFileName);
  return `${fileStamp(db)}|${fileStamp(`${db}-wal`)}`;
}

export function createReadCache(home: string, clock: () => number = Date.now) {
  const entries = new Map<string, Entry>();
  return (argv: readonly string[], run: () => Promise<CommandOutcome>): Promise<CommandOutcome> => {
    const key = argv.join('\u0000');
    const fingerprint = storeFingerprint(home);
    const held = entries.get(key);
    if (held !== undefined && held.fingerprint === fingerprint && clock() - held.at < maxAgeMs)
      return held.outcome;
    const outcome = run();
    entries.set(key, { fingerprint, at: clock(), outcome });
    // A failure is not kept: the next ask runs it again.
    outcome.then(
      (o) => {
        if (o.status !== 200) entries.delete(key);
      },
      () => entries.delete(key),
    );
    return outcome;
  };
}
