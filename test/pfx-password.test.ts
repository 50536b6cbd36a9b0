// Issue 9, item 21: the PFX password need not be on the command line, where every user of the
// machine can read it. It comes from --password-file FILE, $UCCERT_PFX_PASSWORD, or a prompt on
// the terminal (a real pseudo-terminal from util-linux `script`, and an injected one); --password
// still works, with a warning. openssl is the oracle for what export wrote.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { runCli } from '../src/cli/main.js';
import { makeLab, openssl, runWithHome, testPassphrase, thumbprintOf } from './ca-test-support.js';
import { fixtureNow, type Transcript } from './support/cli-run.js';
import { assertGolden } from './support/golden.js';
import { repoRoot } from './support/repo.js';

/** The password of test/fixtures/modern.pfx (test/fixtures/make-fixtures.sh). */
const fixturePassword = 'uccert-test';
const pfx = 'test/fixtures/modern.pfx';
const lab = makeLab('pfx-password');
const passwordFile = join(lab.dir, 'fixture.pass');
const warning =
  'warning: --password puts the password on the command line, where any user of this machine can read it (ps, /proc); give it with --password-file FILE or $UCCERT_PFX_PASSWORD, or type it when asked on a terminal\n';
let thumbprint = '';

before(async () => {
  // CRLF, as Notepad writes it: the line end is not part of the password.
  writeFileSync(passwordFile, `${fixturePassword}\r\nsecond line ignored\n`, { mode: 0o600 });
  assert.equal((await runWithHome(lab.home, ['ca', 'init', '--key-alg', 'ECDH_P256'])).exitCode, 0);
  const issued = await runWithHome(lab.home, [
    'request',
    '--new',
    '--type',
    'Default',
    '--server',
    'fe01.contoso.net',
    '--topology',
    'examples/contoso.yaml',
    '--key-alg',
    'ECDH_P256',
    '--ca',
    'local',
    '--json',
  ]);
  assert.equal(issued.exitCode, 0, issued.stderr);
  thumbprint = thumbprintOf(issued);
});

/** Runs uccert in process against the lab, with `prompt` as the terminal (null: none). */
async function run(
  args: readonly string[],
  options: { env?: Record<string, string>; prompt?: ((q: string) => Promise<string>) | null } = {},
): Promise<Transcript> {
  let stdout = '';
  let stderr = '';
  const full = [...args, '--home', lab.home];
  const exitCode = await runCli(full, {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    readStdin: async () => Buffer.alloc(0),
    env: { UCCERT_PASSPHRASE: testPassphrase, ...options.env },
    now: () => new Date(fixtureNow.getTime()),
    cwd: repoRoot,
    prompt: options.prompt ?? null,
  });
  return { args: full, stdout, stderr, exitCode };
}

/** A terminal that answers each question with the next line, and records the questions. */
function terminal(...answers: string[]): { questions: string[]; prompt: (q: string) => Promise<string> } {
  const questions: string[] = [];
  return {
    questions,
    prompt: async (question) => {
      questions.push(question);
      const answer = answers.shift();
      assert.ok(answer !== undefined, `asked once too often: ${question}`);
      return answer;
    },
  };
}

/** Whether openssl opens the PFX at `path` with `password` (and finds the key in it). */
function opensslOpens(path: string, password: string): boolean {
  const r = openssl(['pkcs12', '-in', path, '-passin', `pass:${password}`, '-nodes', '-info']);
  return r.status === 0 && r.stdout.includes('PRIVATE KEY');
}

test('export --password-file: the first line of the file is the password, and no warning', async () => {
  const out = join(lab.dir, 'from-file.pfx');
  const t = await run(['export', thumbprint, '--out', out, '--password-file', passwordFile]);
  assert.equal(t.exitCode, 0, t.stderr);
  assert.equal(t.stderr, '');
  assert.ok(opensslOpens(out, fixturePassword));
  assert.ok(!opensslOpens(out, `${fixturePassword}\r`));
});

test('export with $UCCERT_PFX_PASSWORD: no flag, no warning', async () => {
  const out = join(lab.dir, 'from-env.pfx');
  const t = await run(['export', thumbprint, '--out', out], { env: { UCCERT_PFX_PASSWORD: 'env-secret' } });
  assert.equal(t.exitCode, 0, t.stderr);
  assert.equal(t.stderr, '');
  assert.ok(opensslOpens(out, 'env-secret'));
});

test('export --password P still works, and warns that the command line is visible', async () => {
  const out = join(lab.dir, 'from-flag.pfx');
  const t = await run(['export', thumbprint, '--out', out, '--password', 'flag-secret']);
  assert.equal(t.exitCode, 0, t.stderr);
  assert.equal(t.stderr, warning);
  assert.ok(opensslOpens(out, 'flag-secret'));
});

test('export on a terminal: the password is asked twice, and a typo writes nothing', async () => {
  const out = join(lab.dir, 'typed.pfx');
  const typed = terminal('typed-secret', 'typed-secret');
  const t = await run(['export', thumbprint, '--out', out], { prompt: typed.prompt });
  assert.equal(t.exitCode, 0, t.stderr);
  assert.deepEqual(typed.questions, ['password for the PFX: ', 'password for the PFX (again): ']);
  assert.ok(opensslOpens(out, 'typed-secret'));

  const typo = await run(['export', thumbprint, '--out', join(lab.dir, 'typo.pfx')], {
    prompt: terminal('one', 'other').prompt,
  });
  assert.equal(typo.exitCode, 2);
  assert.match(typo.stderr, /the two passwords typed for the PFX differ \(nothing was written\)/);
});

