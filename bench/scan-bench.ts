// The scan benchmark of bench/README.md (issue 11): endpoints per second (chain fetched and
// verified) and peak RSS of `uccert scan` at 100 and 1,000 loopback endpoints, beside a sequential
// `openssl s_client -showcerts` loop over the same endpoints in the same run. The endpoints run in
// their own process (bench/scan-servers.ts), the scan in another (bench/scan-worker.ts).
// Usage: npm run build && node dist/bench/scan-bench.js   (results: bench/out/scan.json)

import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const out = `${root}bench/out`;
const sizes = (process.argv[2] ?? '100,1000').split(',').map(Number);

interface ScanFigures {
  endpoints: number;
  reached: number;
  seconds: number;
  perSecond: number;
  maxRssKb: number;
}

async function startServers(count: number): Promise<{ ports: number[]; child: ChildProcess }> {
  const child = spawn(process.execPath, [`${root}dist/bench/scan-servers.js`, String(count)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
  });
  return { ports: JSON.parse(line) as number[], child };
}

function runScanWorker(ports: readonly number[]): ScanFigures {
  const r = spawnSync(process.execPath, [`${root}dist/bench/scan-worker.js`, JSON.stringify(ports), '16'], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (r.status !== 0) throw new Error(`scan worker exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as ScanFigures;
}

/** Sequential `openssl s_client -showcerts` over the same endpoints: the ad-hoc way. */
function runOpensslLoop(ports: readonly number[]): { seconds: number; perSecond: number; fetched: number } {
  const started = performance.now();
  let fetched = 0;
  for (const [i, port] of ports.entries()) {
    const r = spawnSync(
      'openssl',
      [
        's_client',
        '-connect',
        `127.0.0.1:${port}`,
        '-servername',
        `sba${String(i).padStart(4, '0')}.contoso.com`,
        '-showcerts',
      ],
      { input: '', encoding: 'utf8', timeout: 30_000 },
    );
    if (r.stdout.includes('-----BEGIN CERTIFICATE-----')) fetched += 1;
  }
  const seconds = (performance.now() - started) / 1000;
  return { seconds, perSecond: ports.length / seconds, fetched };
}

const results: Record<string, unknown> = {};
for (const size of sizes) {
  const { ports, child } = await startServers(size);
  try {
    const scan = runScanWorker(ports);
    const openssl = runOpensslLoop(ports);
    results[size] = { scan, openssl, ratio: scan.perSecond / openssl.perSecond };
    process.stdout.write(
      `${size} endpoints: uccert scan ${scan.perSecond.toFixed(0)}/s (${scan.reached} reached, peak RSS ${(scan.maxRssKb / 1024).toFixed(1)} MB); ` +
        `openssl s_client loop ${openssl.perSecond.toFixed(0)}/s (${openssl.fetched} fetched); ratio ${(scan.perSecond / openssl.perSecond).toFixed(1)}×\n`,
    );
  } finally {
    child.stdin?.end();
    child.kill();
  }
}
const small = results[sizes[0]!] as { scan: ScanFigures } | undefined;
const large = results[sizes.at(-1)!] as { scan: ScanFigures } | undefined;
if (small !== undefined && large !== undefined && sizes.length > 1) {
  const growth = (large.scan.maxRssKb / small.scan.maxRssKb - 1) * 100;
  process.stdout.write(
    `peak RSS growth from ${sizes[0]} to ${sizes.at(-1)} endpoints: ${growth.toFixed(1)}%\n`,
  );
  results.rssGrowthPercent = growth;
}
mkdirSync(out, { recursive: true });
writeFileSync(
  `${out}/scan.json`,
  `${JSON.stringify({ measuredAt: new Date().toISOString(), node: process.version, results }, null, 2)}\n`,
);
