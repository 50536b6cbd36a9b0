// The README's scan tour, run as printed: `uccert demo --keep-running` (a real process), its
// `host:port → 127.0.0.1:port` lines turned into --connect-to routes with the README's sed
// expression, `uccert scan examples/contoso.yaml` against them: every endpoint reached with what is
// assigned (no drift); then `set` of another certificate on fe01 is drift on each endpoint that
// serves fe01's; and the `uccert scan --show N` line the scan prints runs as printed.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fixtureNow, runUccert } from './support/cli-run.js';
import { repoPath, repoRoot } from './support/repo.js';

/** The README's expression, verbatim. */
const routesSed = String.raw`s/^  \([^ ]*:[0-9]*\) *→ \(127\.0\.0\.1:[0-9]*\).*/--connect-to \1:\2/p`;

test('scan against `uccert demo --clean --no-serve --keep-running` with the routes it prints: every endpoint, then drift after set', async () => {
  const scratch = mkdtempSync(join(tmpdir(), 'uccert-scan-demo-'));
  const child = spawn(
    process.execPath,
    [repoPath('bin/uccert.js'), 'demo', '--clean', '--no-serve', '--keep-running'],
    {
      cwd: repoRoot,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: join(scratch, 'home'),
        TMPDIR: scratch,
        UCCERT_NOW: fixtureNow.toISOString(),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  try {
    const stdout = await new Promise<string>((resolve, reject) => {
      let text = '';
      const timer = setTimeout(() => reject(new Error(`no "stay up" line in 120 s:\n${text}`)), 120_000);
      child.stdout.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        if (text.includes('stay up until Ctrl-C')) {
          clearTimeout(timer);
          resolve(text);
        }
      });
    });
    const home = /^Home: (\S+) /m.exec(stdout)![1]!;
    const routes = spawnSync('sed', ['-n', routesSed], { input: stdout, encoding: 'utf8' })
      .stdout.trim()
      .split(/\s+/);
    assert.equal(routes.length, 66, 'one --connect-to per endpoint');
    const root = join(home, 'Contoso-Lab-CA-Root.pem');
    const env = { UCCERT_HOME: home, UCCERT_PASSPHRASE: 'uccert-demo' };
    const scan = () =>
      runUccert(['scan', 'examples/contoso.yaml', '--ca', root, ...routes, '--timeout', '20000', '--json'], {
        env,
        now: fixtureNow,
      });

    const clean = await scan();
    const document = JSON.parse(clean.stdout) as {
      scanId: number;
      endpoints: { endpoint: string; status: string; drift: string }[];
      summary: { endpoints: number; reached: number; drifted: number; errors: number };
    };
    assert.equal(clean.exitCode, 0, clean.stdout.slice(0, 2000));
    assert.deepEqual(
      [
        document.summary.endpoints,
        document.summary.reached,
        document.summary.drifted,
        document.summary.errors,
      ],
      [33, 33, 0, 0],
    );

    // A new certificate assigned on fe01 while its endpoints still serve the old one.
    const request = await runUccert(
      [
        'request',
        '--new',
        '--type',
        'Default,WebServicesInternal,WebServicesExternal',
        '--server',
        'fe01.contoso.net',
        '--topology',
        'examples/contoso.yaml',
        '--ca',
        'local',
        '--json',
      ],
      { env, now: fixtureNow },
    );
    assert.equal(request.exitCode, 0, request.stderr);
    const thumbprint = (JSON.parse(request.stdout) as { certificate: { thumbprint: string } }).certificate
      .thumbprint;
    const set = await runUccert(
      [
        'set',
        '--server',
        'fe01.contoso.net',
        '--type',
        'Default,WebServicesInternal,WebServicesExternal',
        '--thumbprint',
        thumbprint,
      ],
      { env, now: fixtureNow },
    );
    assert.equal(set.exitCode, 0, set.stderr);
    const drifted = await runUccert(
      ['scan', 'examples/contoso.yaml', '--ca', root, ...routes, '--timeout', '20000'],
      { env, now: fixtureNow },
    );
    assert.equal(drifted.exitCode, 1);
    assert.match(drifted.stdout, /33 endpoints, 33 reached: 7 errors, 0 warnings, 7 drifted/);
    for (const endpoint of [
      'fe01.contoso.net:5061',
      'fe01.contoso.net:444',
      'pool01.contoso.net:5061',
      'webint.contoso.net:443',
    ]) {
      assert.match(
        drifted.stdout,
        new RegExp(`ERROR SERVED_NOT_ASSIGNED \\(${endpoint.replaceAll('.', '\\.')}\\)`),
      );
    }
    const show = /^Show it again: uccert (scan --show \d+)$/m.exec(drifted.stdout)![1]!.split(' ');
    const again = await runUccert(show, { env, now: fixtureNow });
    assert.equal(again.exitCode, 1);
    assert.equal(again.stdout, drifted.stdout);
  } finally {
    child.kill('SIGKILL');
    rmSync(scratch, { recursive: true, force: true });
  }
});
