// The benchmarks of bench/README.md, each beside a baseline measured in the same run:
//   1. certificates/s extracting every field `show` prints: uccert vs OpenSSL's C library
//      (bench/openssl-parse.c: d2i_X509 + the SAN extension) vs Node's X509Certificate;
//   2. peak memory of each (separate processes);
//   3. `uccert show` of one certificate as a cold process vs `openssl x509 -noout -text`;
//   4. check: certificates checked per second against their requirements (bench/check-throughput);
//   5. plan: time to plan growing topologies (bench/plan-bench);
//   6. store: import rate and `get` latency with 100,000 certificates (bench/store-bench).
// Usage: npm run bench   (first run builds the 10,000-certificate corpus: about a minute)

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runCheckThroughput } from './check-throughput.js';
import { makeCorpus } from './make-corpus.js';
import { renderStoreBench, runStoreBench } from './store-bench.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const out = `${root}bench/out`;
const rounds = 3;

interface ParseResult {
  certificates: number;
  dnsNames: number;
  seconds: number;
  perSecond: number;
  maxRssKb: number;
}

function runJson(command: string, args: string[]): ParseResult {
  const text = execFileSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(text.trim().split('\n').pop() ?? '{}') as ParseResult;
}

function medianMs(command: string, args: string[], runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const r = spawnSync(command, args, { stdio: 'ignore' });
    if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${r.status}`);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

mkdirSync(out, { recursive: true });
const corpus = await makeCorpus(out, 10000);
const cBinary = `${out}/openssl-parse`;
if (!existsSync(cBinary)) {
  execFileSync('cc', ['-O2', '-o', cBinary, `${root}bench/openssl-parse.c`, '-lcrypto'], {
    stdio: 'inherit',
  });
}

const worker = `${root}dist/bench/parse-worker.js`;
const openssl = runJson(cBinary, [corpus, String(rounds)]);
const uccert = runJson(process.execPath, [worker, 'uccert', corpus, String(rounds)]);
const nodeX509 = runJson(process.execPath, [worker, 'node-x509', corpus, String(rounds)]);

const onePem = `${out}/one.pem`;
const coldRuns = 21;
const coldUccert = medianMs(process.execPath, [`${root}bin/uccert.js`, 'show', onePem], coldRuns);
const coldOpenssl = medianMs('openssl', ['x509', '-noout', '-text', '-in', onePem], coldRuns);
const coldNode = medianMs(process.execPath, ['-e', '0'], coldRuns);

const rows = [
  ['uccert parseCertificate', uccert],
  ['OpenSSL C (d2i_X509 + SAN)', openssl],
  ['Node X509Certificate', nodeX509],
] as const;
const lines = [
  `parse throughput, ${uccert.certificates / rounds} certificates × ${rounds} rounds (${new Date().toISOString()})`,
  '| parser | certificates/s | vs OpenSSL | peak RSS MB |',
  '|---|---:|---:|---:|',
  ...rows.map(
    ([name, r]) =>
      `| ${name} | ${r.perSecond.toLocaleString('en-US')} | ${(r.perSecond / openssl.perSecond).toFixed(2)}× | ${(r.maxRssKb / 1024).toFixed(1)} |`,
  ),
  '',
  `cold process, median of ${coldRuns}`,
  '| command | ms |',
  '|---|---:|',
  `| uccert show one.pem | ${coldUccert.toFixed(1)} |`,
  `| openssl x509 -noout -text | ${coldOpenssl.toFixed(1)} |`,
  `| node -e 0 (Node's own start-up) | ${coldNode.toFixed(1)} |`,
];
console.log(lines.join('\n'));

const check = runCheckThroughput(corpus, rounds);
console.log(
  `\ncheck: ${check.perSecond.toLocaleString('en-US')} certificates/s against their requirements, ` +
    `${check.findingsPerSecond.toLocaleString('en-US')} findings/s ` +
    `(parsing alone: ${uccert.perSecond.toLocaleString('en-US')}/s)`,
);

console.log('\nplan (bench/plan-bench):');
const plan = execFileSync(process.execPath, [`${root}dist/bench/plan-bench.js`], { encoding: 'utf8' });
console.log(plan.trimEnd().split('\n').slice(0, -1).join('\n'));

const store = await runStoreBench(out);
console.log(`\n${renderStoreBench(store).join('\n')}`);

writeFileSync(
  `${out}/results.json`,
  JSON.stringify({ uccert, openssl, nodeX509, coldUccert, coldOpenssl, coldNode, check, store }, null, 2),
);
