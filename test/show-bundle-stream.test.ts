// `show` of a PEM bundle over 1 MiB streams it (issue 9 item 10): it prints one certificate at a
// time, and what it prints is byte for byte what reading the file whole prints. Memory and time
// are measured in bench/bundle-bench.ts, not here.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../src/cli/main.js';
import { certificateFileJson, renderCertificateFileText } from '../src/cli/render-certificate-file.js';
import { parseCertificateContainer } from '../src/x509/certificate-container.js';
import { streamThresholdBytes } from '../src/x509/pem-bundle-stream.js';
import { fixtureNow } from './support/cli-run.js';
import { repoPath, repoRoot } from './support/repo.js';

/** Runs show and keeps every stdout write apart, to see whether it printed in pieces. */
async function showWrites(args: string[]): Promise<{ exitCode: number; writes: string[]; stderr: string }> {
  const writes: string[] = [];
  let stderr = '';
  const exitCode = await runCli(['show', ...args], {
    stdout: (t) => {
      writes.push(t);
    },
    stderr: (t) => {
      stderr += t;
    },
    readStdin: async () => Buffer.alloc(0),
    env: {},
    now: () => fixtureNow,
    cwd: repoRoot,
  });
  return { exitCode, writes, stderr };
}

/** Chains, text between blocks, unreadable fields, a v1 certificate, 500 same-named ones, over and over. */
function mixedBundle(extra = ''): string {
  const parts = [
    'chain.pem',
    'bundle-with-text.pem',
    'san-kinds.pem',
    'readers/utf8-ia5.pem',
    'readers/bad-utctime.pem',
    'readers/v1-mismatched-algorithms.pem',
    'readers/hex-dn-value.pem',
    'readers/same-dn-500.pem',
  ].map((name) => readFileSync(repoPath(`test/fixtures/${name}`), 'latin1'));
  let text = '';
  while (text.length <= streamThresholdBytes) text += parts.join('');
  return text + extra;
}

test('show streams a PEM bundle over 1 MiB, printing exactly what reading it whole prints (issue 9 item 10)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'uccert-bundle-'));
  try {
    const path = join(dir, 'bundle.pem');
    writeFileSync(path, mixedBundle(), 'latin1');
    const whole = parseCertificateContainer(readFileSync(path), { source: path });
    assert.ok(whole.certificates.length > 1000);

    const text = await showWrites([path, repoPath('test/fixtures/rsa-leaf.pem')]);
    assert.equal(text.exitCode, 0, text.stderr);
    const small = parseCertificateContainer(readFileSync(repoPath('test/fixtures/rsa-leaf.pem')), {
      source: repoPath('test/fixtures/rsa-leaf.pem'),
    });
    assert.equal(
      text.writes.join(''),
      [renderCertificateFileText(whole, fixtureNow), renderCertificateFileText(small, fixtureNow)].join('\n'),
    );
    // One write per certificate (and a few more): it never held the whole text.
    assert.ok(text.writes.length > whole.certificates.length, `${text.writes.length} writes`);
    assert.ok(Math.max(...text.writes.map((w) => w.length)) < 256 * 1024);

    const json = await showWrites([path, '--json']);
    assert.equal(json.exitCode, 0, json.stderr);
    assert.equal(
      json.writes.join(''),
      `${JSON.stringify({ files: [certificateFileJson(whole, fixtureNow)] }, null, 2)}\n`,
    );
    assert.ok(json.writes.length > whole.certificates.length);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a large PEM file with a key, or with a byte-order mark, is read whole, with the same output', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'uccert-bundle-'));
  try {
    const key = readFileSync(repoPath('test/fixtures/rsa-leaf.key'), 'latin1');
    for (const [name, text] of [
      ['with-key.pem', mixedBundle(key)],
      ['with-bom.pem', `\xef\xbb\xbf${mixedBundle()}`],
    ] as const) {
      const path = join(dir, name);
      writeFileSync(path, text, 'latin1');
      const t = await showWrites([path]);
      assert.equal(t.exitCode, 0, t.stderr);
      const whole = parseCertificateContainer(readFileSync(path), { source: path });
      assert.equal(t.writes.join(''), renderCertificateFileText(whole, fixtureNow), name);
      assert.equal(t.writes.length, 1, `${name} is printed in one piece`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
