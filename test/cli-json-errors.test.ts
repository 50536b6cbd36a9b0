// Issue 10, "Errors as JSON": with --json, an input, usage or environment error is also one JSON
// document on stdout, { "error": { code, message, hint, input } }, with the same exit code, for
// every command (architecture.md, "Command line"). A script never has to parse stderr.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { makeLab, runWithHome } from './ca-test-support.js';
import type { Transcript } from './support/cli-run.js';
import { assertGolden } from './support/golden.js';
import { repoRoot } from './support/repo.js';

const lab = makeLab('json-errors');
const passwordFile = join(lab.dir, 'pfx.pass');
writeFileSync(passwordFile, 'export password\n', { mode: 0o600 });
const fast = ['--timeout', '300'];

interface Case {
  readonly args: readonly string[];
  readonly exit: 2 | 3;
  readonly code: string;
  /** What `input` must be; undefined: not checked beyond being a string or null. */
  readonly input?: string | null;
}

/** One bad input for every command (and none: an unknown command, a bad flag). */
const cases: Readonly<Record<string, Case>> = {
  show: { args: ['show', 'no-such.pem'], exit: 2, code: 'UNREADABLE_FILE', input: 'no-such.pem' },
  probe: { args: ['probe', '[::1'], exit: 2, code: 'BAD_ENDPOINT', input: '[::1' },
  plan: { args: ['plan', 'no-such.yaml'], exit: 2, code: 'UNREADABLE_TOPOLOGY', input: 'no-such.yaml' },
  'plan --format json': {
    args: ['plan', 'test/fixtures/topology/not-topology.xml', '--format', 'json'],
    exit: 2,
    code: 'UNREADABLE_TOPOLOGY',
    input: 'test/fixtures/topology/not-topology.xml',
  },
  check: { args: ['check', 'no-such.yaml'], exit: 2, code: 'UNREADABLE_TOPOLOGY', input: 'no-such.yaml' },
  discover: { args: ['discover', 'a b.com'], exit: 2, code: 'BAD_DOMAIN', input: 'a b.com' },
  'discover (DNS unreachable)': {
    args: ['discover', 'contoso.com', '--dns-server', '127.0.0.1:1', ...fast],
    exit: 3,
    code: 'DNS_UNREACHABLE',
  },
  ca: { args: ['ca'], exit: 2, code: 'BAD_USAGE', input: null },
  'ca issue': {
    args: ['ca', 'issue', 'no-such.csr'],
    exit: 2,
    code: 'UNREADABLE_FILE',
    input: 'no-such.csr',
  },
  'client-cert': { args: ['client-cert', 'issue', 'alice'], exit: 2, code: 'BAD_SIP_URI', input: 'alice' },
  request: { args: ['request'], exit: 2, code: 'BAD_USAGE', input: null },
  import: { args: ['import', 'no-such.pem'], exit: 2, code: 'UNREADABLE_FILE', input: 'no-such.pem' },
  export: {
    args: ['export', 'ABCDEF', '--out', join(lab.dir, 'x.pfx'), '--password-file', passwordFile],
    exit: 2,
    code: 'NO_STORE',
    input: lab.home,
  },
  set: {
    args: ['set', '--server', 'fe01.contoso.net', '--type', 'Default', '--thumbprint', 'ABCDEF'],
    exit: 2,
    code: 'NO_STORE',
    input: lab.home,
  },
  get: { args: ['get'], exit: 2, code: 'NO_STORE', input: lab.home },
  remove: {
    args: ['remove', '--server', 'fe01.contoso.net', '--type', 'Default'],
    exit: 2,
    code: 'NO_STORE',
    input: lab.home,
  },
  demo: {
    args: ['demo', '--topology', 'no-such.yaml'],
    exit: 2,
    code: 'UNREADABLE_TOPOLOGY',
    input: 'no-such.yaml',
  },
  'unknown command': { args: ['frobnicate'], exit: 2, code: 'UNKNOWN_COMMAND', input: 'frobnicate' },
  'unknown flag': { args: ['get', '--no-such-flag'], exit: 2, code: 'BAD_USAGE', input: '--no-such-flag' },
  'flag without value': {
    args: ['probe', '127.0.0.1', '--timeout'],
    exit: 2,
    code: 'BAD_USAGE',
    input: '--timeout',
  },
  'bad number': {
    args: ['probe', '127.0.0.1', '--timeout', 'x'],
    exit: 2,
    code: 'BAD_OPTION_VALUE',
    input: '--timeout',
  },
};

