// Opens the uccert store: one SQLite file in the home directory, created owner-only (0600), in
// WAL mode, migrated to the latest schema. A command writes in exactly one transaction, so a
// process killed at any moment leaves either all of its changes or none (SQLite's atomic commit).

import { closeSync, constants, openSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { environmentError, UccertError } from '../errors.js';
import { ensureHomeDirectory } from './home.js';
import { latestSchemaVersion, migrations } from './migrations.js';

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
  /** Runs `work` in one write transaction (BEGIN IMMEDIATE … COMMIT); rolls back if it throws. */
  write<T>(work: () => Promise<T> | T): Promise<T>;
  /** Runs `work` on one consistent snapshot. */
  read<T>(work: () => T): T;
  close(): void;
}

export function openStore(home: string): Store {
  ensureHomeDirectory(home);
  const path = join(home, storeFileName);
  createOwnerOnly(path);
  let db: SqliteDatabase | null = null;
  try {
    db = new Database(path, { timeout: 5000 });
    db.pragma('journal_mode = WAL');
    // FULL: a commit that returned is on disk even after a power cut, not only a killed process.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    applyMigrations(db);
    return makeStore(home, path, db);
  } catch (error) {
    db?.close();
    throw error instanceof UccertError ? error : storeError(path, error);
  }
}

/**
 * Creates the database file with mode 0600 before SQLite opens it; SQLite then gives its -wal and
 * -shm files the same permissions as the database (sqlite.org/tempfiles.html, unix VFS
 * robust_open).
 */
function createOwnerOnly(path: string): void {
  try {
    closeSync(openSync(path, constants.O_CREAT | constants.O_RDWR, 0o600));
  } catch (error) {
    throw storeError(path, error);
  }
}

export function applyMigrations(db: SqliteDatabase): number {
  const current = schemaVersion(db);
  if (current > latestSchemaVersion) {
    throw environmentError(
      'STORE_TOO_NEW',
      `the uccert store has schema version ${current}, newer than this uccert knows (${latestSchemaVersion})`,
      'upgrade uccert, or use another --home',
    );
  }
  for (const migration of migrations) {
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

function makeStore(home: string, path: string, db: SqliteDatabase): Store {
  return {
    home,
    path,
    db,
    async write<T>(work: () => Promise<T> | T): Promise<T> {
      try {
        db.exec('BEGIN IMMEDIATE');
      } catch (error) {
        throw storeError(path, error);
      }
      try {
        const result = await work();
        db.exec('COMMIT');
        return result;
      } catch (error) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw error;
      }
    },
    read<T>(work: () => T): T {
      return db.transaction(work).deferred();
    },
    close() {
      db.close();
    },
  };
}

function storeError(path: string, error: unknown): Error {
  const code = error instanceof Error && 'code' in error ? String(error.code) : '';
  const reason = error instanceof Error ? error.message : String(error);
  const busy = code === 'SQLITE_BUSY';
  return environmentError(
    busy ? 'STORE_BUSY' : 'STORE_UNREADABLE',
    busy
      ? `the uccert store "${path}" is locked by another uccert command`
      : `cannot open the uccert store "${path}" (${reason})`,
    busy
      ? 'wait for the other command to finish, then run this one again'
      : 'check the file and its permissions, or use another --home',
    error,
  );
}
