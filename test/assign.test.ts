// `uccert set | get | remove`: assignments as Set-/Get-/Remove-CsCertificate make them. The check
// rules refuse a certificate (exit 1, --force overrides), ASSIGNMENT_SPLIT, a staged roll-over with
// its lead time (8 h A/V, 24 h OAuth), OAuthTokenIssuer global, the Edge pool's shared A/V
// certificate, current and previous per use, and the history with its times.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeLab, scrubVarying, testPassphrase, thumbprintOf } from './ca-test-support.js';
import { runUccert, type Transcript } from './support/cli-run.js';
import { assertGolden } from './support/golden.js';

const topology = 'examples/contoso.yaml';
const edgeUses = 'AccessEdgeExternal,DataEdgeExternal,AudioVideoAuthentication,XmppServer';

/** The CLI at a given time (the clock moves on between steps, so the history shows it). */
function at(home: string, iso: string): (args: readonly string[]) => Promise<Transcript> {
  return (args) =>
    runUccert([...args, '--home', home], { env: { UCCERT_PASSPHRASE: testPassphrase }, now: new Date(iso) });
}

async function request(
  run: (args: readonly string[]) => Promise<Transcript>,
  server: string,
  uses: string,
): Promise<string> {
  const t = await run([
    'request',
    '--new',
    '--type',
    uses,
    '--server',
    server,
    '--topology',
    topology,
    '--ca',
    'local',
    '--json',
  ]);
  assert.equal(t.exitCode, 0, t.stderr);
  return thumbprintOf(t);
}

