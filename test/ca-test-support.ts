// Shared by the lab CA, client certificate and store tests: a fresh home per test, the CLI run
// with a passphrase, openssl as the oracle, and a scrubber for what random keys make vary
// (thumbprints, key identifiers) and for the temporary home's path.

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixtureNow, runUccert, type Transcript } from './support/cli-run.js';

export const testPassphrase = 'correct horse battery staple';

/** openssl's -attime for the fixed test clock. */
export const fixtureEpoch = String(Math.floor(fixtureNow.getTime() / 1000));

const tempDirs: string[] = [];
process.once('exit', () => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary directory, removed when the test process exits. */
export function makeTempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `uccert-${prefix}-`));
  tempDirs.push(dir);
  return dir;
}

/** A temporary directory for files, with the uccert home inside it at `home`. */
export function makeLab(prefix: string): { dir: string; home: string } {
  const dir = makeTempDir(prefix);
  return { dir, home: join(dir, 'home') };
}

/** Runs uccert in process against `home`, with the test passphrase unless `env` says otherwise. */
export async function runWithHome(
  home: string,
  args: readonly string[],
  env: Readonly<Record<string, string>> = { UCCERT_PASSPHRASE: testPassphrase },
): Promise<Transcript> {
  return runUccert([...args, '--home', home], { env });
}

export interface OpensslResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function openssl(args: readonly string[], input?: string | Uint8Array): OpensslResult {
  const result = spawnSync('openssl', args, { input, encoding: 'utf8', timeout: 30_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** openssl without blocking the event loop: for when it talks to a server in this process. */
export function opensslAsync(args: readonly string[]): Promise<OpensslResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once('error', reject);
    child.once('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** A CSR made by openssl req, with a fresh key; returns the CSR's path. */
export function makeCsr(
  dir: string,
  name: string,
  subject: string,
  subjectAltName: string | null,
  keyArgs: readonly string[] = ['-newkey', 'rsa:2048'],
): string {
  const csr = join(dir, `${name}.csr`);
  const args = [
    'req',
    '-new',
    ...keyArgs,
    '-nodes',
    '-keyout',
    join(dir, `${name}.key`),
    '-subj',
    subject,
    '-out',
    csr,
  ];
  if (subjectAltName !== null) args.push('-addext', `subjectAltName=${subjectAltName}`);
  const result = openssl(args);
  if (result.status !== 0) throw new Error(`openssl req failed: ${result.stderr}`);
  return csr;
}

/**
 * Replaces what differs from run to run: the temporary directory, thumbprints, key identifiers and
 * the random part of serial numbers (the counter stays).
 */
export function scrubVarying(tempDir: string): (text: string) => string {
  return (text) =>
    text
      .split(tempDir)
      .join('<TMP>')
      .replace(/\b[0-9A-F]{64}\b/g, '<SHA256>')
      // Lab CA serial numbers: 70 random bits, then the counter (src/ca/ca-layout.ts).
      .replace(
        /\b[4-7][0-9A-F]{17}([0-9A-F]{8})\b/gi,
        (_, counter: string) => `<SERIAL:${counter.toUpperCase()}>`,
      )
      .replace(/\b[0-9A-F]{40}\b/g, '<SHA1>')
      .replace(/\b(?:[0-9A-Fa-f]{2}:){19}[0-9A-Fa-f]{2}\b/g, '<KEYID>')
      .replace(/\b[0-9a-f]{40}\b/g, '<KEYID>');
}

/** The thumbprint `uccert ca issue --json` or `client-cert issue --json` printed. */
export function thumbprintOf(t: Transcript): string {
  const parsed: unknown = JSON.parse(t.stdout);
  if (
    typeof parsed === 'object' &&
    parsed !== null &&
    'certificate' in parsed &&
    typeof parsed.certificate === 'object' &&
    parsed.certificate !== null &&
    'thumbprint' in parsed.certificate &&
    typeof parsed.certificate.thumbprint === 'string'
  ) {
    return parsed.certificate.thumbprint;
  }
  throw new Error(`no certificate thumbprint in: ${t.stdout}`);
}
