// Opens the uccert store: one SQLite file in the home directory, created owner-only (0600), in
// WAL mode, migrated to the latest schema. A command writes in exactly one transaction, so a
// process killed at any moment leaves either all of its changes or none (SQLite's atomic commit).
// Every failure of the file (busy, full disk, damage, read-only) becomes an exit-3 error naming it.

import { randomBytes } from 'node:crypto';
import {
  closeSync,
  constants,
  copyFileSync,
  existsSync,
  fsyncSync,
  linkSync,
  mkdtempSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { environmentError, UccertError } from '../errors.js';
import { ensureHomeDirectory } from './home.js';
import { latestSchemaVersion, type Migration, migrations } from './migrations.js';
import { checkBeforeWrite, checkFreeSpace } from './pre-write-check.js';
import { damagedStore, storeFailure, storeFailureKind } from './store-failure.js';
import {
  acquireWriteLock,
  clearLockHolder,
  defaultWriteWaitMs,
  describeLockHolder,
  isProcessAlive,
  noteLockHolder,
} from './write-lock.js';

export type SqliteDatabase = Database.Database;

export const storeFileName = 'uccert.db';

const statementCache = new WeakMap<SqliteDatabase, Map<string, Database.Statement>>();

/**
 * A prepared statement for `sql`, compiled once per connection: bulk imports run the same few
 * statements thousands of times. Callers must not toggle pluck/raw/expand on it (it is shared).
 */
export function statementOf(db: SqliteDatabase, sql: string): Database.Statement {
  let statements = statementCache.get(db);
  if (statements === undefined) {
    statements = new Map();
    statementCache.set(db, statements);
  }
  let statement = statements.get(sql);
  if (statement === undefined) {
    statement = db.prepare(sql);
    statements.set(sql, statement);
  }
  return statement;
}

export interface Store {
  readonly home: string;
  readonly path: string;
  readonly db: SqliteDatabase;
  /** Whether this connection only reads (read-only commands, read-only files). */
  readonly readOnly?: boolean;
  /**
   * Runs `work` in one write transaction (BEGIN IMMEDIATE … COMMIT); rolls back if it throws.
   * Waits for another writer up to the store's bound; do slow work (scrypt, key generation,
   * loading libraries) before calling it.
   */
  write<T>(work: () => Promise<T> | T): Promise<T>;
  /** Runs `work` on one consistent snapshot. */
  read<T>(work: () => T): T;
  close(): void;
}

export interface OpenStoreOptions {
  /** `read`: the store must exist and is never changed, so a read-only file or folder works. */
  readonly access?: 'write' | 'read';
  /** How long a write waits for another writer before it fails (default 30 s). */
  readonly writeWaitMs?: number;
}

export function openStore(home: string, options: OpenStoreOptions = {}): Store {
  const access = options.access ?? 'write';
  const path = join(home, storeFileName);
  if (access === 'write') ensureHomeDirectory(home);
  refuseEmptyFile(path, home);
  if (access === 'read') return openForReading(home, path);
  if (!existsSync(path)) createStoreFile(home, path);
  let db: SqliteDatabase | null = null;
  try {
    db = new Database(path, { timeout: 5000, fileMustExist: true });
    db.pragma('journal_mode = WAL');
    // FULL: a commit that returned is on disk even after a power cut, not only a killed process.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    applyMigrations(db);
    return makeStore(home, path, db, false, options.writeWaitMs ?? defaultWriteWaitMs);
  } catch (error) {
    db?.close();
    throw storeFailure(path, home, error);
  }
}

/**
 * uccert never leaves an empty store file (it creates the store whole, see createStoreFile), so a
 * 0-byte uccert.db was emptied by something else: refused, not silently made a new store.
 */
function refuseEmptyFile(path: string, home: string): void {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    return;
  }
  if (size === 0) {
    throw environmentError(
      'STORE_EMPTY',
      `the uccert store "${path}" is an empty file (0 bytes), not a uccert store`,
      `restore it from a backup (uccert store backup makes one); if "${home}" never held anything, delete the empty file and run the command again`,
    );
  }
}

