// A damaged store is an environment error (exit 3) that names the store file and what to do,
// never an internal error (issue 9, items 14–16): each kind of damage is refused by the command
// that meets it, writes are refused before they land in a damaged store, `store check` lists the
// problems, and a sweep runs every command against every damage and allows only exit codes 0–3.

import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { makeTempDir, testPassphrase } from './ca-test-support.js';
import { runUccert, type Transcript } from './support/cli-run.js';
import {
  damagedCopy,
  damages,
  makePopulatedStore,
  type PopulatedStore,
  serverUses,
  topology,
} from './support/damaged-stores.js';

const dir = makeTempDir('store-damage');
let populated: PopulatedStore;

before(async () => {
  populated = await makePopulatedStore(dir);
});

const env = { UCCERT_PASSPHRASE: testPassphrase, UCCERT_NEW_PASSPHRASE: 'a new passphrase' };

function run(home: string, args: readonly string[]): Promise<Transcript> {
  return runUccert([...args, '--home', home], { env });
}

/** The `uccert store check --home …` line a damage message prints, as the words a shell would pass. */
function printedStoreCheck(t: Transcript): string[] | null {
  const line = /run: (uccert store check --home \S+)/.exec(t.stderr)?.[1];
  return line === undefined ? null : line.split(' ').slice(1);
}

async function assertDamageReported(t: Transcript, home: string): Promise<void> {
  assert.equal(t.exitCode, 3, t.stderr);
  assert.ok(t.stderr.includes(join(home, 'uccert.db')), t.stderr);
  assert.match(t.stderr, /backup/);
  assert.doesNotMatch(t.stderr, /internal error/);
}

/** Which command meets each damage first, and must refuse it with exit 3. */
const refusals: readonly (readonly [string, readonly string[]])[] = [
  ['a column renamed by a flipped byte', ['get']],
  ['dropped table', ['get']],
  ['facts that do not match the certificate', ['get']],
  ['keyring log_n=40', ['ca', 'crl']],
  ['keyring r=p=100000', ['ca', 'crl']],
  ['cut short', ['ca', 'revoke', 'ABCDEF']],
  ['broken index', ['ca', 'revoke', 'ABCDEF']],
  ['not SQLite', ['get']],
  ['empty file', ['get']],
];

for (const [damage, args] of refusals) {
  test(`a store with ${damage}: \`${args.join(' ')}\` exits 3 naming the file and a backup`, async () => {
    const home = damagedCopy(populated, dir, damage);
    const before = readFileSync(join(home, 'uccert.db'));
    const t = await run(home, args);
    await assertDamageReported(t, home);
    // Nothing was written into it, and it was not replaced by a new store.
    assert.deepEqual(readFileSync(join(home, 'uccert.db')), before);
  });
}

test('writes are refused on a cut-short store: request, import and ca issue write nothing', async () => {
  const home = damagedCopy(populated, dir, 'cut short');
  const size = statSync(join(home, 'uccert.db')).size;
  for (const args of [
    [
      'request',
      '--new',
      '--type',
      'Default',
      '--server',
      'fe02.contoso.net',
      '--topology',
      topology,
      '--ca',
      'local',
    ],
    ['import', 'test/fixtures/chain.p7b'],
    ['ca', 'issue', 'test/fixtures/request.csr'],
  ]) {
    const t = await run(home, args);
    await assertDamageReported(t, home);
    assert.equal(statSync(join(home, 'uccert.db')).size, size);
  }
});

test('the printed `uccert store check` runs as printed and lists what is wrong', async () => {
  const home = damagedCopy(populated, dir, 'broken index');
  const refused = await run(home, ['ca', 'revoke', 'ABCDEF']);
  const printed = printedStoreCheck(refused);
  assert.ok(printed !== null, refused.stderr);
  const check = await runUccert(printed, { env });
  assert.equal(check.exitCode, 1, check.stderr);
  assert.match(check.stdout, /problems?:\n {2}- SQLite integrity_check: /);
  assert.match(check.stdout, /certificates_subject/);
});

