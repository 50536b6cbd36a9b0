// The keyring row: the scrypt parameters and verifier of the store's key-encryption key. The first
// command that stores a private key creates it with the passphrase it was given. scrypt is slow on
// purpose, so commands unlock before taking the write lock (prepareKeyring) and the transaction
// only checks that the keyring is still the one they unlocked (issue 9, item 12).

import { timingSafeEqual } from 'node:crypto';
import { environmentError } from '../errors.js';
import {
  createKeyring,
  type KeyringParameters,
  kdfBounds,
  type RandomSource,
  type UnlockedKeyring,
  unlockKeyring,
} from '../secrets/key-encryption.js';
import { isoInstant } from './instant.js';
import { asRow, blobColumn, integerColumn, textColumn } from './row.js';
import { type SqliteDatabase, type Store, statementOf } from './store.js';

function damagedKeyring(detail: string): Error {
  // row.ts's wording: Store.read/write add the store's path and the way out.
  return environmentError(
    'STORE_DAMAGED',
    `the uccert store has a keyring ${detail}`,
    'the database was changed outside uccert; restore it from a backup or start a new --home',
  );
}

/** The stored parameters, checked against bounds before scrypt ever sees them (issue 9, item 14). */
export function readKeyringParameters(db: SqliteDatabase): KeyringParameters | null {
  const found = statementOf(db, 'SELECT kdf, salt, log_n, r, p, verifier FROM keyring WHERE id = 1').get();
  if (found === undefined) return null;
  const row = asRow(found);
  const kdf = textColumn(row, 'kdf');
  if (kdf !== 'scrypt') throw damagedKeyring(`with an unknown key derivation "${kdf}"`);
  const parameters = {
    kdf,
    salt: blobColumn(row, 'salt'),
    logN: integerColumn(row, 'log_n'),
    r: integerColumn(row, 'r'),
    p: integerColumn(row, 'p'),
    verifier: blobColumn(row, 'verifier'),
  } as const;
  const problem = keyringParameterProblem(parameters);
  if (problem !== null) throw damagedKeyring(problem);
  return parameters;
}

/** Why stored parameters cannot be right (a cost scrypt would refuse or run out of memory on), or null. */
export function keyringParameterProblem(parameters: KeyringParameters): string | null {
  const { logN, r, p, salt, verifier } = parameters;
  const b = kdfBounds;
  if (logN < b.logN.min || logN > b.logN.max)
    return `whose scrypt cost log_n=${logN} is outside ${b.logN.min}–${b.logN.max}`;
  if (r < b.r.min || r > b.r.max) return `whose scrypt block size r=${r} is outside ${b.r.min}–${b.r.max}`;
  if (p < b.p.min || p > b.p.max) return `whose scrypt parallelism p=${p} is outside ${b.p.min}–${b.p.max}`;
  const memory = 128 * 2 ** logN * r;
  if (memory > b.memoryBytes)
    return `whose scrypt cost (log_n=${logN}, r=${r}) needs ${memory / 2 ** 20} MiB, more than ${b.memoryBytes / 2 ** 20} MiB`;
  if (salt.length < b.saltBytes.min || salt.length > b.saltBytes.max)
    return `with a ${salt.length}-byte salt (expected ${b.saltBytes.min}–${b.saltBytes.max})`;
  if (verifier.length < b.verifierBytes) return `with a ${verifier.length}-byte verifier (too short)`;
  return null;
}

/** A keyring unlocked before the write lock, and the parameters it was unlocked against. */
interface PreparedKeyring {
  readonly passphrase: string;
  readonly parameters: KeyringParameters;
  readonly keyring: UnlockedKeyring;
  /** True when the store had no keyring: the transaction inserts these parameters. */
  readonly isNew: boolean;
}

const prepared = new WeakMap<SqliteDatabase, PreparedKeyring>();

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

function sameParameters(a: KeyringParameters, b: KeyringParameters): boolean {
  return (
    a.logN === b.logN &&
    a.r === b.r &&
    a.p === b.p &&
    sameBytes(a.salt, b.salt) &&
    sameBytes(a.verifier, b.verifier)
  );
}

/**
 * Runs scrypt outside the write lock: unlocks the store's keyring (a wrong passphrase fails here,
 * before any wait), or derives a new one when there is none yet. openKeyring then finds it ready.
 */
export function prepareKeyring(store: Store, passphrase: string, random?: RandomSource): void {
  const existing = store.read(() => readKeyringParameters(store.db));
  if (existing !== null) {
    prepared.set(store.db, {
      passphrase,
      parameters: existing,
      keyring: unlockKeyring(passphrase, existing, random),
      isNew: false,
    });
    return;
  }
  const { parameters, keyring } = createKeyring(passphrase, random);
  prepared.set(store.db, { passphrase, parameters, keyring, isNew: true });
}

/**
 * Unlocks the store's keyring with the passphrase, creating it on first use. Call inside the
 * command's write transaction: a wrong passphrase throws before anything is written. Fast when
 * prepareKeyring ran for the same passphrase and the keyring has not changed since.
 */
export function openKeyring(
  db: SqliteDatabase,
  passphrase: string,
  now: Date,
  random?: RandomSource,
): UnlockedKeyring {
  const existing = readKeyringParameters(db);
  const ready = prepared.get(db);
  const usable = ready !== undefined && ready.passphrase === passphrase ? ready : undefined;
  if (existing !== null) {
    if (usable !== undefined && sameParameters(usable.parameters, existing)) return usable.keyring;
    // Another command created or changed the keyring meanwhile: derive again, under the lock.
    return unlockKeyring(passphrase, existing, random);
  }
  const { parameters, keyring } = usable?.isNew === true ? usable : createKeyring(passphrase, random);
  insertKeyring(db, parameters, now);
  prepared.set(db, { passphrase, parameters, keyring, isNew: false });
  return keyring;
}

function insertKeyring(db: SqliteDatabase, parameters: KeyringParameters, now: Date): void {
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
}

/** Replaces the keyring row (store passphrase), inside the caller's transaction. */
export function replaceKeyring(db: SqliteDatabase, parameters: KeyringParameters, now: Date): void {
  statementOf(db, 'DELETE FROM keyring WHERE id = 1').run();
  insertKeyring(db, parameters, now);
  prepared.delete(db);
}
