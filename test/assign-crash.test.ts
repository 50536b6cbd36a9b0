// Crash safety of `import` and `set`, for real (as test/store-crash.test.ts does for the lab CA):
// processes killed with SIGKILL at spread-out moments; after each, the store passes every integrity
// check, and each command's changes are all there or none: an imported PFX's certificate, key and
// chain together; a set's four uses on one certificate, with one history row each.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkStoreIntegrity } from '../src/store/integrity.js';
import { openStore } from '../src/store/store.js';
import { makeLab, openssl, runWithHome, testPassphrase, thumbprintOf } from './ca-test-support.js';
import { fixtureNow } from './support/cli-run.js';
import { repoPath } from './support/repo.js';

interface Run {
  readonly finished: boolean;
  readonly elapsedMs: number;
}

function runKilled(args: readonly string[], killAfterMs: number | null): Promise<Run> {
  const started = performance.now();
  const child = spawn(process.execPath, [repoPath('bin/uccert.js'), ...args], {
    env: { ...process.env, UCCERT_PASSPHRASE: testPassphrase, UCCERT_NOW: fixtureNow.toISOString() },
    stdio: ['ignore', 'ignore', 'ignore'],
  });
  const timer = killAfterMs === null ? null : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  const guard = setTimeout(() => child.kill('SIGKILL'), 30_000);
  return new Promise((resolve) => {
    child.once('exit', (code) => {
      if (timer !== null) clearTimeout(timer);
      clearTimeout(guard);
      resolve({ finished: code === 0, elapsedMs: performance.now() - started });
    });
  });
}

/** A PFX with a fresh P-256 key, its certificate signed by the test issuing CA, and the chain. */
function makePfx(dir: string, i: number): { path: string; thumbprint: string } {
  const key = join(dir, `k${i}.key`);
  const csr = join(dir, `k${i}.csr`);
  const cert = join(dir, `k${i}.pem`);
  const pfx = join(dir, `k${i}.pfx`);
  const steps: string[][] = [
    [
      'req',
      '-new',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      key,
      '-subj',
      `/CN=fe0${i}.contoso.net`,
      '-out',
      csr,
    ],
    [
      'x509',
      '-req',
      '-in',
      csr,
      '-CA',
      repoPath('test/fixtures/issuing-ca.pem'),
      '-CAkey',
      repoPath('test/fixtures/issuing-ca.key'),
      '-set_serial',
      String(1000 + i),
      '-days',
      '30',
      '-out',
      cert,
    ],
    [
      'pkcs12',
      '-export',
      '-inkey',
      key,
      '-in',
      cert,
      '-certfile',
      repoPath('test/fixtures/issuing-ca.pem'),
      '-passout',
      'pass:p',
      '-out',
      pfx,
    ],
  ];
  for (const args of steps) {
    const result = openssl(args);
    if (result.status !== 0) throw new Error(`openssl ${args[0]}: ${result.stderr}`);
  }
  const fingerprint = openssl(['x509', '-in', cert, '-noout', '-fingerprint', '-sha1']).stdout;
  return { path: pfx, thumbprint: fingerprint.trim().split('=')[1]!.replaceAll(':', '') };
}

function spread(baseline: number, i: number, rounds: number): number | null {
  // From "before node has started" to well after it should be done (twice the slower of two
  // undisturbed runs: the test beside this one may load both cores); the last round is undisturbed.
  return i === rounds - 1 ? null : Math.round((baseline * 2 * i) / rounds);
}

