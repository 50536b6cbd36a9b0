// `uccert show`: golden transcripts (text and JSON) over representative fixtures, and one
// transcript per kind of bad input. The clock is fixtureNow, so validity lines are stable.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { assertContractCertificate } from './support/certificate-contract.js';
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

test('show --json gives the contract certificate JSON for every certificate of every fixture, in one document', async () => {
  const files = [
    ...['chain.pem', 'bundle-with-text.pem', 'chain.p7b', 'chain-der.p7b', 'rsa-leaf.der'],
    ...['san-kinds.pem', 'many-sans.pem', 'ecdsa-leaf.pem', 'pss.pem', 'wildcard-subject.pem'],
  ].map(fx);
  const t = await runUccert(['show', ...files, '--json'], { now: fixtureNow });
  assert.equal(t.exitCode, 0, t.stderr);
  const doc = JSON.parse(t.stdout) as { files: { path: string; certificates: unknown[] }[] };
  assert.deepEqual(
    doc.files.map((f) => f.path),
    files,
  );
  let count = 0;
  for (const file of doc.files) {
    file.certificates.forEach((c, i) => {
      assertContractCertificate(c, `${file.path} certificate ${i + 1}`);
      count++;
    });
  }
  assert.equal(count, 18);
  for (const [pfx, args] of [
    ['modern.pfx', password],
    ['nopass.pfx', []],
  ] as const) {
    const p = await runUccert(['show', fx(pfx), ...args, '--json'], { now: fixtureNow });
    const certificates = (JSON.parse(p.stdout) as { files: { certificates: unknown[] }[] }).files[0]!
      .certificates;
    certificates.forEach((c, i) => {
      assertContractCertificate(c, `${pfx} certificate ${i + 1}`);
    });
    assert.deepEqual(
      certificates.map((c) => (c as { hasPrivateKey: boolean }).hasPrivateKey),
      [true, false, false],
    );
  }
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
  ['show-bad-password-not-needed', [fx('nopass.pfx'), '--password', 'X']],
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

test('a password given for a PFX without one: it says the file opens with none', async () => {
  const t = await runUccert(['show', fx('nopass.pfx')], { env: { UCCERT_PFX_PASSWORD: 'X' } });
  assert.equal(t.exitCode, 2);
  assert.equal(
    t.stderr,
    `uccert: "${fx('nopass.pfx')}" is a PFX without a password: it opens with none, not with the password given\n` +
      '  drop --password\n',
  );
});

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

test('bad input, exit 2: a file or stdin larger than any certificate file (16 MiB)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'uccert-show-'));
  try {
    const path = join(dir, 'huge.pfx');
    writeFileSync(path, '');
    truncateSync(path, 17 * 1024 * 1024);
    const file = await runUccert(['show', path]);
    assert.equal(file.exitCode, 2);
    assert.equal(
      file.stderr.replaceAll(dir, '$TMP'),
      'uccert: "$TMP/huge.pfx" is 17825792 bytes, too large to be a certificate file (limit 16777216)\n' +
        '  give the certificate, PFX, P7B or CSR file itself\n',
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const stdin = await runUccert(['show', '-'], { stdin: Buffer.alloc(16 * 1024 * 1024 + 1) });
  assert.equal(stdin.exitCode, 2);
  assert.match(
    stdin.stderr,
    /^uccert: stdin holds more than 16777216 bytes, too large to be a certificate file\n/,
  );
});

test('endless stdin: the real process stops reading, refuses it (exit 2) and stays small', {
  timeout: 30_000,
}, async () => {
  const child = spawn(process.execPath, [repoPath('bin/uccert.js'), 'show', '-'], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  child.stdin.on('error', () => {}); // EPIPE once uccert stops reading and exits
  const block = Buffer.alloc(1024 * 1024);
  let written = 0;
  const pump = (): void => {
    // At most 1 GiB: far past uccert's cap, so only a bounded reader ends this test early.
    while (written < 1024 && !child.stdin.destroyed) {
      written++;
      if (!child.stdin.write(block)) {
        child.stdin.once('drain', pump);
        return;
      }
    }
    child.stdin.end();
  };
  pump();
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(code, 2, stderr);
  assert.match(stderr, /stdin holds more than 16777216 bytes/);
  assert.ok(written < 512, `uccert read ${written} MiB before refusing`);
});
