// `uccert show`: golden transcripts (text and JSON) over representative fixtures, and one
// transcript per kind of bad input. The clock is fixtureNow, so validity lines are stable.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fixtureNow, runUccert } from './support/cli-run.js';
import { assertGolden } from './support/golden.js';
import { repoPath } from './support/repo.js';

const fx = (name: string) => `test/fixtures/${name}`;
const password = ['--password', 'uccert-test'];

const cases: readonly [string, readonly string[]][] = [
  ['show-rsa-leaf', [fx('rsa-leaf.pem')]],
  ['show-rsa-leaf-json', [fx('rsa-leaf.pem'), '--json']],
  ['show-bundle-with-text', [fx('bundle-with-text.pem')]],
  ['show-chain-json', [fx('chain.pem'), '--json']],
  ['show-pfx-modern', [fx('modern.pfx'), ...password]],
  ['show-pfx-modern-json', [fx('modern.pfx'), ...password, '--json']],
  ['show-pfx-legacy', [fx('legacy.pfx'), ...password]],
  ['show-pfx-ecdsa', [fx('ecdsa.pfx'), ...password]],
  ['show-pfx-nopass', [fx('nopass.pfx')]],
  ['show-csr', [fx('request.csr')]],
  ['show-csr-der-json', [fx('request-der.csr'), '--json']],
  ['show-san-kinds', [fx('san-kinds.pem')]],
  ['show-p7b', [fx('chain.p7b'), fx('chain-der.p7b')]],
  ['show-validity-windows', [fx('expired.pem'), fx('not-yet-valid.pem'), fx('expires-soon.pem')]],
  ['show-der-many-sans', [fx('rsa-leaf.der'), fx('many-sans.pem')]],
];

for (const [name, args] of cases) {
  test(`show transcript: ${name}`, async () => {
    const t = await runUccert(['show', ...args], { now: fixtureNow });
    assert.equal(t.exitCode, 0, t.stderr);
    if (args.includes('--json')) JSON.parse(t.stdout);
    assertGolden(name, t);
  });
}

test('show - reads stdin', async () => {
  const t = await runUccert(['show', '-'], { stdin: readFileSync(repoPath(fx('ecdsa-leaf.pem'))) });
  assert.equal(t.exitCode, 0, t.stderr);
  assertGolden('show-stdin', t);
});

test('show --json prints one document with every file', async () => {
  const t = await runUccert(['show', fx('chain.pem'), fx('request.csr'), '--json']);
  const doc = JSON.parse(t.stdout) as {
    files: { path: string; certificates: unknown[]; requests: unknown[] }[];
  };
  assert.deepEqual(
    doc.files.map((f) => [f.path, f.certificates.length, f.requests.length]),
    [
      [fx('chain.pem'), 3, 0],
      [fx('request.csr'), 0, 1],
    ],
  );
});

const leafDer = () => readFileSync(repoPath(fx('rsa-leaf.der')));
const badStdin: readonly [string, Buffer][] = [
  ['show-bad-empty-stdin', Buffer.alloc(0)],
  ['show-bad-truncated-der', leafDer().subarray(0, 700)],
  ['show-bad-binary-junk', Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 37 + 11) % 256))],
  [
    'show-bad-corrupt-pem',
    Buffer.from(
      readFileSync(repoPath(fx('rsa-leaf.pem')), 'latin1').replace(
        /\n[A-Za-z0-9+/]{64}\n/,
        '\n!!corrupt!!\n',
      ),
    ),
  ],
  [
    'show-bad-pem-no-end',
    Buffer.from(readFileSync(repoPath(fx('rsa-leaf.pem')), 'latin1').replace(/-----END[^\n]*\n/, '')),
  ],
];

for (const [name, stdin] of badStdin) {
  test(`bad input, one message and exit 2: ${name}`, async () => {
    const t = await runUccert(['show', '-'], { stdin });
    assert.equal(t.exitCode, 2);
    assert.equal(t.stdout, '');
    assert.doesNotMatch(t.stderr, /\n\s+at /, 'no stack trace');
    assertGolden(name, t);
  });
}

const badArgs: readonly [string, readonly string[]][] = [
  ['show-bad-missing-file', [fx('no-such-file.pem')]],
  ['show-bad-directory', ['test/fixtures']],
  ['show-bad-no-password', [fx('modern.pfx')]],
  ['show-bad-wrong-password', [fx('legacy.pfx'), '--password', 'Uccert-test']],
  ['show-bad-no-file', []],
];

for (const [name, args] of badArgs) {
  test(`bad input, one message and exit 2: ${name}`, async () => {
    const t = await runUccert(['show', ...args]);
    assert.equal(t.exitCode, 2);
    assert.doesNotMatch(t.stderr, /\n\s+at /, 'no stack trace');
    assertGolden(name, t);
  });
}

test('bad input, one message and exit 2: an empty file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'uccert-show-'));
  try {
    const path = join(dir, 'empty.pem');
    writeFileSync(path, '');
    const t = await runUccert(['show', path]);
    assert.equal(t.exitCode, 2);
    assertGolden('show-bad-empty-file', t, (s) => s.replaceAll(dir, '$TMP'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
