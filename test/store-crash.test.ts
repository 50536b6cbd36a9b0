// Crash safety, for real: uccert processes are killed with SIGKILL at spread-out moments of
// `ca issue`, `client-cert issue` and `ca init`, and the store must then pass every integrity
// check, hold everything a finished command reported, and keep its serial counter in step.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { firstLeafSerial } from '../src/ca/ca-init.js';
import { checkStoreIntegrity } from '../src/store/integrity.js';
import { openStore } from '../src/store/store.js';
import { makeCsr, makeLab, makeTempDir, runWithHome, testPassphrase } from './ca-test-support.js';
import { fixtureNow } from './support/cli-run.js';
import { repoPath } from './support/repo.js';

interface Run {
  readonly finished: boolean;
  readonly stdout: string;
  readonly elapsedMs: number;
}

/** Runs `node bin/uccert.js ARGS` and kills it with SIGKILL after `killAfterMs` (null: never). */
function runKilled(args: readonly string[], killAfterMs: number | null): Promise<Run> {
  const started = performance.now();
  const child = spawn(process.execPath, [repoPath('bin/uccert.js'), ...args], {
    env: { ...process.env, UCCERT_PASSPHRASE: testPassphrase, UCCERT_NOW: fixtureNow.toISOString() },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  const timer = killAfterMs === null ? null : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  const guard = setTimeout(() => child.kill('SIGKILL'), 30_000);
  return new Promise((resolve) => {
    child.once('exit', (code) => {
      if (timer !== null) clearTimeout(timer);
      clearTimeout(guard);
      resolve({ finished: code === 0, stdout, elapsedMs: performance.now() - started });
    });
  });
}

function thumbprintIn(stdout: string): string | null {
  return /"thumbprint": "([0-9A-F]{40})"/.exec(stdout)?.[1] ?? null;
}

function assertConsistent(home: string, reported: readonly string[]): { certificates: number } {
  const store = openStore(home);
  try {
    assert.deepEqual(checkStoreIntegrity(store.db), []);
    const db = store.db;
    for (const thumbprint of reported) {
      assert.equal(
        db.prepare('SELECT count(*) FROM certificates WHERE thumbprint = ?').pluck().get(thumbprint),
        1,
        thumbprint,
      );
    }
    // Serials are taken in the same transaction as the certificate: none lost, none reused.
    const nextSerial = db
      .prepare("SELECT next_serial FROM ca_authorities WHERE role = 'issuing'")
      .pluck()
      .get();
    const issued = db.prepare("SELECT count(*) FROM ca_issued WHERE ca_role = 'issuing'").pluck().get();
    assert.equal(nextSerial, firstLeafSerial + Number(issued));
    const clients = db.prepare('SELECT count(*) FROM client_certificates').pluck().get();
    const clientKeys = db
      .prepare(
        'SELECT count(*) FROM certificates c JOIN client_certificates u ON u.certificate_id = c.id WHERE c.private_key_id IS NOT NULL',
      )
      .pluck()
      .get();
    assert.equal(clientKeys, clients);
    return { certificates: Number(db.prepare('SELECT count(*) FROM certificates').pluck().get()) };
  } finally {
    store.close();
  }
}

test('SIGKILL at any moment of ca issue / client-cert issue leaves the store consistent', async (t) => {
  const lab = makeLab('store-crash');
  const init = await runWithHome(lab.home, ['ca', 'init', '--name', 'Crash Lab CA']);
  assert.equal(init.exitCode, 0, init.stderr);
  const csrs = [0, 1, 2].map((i) =>
    makeCsr(lab.dir, `c${i}`, `/CN=fe0${i}.contoso.net`, `DNS:fe0${i}.contoso.net,DNS:pool01.contoso.net`),
  );
  const commandFor = (i: number): string[] =>
    i % 2 === 0
      ? ['ca', 'issue', csrs[i % 3] ?? '', '--json', '--home', lab.home]
      : ['client-cert', 'issue', `sip:user${i}@contoso.com`, '--json', '--home', lab.home];

  // One undisturbed run of each tells how long a command takes on this machine.
  const baseline = Math.max(
    (await runKilled(commandFor(0), null)).elapsedMs,
    (await runKilled(commandFor(1), null)).elapsedMs,
  );
  const reported: string[] = [];
  let finished = 0;
  const rounds = 30;
  for (let i = 0; i < rounds; i++) {
    // Spread the kills from "before node has started" to "after it should be done".
    // The last round runs undisturbed, so both outcomes occur even on a machine that slows down.
    const delay = i === rounds - 1 ? null : Math.round((baseline * 1.6 * i) / rounds);
    const run = await runKilled(commandFor(i), delay);
    const thumbprint = thumbprintIn(run.stdout);
    if (thumbprint !== null) reported.push(thumbprint);
    if (run.finished) finished++;
    assertConsistent(lab.home, reported);
  }
  const { certificates } = assertConsistent(lab.home, reported);
  // The spread must have produced both outcomes, or the test proved nothing.
  assert.ok(
    finished > 0 && finished < rounds,
    `finished ${finished} of ${rounds} (baseline ${Math.round(baseline)} ms)`,
  );
  // The two CAs, the two baseline runs, and at least every certificate a run reported.
  assert.ok(certificates >= 4 + reported.length, `${certificates} certificates, ${reported.length} reported`);
  t.diagnostic(
    `baseline ${Math.round(baseline)} ms; ${finished}/${rounds} runs finished; ${certificates - 4} certificates kept`,
  );
});

test('SIGKILL during ca init leaves either the whole lab CA or nothing', async (t) => {
  const baselineHome = join(makeTempDir('store-crash-init'), 'home');
  const baseline = (await runKilled(['ca', 'init', '--home', baselineHome], null)).elapsedMs;
  const outcomes = { whole: 0, none: 0 };
  const rounds = 12;
  for (let i = 0; i < rounds; i++) {
    const home = join(makeTempDir('store-crash-init'), 'home');
    await runKilled(
      ['ca', 'init', '--home', home],
      i === rounds - 1 ? null : Math.round((baseline * 1.6 * i) / rounds),
    );
    const store = openStore(home);
    try {
      assert.deepEqual(checkStoreIntegrity(store.db), []);
      const authorities = Number(store.db.prepare('SELECT count(*) FROM ca_authorities').pluck().get());
      const rows = Number(
        store.db
          .prepare(
            'SELECT (SELECT count(*) FROM certificates) + (SELECT count(*) FROM private_keys) + (SELECT count(*) FROM keyring)',
          )
          .pluck()
          .get(),
      );
      if (authorities === 2) {
        outcomes.whole++;
        assert.equal(rows, 5);
      } else {
        outcomes.none++;
        assert.equal(authorities, 0);
        assert.equal(rows, 0);
      }
    } finally {
      store.close();
    }
  }
  assert.ok(outcomes.whole > 0 && outcomes.none > 0, JSON.stringify(outcomes));
  t.diagnostic(`ca init baseline ${Math.round(baseline)} ms; whole ${outcomes.whole}, none ${outcomes.none}`);
});
