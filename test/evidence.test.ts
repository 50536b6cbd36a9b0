// `uccert evidence`: the change-ticket pack from a real store (lab CA, requests, assignments, a
// renewal, two scans): the golden manifest, every checksum verified by sha256sum, the pack (directory
// and zip) scanned for key material and the passphrase, and report.html opened in Debian's
// Chromium (no network request, the coverage matrix and the timeline drawn, a screenshot and a
// printed PDF).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { before, test } from 'node:test';
import { unzipSync } from 'fflate';
import { chromium } from 'playwright-core';
import { makeLab, openssl, runWithHome, scrubVarying } from './ca-test-support.js';
import { assertGolden } from './support/golden.js';

const passphrase = 'evidence-pack-passphrase-Zq7';
const lab = makeLab('evidence');
// Relative to the repository root, where the CLI runs in tests: the transcript is the same anywhere.
const topology = 'examples/contoso.yaml';
const run = (args: readonly string[]) => runWithHome(lab.home, args, { UCCERT_PASSPHRASE: passphrase });
const fe01Uses = 'Default,WebServicesInternal,WebServicesExternal';
let deviceKeyDer = Buffer.alloc(0);

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

async function scan(): Promise<void> {
  // Nothing listens: a quick scan whose endpoints all fail, as a scan before a cut-over may.
  const t = await run([
    'scan',
    topology,
    '--dns-server',
    '127.0.0.1:1',
    '--timeout',
    '300',
    '--deadline',
    '2000',
  ]);
  assert.ok(t.exitCode === 1 || t.exitCode === 3, t.stderr);
}

before(async () => {
  assert.equal((await run(['ca', 'init', '--name', 'Contoso Lab CA'])).exitCode, 0);
  const requested = await run([
    'request',
    '--new',
    '--topology',
    topology,
    '--server',
    'fe01.contoso.net',
    '--type',
    fe01Uses,
    '--ca',
    'local',
    '--organization',
    'Contoso Ltd',
    '--json',
  ]);
  assert.equal(requested.exitCode, 0, requested.stderr);
  const thumbprint = (JSON.parse(requested.stdout) as { certificate: { thumbprint: string } }).certificate
    .thumbprint;
  assert.equal(
    (
      await run([
        'set',
        '--server',
        'fe01.contoso.net',
        '--type',
        fe01Uses,
        '--thumbprint',
        thumbprint,
        '--topology',
        topology,
      ])
    ).exitCode,
    0,
  );
  const offline = await run([
    'request',
    '--new',
    '--topology',
    topology,
    '--server',
    'edge01.contoso.net',
    '--type',
    'Internal',
    '--output',
    join(lab.dir, 'edge01-internal.csr'),
  ]);
  assert.equal(offline.exitCode, 0, offline.stderr);
  // A device key written out (encrypted): its key material must not reach the pack.
  const device = await run([
    'ca',
    'issue',
    '--new',
    '--san',
    'DNS:sbc.contoso.com',
    '--out-dir',
    join(lab.dir, 'sbc'),
    '--password',
    'pw',
  ]);
  assert.equal(device.exitCode, 0, device.stderr);
  const der = openssl([
    'pkey',
    '-in',
    join(lab.dir, 'sbc/sbc.contoso.com.key'),
    '-passin',
    'pass:pw',
    '-outform',
    'DER',
  ]);
  deviceKeyDer = Buffer.from(
    spawnSync('openssl', [
      'pkey',
      '-in',
      join(lab.dir, 'sbc/sbc.contoso.com.key'),
      '-passin',
      'pass:pw',
      '-outform',
      'DER',
    ]).stdout,
  );
  assert.equal(der.status, 0);
  await scan();
  assert.equal(
    (
      await run([
        'renew',
        '--topology',
        topology,
        '--server',
        'fe01.contoso.net',
        '--type',
        fe01Uses,
        '--ca',
        'local',
      ])
    ).exitCode,
    0,
  );
  await scan();
});

