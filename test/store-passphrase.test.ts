// `uccert store passphrase` (issue 9, item 22): every private key is re-sealed under the new
// passphrase in one transaction. Killed with SIGKILL at any moment, the store is left with either
// the old passphrase working for every key or the new one, never neither and never a mix.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { UccertError } from '../src/errors.js';
import { unlockKeyring } from '../src/secrets/key-encryption.js';
import { checkStoreIntegrity } from '../src/store/integrity.js';
import { readKeyringParameters } from '../src/store/keyring-records.js';
import { readPrivateKeyPkcs8 } from '../src/store/private-key-records.js';
import { openStore } from '../src/store/store.js';
import { makeLab, runWithHome, scrubVarying, testPassphrase } from './ca-test-support.js';
import { fixtureNow, runUccert } from './support/cli-run.js';
import { assertGolden } from './support/golden.js';
import { repoPath } from './support/repo.js';

const otherPassphrase = 'a different passphrase, typed once';

/** Which passphrase opens the keyring and every key; fails if neither does or keys disagree. */
function workingPassphrase(home: string): string {
  const store = openStore(home);
  try {
    assert.deepEqual(checkStoreIntegrity(store.db, store.path), []);
    const parameters = readKeyringParameters(store.db);
    assert.ok(parameters !== null);
    const ids = store.db.prepare('SELECT id FROM private_keys').pluck().all() as number[];
    const opening = [testPassphrase, otherPassphrase].filter((candidate) => {
      try {
        const keyring = unlockKeyring(candidate, parameters);
        for (const id of ids) readPrivateKeyPkcs8(store.db, keyring, id);
        return true;
      } catch (error) {
        if (error instanceof UccertError && error.code === 'WRONG_PASSPHRASE') return false;
        throw error;
      }
    });
    assert.equal(opening.length, 1, `passphrases that open every key: ${opening.length}`);
    return opening[0] ?? '';
  } finally {
    store.close();
  }
}

async function makeKeyedLab(prefix: string): Promise<string> {
  const lab = makeLab(prefix);
  assert.equal((await runWithHome(lab.home, ['ca', 'init', '--name', 'Passphrase Lab CA'])).exitCode, 0);
  for (const user of ['alice', 'bob']) {
    assert.equal(
      (await runWithHome(lab.home, ['client-cert', 'issue', `sip:${user}@contoso.com`])).exitCode,
      0,
    );
  }
  return lab.home;
}

test('store passphrase re-seals every key: the old passphrase stops working, the new one opens everything', async () => {
  const home = await makeKeyedLab('passphrase');
  const scrub = scrubVarying(home);
  const changed = await runUccert(['store', 'passphrase', '--home', home], {
    env: { UCCERT_PASSPHRASE: testPassphrase, UCCERT_NEW_PASSPHRASE: otherPassphrase },
  });
  assertGolden('store-passphrase', changed, scrub);
  assert.equal(changed.exitCode, 0, changed.stderr);
  assert.equal(workingPassphrase(home), otherPassphrase);
  const old = await runWithHome(home, ['client-cert', 'issue', 'sip:carol@contoso.com']);
  assert.equal(old.exitCode, 2);
  assert.match(old.stderr, /the passphrase does not unlock the private keys/);
  const next = await runWithHome(home, ['client-cert', 'issue', 'sip:carol@contoso.com'], {
    UCCERT_PASSPHRASE: otherPassphrase,
  });
  assert.equal(next.exitCode, 0, next.stderr);
  // A wrong current passphrase changes nothing.
  const wrong = await runUccert(['store', 'passphrase', '--home', home], {
    env: { UCCERT_PASSPHRASE: 'not it', UCCERT_NEW_PASSPHRASE: 'x' },
  });
  assert.equal(wrong.exitCode, 2);
  assert.equal(workingPassphrase(home), otherPassphrase);
  assertGolden(
    'store-passphrase-no-new',
    await runUccert(['store', 'passphrase', '--home', home], { env: { UCCERT_PASSPHRASE: otherPassphrase } }),
    scrub,
  );
});

test('store passphrase on a store without keys says there is nothing to change', async () => {
  const lab = makeLab('passphrase-empty');
  assert.equal((await runWithHome(lab.home, ['import', 'test/fixtures/chain.p7b'])).exitCode, 0);
  const t = await runUccert(['store', 'passphrase', '--home', lab.home], {
    env: { UCCERT_PASSPHRASE: testPassphrase, UCCERT_NEW_PASSPHRASE: otherPassphrase },
  });
  assertGolden('store-passphrase-no-keyring', t, scrubVarying(lab.dir));
  assert.equal(t.exitCode, 2);
});

/** Runs `store passphrase` as a process and kills it with SIGKILL after `killAfterMs` (null: never). */
function runKilled(
  home: string,
  from: string,
  to: string,
  killAfterMs: number | null,
): Promise<{ finished: boolean; elapsedMs: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, [repoPath('bin/uccert.js'), 'store', 'passphrase', '--home', home], {
    env: {
      ...process.env,
      UCCERT_PASSPHRASE: from,
      UCCERT_NEW_PASSPHRASE: to,
      UCCERT_NOW: fixtureNow.toISOString(),
    },
    stdio: 'ignore',
  });
  const timer = killAfterMs === null ? null : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
  return new Promise((resolve) => {
    child.once('exit', (code) => {
      if (timer !== null) clearTimeout(timer);
      clearTimeout(guard);
      resolve({ finished: code === 0, elapsedMs: performance.now() - started });
    });
  });
}

test('SIGKILL at any moment of store passphrase leaves the old or the new passphrase working, never neither', async (t) => {
  const home = await makeKeyedLab('passphrase-crash');
  const other = (p: string) => (p === testPassphrase ? otherPassphrase : testPassphrase);
  let current = workingPassphrase(home);
  const baseline = (await runKilled(home, current, other(current), null)).elapsedMs;
  current = workingPassphrase(home);
  const outcomes = { changed: 0, unchanged: 0 };
  const rounds = 16;
  for (let i = 0; i < rounds; i++) {
    const delay = i === rounds - 1 ? null : Math.round((baseline * 1.6 * i) / rounds);
    await runKilled(home, current, other(current), delay);
    const now = workingPassphrase(home);
    if (now === current) outcomes.unchanged++;
    else outcomes.changed++;
    current = now;
  }
  assert.ok(outcomes.changed > 0 && outcomes.unchanged > 0, JSON.stringify(outcomes));
  t.diagnostic(
    `baseline ${Math.round(baseline)} ms; changed ${outcomes.changed}, unchanged ${outcomes.unchanged}`,
  );
});