test('export with no password and no terminal: the refusal names every way to give one', async () => {
  const t = await run(['export', thumbprint, '--out', join(lab.dir, 'none.pfx')]);
  assert.equal(t.exitCode, 2);
  assertGolden('pfx-password-missing', t, (s) =>
    s.split(lab.dir).join('<TMP>').replaceAll(thumbprint, '<SHA1>'),
  );
});

test('export --format pem takes the key only with a password given here, never from the environment', async () => {
  const t = await run(
    ['export', thumbprint, '--out', join(lab.dir, 'chain.pem'), '--format', 'pem', '--json'],
    {
      env: { UCCERT_PFX_PASSWORD: 'env-secret' },
    },
  );
  assert.equal(t.exitCode, 0, t.stderr);
  assert.equal((JSON.parse(t.stdout) as { includesKey: boolean }).includesKey, false);
  const keyed = await run([
    'export',
    thumbprint,
    '--out',
    join(lab.dir, 'keyed.pem'),
    '--format',
    'pem',
    '--password-file',
    passwordFile,
    '--json',
  ]);
  assert.equal(keyed.exitCode, 0, keyed.stderr);
  assert.equal((JSON.parse(keyed.stdout) as { includesKey: boolean }).includesKey, true);
});

test('show, check --cert and import open a PFX with --password-file or $UCCERT_PFX_PASSWORD', async () => {
  const show = await run(['show', pfx, '--password-file', passwordFile]);
  assert.equal(show.exitCode, 0, show.stderr);
  assert.match(show.stdout, /HasPrivateKey/);
  const shownByEnv = await run(['show', pfx], { env: { UCCERT_PFX_PASSWORD: fixturePassword } });
  assert.equal(shownByEnv.exitCode, 0, shownByEnv.stderr);
  assert.equal(shownByEnv.stdout, show.stdout);
  const check = await run(
    ['check', 'examples/contoso.yaml', '--server', 'fe01.contoso.net', '--use', 'Default', '--cert', pfx],
    { env: { UCCERT_PFX_PASSWORD: fixturePassword } },
  );
  assert.ok(check.exitCode === 0 || check.exitCode === 1, check.stderr);
  assert.equal(check.stderr, '');
  const imported = await run(['import', pfx, '--password-file', passwordFile, '--json']);
  assert.equal(imported.exitCode, 0, imported.stderr);
  assert.match(imported.stdout, /"hasPrivateKey": true/);
});

test('show on a terminal asks for the PFX password only when a PFX needs one, once for all files', async () => {
  const typed = terminal(fixturePassword);
  const t = await run(['show', 'test/fixtures/rsa-leaf.pem', pfx, 'test/fixtures/legacy.pfx'], {
    prompt: typed.prompt,
  });
  assert.equal(t.exitCode, 0, t.stderr);
  assert.deepEqual(typed.questions, ['PFX password: ']);
  const none = terminal();
  assert.equal((await run(['show', 'test/fixtures/rsa-leaf.pem'], { prompt: none.prompt })).exitCode, 0);
  assert.deepEqual(none.questions, []);
});

test('--password and --password-file together, and bad password files, are refused naming the file', async () => {
  const both = await run(['show', pfx, '--password', 'x', '--password-file', passwordFile]);
  assert.equal(both.exitCode, 2);
  assert.match(both.stderr, /--password and --password-file both give the password/);
  const missing = await run(['show', pfx, '--password-file', join(lab.dir, 'nope.pass')]);
  assert.equal(missing.exitCode, 2);
  assert.match(missing.stderr, /cannot read --password-file ".*nope\.pass": no such file/);
  const empty = join(lab.dir, 'empty.pass');
  writeFileSync(empty, '\n');
  const blank = await run(['import', pfx, '--password-file', empty]);
  assert.equal(blank.exitCode, 2);
  assert.match(blank.stderr, /--password-file ".*empty\.pass" holds no password on its first line/);
  const huge = join(lab.dir, 'huge.pass');
  writeFileSync(huge, 'x'.repeat(70_000));
  const large = await run(['export', thumbprint, '--out', join(lab.dir, 'l.pfx'), '--password-file', huge]);
  assert.equal(large.exitCode, 2);
  assert.match(
    large.stderr,
    /--password-file ".*huge\.pass" has 70,000 bytes; uccert reads at most 65,536 bytes/,
  );
});

test('show on a real pseudo-terminal (util-linux script): asks, does not echo, opens the PFX', async () => {
  // script gives uccert a terminal as stdin; what is written to script's stdin is typed on it.
  const child = spawn('script', ['-qec', `${process.execPath} bin/uccert.js show ${pfx}`, '/dev/null'], {
    cwd: repoRoot,
    env: { ...process.env, TERM: 'dumb' },
  });
  let output = '';
  let typed = false;
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  child.stdout.on('data', (d: Buffer) => {
    output += d.toString();
    if (!typed && output.includes('PFX password: ')) {
      typed = true;
      child.stdin.write(`${fixturePassword}\r`);
    }
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(timer);
  assert.equal(code, 0, output);
  assert.ok(typed, output);
  assert.match(output, /HasPrivateKey/);
  assert.ok(!output.includes(fixturePassword), 'the password was echoed');
});
