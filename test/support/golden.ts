// Golden transcripts: command, stdout, stderr and exit code, compared byte for byte with a file in
// test/golden/. They change only on purpose: run the tests with UPDATE_GOLDEN=1 and review the diff.

import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Transcript } from './cli-run.js';
import { repoPath } from './repo.js';

export function renderTranscript(t: Transcript): string {
  return [
    `$ uccert ${t.args.join(' ')}`,
    '--- stdout',
    t.stdout.trimEnd(),
    '--- stderr',
    t.stderr.trimEnd(),
    `--- exit ${t.exitCode}`,
    '',
  ].join('\n');
}

/** Compares a transcript with test/golden/NAME.txt. `scrub` removes run-dependent text (ports). */
export function assertGolden(name: string, t: Transcript, scrub: (text: string) => string = (s) => s): void {
  const path = repoPath(`test/golden/${name}.txt`);
  const actual = scrub(renderTranscript(t));
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  let expected: string;
  try {
    expected = readFileSync(path, 'utf8');
  } catch {
    assert.fail(`golden transcript ${path} is missing; run the tests with UPDATE_GOLDEN=1 to create it`);
  }
  assert.equal(actual, expected, `transcript differs from test/golden/${name}.txt`);
}
