// One remembered topology (issue 10): recorded by `uccert topology use FILE` or by the first
// command given one; plan, check, request and set default to it; changing it shows what the
// plan gains and loses; `set` checks against it by default and says what --force leaves broken.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { makeTempDir } from './ca-test-support.js';
import { runUccert, type Transcript } from './support/cli-run.js';
import { assertGolden } from './support/golden.js';
import { repoRoot } from './support/repo.js';

function scrub(home: string): (text: string) => string {
  return (text) => text.split(home).join('<HOME>').split(repoRoot).join('<REPO>/');
}

const wildcard = '9D6A56DCF6E880EDDC9F70D452B115694A77B398';

test('topology use, plan without a file, a changed topology with what the plan gains and loses, topology show', async () => {
  const home = join(makeTempDir('deployment-topology'), 'home');
  const use = await runUccert(['topology', 'use', 'examples/contoso.yaml', '--home', home]);
  assert.equal(use.exitCode, 0, use.stderr);
  assertGolden('topology-use', use, scrub(home));

  const plan = await runUccert(['plan', '--server', 'fe01.contoso.net', '--json', '--home', home]);
  assert.equal(plan.exitCode, 0, plan.stderr);
  assert.match(plan.stderr, /topology: .*examples\/contoso\.yaml \(remembered by the store\)/);
  const json = JSON.parse(plan.stdout) as { topology: { path: string; format: string } };
  assert.equal(json.topology.path, join(repoRoot, 'examples/contoso.yaml'));

  const change = await runUccert([
    'topology',
    'use',
    'test/fixtures/forms/get-cstopology-utf8.xml',
    '--home',
    home,
  ]);
  assert.equal(change.exitCode, 0, change.stderr);
  assert.match(change.stdout, /replaces .*examples\/contoso\.yaml; the plan changes:/);
  assert.match(change.stdout, /edge01\.contoso\.net XmppServer: gains fabrikam\.com/);
  assert.match(change.stdout, /fe03\.contoso\.net Default: no longer needed/);
  assertGolden('topology-use-change', change, scrub(home));

  const again = await runUccert([
    'topology',
    'use',
    'test/fixtures/forms/get-cstopology-utf16le.xml',
    '--home',
    home,
  ]);
  assert.equal(again.exitCode, 0, again.stderr);
  assert.match(again.stdout, /the plan does not change/);

  const show = await runUccert(['topology', 'show', '--home', home]);
  assert.equal(show.exitCode, 0, show.stderr);
  assert.match(show.stdout, /the deployment's topology: .*get-cstopology-utf16le\.xml \(xml, sha256 /);
});

test('the first command given a topology remembers it; another file later is used but not remembered', async () => {
  const home = join(makeTempDir('deployment-topology'), 'home');
  const init = await runUccert(['topology', 'use', 'examples/contoso.yaml', '--home', home]);
  assert.equal(init.exitCode, 0, init.stderr);
  const other = await runUccert([
    'plan',
    'test/fixtures/forms/topology-builder-sfb2019.tbxml',
    '--home',
    home,
  ]);
  assert.equal(other.exitCode, 0, other.stderr);
  assert.match(
    other.stderr,
    /note: this command used test\/fixtures\/forms\/topology-builder-sfb2019\.tbxml; the store remembers .*examples\/contoso\.yaml .* To make this one the deployment's: uccert topology use test\/fixtures\/forms\/topology-builder-sfb2019\.tbxml/,
  );
  const noStore = await runUccert(['plan', '--home', join(makeTempDir('deployment-topology'), 'none')]);
  assert.equal(noStore.exitCode, 2);
  assert.match(noStore.stderr, /no topology given, and there is no uccert store to remember one/);
});

async function importWildcard(home: string): Promise<Transcript> {
  return runUccert(['import', 'test/fixtures/wildcard-subject.pem', '--home', home]);
}

test('set protects by default: a wildcard on AccessEdgeExternal is refused without --topology, and --force says what it leaves broken', async () => {
  const home = join(makeTempDir('deployment-topology'), 'home');
  assert.equal((await runUccert(['topology', 'use', 'examples/contoso.yaml', '--home', home])).exitCode, 0);
  assert.equal((await importWildcard(home)).exitCode, 0);
  const args = [
    'set',
    '--server',
    'edge01.contoso.net',
    '--type',
    'AccessEdgeExternal',
    '--thumbprint',
    wildcard,
    '--home',
    home,
  ];
  const refused = await runUccert(args);
  assert.equal(refused.exitCode, 1, refused.stderr);
  assert.match(refused.stdout, /Refused 9D6A56DCF6E880EDDC9F70D452B115694A77B398/);
  assert.match(
    refused.stdout,
    /--force would assign it anyway and leave broken: .*WILDCARD_SUBJECT \(edge01\.contoso\.net\/AccessEdgeExternal\)/,
  );
  assertGolden('set-refused-by-remembered-topology', refused, scrub(home));
  const forced = await runUccert([...args, '--force']);
  assert.equal(forced.exitCode, 0, forced.stderr);
  assert.match(forced.stdout, /Assigned \(forced\)/);
  assert.match(forced.stdout, /--force left broken: .*WILDCARD_SUBJECT/);
});

test('request and check default to the remembered topology too', async () => {
  const home = join(makeTempDir('deployment-topology'), 'home');
  const dir = join(home, '..');
  assert.equal((await runUccert(['topology', 'use', 'examples/contoso.yaml', '--home', home])).exitCode, 0);
  const request = await runUccert(
    [
      'request',
      '--new',
      '--type',
      'Default',
      '--server',
      'med01.contoso.net',
      '--output',
      join(dir, 'med01.csr'),
      '--key-alg',
      'ECDH_P256',
      '--home',
      home,
    ],
    { env: { UCCERT_PASSPHRASE: 'test passphrase' } },
  );
  assert.equal(request.exitCode, 0, request.stderr);
  assert.match(request.stdout, /med01\.contoso\.net/);
  // Nothing is assigned yet: every planned use is reported (USE_NOT_ASSIGNED, issue 11).
  const check = await runUccert(['check', '--home', home]);
  assert.equal(check.exitCode, 1, check.stderr);
  assert.match(check.stdout, /0 certificates checked/);
  assert.match(check.stdout, /ERROR USE_NOT_ASSIGNED \(med01\.contoso\.net\/Default\)/);
});

test('topology and inventory with bad usage: exit 2 with the form to use', async () => {
  const home = join(makeTempDir('deployment-topology'), 'home');
  const cases: readonly [args: string[], message: RegExp][] = [
    [['topology'], /topology: give use FILE or show/],
    [['topology', 'remember', 'x.yaml'], /"remember x\.yaml" is not use FILE or show/],
    [
      ['topology', 'use', 'test/fixtures/topology/nope.yaml'],
      /cannot read topology "test\/fixtures\/topology\/nope\.yaml": no such file/,
    ],
    [['topology', 'show'], /there is no uccert store/],
    [['inventory'], /inventory: give script, or import FILE…/],
    [['inventory', 'import'], /inventory import: give the files the servers wrote/],
    [
      ['inventory', 'import', 'test/fixtures/forms/nope.json'],
      /cannot read inventory "test\/fixtures\/forms\/nope\.json": no such file/,
    ],
    [['plan', 'examples/contoso.yaml', '--simple-urls', 'x.json'], /--simple-urls completes a topology XML/],
    [
      ['plan', 'test/fixtures/forms/get-cstopology-utf8.xml', '--simple-urls', 'examples/contoso.yaml'],
      /--simple-urls "examples\/contoso\.yaml" is not JSON/,
    ],
    [
      [
        'plan',
        'test/fixtures/forms/get-cstopology-utf8.xml',
        '--simple-urls',
        'test/fixtures/forms/inventory-edge01-ps7.json',
      ],
      /has no SimpleUrl property/,
    ],
  ];
  for (const [args, message] of cases) {
    const t = await runUccert([...args, '--home', home]);
    assert.equal(t.exitCode, 2, `${args.join(' ')}: ${t.stderr}`);
    assert.match(t.stderr, message, args.join(' '));
  }
});