/**
 * Builds a new store beside its final name and links it into place only once it is migrated, so
 * uccert.db exists only as a whole store, owner-only (0600) from the first byte. link() refuses
 * to replace: when two commands create the store at once, the second uses the first's. The build
 * uses a rollback journal, so every committed page is in the file itself when it is linked (a WAL
 * could still hold pages after a checkpoint that failed on a full disk); openStore turns WAL on.
 */
function createStoreFile(home: string, path: string): void {
  removeAbandonedBuilds(home);
  const building = join(home, `${buildingPrefix}${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    closeSync(openSync(building, constants.O_CREAT | constants.O_EXCL | constants.O_RDWR, 0o600));
    const db = new Database(building, { fileMustExist: true });
    try {
      db.pragma('journal_mode = DELETE');
      db.pragma('synchronous = FULL');
      applyMigrations(db);
    } finally {
      db.close();
    }
    placeWithoutReplacing(building, path);
    syncDirectory(home);
  } catch (error) {
    throw storeFailure(path, home, error);
  } finally {
    for (const suffix of ['', '-journal']) rmSync(`${building}${suffix}`, { force: true });
  }
}

const buildingPrefix = `.${storeFileName}.new-`;

/** A build whose process was killed before it finished is left behind: its pid tells. */
function removeAbandonedBuilds(home: string): void {
  for (const name of readdirSync(home)) {
    if (!name.startsWith(buildingPrefix)) continue;
    const pid = Number(name.slice(buildingPrefix.length).split('-')[0]);
    if (Number.isInteger(pid) && pid !== process.pid && !isProcessAlive(pid)) {
      rmSync(join(home, name), { force: true });
    }
  }
}

/**
 * link() puts the built store in place unless one appeared meanwhile. File systems without hard
 * links (FAT, exFAT, some network shares) get a rename when the name is still free.
 */
function placeWithoutReplacing(building: string, path: string): void {
  try {
    linkSync(building, path);
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? error.code : '';
    if (code === 'EEXIST') return;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw error;
    if (!existsSync(path)) renameSync(building, path);
  }
}

/** Makes the new directory entry durable (POSIX); Windows cannot open a directory, nor needs to. */
function syncDirectory(directory: string): void {
  if (process.platform === 'win32') return;
  const fd = openSync(directory, constants.O_RDONLY);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * A read-only connection. SQLite reads a WAL store only where it can create the shared-memory
 * file beside it; in a read-only folder (a mounted backup, a CD), uccert reads a private copy.
 */
function openForReading(home: string, path: string): Store {
  let db: SqliteDatabase | null = null;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true, timeout: 5000 });
    db.pragma('foreign_keys = ON');
    checkReadableSchema(db, path, home);
    return makeStore(home, path, db, true, 0);
  } catch (error) {
    db?.close();
    const kind = storeFailureKind(error);
    if (error instanceof UccertError || (kind !== 'unreadable' && kind !== 'read-only')) {
      throw storeFailure(path, home, error);
    }
    if (!existsSync(path)) throw storeFailure(path, home, error);
    return openCopyForReading(home, path);
  }
}

function openCopyForReading(home: string, path: string): Store {
  const copyDir = mkdtempSync(join(tmpdir(), 'uccert-read-'));
  const copy = join(copyDir, storeFileName);
  let db: SqliteDatabase | null = null;
  try {
    copyFileSync(path, copy);
    // Committed changes not yet checkpointed live in the WAL: copied too, they are read as well.
    if (existsSync(`${path}-wal`)) copyFileSync(`${path}-wal`, `${copy}-wal`);
    db = new Database(copy, { fileMustExist: true });
    db.pragma('foreign_keys = ON');
    checkReadableSchema(db, path, home);
    const opened = db;
    const store = makeStore(home, path, opened, true, 0);
    return {
      ...store,
      close() {
        opened.close();
        rmSync(copyDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    db?.close();
    rmSync(copyDir, { recursive: true, force: true });
    throw storeFailure(path, home, error);
  }
}

/** A reader cannot migrate: an older schema is refused with the way to upgrade it. */
function checkReadableSchema(db: SqliteDatabase, path: string, home: string): void {
  const version = schemaVersion(db);
  if (version > latestSchemaVersion) throw tooNew(version);
  if (version < latestSchemaVersion) {
    if (version === 0) throw damagedStore(path, home, 'it has no uccert schema');
    throw environmentError(
      'STORE_NEEDS_UPGRADE',
      `the uccert store "${path}" has schema version ${version}, older than this uccert's (${latestSchemaVersion}), and this command only reads`,
      'run any command that writes (for example `uccert store check`) where the store is writable, to upgrade it',
    );
  }
}

