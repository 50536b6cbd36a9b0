// A read-only store can be read (issue 9, item 17): with the store file read-only, and with its
// whole folder read-only (a mounted backup), every command that only reads works, and a command
// that writes exits 3 saying the store is read-only. As root (whom file modes do not stop) the
// test makes them read-only with read-only bind mounts; otherwise with chmod.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { makeTempDir, testPassphrase } from './ca-test-support.js';
import { runUccert } from './support/cli-run.js';
import { makePopulatedStore, type PopulatedStore, topology } from './support/damaged-stores.js';

const dir = makeTempDir('store-read-only');
let populated: PopulatedStore;

before(async () => {
  populated = await makePopulatedStore(dir);
});

const isRoot = process.getuid?.() === 0;
const cannot =
  process.platform === 'win32'
    ? 'read-only bind mounts and POSIX modes are not available on Windows'
    : isRoot && process.platform !== 'linux'
      ? 'read-only bind mounts need Linux'
      : false;

/** Makes `path` read-only; returns how to undo it. */
function makeReadOnly(path: string, mode: number): () => void {
  if (!isRoot) {
    chmodSync(path, mode);
    return () => chmodSync(path, mode | 0o200);
  }
  for (const args of [
    ['--bind', path, path],
    ['-o', 'remount,bind,ro', path],
  ]) {
    const r = spawnSync('mount', args, { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  }
  return () => spawnSync('umount', [path]);
}

const env = { UCCERT_PASSPHRASE: testPassphrase };

async function assertReadsWork(home: string, out: string): Promise<void> {
  for (const args of [
    ['get'],
    ['get', '--json'],
    ['check', topology],
    ['client-cert', 'list'],
    ['request', '--list', '--all'],
    ['export', populated.server, '--out', join(out, 'fe01.pfx'), '--password', 'pfx password'],
    ['store', 'check'],
    ['store', 'backup', '--out', join(out, 'backup.db')],
  ]) {
    const t = await runUccert([...args, '--home', home], { env });
    assert.ok(
      t.exitCode === 0 || (args[0] === 'check' && t.exitCode === 1),
      `${args.join(' ')}: ${t.exitCode} ${t.stderr}`,
    );
  }
  const write = await runUccert(['ca', 'revoke', populated.client, '--home', home], { env });
  assert.equal(write.exitCode, 3, write.stderr);
  assert.match(write.stderr, /the uccert store ".*uccert\.db" is read-only, and this command changes it/);
}

test('a read-only store file: every reading command works; a write exits 3', { skip: cannot }, async () => {
  const home = populated.home;
  const file = join(home, 'uccert.db');
  const before = readFileSync(file);
  const undo = makeReadOnly(file, 0o400);
  try {
    await assertReadsWork(home, makeTempDir('ro-file-out'));
  } finally {
    undo();
  }
  assert.deepEqual(readFileSync(file), before);
});

test('a read-only store folder (a mounted backup): every reading command works; a write exits 3', {
  skip: cannot,
}, async () => {
  const home = populated.home;
  const before = readFileSync(join(home, 'uccert.db'));
  const undo = makeReadOnly(home, 0o500);
  try {
    await assertReadsWork(home, makeTempDir('ro-folder-out'));
  } finally {
    undo();
  }
  assert.deepEqual(readFileSync(join(home, 'uccert.db')), before);
});
