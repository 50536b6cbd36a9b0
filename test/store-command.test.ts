// `uccert store check|backup` as the user sees them (golden transcripts), the damage messages
// every command prints, and a backup that restores: copied over the store, it holds everything.

import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { makeTempDir, scrubVarying, testPassphrase } from './ca-test-support.js';
import { runUccert, type Transcript } from './support/cli-run.js';
import { damagedCopy, makePopulatedStore, type PopulatedStore } from './support/damaged-stores.js';
import { assertGolden } from './support/golden.js';

const dir = makeTempDir('store-command');
const scrub = (text: string) =>
  scrubVarying(dir)(text)
    .replace(/-\d+\/home/g, '-N/home')
    .replace(/\d+ KB; checked/, 'N KB; checked');
let populated: PopulatedStore;

before(async () => {
  populated = await makePopulatedStore(dir);
});

function run(args: readonly string[]): Promise<Transcript> {
  return runUccert(args, { env: { UCCERT_PASSPHRASE: testPassphrase } });
}

test('store --help, and store without a subcommand', async () => {
  assertGolden('store-help', await run(['store', '--help']));
  const none = await run(['store']);
  assertGolden('store-no-subcommand', none);
  assert.equal(none.exitCode, 2);
});

test('store check of an intact store, and of one whose facts lie (--json)', async () => {
  const ok = await run(['store', 'check', '--home', populated.home]);
  assertGolden('store-check', ok, scrub);
  assert.equal(ok.exitCode, 0);
  const home = damagedCopy(populated, dir, 'facts that do not match the certificate');
  const bad = await run(['store', 'check', '--home', home]);
  assertGolden('store-check-problems', bad, scrub);
  assert.equal(bad.exitCode, 1);
});

test('what get says about a damaged, an empty and a non-SQLite store', async () => {
  for (const [name, damage] of [
    ['store-damaged-get', 'dropped table'],
    ['store-empty-get', 'empty file'],
    ['store-not-sqlite-get', 'not SQLite'],
    ['store-keyring-cost-crl', 'keyring log_n=40'],
  ] as const) {
    const home = damagedCopy(populated, dir, damage);
    const t = await run(
      damage.startsWith('keyring') ? ['ca', 'crl', '--home', home] : ['get', '--home', home],
    );
    assertGolden(name, t, scrub);
    assert.equal(t.exitCode, 3);
  }
});

test('store backup writes a checked, owner-only copy that restores everything; it never overwrites', async () => {
  const out = join(dir, 'backups');
  mkdirSync(out, { recursive: true });
  const file = join(out, 'uccert-backup.db');
  const t = await run(['store', 'backup', '--out', file, '--home', populated.home]);
  assertGolden('store-backup', t, scrub);
  assert.equal(t.exitCode, 0, t.stderr);
  assert.equal(statSync(file).mode & 0o777, 0o600);
  const again = await run(['store', 'backup', '--out', file, '--home', populated.home]);
  assertGolden('store-backup-exists', again, scrub);
  assert.equal(again.exitCode, 2);
  // Restore: the backup copied into a new home is the same store.
  const restored = join(dir, 'restored', 'home');
  mkdirSync(restored, { recursive: true });
  copyFileSync(file, join(restored, 'uccert.db'));
  const check = await run(['store', 'check', '--home', restored]);
  assert.equal(check.exitCode, 0, check.stdout);
  const original = await run(['get', '--json', '--home', populated.home]);
  const copy = await run(['get', '--json', '--home', restored]);
  assert.equal(copy.stdout, original.stdout);
  const crl = await run(['ca', 'crl', '--home', restored]);
  assert.equal(crl.exitCode, 0, crl.stderr);
  rmSync(join(dir, 'restored'), { recursive: true, force: true });
});