test('SIGKILL at any moment of import leaves the certificate, its key and its chain all there or all absent', async (t) => {
  const lab = makeLab('import-crash');
  const rounds = 24;
  const pfxs = Array.from({ length: rounds + 1 }, (_, i) => makePfx(lab.dir, i));
  const importArgs = (i: number) => ['import', pfxs[i]!.path, '--password', 'p', '--home', lab.home];
  const baseline = Math.max(
    (await runKilled(importArgs(rounds), null)).elapsedMs,
    (await runKilled(importArgs(rounds), null)).elapsedMs,
  );
  let finished = 0;
  let kept = 0;
  for (let i = 0; i < rounds; i++) {
    const run = await runKilled(importArgs(i), spread(baseline, i, rounds));
    if (run.finished) finished++;
    const store = openStore(lab.home);
    try {
      assert.deepEqual(checkStoreIntegrity(store.db), []);
      const row = store.db
        .prepare('SELECT c.private_key_id AS key FROM certificates c WHERE c.thumbprint = ?')
        .get(pfxs[i]!.thumbprint) as { key: number | null } | undefined;
      if (row === undefined) {
        assert.ok(!run.finished, 'a finished import is in the store');
      } else {
        kept++;
        // Never a certificate without the key that came with it.
        assert.notEqual(row.key, null);
      }
      // The chain came with the first import that committed; never a half-written one.
      const cas = Number(
        store.db
          .prepare("SELECT count(*) FROM certificates WHERE json_extract(facts, '$.isCa') = 1")
          .pluck()
          .get(),
      );
      assert.equal(cas, 1);
      const keys = Number(store.db.prepare('SELECT count(*) FROM private_keys').pluck().get());
      const leaves = Number(
        store.db.prepare('SELECT count(*) FROM certificates WHERE private_key_id IS NOT NULL').pluck().get(),
      );
      assert.equal(keys, leaves);
    } finally {
      store.close();
    }
  }
  assert.ok(
    finished > 0 && finished < rounds,
    `finished ${finished} of ${rounds} (baseline ${Math.round(baseline)} ms)`,
  );
  t.diagnostic(`import baseline ${Math.round(baseline)} ms; ${finished}/${rounds} finished; ${kept} kept`);
});

test('SIGKILL at any moment of set leaves all four uses on one certificate, with their history', async (t) => {
  const lab = makeLab('set-crash');
  const uses = 'AccessEdgeExternal,DataEdgeExternal,AudioVideoAuthentication,XmppServer';
  assert.equal((await runWithHome(lab.home, ['ca', 'init'])).exitCode, 0);
  const thumbprints: string[] = [];
  for (let i = 0; i < 2; i++) {
    const issued = await runWithHome(lab.home, [
      'request',
      '--new',
      '--type',
      uses,
      '--server',
      'edge01.contoso.net',
      '--topology',
      'examples/contoso.yaml',
      '--ca',
      'local',
      '--json',
    ]);
    thumbprints.push(thumbprintOf(issued));
  }
  const setArgs = (i: number) => [
    'set',
    '--server',
    'edge01.contoso.net',
    '--type',
    uses,
    '--thumbprint',
    thumbprints[i % 2]!,
    '--topology',
    'examples/contoso.yaml',
    '--home',
    lab.home,
  ];
  const baseline = Math.max(
    (await runKilled(setArgs(1), null)).elapsedMs,
    (await runKilled(setArgs(1), null)).elapsedMs,
  );
  const rounds = 24;
  let finished = 0;
  for (let i = 0; i < rounds; i++) {
    const run = await runKilled(setArgs(i), spread(baseline, i, rounds));
    if (run.finished) finished++;
    const store = openStore(lab.home);
    try {
      assert.deepEqual(checkStoreIntegrity(store.db), []);
      const held = store.db
        .prepare(
          "SELECT DISTINCT c.thumbprint FROM assignments a JOIN certificates c ON c.id = a.certificate_id WHERE a.server = 'edge01.contoso.net'",
        )
        .pluck()
        .all();
      const count = Number(store.db.prepare('SELECT count(*) FROM assignments').pluck().get());
      assert.equal(count, 4);
      assert.equal(held.length, 1, 'the four uses hold one certificate');
      if (run.finished) assert.equal(held[0], thumbprints[i % 2]);
      const history = Number(store.db.prepare('SELECT count(*) FROM assignment_history').pluck().get());
      assert.equal(history % 4, 0, 'one history row per use of each set, or none');
    } finally {
      store.close();
    }
  }
  assert.ok(
    finished > 0 && finished < rounds,
    `finished ${finished} of ${rounds} (baseline ${Math.round(baseline)} ms)`,
  );
  t.diagnostic(`set baseline ${Math.round(baseline)} ms; ${finished}/${rounds} finished`);
});