test('store check finds facts that lie about their certificate, and a keyring with an absurd cost', async () => {
  const facts = await run(damagedCopy(populated, dir, 'facts that do not match the certificate'), [
    'store',
    'check',
    '--json',
  ]);
  assert.equal(facts.exitCode, 1, facts.stderr);
  const report = JSON.parse(facts.stdout) as { ok: boolean; problems: string[] };
  assert.equal(report.ok, false);
  assert.ok(report.problems.some((p) => p.startsWith('certificate whose facts do not match it')));
  const keyring = await run(damagedCopy(populated, dir, 'keyring r=p=100000'), ['store', 'check']);
  assert.equal(keyring.exitCode, 1, keyring.stderr);
  assert.match(keyring.stdout, /keyring whose scrypt block size r=100000 is outside 1–32/);
});

test('an empty uccert.db is refused like a missing store, never made into a new one (ca init, get, check)', async () => {
  const home = damagedCopy(populated, dir, 'empty file');
  for (const args of [['ca', 'init'], ['get'], ['check', topology], ['import', 'test/fixtures/chain.p7b']]) {
    const t = await run(home, args);
    assert.equal(t.exitCode, 3, `${args.join(' ')}: ${t.stderr}`);
    assert.match(t.stderr, /is an empty file \(0 bytes\), not a uccert store/);
    assert.equal(statSync(join(home, 'uccert.db')).size, 0);
  }
});

/** Every command that reads or writes the store, with operands that work on the intact store. */
function everyCommand(p: PopulatedStore, home: string): readonly (readonly string[])[] {
  return [
    ['get'],
    ['get', '--json', '--server', 'fe01.contoso.net'],
    ['check', topology],
    ['check', topology, '--json'],
    ['ca', 'init'],
    ['ca', 'issue', 'test/fixtures/request.csr'],
    ['ca', 'revoke', p.client],
    ['ca', 'crl'],
    ['client-cert', 'issue', 'sip:bob@contoso.com'],
    ['client-cert', 'list'],
    ['client-cert', 'revoke', p.client],
    [
      'request',
      '--new',
      '--type',
      'Default',
      '--server',
      'fe02.contoso.net',
      '--topology',
      topology,
      '--output',
      join(home, '..', 'x.csr'),
    ],
    [
      'request',
      '--new',
      '--type',
      serverUses,
      '--server',
      'fe02.contoso.net',
      '--topology',
      topology,
      '--ca',
      'local',
    ],
    ['request', '--list', '--all'],
    ['request', '--retrieve', '--request-id', '1'],
    ['request', '--clear', '--request-id', '1'],
    ['import', 'test/fixtures/chain.p7b'],
    ['import', 'test/fixtures/modern.pfx', '--password', 'uccert-test'],
    ['export', p.server, '--out', join(home, '..', `${p.server}.pfx`), '--password', 'x'],
    [
      'set',
      '--server',
      'fe02.contoso.net',
      '--type',
      serverUses,
      '--thumbprint',
      p.server,
      '--topology',
      topology,
    ],
    ['remove', '--server', 'fe01.contoso.net', '--type', 'Default'],
    ['store', 'check'],
    ['store', 'backup', '--out', join(home, '..', 'backup.db')],
    ['store', 'passphrase'],
    ['show', 'test/fixtures/rsa-leaf.pem'],
    ['plan', topology],
  ];
}

// `demo` is left out: it builds its own home (it refuses one that holds anything) and serves 27
// TLS endpoints, which the sweep's hundreds of runs cannot afford. `probe` and `discover` do not
// open the store.
test('sweep: every command against every damaged store exits 0–3, never 70', async () => {
  const outside: string[] = [];
  const commands = everyCommand(populated, '').length;
  for (const damage of Object.keys(damages)) {
    for (let i = 0; i < commands; i++) {
      // A fresh copy per command: an earlier command must not repair or change what the next sees.
      const home = damagedCopy(populated, join(dir, 'sweep'), damage);
      const args = everyCommand(populated, home)[i] ?? [];
      const t = await run(home, args);
      if (t.exitCode < 0 || t.exitCode > 3)
        outside.push(`${damage} · ${args.join(' ')} → ${t.exitCode}: ${t.stderr.slice(0, 400)}`);
    }
  }
  assert.deepEqual(outside, []);
});
