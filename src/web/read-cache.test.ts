import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { CommandOutcome } from './command-runner.js';
import { createReadCache } from './read-cache.js';

function outcome(json: string, status: CommandOutcome['status'] = 200): CommandOutcome {
  return { status, exitCode: status === 200 ? 0 : 2, json, commandLine: 'uccert get' };
}

test('read cache: one run per document until the store file changes, the age passes, or it failed', async () => {
  const home = mkdtempSync(join(tmpdir(), 'uccert-read-cache-'));
  try {
    writeFileSync(join(home, 'uccert.db'), 'a');
    let clock = 0;
    let runs = 0;
    const cache = createReadCache(home, () => clock);
    const run = async () => outcome(`{"run":${++runs}}`);
    assert.equal((await cache(['get'], run)).json, '{"run":1}');
    assert.equal((await cache(['get'], run)).json, '{"run":1}', 'the same document');
    assert.equal((await cache(['plan'], run)).json, '{"run":2}', 'another command line');
    writeFileSync(join(home, 'uccert.db-wal'), 'commit');
    assert.equal((await cache(['get'], run)).json, '{"run":3}', 'the store changed');
    clock += 6 * 60 * 1000;
    assert.equal((await cache(['get'], run)).json, '{"run":4}', 'too old');
    const failing = async () => outcome('{"error":{}}', 400);
    await cache(['check'], failing);
    assert.equal((await cache(['check'], run)).json, '{"run":5}', 'a failure is not kept');
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
