import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runUccert } from '../../test/support/cli-run.js';
import { assertGolden } from '../../test/support/golden.js';

test('uccert --help lists every command', async () => {
  const t = await runUccert(['--help']);
  assert.equal(t.exitCode, 0);
  assertGolden('help', t);
});

test('an unknown command names itself and the known ones, exit 2', async () => {
  const t = await runUccert(['shwo']);
  assert.equal(t.exitCode, 2);
  assertGolden('unknown-command', t);
});
