// A full disk is an environment error (issue 9, item 13): every write refused on a full disk exits
// 3 with what to free, nothing committed is lost, reads still work, and once space is freed the
// store writes again and passes every check (its write-ahead log merged back). Runs on a real
// 3 MB tmpfs, which needs root (mount); skipped elsewhere, saying so.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync, statfsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { UccertError } from '../src/errors.js';
import { openStore } from '../src/store/store.js';
import { makeTempDir, runWithHome, thumbprintOf } from './ca-test-support.js';

function mountSmallDisk(dir: string, size: string): string | null {
  if (process.platform !== 'linux' || process.getuid?.() !== 0)
    return 'mounting a small tmpfs needs root on Linux';
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], {
    encoding: 'utf8',
  });
  return mounted.status === 0 ? null : `mount -t tmpfs failed: ${mounted.stderr.trim()}`;
}

function freeBytes(dir: string): number {
  const stats = statfsSync(dir);
  return Number(stats.bavail) * Number(stats.bsize);
}

const disk = makeTempDir('full-disk');
const cannot = mountSmallDisk(disk, '3m');

test('a full disk: writes exit 3 saying what to free, nothing committed is lost, and the store writes again once space is freed', {
  skip: cannot ?? false,
}, async () => {
  try {
    const home = join(disk, 'home');
    assert.equal((await runWithHome(home, ['ca', 'init', '--name', 'Full Disk Lab CA'])).exitCode, 0);
    const issued: string[] = [];
    const issue = async () => {
      const t = await runWithHome(home, [
        'client-cert',
        'issue',
        `sip:user${issued.length}@contoso.com`,
        '--json',
      ]);
      if (t.exitCode === 0) issued.push(thumbprintOf(t));
      return t;
    };
    assert.equal((await issue()).exitCode, 0);
    // Leave 1.3 MB: more than a write asks for (1 MB and the WAL), less than a 3 MB transaction.
    const filler = join(disk, 'filler');
    writeFileSync(filler, Buffer.alloc(Math.max(0, freeBytes(disk) - 1.3 * 1024 * 1024)));

    // SQLite itself runs out of space in the middle of a transaction: rolled back, exit 3.
    const store = openStore(home);
    try {
      await assert.rejects(
        store.write(() => {
          store.db
            .prepare(
              "INSERT INTO scan_results (scan_id, endpoint, scanned_at, result) VALUES ('s', 'e', 't', json_object('pad', ?))",
            )
            .run('x'.repeat(3 * 1024 * 1024));
        }),
        (error: unknown) =>
          error instanceof UccertError && error.code === 'STORE_DISK_FULL' && error.exitCode === 3,
      );
    } finally {
      store.close();
    }

    // Commands: they succeed while there is room, then are refused before writing, with exit 3.
    // A second filler leaves room for a few writes only (a write asks for 1 MB and the WAL's size).
    const wal = statSync(join(home, 'uccert.db-wal'), { throwIfNoEntry: false })?.size ?? 0;
    const filler2 = join(disk, 'filler2');
    writeFileSync(filler2, Buffer.alloc(Math.max(0, freeBytes(disk) - (1024 * 1024 + wal + 48 * 1024))));
    let refused = null;
    for (let i = 0; i < 40 && refused === null; i++) {
      const t = await issue();
      if (t.exitCode !== 0) refused = t;
    }
    assert.ok(refused !== null, 'the disk never filled');
    assert.equal(refused.exitCode, 3, refused.stderr);
    assert.match(
      refused.stderr,
      /the disk holding the uccert store ".*uccert\.db" is full \([\d.]+ MB free\); nothing was changed/,
    );
    assert.match(refused.stderr, /free at least [\d.]+ MB on the disk of/);

    // Reading works on the full disk, and holds every certificate a command reported.
    const listed = await runWithHome(home, ['client-cert', 'list', '--json']);
    assert.equal(listed.exitCode, 0, listed.stderr);
    const thumbprints = (
      JSON.parse(listed.stdout) as { clientCertificates: { thumbprint: string }[] }
    ).clientCertificates.map((c) => c.thumbprint);
    assert.deepEqual(thumbprints.sort(), [...issued].sort());

    // Space freed: the store writes again, and its WAL merges back into a store that passes every check.
    rmSync(filler);
    rmSync(filler2);
    assert.equal((await issue()).exitCode, 0);
    const check = await runWithHome(home, ['store', 'check']);
    assert.equal(check.exitCode, 0, check.stdout + check.stderr);
    const after = openStore(home);
    try {
      after.db.pragma('wal_checkpoint(TRUNCATE)');
      assert.equal(after.db.prepare('SELECT count(*) FROM client_certificates').pluck().get(), issued.length);
    } finally {
      after.close();
    }
  } finally {
    spawnSync('umount', [disk]);
  }
});
