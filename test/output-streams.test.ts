// uccert's own output failing (issue 9 item 11): a reader that stops reading, a full disk. Before,
// each ended uccert with an unhandled 'error' event: a Node stack trace and exit code 1.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { test } from 'node:test';
import { guardOutput, type OutputStream } from '../src/cli/output-streams.js';
import { repoPath } from './support/repo.js';

const uccert = repoPath('bin/uccert.js');
const bundle = repoPath('test/fixtures/readers/same-dn-500.pem');

function exitOf(child: ReturnType<typeof spawn>): Promise<number | null> {
  return new Promise((resolve) => child.on('close', (code) => resolve(code)));
}

test('show into a pipe whose reader stops (`uccert show big.pem | head -1`) ends quietly, exit 0', async () => {
  const child = spawn(process.execPath, [uccert, 'show', bundle], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  child.stdout.once('data', () => child.stdout.destroy());
  const timer = setTimeout(() => child.kill(), 60_000);
  const code = await exitOf(child);
  clearTimeout(timer);
  assert.equal(stderr, '');
  assert.equal(code, 0);
});

test('show onto a full disk (/dev/full) says the output could not be written, exit 3', {
  skip: !existsSync('/dev/full') && 'no /dev/full on this system',
}, async () => {
  const full = openSync('/dev/full', 'w');
  try {
    const child = spawn(process.execPath, [uccert, 'show', repoPath('test/fixtures/rsa-leaf.pem')], {
      stdio: ['ignore', full, 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const code = await exitOf(child);
    assert.equal(code, 3);
    assert.match(stderr, /^uccert: the output could not be written \(ENOSPC\); nothing more was printed\n/);
    assert.ok(!stderr.includes('node:events'), stderr);
  } finally {
    closeSync(full);
  }
});

/** A stream whose writes fail the way Node reports them: an 'error' event, or a throw. */
function failingStream(code: string, how: 'event' | 'throw'): OutputStream & { written: string[] } {
  let listener: ((e: Error & { code?: string }) => void) | undefined;
  const error = Object.assign(new Error(`write ${code}`), { code });
  return {
    written: [],
    write(text: string) {
      if (how === 'throw') throw error;
      this.written.push(text);
      queueMicrotask(() => listener?.(error));
      return true;
    },
    on(_event: 'error', l: (e: Error & { code?: string }) => void) {
      listener = l;
    },
  };
}

function recordingStream(): OutputStream & { written: string[] } {
  return {
    written: [],
    write(text: string) {
      this.written.push(text);
      return true;
    },
    on() {},
  };
}

for (const how of ['event', 'throw'] as const) {
  test(`guardOutput (${how}): EPIPE drops the rest and keeps the command's exit code; ENOSPC is exit 3`, async () => {
    const codes: number[] = [];
    const pipeErr = recordingStream();
    const pipe = guardOutput(failingStream('EPIPE', how), pipeErr, (c) => codes.push(c));
    pipe.stdout('one');
    await Promise.resolve();
    pipe.stdout('two');
    assert.equal(pipe.exitCodeFor(1), 1);
    assert.deepEqual(pipeErr.written, []);
    const diskErr = recordingStream();
    const disk = guardOutput(failingStream('ENOSPC', how), diskErr, (c) => codes.push(c));
    disk.stdout('one');
    await Promise.resolve();
    disk.stdout('two');
    assert.equal(disk.exitCodeFor(0), 3);
    assert.deepEqual(codes, [3]);
    assert.equal(diskErr.written.length, 1);
    assert.match(diskErr.written[0]!, /could not be written \(ENOSPC\)/);
  });
}