test('set, roll, split, global OAuth, Edge pool, get, remove, history', async () => {
  const lab = makeLab('assign');
  const scrub = scrubVarying(lab.dir);
  const day1 = at(lab.home, '2026-06-01T12:00:00Z');
  assert.equal((await day1(['ca', 'init', '--name', 'Contoso Lab CA'])).exitCode, 0);
  const edge = await request(day1, 'edge01.contoso.net', edgeUses);
  const av = await request(day1, 'edge01.contoso.net', 'AudioVideoAuthentication');
  const oauth = await request(day1, 'global', 'OAuthTokenIssuer');
  const fe01 = await request(day1, 'fe01.contoso.net', 'Default,WebServicesInternal,WebServicesExternal');

  // The Edge certificate on the first member: set names the member that still lacks it.
  const setEdge = await day1([
    'set',
    '--server',
    'edge01.contoso.net',
    '--type',
    edgeUses,
    '--thumbprint',
    edge,
    '--topology',
    topology,
  ]);
  assertGolden('set-edge-first-member', setEdge, scrub);
  assert.equal(setEdge.exitCode, 0);
  assert.match(setEdge.stdout, /not yet: edge02\.contoso\.net \(none assigned\)/);
  const day2 = at(lab.home, '2026-06-02T09:30:00Z');
  const second = await day2([
    'set',
    '--server',
    'edge02.contoso.net',
    '--type',
    edgeUses,
    '--thumbprint',
    edge,
    '--topology',
    topology,
    '--json',
  ]);
  assertGolden('set-edge-second-member-json', second, scrub);
  assert.equal((JSON.parse(second.stdout) as { warnings: string[] }).warnings.length, 0);

  // Roll the A/V certificate alone. The Edge certificate expires 2028-05-31T12:00:00Z: 4 h before is too late.
  const tooLate = await day2([
    'set',
    '--server',
    'edge01.contoso.net',
    '--type',
    'AudioVideoAuthentication',
    '--thumbprint',
    av,
    '--roll',
    '--effective-date',
    '2028-05-31T08:00:00Z',
    '--topology',
    topology,
  ]);
  assertGolden('set-roll-too-late', tooLate, scrub);
  assert.equal(tooLate.exitCode, 1);
  assert.match(tooLate.stdout, /must be 2028-05-31T04:00:00Z or earlier/);
  const rolled = await day2([
    'set',
    '--server',
    'edge01.contoso.net',
    '--type',
    'AudioVideoAuthentication',
    '--thumbprint',
    av,
    '--roll',
    '--effective-date',
    '2028-05-30T12:00:00Z',
    '--topology',
    topology,
  ]);
  assertGolden('set-roll', rolled, scrub);
  assert.equal(rolled.exitCode, 0);
  assert.match(
    rolled.stdout,
    /Set-CsCertificate -Type AudioVideoAuthentication -Thumbprint [0-9A-F]{40} -Roll -EffectiveDate "5\/30\/2028 12:00:00 PM"/,
  );
  // edge02 still holds the old A/V certificate: rolled on one member only.
  assert.match(rolled.stdout, /not yet: edge02\.contoso\.net \(holds [0-9A-F]{40}\)/);

  const getRolled = await day2([
    'get',
    '--server',
    'edge01.contoso.net',
    '--type',
    'AudioVideoAuthentication',
  ]);
  assertGolden('get-rolled', getRolled, scrub);
  assert.match(getRolled.stdout, /Status\s+: staged: takes effect 2028-05-30T12:00:00Z/);
  assert.match(getRolled.stdout, /Previous certificate \(kept until/);

  // One thumbprint over uses that hold two certificates today: ASSIGNMENT_SPLIT.
  const split = await day2([
    'set',
    '--server',
    'edge01.contoso.net',
    '--type',
    edgeUses,
    '--thumbprint',
    edge,
  ]);
  assertGolden('set-assignment-split', split, scrub);
  assert.equal(split.exitCode, 0);
  assert.match(split.stdout, /WARNING ASSIGNMENT_SPLIT/);

  // OAuthTokenIssuer is global.
  const notGlobal = await day2([
    'set',
    '--server',
    'fe01.contoso.net',
    '--type',
    'OAuthTokenIssuer',
    '--thumbprint',
    oauth,
  ]);
  assertGolden('set-oauth-not-global', notGlobal, scrub);
  assert.equal(notGlobal.exitCode, 2);
  const global = await day2([
    'set',
    '--server',
    'global',
    '--type',
    'OAuthTokenIssuer',
    '--thumbprint',
    oauth,
    '--topology',
    topology,
  ]);
  assertGolden('set-oauth-global', global, scrub);
  assert.equal(global.exitCode, 0);
  assert.match(global.stdout, /Set-CsCertificate -Identity global -Type OAuthTokenIssuer -Thumbprint/);

  // A certificate that does not meet the use: refused, then forced.
  const refused = await day2([
    'set',
    '--server',
    'fe02.contoso.net',
    '--type',
    'Default',
    '--thumbprint',
    fe01,
    '--topology',
    topology,
  ]);
  assertGolden('set-refused', refused, scrub);
  assert.equal(refused.exitCode, 1);
  const forced = await day2([
    'set',
    '--server',
    'fe02.contoso.net',
    '--type',
    'Default',
    '--thumbprint',
    fe01,
    '--topology',
    topology,
    '--force',
  ]);
  assertGolden('set-forced', forced, scrub);
  assert.equal(forced.exitCode, 0);

  // A plain set replaces the current certificate and keeps no previous (Set-CsCertificate without
  // -Roll): the split set left the A/V use with nothing to remove with --previous.
  const day3 = at(lab.home, '2026-06-03T07:15:00Z');
  const removeArgs = [
    'remove',
    '--server',
    'edge01.contoso.net',
    '--type',
    'AudioVideoAuthentication',
    '--previous',
  ];
  const getAv = await day3(['get', '--server', 'edge01.contoso.net', '--type', 'AudioVideoAuthentication']);
  assert.match(getAv.stdout, /Previous certificate: \(none\)/);
  const nothing = await day3(removeArgs);
  assertGolden('remove-nothing', nothing, scrub);
  assert.equal(nothing.exitCode, 2);
  assert.equal(
    nothing.stderr.split('\n')[0],
    'uccert: edge01.contoso.net has no previous certificate for AudioVideoAuthentication: only a roll-over (set --roll --effective-date) keeps the replaced certificate as previous (nothing was changed)',
  );
  // Roll the A/V certificate again: the Edge certificate becomes previous, and --previous removes it.
  const rolledAgain = await day3([
    'set',
    '--server',
    'edge01.contoso.net',
    '--type',
    'AudioVideoAuthentication',
    '--thumbprint',
    av,
    '--roll',
    '--effective-date',
    '2028-05-30T12:00:00Z',
  ]);
  assert.equal(rolledAgain.exitCode, 0, rolledAgain.stderr);
  // Issue 8.1: until 2028-05-30T12:00:00Z the previous certificate is the one in effect.
  const pending = await day3(removeArgs);
  assertGolden('remove-previous-roll-pending', pending, scrub);
  assert.equal(pending.exitCode, 2);
  assert.match(pending.stderr, /at 2028-05-30T12:00:00Z or later/);
  const rollDay = at(lab.home, '2028-05-30T12:00:00Z');
  const removed = await rollDay(removeArgs);
  assertGolden('remove-previous', removed, scrub);
  assert.equal(removed.exitCode, 0);
  const removeCurrent = await rollDay([
    'remove',
    '--server',
    'fe02.contoso.net',
    '--type',
    'Default',
    '--json',
  ]);
  assertGolden('remove-json', removeCurrent, scrub);

  const all = await day3(['get']);
  assertGolden('get-all', all, scrub);
  const json = await day3(['get', '--json']);
  assertGolden('get-all-json', json, scrub);
  const report = JSON.parse(json.stdout) as {
    assignments: {
      server: string;
      use: string;
      certificate: { thumbprint: string; use: string[] };
      previous: unknown;
    }[];
    history: { at: string; action: string; server: string; use: string; thumbprint: string | null }[];
  };
  // Every change, in order, with its time: the console draws its timeline from this.
  assert.deepEqual(
    report.history.map((h) => `${h.at} ${h.action} ${h.server}/${h.use}`),
    [
      ...edgeUses.split(',').map((u) => `2026-06-01T12:00:00Z set edge01.contoso.net/${u}`),
      ...edgeUses.split(',').map((u) => `2026-06-02T09:30:00Z set edge02.contoso.net/${u}`),
      '2026-06-02T09:30:00Z roll edge01.contoso.net/AudioVideoAuthentication',
      ...edgeUses.split(',').map((u) => `2026-06-02T09:30:00Z set edge01.contoso.net/${u}`),
      '2026-06-02T09:30:00Z set global/OAuthTokenIssuer',
      '2026-06-02T09:30:00Z set fe02.contoso.net/Default',
      '2026-06-03T07:15:00Z roll edge01.contoso.net/AudioVideoAuthentication',
      '2028-05-30T12:00:00Z remove-previous edge01.contoso.net/AudioVideoAuthentication',
      '2028-05-30T12:00:00Z remove fe02.contoso.net/Default',
    ],
  );
  // Get-CsCertificate's Use: every use the certificate holds on that server (A/V rolled to its own).
  const edge01 = report.assignments.find(
    (a) => a.server === 'edge01.contoso.net' && a.use === 'AccessEdgeExternal',
  );
  assert.deepEqual(edge01?.certificate.use, ['AccessEdgeExternal', 'DataEdgeExternal', 'XmppServer']);
  assert.equal(report.assignments.length, 9);
});

test('set and get: bad input gets the exact message and exit code', async () => {
  const lab = makeLab('assign-errors');
  const scrub = scrubVarying(lab.dir);
  const run = at(lab.home, '2026-06-01T12:00:00Z');
  assertGolden('get-no-store', await run(['get']), scrub);
  assert.equal((await run(['ca', 'init'])).exitCode, 0);
  const cases: [string, string[], number][] = [
    [
      'set-unknown-thumbprint',
      ['set', '--server', 'fe01.contoso.net', '--type', 'Default', '--thumbprint', 'AB'.repeat(20)],
      2,
    ],
    [
      'set-roll-without-date',
      [
        'set',
        '--server',
        'edge01.contoso.net',
        '--type',
        'AudioVideoAuthentication',
        '--thumbprint',
        'AB'.repeat(20),
        '--roll',
      ],
      2,
    ],
    [
      'set-bad-date',
      [
        'set',
        '--server',
        'edge01.contoso.net',
        '--type',
        'AudioVideoAuthentication',
        '--thumbprint',
        'AB'.repeat(20),
        '--roll',
        '--effective-date',
        '7/1/2026',
      ],
      2,
    ],
    [
      'set-unknown-type',
      ['set', '--server', 'fe01.contoso.net', '--type', 'WebServices', '--thumbprint', 'AB'.repeat(20)],
      2,
    ],
    ['get-empty', ['get'], 0],
  ];
  for (const [name, args, code] of cases) {
    const t = await run(args);
    assertGolden(name, t, scrub);
    assert.equal(t.exitCode, code, `${name}: ${t.stderr}`);
  }
  const fe = await request(run, 'fe01.contoso.net', 'Default,WebServicesInternal,WebServicesExternal');
  const unknownServer = await run([
    'set',
    '--server',
    'fe09.contoso.net',
    '--type',
    'Default',
    '--thumbprint',
    fe,
    '--topology',
    topology,
  ]);
  assertGolden('set-unknown-server', unknownServer, scrub);
  assert.equal(unknownServer.exitCode, 2);
});

test('issue 8.2: set --roll refuses an effective date in the past, and the history never shows a roll before its assignment', async () => {
  const lab = makeLab('assign-roll-past');
  const scrub = scrubVarying(lab.dir);
  const run = at(lab.home, '2026-06-10T12:00:00Z');
  assert.equal((await run(['ca', 'init'])).exitCode, 0);
  const av = await request(run, 'edge01.contoso.net', 'AudioVideoAuthentication');
  const past = await run([
    'set',
    '--server',
    'edge01.contoso.net',
    '--type',
    'AudioVideoAuthentication',
    '--thumbprint',
    av,
    '--roll',
    '--effective-date',
    '2026-06-01T00:00:00Z',
  ]);
  assertGolden('set-roll-past-date', past, scrub);
  assert.equal(past.exitCode, 2);
  assert.match(past.stderr, /--effective-date 2026-06-01T00:00:00Z is already past/);
  const history = JSON.parse((await run(['get', '--json'])).stdout) as { history: unknown[] };
  assert.deepEqual(history.history, []);
  // The hint's command assigns it now.
  const hint = /uccert (set .*)$/m.exec(past.stderr)?.[1]?.split(' ') ?? [];
  const now = await run(hint);
  assert.equal(now.exitCode, 0, now.stderr);
});

test('help of request, import, export, set, get and remove', async () => {
  for (const command of ['request', 'import', 'export', 'set', 'get', 'remove']) {
    const help = await runUccert([command, '--help']);
    assertGolden(`${command}-help`, help);
    assert.equal(help.exitCode, 0);
    assert.match(help.stdout, new RegExp(`^uccert ${command}: `));
  }
});