test('evidence --out DIR: golden manifest, and every checksum verifies with sha256sum', async () => {
  const out = join(lab.dir, 'pack');
  const t = await run(['evidence', '--out', out, '--topology', topology, '--since', '1']);
  assert.equal(t.exitCode, 0, t.stderr);
  assertGolden('evidence-dir', t, scrubVarying(lab.dir));
  const manifest = readFileSync(join(out, 'MANIFEST.sha256'), 'utf8');
  const paths = manifest
    .trim()
    .split('\n')
    .map((l) => l.slice(66));
  assert.deepEqual(
    [...paths, 'MANIFEST.sha256'].sort(),
    walk(out)
      .map((p) => relative(out, p))
      .sort(),
  );
  const check = spawnSync('sha256sum', ['-c', 'MANIFEST.sha256'], { cwd: out, encoding: 'utf8' });
  assert.equal(check.status, 0, check.stdout + check.stderr);
  for (const part of [
    'plan/plan.json',
    'plan/plan.txt',
    'runbook/runbook.ps1',
    'findings/findings.json',
    'history/assignments.json',
    'scans/changes.json',
    'report.html',
  ]) {
    assert.ok(paths.includes(part), part);
  }
  assert.match(
    readFileSync(join(out, 'runbook/runbook.ps1'), 'utf8'),
    /Request-CsCertificate -New -Type Default,WebServicesInternal,WebServicesExternal/,
  );
  const history = JSON.parse(readFileSync(join(out, 'history/assignments.json'), 'utf8')) as {
    renewals: unknown[];
    history: unknown[];
  };
  assert.equal(history.renewals.length, 1);
  assert.ok(history.history.length >= 1);
  // Every certificate in the pack is a certificate openssl reads, and every CSR verifies.
  for (const pem of paths.filter((p) => p.endsWith('.pem')))
    assert.equal(openssl(['x509', '-in', join(out, pem), '-noout']).status, 0, pem);
  for (const csr of paths.filter((p) => p.endsWith('.csr')))
    assert.equal(openssl(['req', '-in', join(out, csr), '-noout', '-verify']).status, 0, csr);
});

test('the pack holds no key material and not the passphrase (directory and zip)', async () => {
  const zip = join(lab.dir, 'pack.zip');
  const t = await run(['evidence', '--out', zip, '--topology', topology]);
  assert.equal(t.exitCode, 0, t.stderr);
  const contents: [string, Buffer][] = [
    ...walk(join(lab.dir, 'pack')).map((p) => [p, readFileSync(p)] as [string, Buffer]),
    ...Object.entries(unzipSync(readFileSync(zip))).map(
      ([p, b]) => [`zip:${p}`, Buffer.from(b)] as [string, Buffer],
    ),
  ];
  assert.ok(contents.length > 20);
  // A 48-byte window from the middle of the device key's PKCS#8 (inside the private exponent).
  const keySlice = deviceKeyDer.subarray(400, 448);
  assert.equal(keySlice.length, 48);
  for (const [path, bytes] of contents) {
    const text = bytes.toString('latin1');
    assert.doesNotMatch(text, /PRIVATE KEY|ENCRYPTED|BEGIN RSA|BEGIN EC/, path);
    assert.ok(!text.includes(passphrase), `${path} holds the passphrase`);
    assert.ok(!text.includes('pw"') && !text.includes("'pw'"), path);
    assert.equal(bytes.indexOf(keySlice), -1, `${path} holds key bytes`);
    assert.ok(!text.includes(keySlice.toString('base64').slice(0, 40)), `${path} holds key bytes (base64)`);
    assert.ok(!text.includes(keySlice.toString('hex')), `${path} holds key bytes (hex)`);
  }
});

test('report.html in Chromium: self-contained, coverage matrix and timeline drawn, prints', async () => {
  const html = join(lab.dir, 'pack', 'report.html');
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--no-first-run',
    ],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const external: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) external.push(r.url());
    });
    await page.goto(`file://${html}`);
    assert.deepEqual(external, [], 'the report loads nothing from outside');
    const rows = await page.locator('#coverage-matrix tbody tr').count();
    assert.ok(rows >= 10, `coverage rows: ${rows}`);
    assert.ok((await page.locator('#coverage-matrix td.exact').count()) > 0);
    assert.equal(await page.locator('#expiry-timeline rect').count(), 1);
    assert.ok((await page.locator('#findings tbody tr').count()) > 0);
    const screenshot = join(lab.dir, 'evidence-report.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    assert.ok(statSync(screenshot).size > 20_000);
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ format: 'A4' });
    assert.ok(pdf.subarray(0, 5).toString() === '%PDF-' && pdf.length > 10_000);
    if (process.env.UCCERT_SCREENSHOT_DIR !== undefined) {
      await page.emulateMedia({ media: 'screen' });
      await page.screenshot({
        path: join(process.env.UCCERT_SCREENSHOT_DIR, 'evidence-report.png'),
        fullPage: true,
      });
    }
  } finally {
    await browser.close();
  }
});
