// The help and the usage errors of `check` and `discover`, as transcripts.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runUccert } from './support/cli-run.js';
import { assertGolden } from './support/golden.js';

test('check --help', async () => {
  const t = await runUccert(['check', '--help']);
  assert.equal(t.exitCode, 0);
  assertGolden('check-help', t);
});

test('discover --help', async () => {
  const t = await runUccert(['discover', '--help']);
  assert.equal(t.exitCode, 0);
  assertGolden('discover-help', t);
});

test('check without a topology, and --live with --cert: usage errors that say what to give', async () => {
  const none = await runUccert(['check']);
  assert.equal(none.exitCode, 2);
  assertGolden('check-no-topology', none);
  const both = await runUccert(['check', 'examples/contoso.yaml', '--live', '--cert', 'x.pem']);
  assert.equal(both.exitCode, 2);
  assertGolden('check-live-and-cert', both);
});

test('check --cert with a --use the server does not have, and a bad --now', async () => {
  const use = await runUccert([
    'check',
    'examples/contoso.yaml',
    '--server',
    'edge01.contoso.net',
    '--use',
    'Default',
    '--cert',
    'test/fixtures/check/edge01-internal.pem',
  ]);
  assert.equal(use.exitCode, 2);
  assertGolden('check-unknown-use', use);
  const now = await runUccert([
    'check',
    'examples/contoso.yaml',
    '--now',
    'yesterday',
    '--server',
    'fe01.contoso.net',
    '--use',
    'Default',
    '--cert',
    'test/fixtures/check/fe01-combined.pem',
  ]);
  assert.equal(now.exitCode, 2);
  assert.match(now.stderr, /--now "yesterday" is not an ISO 8601 time/);
  const local = await runUccert([
    'check',
    'examples/contoso.yaml',
    '--now',
    '2026-06-01T12:00:00',
    '--server',
    'fe01.contoso.net',
    '--use',
    'Default',
    '--cert',
    'test/fixtures/check/fe01-combined.pem',
  ]);
  assert.equal(local.exitCode, 2);
  assert.match(local.stderr, /--now "2026-06-01T12:00:00" has no time zone/);
  assert.match(local.stderr, /--now 2026-06-01T12:00:00Z/);
  for (const zoned of ['2026-06-01T17:00:00+05:00', '2026-06-01']) {
    const ok = await runUccert([
      'check',
      'examples/contoso.yaml',
      '--now',
      zoned,
      '--server',
      'fe01.contoso.net',
      '--use',
      'Default',
      '--cert',
      'test/fixtures/check/fe01-combined.pem',
      '--ca',
      'test/fixtures/root-ca.pem',
    ]);
    assert.equal(ok.exitCode, 0, `${zoned}: ${ok.stderr}`);
  }
});

test('discover without a domain, and with a name that is not one', async () => {
  const none = await runUccert(['discover']);
  assert.equal(none.exitCode, 2);
  const bad = await runUccert(['discover', 'contoso_com']);
  assert.equal(bad.exitCode, 2);
  assertGolden('discover-bad-domain', bad);
});
