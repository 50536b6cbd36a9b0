// `uccert scan` help and usage errors, as transcripts: what to give when the input is wrong (exit 2),
// and the history commands on a home without a store.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runUccert } from './support/cli-run.js';
import { assertGolden } from './support/golden.js';

const empty = mkdtempSync(join(tmpdir(), 'uccert-scan-cli-'));
after(() => rmSync(empty, { recursive: true, force: true }));
const scrub = (s: string) => s.replaceAll(empty, 'HOME');

test('scan --help', async () => {
  const t = await runUccert(['scan', '--help']);
  assert.equal(t.exitCode, 0);
  assertGolden('scan-help', t);
});

const usageCases: readonly [name: string, args: readonly string[], message: RegExp][] = [
  ['scan-no-topology', ['scan'], /scan: give the topology file/],
  [
    'scan-bad-since',
    ['scan', 'examples/contoso.yaml', '--since', 'yesterday'],
    /--since "yesterday" is not a scan id or "last"/,
  ],
  [
    'scan-critical-over-warn',
    ['scan', 'examples/contoso.yaml', '--critical-days', '40'],
    /--critical-days 40 is more than --warn-days 30/,
  ],
  [
    'scan-bad-concurrency',
    ['scan', 'examples/contoso.yaml', '--concurrency', '0'],
    /--concurrency "0" is not a whole number from 1 to 1024/,
  ],
  ['scan-bad-show', ['scan', '--show', 'x1'], /--show "x1" is not a scan id/],
];

for (const [name, args, message] of usageCases) {
  test(`scan usage error: ${name}`, async () => {
    const t = await runUccert([...args, '--home', empty]);
    assert.equal(t.exitCode, 2, t.stderr);
    assert.match(t.stderr, message);
    assertGolden(name, t, scrub);
  });
}

test('scan --list and --show without a store: exit 2, saying to run a scan first', async () => {
  for (const args of [
    ['scan', '--list'],
    ['scan', '--show', '1'],
  ]) {
    const t = await runUccert([...args, '--home', empty]);
    assert.equal(t.exitCode, 2);
    assert.match(
      t.stderr,
      /there is no uccert store in "[^"]+", so no scans to show\n {2}run a scan first \(uccert scan TOPOLOGY\), or give --home DIR/,
    );
  }
});

test('scan --since last with no earlier scan: exit 2, saying what to run first', async () => {
  const home = mkdtempSync(join(tmpdir(), 'uccert-scan-since-'));
  try {
    const t = await runUccert([
      'scan',
      'test/fixtures/check/live.yaml',
      '--no-dns-records',
      '--since',
      'last',
      '--home',
      home,
    ]);
    assert.equal(t.exitCode, 2);
    assert.match(
      t.stderr,
      /--since last: there is no earlier scan to compare with\n {2}run uccert scan once without --since first/,
    );
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
