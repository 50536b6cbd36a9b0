// `uccert plan` and `uccert check` as a user runs them, on topologies of 1,000 to 32,000 pools
// (issue 9, item 20: 8,000 pools took 19 s and 100,000 did not finish in 300 s). Each run is
// its own process under GNU time, for its wall time, CPU time and peak RSS.
// Usage: npx tsc -p . && node dist/bench/plan-scale-bench.js [--bin PATH/bin/uccert.js] [--sizes 1000,8000]
//   [--timeout S] [--only "plan --json,check --cert"]
//   --bin runs another build (the baseline: a checkout of the commit before the fix).

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * A topology of `pools` pools of 2 servers each, two SIP domains, mobility and a reverse proxy;
 * every 10th pool an Edge pool. About 165 bytes and 10 values per pool.
 */
export function makeTopologyYaml(pools: number): string {
  const lines = [
    'version: 1',
    'product: sfb2015',
    'sipDomains: [contoso.com, fabrikam.com]',
    'simpleUrls:',
    '  meet: [https://meet.contoso.com, https://meet.fabrikam.com]',
    '  dialin: https://dialin.contoso.com',
    'mobility: true',
    'reverseProxy:',
    '  officeWebApps: owa.contoso.com',
    'pools:',
  ];
  for (let p = 0; p < pools; p++) {
    lines.push(`  - fqdn: pool${p}.contoso.net`);
    if (p % 10 === 9) {
      lines.push(
        '    role: edge',
        `    servers: [e${p}a.contoso.net, e${p}b.contoso.net]`,
        '    edge:',
        `      accessEdge: sip${p}.contoso.com`,
        `      webConfEdge: webcon${p}.contoso.com`,
        `      avEdge: av${p}.contoso.com`,
      );
    } else {
      lines.push(
        '    role: frontEnd',
        `    servers: [fe${p}a.contoso.net, fe${p}b.contoso.net]`,
        '    webServices:',
        `      external: web${p}.contoso.com`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

interface Run {
  readonly command: string;
  readonly pools: number;
  readonly exit: number | null;
  /** null when it did not finish within the timeout. */
  readonly wallS: number | null;
  readonly cpuS: number | null;
  readonly peakMb: number | null;
  readonly outputMb: number | null;
}

function timed(bin: string, args: readonly string[], timeoutS: number): Omit<Run, 'command' | 'pools'> {
  const out = mkdtempSync(join(tmpdir(), 'uccert-bench-out-'));
  const stdout = join(out, 'stdout');
  try {
    // timeout(1) kills uccert itself (a timeout on spawnSync would kill only /usr/bin/time and
    // leave uccert running); GNU time then reports exit 137.
    const r = spawnSync(
      '/usr/bin/time',
      [
        '-f',
        '%e %U %S %M',
        'sh',
        '-c',
        `exec "$0" "$@" > "${stdout}"`,
        'timeout',
        '-s',
        'KILL',
        String(timeoutS),
        process.execPath,
        bin,
        ...args,
      ],
      { encoding: 'utf8', maxBuffer: 1 << 24 },
    );
    if (r.error !== undefined || r.status === null || r.status === 137) {
      return { exit: null, wallS: null, cpuS: null, peakMb: null, outputMb: null };
    }
    const [wall = '0', user = '0', sys = '0', rssKb = '0'] =
      r.stderr.trim().split('\n').pop()?.split(' ') ?? [];
    const size = spawnSync('stat', ['-c', '%s', stdout], { encoding: 'utf8' }).stdout.trim();
    return {
      exit: r.status,
      wallS: Number(wall),
      cpuS: Math.round((Number(user) + Number(sys)) * 100) / 100,
      peakMb: Math.round(Number(rssKb) / 1024),
      outputMb: Math.round(Number(size) / 1e5) / 10,
    };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

const { values } = parseArgs({
  options: {
    bin: { type: 'string', default: join(root, 'bin/uccert.js') },
    sizes: { type: 'string', default: '1000,8000,32000' },
    timeout: { type: 'string', default: '300' },
    /** Only these commands, e.g. "plan --json,check --cert". */
    only: { type: 'string' },
  },
});
const bin = values.bin;
const sizes = values.sizes.split(',').map(Number);
const only = values.only?.split(',') ?? null;
const timeoutS = Number(values.timeout);

const work = mkdtempSync(join(tmpdir(), 'uccert-bench-plan-'));
const runs: Run[] = [];
try {
  for (const pools of sizes) {
    const topology = join(work, `pools-${pools}.yaml`);
    writeFileSync(topology, makeTopologyYaml(pools));
    const commands: Record<string, string[]> = {
      'plan (text)': ['plan', topology],
      'plan --json': ['plan', topology, '--json'],
      // One certificate checked against its server's requirements: what costs is the plan of all.
      'check --cert': [
        'check',
        topology,
        '--server',
        'fe0a.contoso.net',
        '--use',
        'Default',
        '--cert',
        join(root, 'test/fixtures/rsa-leaf.pem'),
      ],
    };
    for (const [command, args] of Object.entries(commands)) {
      if (only !== null && !only.includes(command)) continue;
      const run = { command, pools, ...timed(bin, args, timeoutS) };
      runs.push(run);
      console.error(JSON.stringify(run));
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

console.log('command        pools  exit  wall s   cpu s  peak MB  output MB');
for (const r of runs) {
  const cell = (v: number | null, w: number) => (v === null ? 'n/f' : String(v)).padStart(w);
  console.log(
    `${r.command.padEnd(13)} ${String(r.pools).padStart(6)}  ${cell(r.exit, 4)}  ${cell(r.wallS, 6)}  ${cell(r.cpuS, 6)}  ${cell(r.peakMb, 7)}  ${cell(r.outputMb, 9)}`,
  );
}
console.log(JSON.stringify({ benchmark: 'plan-scale', bin, runs }));
