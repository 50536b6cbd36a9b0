// The keyring row: the scrypt parameters and verifier of the store's key-encryption key. The first
// command that stores a private key creates it with the passphrase it was given.

import {
  createKeyring,
  type KeyringParameters,
  type RandomSource,
  type UnlockedKeyring,
  unlockKeyring,
} from '../secrets/key-encryption.js';
import { isoInstant } from './instant.js';
import { asRow, blobColumn, integerColumn, textColumn } from './row.js';
import { type SqliteDatabase, statementOf } from './store.js';

export function readKeyringParameters(db: SqliteDatabase): KeyringParameters | null {
  const found = statementOf(db, 'SELECT kdf, salt, log_n, r, p, verifier FROM keyring WHERE id = 1').get();
  if (found === undefined) return null;
  const row = asRow(found);
  const kdf = textColumn(row, 'kdf');
  if (kdf !== 'scrypt') throw new Error(`unknown key derivation "${kdf}" in the keyring`);
  return {
    kdf,
    salt: blobColumn(row, 'salt'),
    logN: integerColumn(row, 'log_n'),
    r: integerColumn(row, 'r'),
    p: integerColumn(row, 'p'),
    verifier: blobColumn(row, 'verifier'),
  };
}

/**
 * Unlocks the store's keyring with the passphrase, creating it on first use. Call inside the
 * command's write transaction: a wrong passphrase throws before anything is written.
 */
export function openKeyring(
  db: SqliteDatabase,
  passphrase: string,
  now: Date,
  random?: RandomSource,
): UnlockedKeyring {
  const existing = readKeyringParameters(db);
  if (existing !== null) return unlockKeyring(passphrase, existing, random);
  const { parameters, keyring } = createKeyring(passphrase, random);
  statementOf(
    db,
    'INSERT INTO keyring (id, kdf, salt, log_n, r, p, verifier, created_at) VALUES (1, ?, ?, ?, ?, ?, ?, ?)',
  ).run(
    parameters.kdf,
    parameters.salt,
    parameters.logN,
    parameters.r,
    parameters.p,
    parameters.verifier,
    isoInstant(now),
  );
  return keyring;
}
