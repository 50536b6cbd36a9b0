// Issue 9 item 10: `uccert show` of a large PEM bundle. The bundle is Debian's system roots
// (/etc/ssl/certs/ca-certificates.crt, 144 certificates) repeated 74 times: 16 MB, 10,656
// certificates. Measures wall time and peak RSS of
//   - streamed: `uccert show BUNDLE` as shipped (a PEM bundle over 1 MiB is streamed);
//   - whole: the same file read whole, parsed into one container and rendered into one string,
//     which is what `show` did for every file before (and still does below 1 MiB);
// at the full size and at a quarter, so memory that grows with the file shows up as a difference.
// Usage: npx tsc -p . && node dist/bench/bundle-bench.js   (about 5 minutes on 2 cores)

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const roots = '/etc/ssl/certs/ca-certificates.crt';

/** The pre-streaming path, run as its own process so its peak RSS is its own. */
async function runWhole(path: string): Promise<void> {
  const { parseCertificateContainer } = await import('../src/x509/certificate-container.js');
  const { renderCertificateFileText } = await import('../src/cli/render-certificate-file.js');
  const file = parseCertificateContainer(readFileSync(path), { source: path });
  process.stdout.write(renderCertificateFileText(file, new Date()));
}

interface Measure {
  readonly seconds: number;
  readonly maxRssMb: number;
}

/** Wall time and peak RSS of one process, by GNU time; stdout discarded. */
function measure(args: string[]): Measure {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const [seconds, kb] = r.stderr.trim().split('\n').pop()!.split(' ').map(Number) as [number, number];
  return { seconds, maxRssMb: Math.round(kb / 102.4) / 10 };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'uccert-bundle-bench-'));
  try {
    const one = readFileSync(roots, 'latin1');
    const perCopy = one.split('-----BEGIN CERTIFICATE-----').length - 1;
    const sizes = [
      ['full', 74],
      ['quarter', 18],
    ] as const;
    const rows: string[] = [];
    for (const [name, copies] of sizes) {
      const path = join(dir, `${name}.pem`);
      writeFileSync(path, one.repeat(copies), 'latin1');
      const bytes = one.length * copies;
      const streamed = measure([join(root, 'bin/uccert.js'), 'show', path]);
      const whole = measure([fileURLToPath(import.meta.url), 'whole', path]);
      rows.push(
        `| ${(bytes / 1e6).toFixed(1)} MB, ${perCopy * copies} certificates | streamed | ${streamed.seconds} | ${streamed.maxRssMb} |`,
        `| ${(bytes / 1e6).toFixed(1)} MB, ${perCopy * copies} certificates | whole | ${whole.seconds} | ${whole.maxRssMb} |`,
      );
    }
    const idle = measure(['-e', '0']);
    rows.push(`| \`node -e 0\` | | ${idle.seconds} | ${idle.maxRssMb} |`);
    console.log(['| bundle | path | s | peak RSS MB |', '|---|---|---:|---:|', ...rows].join('\n'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === 'whole') await runWhole(process.argv[3]!);
else await main();
