// `uccert store backup --out FILE`: an online copy of the store through SQLite's backup API
// (sqlite.org/backup.html), consistent even while other commands write. The copy is owner-only:
// it holds the sealed private keys. It is checked (quick_check) before uccert says it is done.

import { closeSync, constants, openSync, rmSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { environmentError, inputError } from '../errors.js';
import { countCertificates } from './certificate-records.js';
import type { Store } from './store.js';
import { storeFailure } from './store-failure.js';

export interface StoreBackup {
  readonly file: string;
  readonly bytes: number;
  readonly certificates: number;
  readonly privateKeys: number;
}

export async function backUpStore(store: Store, file: string): Promise<StoreBackup> {
  try {
    // O_EXCL: never overwrite a file (perhaps an older backup) the user did not mean to lose.
    closeSync(openSync(file, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o600));
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : String(error);
    if (code === 'EEXIST') {
      throw inputError(
        'BACKUP_EXISTS',
        `"${file}" exists already; uccert store backup does not overwrite a file`,
        'give a new file name with --out, or move the old file away',
      );
    }
    throw environmentError(
      'WRITE_FAILED',
      `cannot create the backup file "${file}" (${code})`,
      'give a writable --out FILE',
      error,
    );
  }
  try {
    await store.db.backup(file);
    const copy = new Database(file, { fileMustExist: true });
    try {
      // One self-contained file, no -wal or -shm beside it; openStore turns WAL on again.
      copy.pragma('journal_mode = DELETE');
      const result = copy.pragma('quick_check(1)', { simple: true });
      if (result !== 'ok') throw new Error(`the copy fails quick_check: ${String(result)}`);
      return {
        file,
        bytes: statSync(file).size,
        certificates: countCertificates(copy),
        privateKeys: Number(copy.prepare('SELECT count(*) FROM private_keys').pluck().get()),
      };
    } finally {
      copy.close();
    }
  } catch (error) {
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${file}${suffix}`, { force: true });
    throw storeFailure(store.path, store.home, error);
  }
}
