// Concurrent writers (issue 9, item 12): W uccert processes at once, each running `client-cert
// issue` (key generation, the lab CA's signature, one write transaction) N times in a row against
// one store. Prints writes per second and failures for W = 1, 2, 4, 8; the baseline is W = 1, the
// same writes one after another. Usage: npm run build && node dist/bench/writers-bench.js [N]

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { issueClientCertificate } from '../src/ca/client-certificate-issue.js';
import { openStore, type Store } from '../src/store/store.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const uccert = `${root}bin/uccert.js`;
const env = { ...process.env, UCCERT_PASSPHRASE: 'bench passphrase', UCCERT_NOW: '2026-06-01T12:00:00Z' };

interface Outcome {
  readonly code: number | null;
  readonly stderr: string;
}

function runUccert(args: readonly string[]): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [uccert, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once('exit', (code) => resolve({ code, stderr }));
  });
}

export interface WritersResult {
  readonly writers: number;
  readonly writes: number;
  readonly failures: number;
  readonly seconds: number;
  readonly writesPerSecond: number;
  readonly firstFailure: string | null;
}

export async function measureWriters(
  home: string,
  writers: number,
  perWriter: number,
): Promise<WritersResult> {
  const started = performance.now();
  const outcomes = await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      const results: Outcome[] = [];
      for (let i = 0; i < perWriter; i++) {
        results.push(
          await runUccert(['client-cert', 'issue', `sip:w${writers}-${w}-${i}@contoso.com`, '--home', home]),
        );
      }
      return results;
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const all = outcomes.flat();
  const failed = all.filter((o) => o.code !== 0);
  return {
    writers,
    writes: all.length,
    failures: failed.length,
    seconds,
    writesPerSecond: all.length / seconds,
    firstFailure: failed[0]?.stderr.trim() ?? null,
  };
}

/**
 * In one process: how long one `client-cert issue` takes in all, and how long of that it holds the
 * write lock (the time inside Store.write). Medians over `runs`, after one warm-up.
 */
export async function measureLockHold(
  home: string,
  runs: number,
): Promise<{ totalMs: number; lockedMs: number }> {
  const store = openStore(home);
  const locked: number[] = [];
  const total: number[] = [];
  const timed: Store = {
    ...store,
    write: async (work) => {
      return store.write(async () => {
        const started = performance.now();
        try {
          return await work();
        } finally {
          locked.push(performance.now() - started);
        }
      });
    },
  };
  try {
    for (let i = 0; i <= runs; i++) {
      const started = performance.now();
      await issueClientCertificate(
        {
          store: timed,
          now: new Date('2026-06-01T12:00:00Z'),
          passphrase: async () => env.UCCERT_PASSPHRASE,
        },
        `sip:hold-${i}@contoso.com`,
        30,
      );
      total.push(performance.now() - started);
    }
  } finally {
    store.close();
  }
  const median = (xs: number[]) => [...xs.slice(1)].sort((a, b) => a - b)[Math.floor(runs / 2)] ?? 0;
  return { totalMs: median(total), lockedMs: median(locked) };
}

export function renderWriters(results: readonly WritersResult[]): string {
  const base = results[0]?.writesPerSecond ?? 1;
  return [
    '| writers | writes | failures | seconds | writes/s | vs 1 writer |',
    '|---:|---:|---:|---:|---:|---:|',
    ...results.map(
      (r) =>
        `| ${r.writers} | ${r.writes} | ${r.failures} | ${r.seconds.toFixed(1)} | ${r.writesPerSecond.toFixed(2)} | ${(r.writesPerSecond / base).toFixed(2)}× |`,
    ),
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const perWriter = Number(process.argv[2] ?? '8');
  const dir = mkdtempSync(join(tmpdir(), 'uccert-writers-'));
  const home = join(dir, 'home');
  try {
    const init = await runUccert(['ca', 'init', '--name', 'Bench Lab CA', '--home', home]);
    if (init.code !== 0) throw new Error(`ca init failed: ${init.stderr}`);
    const hold = await measureLockHold(home, 11);
    console.log(
      `client-cert issue in process: ${hold.totalMs.toFixed(1)} ms in all, ${hold.lockedMs.toFixed(1)} ms of it holding the write lock (medians of 11)`,
    );
    const results: WritersResult[] = [];
    for (const writers of [1, 2, 4, 8]) results.push(await measureWriters(home, writers, perWriter));
    console.log(
      `concurrent writers, client-cert issue × ${perWriter} per writer (${new Date().toISOString()})`,
    );
    console.log(renderWriters(results));
    for (const r of results)
      if (r.firstFailure !== null) console.log(`W=${r.writers} first failure: ${r.firstFailure}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
