// Private keys in the store: PKCS#8 DER sealed under the keyring, bound (as GCM associated data)
// to the hash of their public key, so a sealed key cannot be swapped onto another row.

import { createHash } from 'node:crypto';
import { environmentError } from '../errors.js';
import type { UnlockedKeyring } from '../secrets/key-encryption.js';
import { isoInstant } from './instant.js';
import { asRow, blobColumn, integerColumn, textColumn } from './row.js';
import { type SqliteDatabase, statementOf } from './store.js';

/** Request-CsCertificate -KeyAlg values. */
export type KeyAlgorithmName = 'RSA' | 'ECDH_P256' | 'ECDH_P384' | 'ECDH_P521';

export interface PrivateKeyMaterial {
  /** PKCS#8 PrivateKeyInfo DER. Secret: never rendered, logged or put in an error. */
  readonly pkcs8: Uint8Array;
  /** SubjectPublicKeyInfo DER of the matching public key. */
  readonly spki: Uint8Array;
  readonly algorithm: KeyAlgorithmName;
  readonly keySize: number;
  readonly exportable: boolean;
}

export interface PrivateKeyRecord {
  readonly id: number;
  readonly publicKeySha256: string;
  readonly algorithm: string;
  readonly keySize: number;
  readonly exportable: boolean;
}

export function hashPublicKey(spki: Uint8Array): string {
  return createHash('sha256').update(spki).digest('hex');
}

function sealContext(publicKeySha256: string): string {
  return `private-key:${publicKeySha256}`;
}

/** Seals and stores a key; returns its id. A key already stored (same public key) is reused. */
export function insertPrivateKey(
  db: SqliteDatabase,
  keyring: UnlockedKeyring,
  material: PrivateKeyMaterial,
  now: Date,
): number {
  const publicKeySha256 = hashPublicKey(material.spki);
  const existing = findPrivateKeyByPublicKey(db, publicKeySha256);
  if (existing !== null) return existing.id;
  const sealed = keyring.seal(material.pkcs8, sealContext(publicKeySha256));
  const result = statementOf(
    db,
    `INSERT INTO private_keys (public_key_sha256, algorithm, key_size, exportable, sealed, created_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
  ).run(
    publicKeySha256,
    material.algorithm,
    material.keySize,
    material.exportable ? 1 : 0,
    sealed,
    isoInstant(now),
  );
  return Number(result.lastInsertRowid);
}

export function findPrivateKeyByPublicKey(
  db: SqliteDatabase,
  publicKeySha256: string,
): PrivateKeyRecord | null {
  const found = statementOf(
    db,
    'SELECT id, public_key_sha256, algorithm, key_size, exportable FROM private_keys WHERE public_key_sha256 = ?',
  ).get(publicKeySha256);
  return found === undefined ? null : privateKeyRecordOf(found);
}

export function readPrivateKeyRecord(db: SqliteDatabase, id: number): PrivateKeyRecord | null {
  const found = statementOf(
    db,
    'SELECT id, public_key_sha256, algorithm, key_size, exportable FROM private_keys WHERE id = ?',
  ).get(id);
  return found === undefined ? null : privateKeyRecordOf(found);
}

function privateKeyRecordOf(found: unknown): PrivateKeyRecord {
  const row = asRow(found);
  return {
    id: integerColumn(row, 'id'),
    publicKeySha256: textColumn(row, 'public_key_sha256'),
    algorithm: textColumn(row, 'algorithm'),
    keySize: integerColumn(row, 'key_size'),
    exportable: integerColumn(row, 'exportable') === 1,
  };
}

/** The PKCS#8 DER of a stored key. The caller keeps it in memory only as long as it signs. */
export function readPrivateKeyPkcs8(db: SqliteDatabase, keyring: UnlockedKeyring, id: number): Uint8Array {
  const found = statementOf(db, 'SELECT public_key_sha256, sealed FROM private_keys WHERE id = ?').get(id);
  if (found === undefined) throw new Error(`private key ${id} is not in the store`);
  const row = asRow(found);
  return keyring.open(blobColumn(row, 'sealed'), sealContext(textColumn(row, 'public_key_sha256')));
}

/**
 * Opens every stored key with `from` and seals it again with `to`, inside the caller's write
 * transaction (store passphrase). Returns how many keys were re-sealed.
 */
export function resealPrivateKeys(db: SqliteDatabase, from: UnlockedKeyring, to: UnlockedKeyring): number {
  const rows = statementOf(db, 'SELECT id, public_key_sha256, sealed FROM private_keys ORDER BY id').all();
  const update = statementOf(db, 'UPDATE private_keys SET sealed = ? WHERE id = ?');
  for (const found of rows) {
    const row = asRow(found);
    const context = sealContext(textColumn(row, 'public_key_sha256'));
    let pkcs8: Uint8Array;
    try {
      pkcs8 = from.open(blobColumn(row, 'sealed'), context);
    } catch {
      throw environmentError(
        'STORE_DAMAGED',
        `the uccert store has a private key (id ${integerColumn(row, 'id')}) that its passphrase does not open`,
        'the database was changed outside uccert; restore it from a backup or start a new --home',
      );
    }
    update.run(to.seal(pkcs8, context), integerColumn(row, 'id'));
    pkcs8.fill(0);
  }
  return rows.length;
}
