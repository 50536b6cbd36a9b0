// One scan of the benchmark in its own process, so its peak RSS is its own: N Survivable Branch
// Appliances (one endpoint each), routed with --connect-to to the listeners of scan-servers.ts,
// scanned by the `scan` use case with the chain fetched and verified against the fixture root,
// results written to a store in a temporary home. Prints { endpoints, reached, seconds, perSecond, maxRssKb }.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { buildTrustStore } from '../src/check/chain-trust.js';
import { runScan } from '../src/scan/run-scan.js';
import { openStore } from '../src/store/store.js';
import { parseTopologyOrThrow } from '../src/topology/parse-topology.js';
import { parsePem } from '../src/x509/pem.js';

function collectGarbage(): number | null {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) return null;
  gc();
  return Math.round(process.memoryUsage().heapUsed / 1024);
}

const root = fileURLToPath(new URL('../../', import.meta.url));
const ports = JSON.parse(process.argv[2] ?? '[]') as number[];
const concurrency = Number(process.argv[3] ?? '16');
const host = (i: number) => `sba${String(i).padStart(4, '0')}.contoso.com`;

const lines = [
  'version: 1',
  'product: sfb2019',
  'sipDomains: [contoso.com]',
  'simpleUrls:',
  '  meet: [https://meet.contoso.com]',
  '  dialin: https://dialin.contoso.com',
  'mobility: false',
  'pools:',
];
for (let i = 0; i < ports.length; i++)
  lines.push(`  - fqdn: ${host(i)}`, '    role: branch', `    servers: [${host(i)}]`);
const topology = parseTopologyOrThrow(parseYaml(lines.join('\n')) as unknown, 'bench.yaml');
const rootCa = parsePem(readFileSync(`${root}test/fixtures/root-ca.pem`, 'latin1'))[0]!.der;
const home = mkdtempSync(join(tmpdir(), 'uccert-scan-bench-'));
const store = openStore(home);
try {
  const started = performance.now();
  const document = await runScan(
    {
      topology,
      topologyPath: 'bench.yaml',
      routes: ports.map((port, i) => ({ host: host(i), port: 5061, toHost: '127.0.0.1', toPort: port })),
      dnsServer: null,
      dnsRecords: false,
      concurrency,
      timeoutMs: 30_000,
      deadlineMs: null,
      now: () => new Date('2026-06-01T12:00:00Z'),
      warnDays: 30,
      criticalDays: 7,
      trustStore: buildTrustStore([], [rootCa]),
      since: null,
    },
    store,
  );
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(
    `${JSON.stringify({
      endpoints: document.summary.endpoints,
      reached: document.summary.reached,
      seconds,
      perSecond: document.summary.endpoints / seconds,
      maxRssKb: process.resourceUsage().maxRSS,
      // What the scan still holds once garbage is collected (with --expose-gc), the document included.
      heapAfterGcKb: collectGarbage(),
    })}\n`,
  );
} finally {
  store.close();
  rmSync(home, { recursive: true, force: true });
}
