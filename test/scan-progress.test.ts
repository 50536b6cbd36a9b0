// The scan's progress bar in a real pseudo-terminal (util-linux `script`): drawn on a terminal
// (done/total, errors, the slowest endpoint), red only without NO_COLOR, absent under --json
// (the terminal then holds the JSON document alone), and one line per endpoint with --verbose
// when stderr is not a terminal.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runUccert } from './support/cli-run.js';
import { repoRoot } from './support/repo.js';
import type { RunningServer } from './support/tls-servers.js';
import { startNodeTlsServer } from './support/tls-servers.js';

let server: RunningServer;
const home = mkdtempSync(join(tmpdir(), 'uccert-scan-progress-'));

before(async () => {
  server = await startNodeTlsServer({ leaf: 'rsa-leaf' });
});
after(async () => {
  await server.stop();
  rmSync(home, { recursive: true, force: true });
});

function scanArgs(): string[] {
  return [
    'scan',
    'test/fixtures/check/live.yaml',
    '--home',
    home,
    '--no-dns-records',
    '--timeout',
    '10000',
    ...[5061, 443, 4443, 444].flatMap((p) => [
      '--connect-to',
      `fe01.contoso.com:${p}:127.0.0.1:${server.port}`,
    ]),
  ];
}

const quote = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;

/** Runs uccert under `script`, so stdout and stderr are a terminal; returns what the terminal showed. */
function inTerminal(
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<{ output: string; code: number | null }> {
  const command = ['node', 'dist/src/cli/process-main.js', ...args].map(quote).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, TERM: 'xterm', COLUMNS: '160', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ output, code });
    });
  });
}

test('scan progress: a live bar on a terminal with done/total, errors and the slowest endpoint, in red without NO_COLOR', async () => {
  const { output, code } = await inTerminal(scanArgs());
  assert.equal(code, 1, output);
  assert.match(
    output,
    /scan \[[#-]+\] 4\/4 endpoints \| errors .*\d.* \| slowest fe01\.contoso\.com:\d+ \d+ ms/,
  );
  assert.match(output, /\u001b\[31m\d+\u001b\[39m/, 'the error count is red');
  const plain = await inTerminal(scanArgs(), { NO_COLOR: '1' });
  assert.match(plain.output, /scan \[[#-]+\] 4\/4 endpoints \| errors \d+ \|/);
  assert.doesNotMatch(plain.output, /\u001b\[3\dm/, 'no colour under NO_COLOR');
});

test('scan progress: none under --json, even on a terminal: the terminal shows the JSON document alone', async () => {
  const { output, code } = await inTerminal([...scanArgs(), '--json']);
  assert.equal(code, 1, output);
  assert.doesNotMatch(output, /scan \[/);
  const document = JSON.parse(output.replaceAll('\r\n', '\n')) as { endpoints: unknown[] };
  assert.equal(document.endpoints.length, 4);
});

test('scan --verbose without a terminal: one line per endpoint on stderr; without --verbose, nothing', async () => {
  const verbose = await runUccert([...scanArgs(), '--verbose']);
  const lines = verbose.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 4, verbose.stderr);
  for (const line of lines)
    assert.match(
      line,
      /^\[\d\/4\] ok fe01\.contoso\.com:\d+ \(fe01\.contoso\.com \w+\) \d+ ms: [0-9A-F]{40}; drift \S+$/,
    );
  const quiet = await runUccert(scanArgs());
  assert.equal(quiet.stderr, '');
});
