// `uccert serve` as a user runs it: its help, and a real listener on loopback that prints its URL
// and "Ctrl-C to stop", answers with the CLI's JSON, refuses another Host, and stops on SIGINT.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { browserCommand } from '../src/cli/open-browser.js';
import { fixtureNow, runUccert } from './support/cli-run.js';
import { assertGolden } from './support/golden.js';
import { repoPath, repoRoot } from './support/repo.js';

const scratch = mkdtempSync(join(tmpdir(), 'uccert-serve-test-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

test('serve --help', async () => {
  assertGolden('serve-help', await runUccert(['serve', '--help']));
});

test('serve: bad --port and an unreadable topology are usage errors before anything listens', async () => {
  const port = await runUccert(['serve', '--port', '70000', '--home', scratch]);
  assert.equal(port.exitCode, 2);
  assert.match(port.stderr, /--port "70000"/);
  const topology = await runUccert(['serve', '--topology', join(scratch, 'missing.yaml'), '--home', scratch]);
  assert.equal(topology.exitCode, 2);
});

function get(url: string, host?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: host === undefined ? {} : { host } }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('serve: prints its URL and "Ctrl-C to stop", serves the CLI JSON, refuses another Host, stops on SIGINT', async () => {
  const home = join(scratch, 'home');
  const child = spawn(
    process.execPath,
    [repoPath('bin/uccert.js'), 'serve', '--topology', 'examples/contoso.yaml', '--home', home],
    {
      cwd: repoRoot,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: join(scratch, 'user'),
        UCCERT_NOW: fixtureNow.toISOString(),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    const stdout = await new Promise<string>((resolve, reject) => {
      let text = '';
      const timer = setTimeout(() => reject(new Error(`no URL in 60 s: ${text}`)), 60_000);
      child.stdout.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        if (text.includes('Ctrl-C to stop\n')) {
          clearTimeout(timer);
          resolve(text);
        }
      });
    });
    assert.match(stdout, /^Console: http:\/\/127\.0\.0\.1:\d+\/\nCtrl-C to stop\n$/);
    const url = /^Console: (\S+)$/m.exec(stdout)![1]!;
    const plan = await get(`${url}api/plan`);
    assert.equal(plan.status, 200);
    assert.equal(plan.body, (await runUccert(['plan', 'examples/contoso.yaml', '--json'])).stdout);
    const rebound = await get(`${url}api/plan`, `evil.example:${new URL(url).port}`);
    assert.equal(rebound.status, 421);
    child.kill('SIGINT');
    assert.equal(await exited, 0);
    await assert.rejects(get(`${url}api/plan`));
  } finally {
    child.kill('SIGKILL');
  }
});

test('a browser is opened only when there is one to open: BROWSER=none, no display, or the platform opener', () => {
  const url = 'http://127.0.0.1:1/';
  assert.equal(browserCommand(url, { env: { BROWSER: 'none', DISPLAY: ':0' }, platform: 'linux' }), null);
  assert.equal(browserCommand(url, { env: {}, platform: 'linux' }), null);
  assert.deepEqual(browserCommand(url, { env: { DISPLAY: ':0' }, platform: 'linux' }), ['xdg-open', url]);
  assert.deepEqual(browserCommand(url, { env: { WAYLAND_DISPLAY: 'wayland-0' }, platform: 'linux' }), [
    'xdg-open',
    url,
  ]);
  assert.deepEqual(browserCommand(url, { env: { BROWSER: 'firefox' }, platform: 'linux' }), ['firefox', url]);
  assert.deepEqual(browserCommand(url, { env: {}, platform: 'darwin' }), ['open', url]);
  assert.deepEqual(browserCommand(url, { env: {}, platform: 'win32' }), ['cmd', '/c', 'start', '""', url]);
});
