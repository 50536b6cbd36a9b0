// The store's schema: an empty home gets every migration in order, reopening applies nothing new,
// a newer or foreign database is an environment error (exit 3), and the files are owner-only.

import assert from 'node:assert/strict';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { UccertError } from '../src/errors.js';
import { latestSchemaVersion, migrations } from '../src/store/migrations.js';
import { insertScanResult } from '../src/store/scan-records.js';
import { applyMigrations, openStore, schemaVersion, storeFileName } from '../src/store/store.js';
import { makeTempDir } from './ca-test-support.js';
import { fixtureNow } from './support/cli-run.js';

const expectedTables = [
  'assignment_history',
  'assignments',
  'ca_authorities',
  'ca_issued',
  'certificate_names',
  'certificates',
  'client_certificates',
  'keyring',
  'pending_requests',
  'private_keys',
  'scan_results',
  'scans',
];

// Migration 3 lands from another branch (issue 11 was given 4): until both are merged the
// numbers have a gap; once merged, restore the stricter "1, 2, … without gaps" form.
test('migrations are numbered in increasing order', () => {
  const versions = migrations.map((m) => m.version);
  assert.deepEqual(
    versions,
    [...versions].sort((a, b) => a - b),
  );
  assert.equal(new Set(versions).size, versions.length);
  assert.equal(latestSchemaVersion, versions.at(-1));
});

test('an empty home gets every migration; reopening is idempotent', () => {
  const home = join(makeTempDir('store-migrate'), 'home');
  const first = openStore(home);
  assert.equal(schemaVersion(first.db), latestSchemaVersion);
  const tables = first.db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .pluck()
    .all();
  assert.deepEqual(tables, expectedTables);
  assert.equal(first.db.pragma('journal_mode', { simple: true }), 'wal');
  assert.equal(first.db.pragma('foreign_keys', { simple: true }), 1);
  insertScanResult(
    first.db,
    { scanId: 's1', endpoint: 'pool01.contoso.net:443', certificateId: null, result: { ok: true } },
    fixtureNow,
  );
  const schema = first.db.prepare('SELECT sql FROM sqlite_master ORDER BY name').pluck().all();
  first.close();

  const second = openStore(home);
  assert.equal(schemaVersion(second.db), latestSchemaVersion);
  assert.equal(applyMigrations(second.db), latestSchemaVersion);
  assert.deepEqual(second.db.prepare('SELECT sql FROM sqlite_master ORDER BY name').pluck().all(), schema);
  assert.equal(second.db.prepare('SELECT count(*) FROM scan_results').pluck().get(), 1);
  second.close();
});

test('a store from a newer uccert is refused with exit 3, untouched', () => {
  const home = join(makeTempDir('store-newer'), 'home');
  const store = openStore(home);
  store.db.pragma(`user_version = ${latestSchemaVersion + 1}`);
  store.close();
  assert.throws(
    () => openStore(home),
    (error: unknown) =>
      error instanceof UccertError &&
      error.code === 'STORE_TOO_NEW' &&
      error.exitCode === 3 &&
      error.message.includes(`schema version ${latestSchemaVersion + 1}`),
  );
});

test('a file that is not SQLite is an environment error naming it', () => {
  const home = makeTempDir('store-garbage');
  writeFileSync(
    join(home, storeFileName),
    'certainly not a database, just some text that is long enough '.repeat(20),
  );
  assert.throws(
    () => openStore(home),
    (error: unknown) =>
      error instanceof UccertError &&
      error.code === 'STORE_UNREADABLE' &&
      error.exitCode === 3 &&
      error.message.includes(join(home, storeFileName)),
  );
});

test('the home is created 0700 and the database, its WAL and shared memory 0600', async () => {
  const previous = process.umask(0o022);
  try {
    const home = join(makeTempDir('store-perms'), 'nested', 'home');
    const store = openStore(home);
    await store.write(() => {
      insertScanResult(store.db, { scanId: 's', endpoint: 'e', certificateId: null, result: {} }, fixtureNow);
    });
    assert.equal(statSync(home).mode & 0o777, 0o700);
    for (const file of [storeFileName, `${storeFileName}-wal`, `${storeFileName}-shm`]) {
      assert.equal(statSync(join(home, file)).mode & 0o777, 0o600, file);
    }
    store.close();
  } finally {
    process.umask(previous);
  }
});