function tooNew(current: number): UccertError {
  return environmentError(
    'STORE_TOO_NEW',
    `the uccert store has schema version ${current}, newer than this uccert knows (${latestSchemaVersion})`,
    'upgrade uccert, or use another --home',
  );
}

/** Applies, in version order, each migration newer than the store; gaps in the numbers are fine. */
export function applyMigrations(db: SqliteDatabase, known: readonly Migration[] = migrations): number {
  const current = schemaVersion(db);
  const latest = known.reduce((max, m) => Math.max(max, m.version), 0);
  if (current > latest) throw tooNew(current);
  const ordered = [...known].sort((a, b) => a.version - b.version);
  for (const migration of ordered) {
    if (migration.version <= current) continue;
    db.exec('BEGIN IMMEDIATE');
    try {
      // Re-read inside the lock: another process may have migrated meanwhile.
      if (schemaVersion(db) < migration.version) {
        db.exec(migration.sql);
        db.pragma(`user_version = ${migration.version}`);
      }
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
  }
  return schemaVersion(db);
}

export function schemaVersion(db: SqliteDatabase): number {
  const value = db.pragma('user_version', { simple: true });
  return typeof value === 'number' ? value : 0;
}

function makeStore(
  home: string,
  path: string,
  db: SqliteDatabase,
  readOnly: boolean,
  writeWaitMs: number,
): Store {
  let checked = false;
  return {
    home,
    path,
    db,
    readOnly,
    async write<T>(work: () => Promise<T> | T): Promise<T> {
      if (readOnly) throw storeFailure(path, home, Object.assign(new Error('read-only'), { code: 'EROFS' }));
      try {
        // Once per connection, before the lock: a damaged store is refused before anything is
        // written into it (issue 9, item 16).
        if (!checked) checkBeforeWrite(db, path, home);
        checked = true;
        checkFreeSpace(path, home);
        await acquireWriteLock(() => db.exec('BEGIN IMMEDIATE'), writeWaitMs);
      } catch (error) {
        throw storeFailure(path, home, error, describeLockHolder(path));
      }
      noteLockHolder(path, new Date());
      try {
        const result = await work();
        clearLockHolder(path);
        db.exec('COMMIT');
        return result;
      } catch (error) {
        clearLockHolder(path);
        rollBack(db);
        throw isStoreError(error) ? storeFailure(path, home, error) : error;
      }
    },
    read<T>(work: () => T): T {
      try {
        return db.transaction(work).deferred();
      } catch (error) {
        throw isStoreError(error) ? storeFailure(path, home, error) : error;
      }
    },
    close() {
      db.close();
    },
  };
}

/** A failed rollback (disk gone) leaves SQLite to roll back from its journal on the next open. */
function rollBack(db: SqliteDatabase): void {
  try {
    if (db.inTransaction) db.exec('ROLLBACK');
  } catch {
    // SQLite's own recovery undoes the transaction when the store is next opened.
  }
}

/** SQLite's and the file system's errors, and damage found by the row readers; not uccert's own. */
function isStoreError(error: unknown): boolean {
  if (error instanceof UccertError) return error.code === 'STORE_DAMAGED';
  if (!(error instanceof Error)) return false;
  if (error.name === 'SqliteError') return true;
  return (
    'code' in error && typeof error.code === 'string' && /^(SQLITE_|ENOSPC$|EDQUOT$|EROFS$)/.test(error.code)
  );
}
