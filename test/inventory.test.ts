// What each server really has (issue 10): the inventory script for Windows PowerShell 5.1 and 7,
// import of its files and of plain Get-CsCertificate | ConvertTo-Json, get --observed, and a
// drift end to end: observed on the server vs assigned in the store vs required by the plan.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { inventoryScript } from '../src/inventory/inventory-script.js';
import { parseInventory, parsePowerShellDate } from '../src/inventory/parse-inventory.js';
import { makeTempDir } from './ca-test-support.js';
import { runUccert } from './support/cli-run.js';
import { assertGolden } from './support/golden.js';
import { repoRoot } from './support/repo.js';

const forms = 'test/fixtures/forms';

function scrub(home: string): (text: string) => string {
  return (text) => text.split(home).join('<HOME>').split(repoRoot).join('<REPO>/');
}

test('inventory script: printed as is (golden)', async () => {
  const t = await runUccert(['inventory', 'script']);
  assert.equal(t.exitCode, 0);
  assertGolden('inventory-script', t);
});

/** PowerShell's automatic variables the script may read without defining them. */
const automatic = new Set(['null', 'true', 'false', 'env', 'PSVersionTable', '_']);

test('inventory script: every variable it reads is defined (param, assignment, foreach or function parameter)', () => {
  const defined = new Set<string>();
  for (const m of inventoryScript.matchAll(/\$(\w+)\s*=[^=]/g)) defined.add(m[1]!);
  for (const m of inventoryScript.matchAll(/foreach\s*\(\s*\$(\w+)\s+in/gi)) defined.add(m[1]!);
  for (const m of inventoryScript.matchAll(/\[\w+(?:\.\w+)*\]\$(\w+)/g)) defined.add(m[1]!);
  const used = [...inventoryScript.matchAll(/\$(\w+)/g)].map((m) => m[1]!).filter((v) => !/^env$/i.test(v));
  const undefinedVariables = [...new Set(used)].filter((v) => !defined.has(v) && !automatic.has(v));
  assert.deepEqual(undefinedVariables, []);
  // The pitfalls of 5.1 it must avoid: enums as numbers, \/Date()\/ and depth-2 truncation.
  assert.match(inventoryScript, /use\s+= \[string\]\$assignment\.Use/);
  assert.match(inventoryScript, /ToString\('yyyy-MM-ddTHH:mm:ssZ'/);
  assert.match(inventoryScript, /ConvertTo-Json -InputObject \$report -Depth 6/);
  assert.match(inventoryScript, /Cert:\\LocalMachine\\My\\/);
});

test('parsePowerShellDate: \\/Date(ms)\\/ of 5.1, ISO 8601 of 7, and DateTime.MinValue', () => {
  assert.equal(parsePowerShellDate('/Date(1780315200000)/'), '2026-06-01T12:00:00Z');
  assert.equal(parsePowerShellDate('/Date(1780315200000+0200)/'), '2026-06-01T12:00:00Z');
  assert.equal(parsePowerShellDate('2026-06-01T12:00:00Z'), '2026-06-01T12:00:00Z');
  assert.equal(parsePowerShellDate('0001-01-01T00:00:00'), null);
  assert.equal(parsePowerShellDate(''), null);
});

test('parseInventory: a file that is neither form says so', () => {
  const result = parseInventory({ hello: 'world' });
  assert.equal(result.ok, false);
  assert.equal(parseInventory({ uccertInventory: 2 }).ok, false);
});

test('inventory import: the script files from 5.1 and 7, then get --observed (text and JSON)', async () => {
  const home = join(makeTempDir('inventory'), 'home');
  const t = await runUccert([
    'inventory',
    'import',
    `${forms}/inventory-fe01-ps51.json`,
    `${forms}/inventory-edge01-ps7.json`,
    '--home',
    home,
  ]);
  assert.equal(t.exitCode, 0, t.stderr);
  assertGolden('inventory-import', t, scrub(home));
  const observed = await runUccert(['get', '--observed', '--home', home]);
  assert.equal(observed.exitCode, 0, observed.stderr);
  assertGolden('get-observed', observed, scrub(home));
  const json = await runUccert([
    'get',
    '--observed',
    '--server',
    'edge01.contoso.net',
    '--json',
    '--home',
    home,
  ]);
  const doc = JSON.parse(json.stdout) as {
    observed: { use: string; thumbprint: string; certificate: { subject: string } | null }[];
  };
  assert.deepEqual(
    doc.observed.map((o) => o.use),
    ['AccessEdgeExternal', 'DataEdgeExternal', 'Internal', 'XmppServer'],
  );
  assert.equal(doc.observed[0]?.certificate?.subject, 'CN=sip.contoso.com, O=Contoso Ltd');
  assert.equal(doc.observed[3]?.certificate, null);
});

test('inventory import of plain Get-CsCertificate | ConvertTo-Json: needs --server; 5.1 enum numbers and depth-2 strings said plainly', async () => {
  const home = join(makeTempDir('inventory'), 'home');
  const none = await runUccert([
    'inventory',
    'import',
    `${forms}/get-cscertificate-ps51.json`,
    '--home',
    home,
  ]);
  assert.equal(none.exitCode, 2);
  assert.match(
    none.stderr,
    /is plain Get-CsCertificate output, which names no server\n {2}say which server wrote it: uccert inventory import test\/fixtures\/forms\/get-cscertificate-ps51\.json --server fe01\.contoso\.net/,
  );
  const ps51 = await runUccert([
    'inventory',
    'import',
    `${forms}/get-cscertificate-ps51.json`,
    '--server',
    'fe02.contoso.net',
    '--home',
    home,
  ]);
  assert.equal(ps51.exitCode, 0, ps51.stderr);
  assert.match(ps51.stdout, /Default: 90884DF0222DCC99AE3D56A900C69A9441A4AF89 \(thumbprint only\)/);
  assert.match(
    ps51.stdout,
    /Use was written as the number 3 .* uccert does not guess which use that is; skipped/,
  );
  assert.match(ps51.stdout, /AlternativeNames arrived as one string: ConvertTo-Json stops at depth 2/);
  assert.match(ps51.stdout, /observed at the file's modification time/);
  const ps7 = await runUccert([
    'inventory',
    'import',
    `${forms}/get-cscertificate-ps7.json`,
    '--server',
    'fe02.contoso.net',
    '--json',
    '--home',
    home,
  ]);
  assert.equal(ps7.exitCode, 0, ps7.stderr);
  const doc = JSON.parse(ps7.stdout) as { imported: { entries: { use: string }[] }[] };
  assert.deepEqual(
    doc.imported[0]?.entries.map((e) => e.use),
    ['Default', 'WebServicesInternal'],
  );
  const bad = await runUccert(['inventory', 'import', 'examples/contoso.yaml', '--home', home]);
  assert.equal(bad.exitCode, 2);
  assert.match(bad.stderr, /inventory "examples\/contoso\.yaml" is not JSON/);
});

test('drift end to end: the store assigns one certificate, the server reports another, a planned use is missing', async () => {
  const home = join(makeTempDir('inventory-drift'), 'home');
  const run = async (args: string[], expected: number) => {
    const t = await runUccert([...args, '--home', home]);
    assert.equal(t.exitCode, expected, `${args.join(' ')}: ${t.stderr}${t.stdout}`);
    return t;
  };
  await run(['topology', 'use', 'examples/contoso.yaml'], 0);
  await run(['import', 'test/fixtures/check/fe01-combined.pem'], 0);
  // Its CA's certificates too: set checks the chain against the roots in the store.
  await run(['import', 'test/fixtures/issuing-ca.pem'], 0);
  await run(['import', 'test/fixtures/root-ca.pem'], 0);
  await run(
    [
      'set',
      '--server',
      'fe01.contoso.net',
      '--type',
      'Default,WebServicesInternal,WebServicesExternal',
      '--thumbprint',
      'E004D8D9F4433F396DAB2FD9F8D295994935E85E',
    ],
    0,
  );
  await run(
    ['inventory', 'import', `${forms}/inventory-fe01-ps51.json`, `${forms}/inventory-edge01-ps7.json`],
    0,
  );
  const check = await run(['check'], 1);
  assert.match(check.stdout, /ERROR OBSERVED_NOT_ASSIGNED \(fe01\.contoso\.net\/Default\)/);
  assert.match(check.stdout, /ERROR USE_NOT_OBSERVED \(edge01\.contoso\.net\/AudioVideoAuthentication\)/);
  // The certificate fe01 really serves for Default (fe02's) is checked against fe01's requirement.
  assert.match(check.stdout, /Default ← observed on fe01\.contoso\.net at 2026-06-01T09:30:00Z/);
  assertGolden('check-drift', check, scrub(home));
  const json = await run(['check', '--json'], 1);
  const doc = JSON.parse(json.stdout) as { drift: { code: string; target: string }[] };
  assert.ok(
    doc.drift.some(
      (f) => f.code === 'USE_NOT_OBSERVED' && f.target === 'edge01.contoso.net/AudioVideoAuthentication',
    ),
  );

  // The fix uccert prints for a reported certificate the store lacks runs as printed.
  const fix =
    /fix: record it: (uccert set --server edge01\.contoso\.net --type AccessEdgeExternal --thumbprint [0-9A-F]{40})/.exec(
      check.stdout,
    )?.[1];
  assert.ok(fix !== undefined, 'the OBSERVED_NOT_ASSIGNED fix for edge01 AccessEdgeExternal');
  const printed = fix.split(' ').slice(1);
  const recorded = await runUccert([...printed, '--force', '--home', home]);
  assert.ok(recorded.exitCode === 0, recorded.stdout + recorded.stderr);
  const after = await run(['check', '--json'], 1);
  const afterDoc = JSON.parse(after.stdout) as { drift: { code: string; target: string }[] };
  assert.ok(!afterDoc.drift.some((f) => f.target === 'edge01.contoso.net/AccessEdgeExternal'));
});
