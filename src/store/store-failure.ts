// What a failing store means to the user. SQLite's result codes (sqlite.org/rescode.html) and the
// file system's errors become one UccertError each, exit 3, naming the store file and what to do:
// a full disk says how much to free, a damaged store says to restore a backup or run `store check`.

import { statfsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { environmentError, UccertError } from '../errors.js';

export type StoreFailureKind = 'busy' | 'full' | 'read-only' | 'unreadable' | 'not-a-store' | 'damaged';

/** SQLite primary result codes (the extended code's prefix) and Node errno codes, by meaning. */
const failureByCode: readonly (readonly [string, StoreFailureKind])[] = [
  ['SQLITE_BUSY', 'busy'],
  ['SQLITE_NOTADB', 'not-a-store'],
  ['SQLITE_LOCKED', 'busy'],
  ['SQLITE_FULL', 'full'],
  ['ENOSPC', 'full'],
  ['EDQUOT', 'full'],
  ['SQLITE_READONLY', 'read-only'],
  ['EROFS', 'read-only'],
  ['EACCES', 'unreadable'],
  ['EPERM', 'unreadable'],
  ['SQLITE_CANTOPEN', 'unreadable'],
  ['SQLITE_PERM', 'unreadable'],
  ['SQLITE_AUTH', 'unreadable'],
  ['SQLITE_IOERR', 'unreadable'],
  ['SQLITE_NOMEM', 'unreadable'],
  // Everything else SQLite says about uccert's own fixed statements means the file no longer has
  // the schema uccert wrote: CORRUPT, NOTADB, ERROR ("no such column"), MISMATCH, CONSTRAINT, …
];

function errorCode(error: unknown): string {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : '';
}

/** Whether `error` came from SQLite or the file system (not from uccert's own logic). */
export function isStoreFault(error: unknown): boolean {
  const code = errorCode(error);
  return (
    code.startsWith('SQLITE_') ||
    failureByCode.some(([prefix]) => code === prefix) ||
    (error instanceof Error && error.name === 'SqliteError')
  );
}

export function storeFailureKind(error: unknown): StoreFailureKind {
  const code = errorCode(error);
  const found = failureByCode.find(([prefix]) => code === prefix || code.startsWith(`${prefix}_`));
  return found?.[1] ?? 'damaged';
}

/** The command that shows what is wrong with the store in `home`, exactly as a user types it. */
export function storeCheckCommand(home: string): string {
  return `uccert store check --home ${shellWord(home)}`;
}

/** A path as one POSIX shell word: bare when it is plain, else single-quoted. */
export function shellWord(text: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

function freeBytes(directory: string): number | null {
  try {
    const stats = statfsSync(directory);
    return Number(stats.bavail) * Number(stats.bsize);
  } catch {
    return null;
  }
}

/**
 * The free space a write needs: room for its own pages in the WAL (1 MB is far more than one
 * command writes, bulk imports aside), and for a checkpoint to copy the whole WAL into the
 * database file, which can grow by that much (sqlite.org/wal.html).
 */
export function spaceNeeded(path: string): number {
  return 1024 * 1024 + sizeOf(`${path}-wal`);
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The user-facing error for a store fault; a UccertError passes through (damage gets the path). */
export function storeFailure(path: string, home: string, error: unknown, busyHolder?: string): UccertError {
  if (error instanceof UccertError) {
    if (error.code === 'STORE_DAMAGED' && !error.message.includes(path)) {
      return damagedStore(path, home, error.message.replace(/^the uccert store (has )?/, ''), error);
    }
    return error;
  }
  const kind = storeFailureKind(error);
  switch (kind) {
    case 'busy':
      return environmentError(
        'STORE_BUSY',
        `the uccert store "${path}" stayed locked by another writer${busyHolder === undefined ? '' : ` (${busyHolder})`}`,
        'wait for the other command to finish, then run this one again',
        error,
      );
    case 'full':
      return diskFull(path, home, error);
    case 'read-only':
      return environmentError(
        'STORE_READ_ONLY',
        `the uccert store "${path}" is read-only, and this command changes it`,
        'run it where the store file and its folder are writable, or use commands that only read (get, check, export, store check)',
        error,
      );
    case 'unreadable':
      return environmentError(
        'STORE_UNREADABLE',
        `cannot open the uccert store "${path}" (${reasonOf(error)})`,
        'check the file and its permissions, or use another --home',
        error,
      );
    case 'not-a-store':
      // STORE_UNREADABLE, as before this file said more: the code is part of the contract.
      return environmentError(
        'STORE_UNREADABLE',
        `cannot open the uccert store "${path}" (${reasonOf(error)})`,
        `the file is damaged or is not a uccert store: restore it from a backup, or use another --home; to see what is wrong, run: ${storeCheckCommand(home)}`,
        error,
      );
    case 'damaged':
      return damagedStore(path, home, reasonOf(error), error);
  }
}

/** The disk is full: nothing was changed, and this is what to free. */
export function diskFull(path: string, _home: string, cause?: unknown): UccertError {
  const free = freeBytes(dirname(path));
  const needed = spaceNeeded(path);
  return environmentError(
    'STORE_DISK_FULL',
    `the disk holding the uccert store "${path}" is full${free === null ? '' : ` (${megabytes(free)} free)`}; nothing was changed`,
    `free at least ${megabytes(Math.max(needed - (free ?? 0), 1024 * 1024))} on the disk of "${dirname(path)}" (a write needs ${megabytes(needed)}: room for its pages and to merge the store's write-ahead log), then run the command again`,
    cause,
  );
}

/** A store whose file no longer holds what uccert wrote. */
export function damagedStore(path: string, home: string, detail: string, cause?: unknown): UccertError {
  return environmentError(
    'STORE_DAMAGED',
    `the uccert store "${path}" is damaged (${detail})`,
    `restore it from a backup (uccert store backup makes one); to see every problem, run: ${storeCheckCommand(home)}`,
    cause,
  );
}
