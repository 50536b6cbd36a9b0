// Concurrent writers wait instead of failing (issue 9, item 12): eight uccert processes write to
// one store at once and every write succeeds; a writer that waits past its bound fails with exit 3
// and names the command holding the lock.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { UccertError } from '../src/errors.js';
import { checkStoreIntegrity } from '../src/store/integrity.js';
import { openStore } from '../src/store/store.js';
import { makeLab, runWithHome, testPassphrase } from './ca-test-support.js';
import { fixtureNow } from './support/cli-run.js';
import { repoPath } from './support/repo.js';

interface Outcome {
  readonly code: number | null;
  readonly stderr: string;
}

function uccertProcess(args: readonly string[]): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [repoPath('bin/uccert.js'), ...args], {
      env: { ...process.env, UCCERT_PASSPHRASE: testPassphrase, UCCERT_NOW: fixtureNow.toISOString() },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const guard = setTimeout(() => child.kill('SIGKILL'), 180_000);
    child.once('exit', (code) => {
      clearTimeout(guard);
      resolve({ code, stderr });
    });
  });
}

test('eight uccert processes writing to one store at once: every write succeeds, none is lost', async () => {
  const lab = makeLab('writers');
  assert.equal((await runWithHome(lab.home, ['ca', 'init', '--name', 'Writers Lab CA'])).exitCode, 0);
  const writers = 8;
  const perWriter = 2;
  const outcomes = await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      const results: Outcome[] = [];
      for (let i = 0; i < perWriter; i++) {
        results.push(
          await uccertProcess(['client-cert', 'issue', `sip:w${w}-${i}@contoso.com`, '--home', lab.home]),
        );
      }
      return results;
    }),
  );
  const failures = outcomes.flat().filter((o) => o.code !== 0);
  assert.deepEqual(failures, []);
  const store = openStore(lab.home);
  try {
    assert.deepEqual(checkStoreIntegrity(store.db, store.path), []);
    assert.equal(
      store.db.prepare('SELECT count(*) FROM client_certificates').pluck().get(),
      writers * perWriter,
    );
  } finally {
    store.close();
  }
});

/** A process that holds the store's write lock until it is killed, and says when it has it. */
function lockHolder(home: string): Promise<{ pid: number; stop: () => void }> {
  const script = `
    const { openStore } = await import(${JSON.stringify(repoPath('dist/src/store/store.js'))});
    const store = openStore(${JSON.stringify(home)});
    await store.write(async () => {
      process.stdout.write('locked\\n');
      await new Promise((resolve) => setTimeout(resolve, 60_000));
    });`;
  // argv as uccert's own: [node, script, command, subcommand].
  const child = spawn(process.execPath, ['--input-type=module', '-e', script, 'holder', 'ca', 'crl'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout.once('data', () => resolve({ pid: child.pid ?? 0, stop: () => child.kill('SIGKILL') }));
    child.once('exit', (code) => reject(new Error(`the lock holder exited ${code}`)));
  });
}

test('a writer that waits past its bound fails with exit 3 naming the holder, and writes nothing', async () => {
  const lab = makeLab('writers-bound');
  openStore(lab.home).close();
  const holder = await lockHolder(lab.home);
  try {
    const store = openStore(lab.home, { writeWaitMs: 400 });
    try {
      let ran = false;
      await assert.rejects(
        store.write(() => {
          ran = true;
        }),
        (error: unknown) =>
          error instanceof UccertError &&
          error.code === 'STORE_BUSY' &&
          error.exitCode === 3 &&
          error.message ===
            `the uccert store "${join(lab.home, 'uccert.db')}" stayed locked by another writer (held by \`uccert ca crl\`, process ${holder.pid}, since ${/since (\S+)\)/.exec(error.message)?.[1] ?? '?'})`,
      );
      assert.equal(ran, false);
    } finally {
      store.close();
    }
  } finally {
    holder.stop();
  }
});

test('a writer waits for a short-lived holder instead of failing', async () => {
  const lab = makeLab('writers-wait');
  openStore(lab.home).close();
  const holder = await lockHolder(lab.home);
  setTimeout(() => holder.stop(), 700);
  const store = openStore(lab.home, { writeWaitMs: 20_000 });
  try {
    const started = performance.now();
    await store.write(() => {
      store.db
        .prepare(
          "INSERT INTO scan_results (scan_id, endpoint, scanned_at, result) VALUES ('s', 'e', 't', '{}')",
        )
        .run();
    });
    assert.ok(performance.now() - started >= 500);
    assert.equal(store.db.prepare('SELECT count(*) FROM scan_results').pluck().get(), 1);
  } finally {
    store.close();
  }
});