function assertErrorDocument(name: string, c: Case, t: Transcript): void {
  const shown = `${name}: exit ${t.exitCode}\n${t.stdout}\n${t.stderr}`;
  assert.equal(t.exitCode, c.exit, shown);
  const document = JSON.parse(t.stdout) as { error: Record<string, unknown> };
  assert.deepEqual(Object.keys(document), ['error'], shown);
  assert.deepEqual(Object.keys(document.error), ['code', 'message', 'hint', 'input'], shown);
  const { code, message, hint, input } = document.error;
  assert.equal(code, c.code, shown);
  // The same words as on stderr, which a person reads.
  assert.equal(t.stderr, `uccert: ${String(message)}\n  ${String(hint)}\n`, shown);
  if (c.input !== undefined) assert.equal(input, c.input, shown);
  else assert.ok(input === null || typeof input === 'string', shown);
}

test('every command under --json prints one error document with the exit code', async (t) => {
  for (const [name, c] of Object.entries(cases)) {
    await t.test(name, async () => {
      assertErrorDocument(name, c, await runWithHome(lab.home, [...c.args, '--json']));
    });
  }
});

test('without --json, stdout stays empty on an error', async () => {
  for (const [name, c] of Object.entries(cases).filter(([, c]) => !c.args.includes('json'))) {
    const t = await runWithHome(lab.home, c.args);
    assert.equal(t.exitCode, c.exit, name);
    assert.equal(t.stdout, '', name);
  }
});

test('--json after -- is an operand, not the flag', async () => {
  const t = await runWithHome(lab.home, ['show', '--', 'no-such.pem', '--json']);
  assert.equal(t.exitCode, 2);
  assert.equal(t.stdout, '');
});

test('the error document, word for word', async () => {
  const t = await runWithHome(lab.home, ['plan', 'no-such.yaml', '--json']);
  assertGolden('json-error-plan-missing', t, (s) => s.split(lab.home).join('<HOME>'));
});

test('a bad UCCERT_NOW is an input error with its document, not a crash before the command runs', () => {
  const r = spawnSync(
    process.execPath,
    [
      'bin/uccert.js',
      'check',
      'examples/contoso.yaml',
      '--server',
      'fe01.contoso.net',
      '--use',
      'Default',
      '--cert',
      'test/fixtures/rsa-leaf.pem',
      '--json',
    ],
    {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { ...process.env, UCCERT_NOW: 'notatime', UCCERT_HOME: lab.home },
    },
  );
  assert.equal(r.status, 2, r.stderr);
  const document = JSON.parse(r.stdout) as { error: { code: string; input: string | null } };
  assert.equal(document.error.code, 'BAD_CLOCK');
  assert.doesNotMatch(r.stderr, /^\s+at /m);
});

test('a reader that closes the pipe early ends uccert quietly, not with an EPIPE crash', async () => {
  // 300 pools: megabytes of plan, far more than a pipe holds, so writes go on after the close.
  const pools = Array.from(
    { length: 300 },
    (_, p) =>
      `  - {fqdn: pool${p}.contoso.net, role: frontEnd, servers: [fe${p}a.contoso.net, fe${p}b.contoso.net]}`,
  );
  const topology = join(lab.dir, 'pools.yaml');
  writeFileSync(
    topology,
    `version: 1\nproduct: sfb2015\nsipDomains: [contoso.com]\nsimpleUrls: {meet: [https://meet.contoso.com], dialin: https://dialin.contoso.com}\npools:\n${pools.join('\n')}\n`,
  );
  const child = spawn(process.execPath, ['bin/uccert.js', 'plan', topology, '--json'], { cwd: repoRoot });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  child.stdout.once('data', () => child.stdout.destroy());
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(stderr, '');
  assert.equal(code, 0);
});
