// The store's write lock: SQLite's (BEGIN IMMEDIATE), taken with a bounded, jittered wait so that
// concurrent uccert commands queue instead of failing (issue 9, item 12). The wait is asynchronous:
// SQLite's own busy handler would sleep on the event loop, which the console cannot afford.
// Whoever holds the lock notes its pid and command beside the store, so a writer that gives up can
// name it.

import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { storeFailureKind } from './store-failure.js';

/** How long a writer waits for another to finish before giving up (a lab CA issue takes ~50 ms). */
export const defaultWriteWaitMs = 30_000;

export interface LockHolder {
  readonly pid: number;
  readonly command: string;
  readonly since: string;
}

export function holderFileOf(storePath: string): string {
  return `${storePath}-writer`;
}

/** The uccert command this process runs, as far as it is safe to show (never its options' values). */
function currentCommand(): string {
  const words = process.argv.slice(2, 4).filter((word) => /^[a-z][a-z-]{0,20}$/.test(word));
  return ['uccert', ...words].join(' ');
}

/**
 * Takes the write lock, waiting up to `waitMs` with exponential backoff and jitter. Throws
 * SQLite's SQLITE_BUSY error past the deadline (the caller names the holder).
 */
export async function acquireWriteLock(
  begin: () => void,
  waitMs: number,
  clock: () => number = () => performance.now(),
): Promise<void> {
  const deadline = clock() + waitMs;
  let pause = 2;
  for (;;) {
    try {
      begin();
      return;
    } catch (error) {
      if (storeFailureKind(error) !== 'busy' || clock() >= deadline) throw error;
    }
    // Jitter spreads the retries of many writers, so no one writer is starved by the others.
    const jittered = pause / 2 + Math.random() * pause;
    await sleep(Math.max(1, Math.min(jittered, deadline - clock())));
    pause = Math.min(pause * 2, 100);
  }
}

/** Best effort: a holder note that cannot be written (full disk) must not fail the write. */
export function noteLockHolder(storePath: string, now: Date): void {
  const holder: LockHolder = { pid: process.pid, command: currentCommand(), since: now.toISOString() };
  try {
    writeFileSync(holderFileOf(storePath), `${JSON.stringify(holder)}\n`, { mode: 0o600 });
  } catch {
    // The note is only used to name us in another writer's error message.
  }
}

export function clearLockHolder(storePath: string): void {
  try {
    rmSync(holderFileOf(storePath), { force: true });
  } catch {
    // As above: a stale note is recognised by its pid.
  }
}

/** Whether a process with this pid runs (signal 0 only checks; Windows supports it too). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return error instanceof Error && 'code' in error && error.code === 'EPERM';
  }
}

/** Who holds the lock, in words, or undefined when no live uccert command says it does. */
export function describeLockHolder(storePath: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(holderFileOf(storePath), 'utf8'));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { pid, command, since } = parsed as Record<string, unknown>;
  if (typeof pid !== 'number' || typeof command !== 'string' || typeof since !== 'string') return undefined;
  if (pid === process.pid || !isProcessAlive(pid)) return undefined;
  return `held by \`${command}\`, process ${pid}, since ${since}`;
}
