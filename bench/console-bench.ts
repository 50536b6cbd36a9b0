// The console with 2,000 servers: time to first render and to an interactive server list in
// Debian's Chromium (playwright-core), beside the API's own response time for the same data (the
// plan, the store check and the assignments the page loads). The deployment: 200 Enterprise
// Front End pools of 10 servers, one lab-CA certificate per pool carrying every name its servers
// need, assigned to each server's uses (the assignments written directly, as store-bench does).
// Usage: npm run build && node dist/bench/console-bench.js [SERVERS]

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { caInitDefaults, initLabCa } from '../src/ca/ca-init.js';
import { encodePem } from '../src/ca/pem-encoding.js';
import { buildTrustStore } from '../src/check/chain-trust.js';
import { requestCertificate } from '../src/requests/request-certificate.js';
import { defaultPlanOptions } from '../src/requirements/plan-model.js';
import { planRequirements } from '../src/requirements/plan-requirements.js';
import { passphraseSource } from '../src/secrets/passphrase.js';
import { setAssignment } from '../src/store/assignment-records.js';
import { openStore } from '../src/store/store.js';
import { readTopologyFile } from '../src/topology/read-topology.js';
import { launchConsole } from '../src/web/launch-console.js';
import { launchChromium } from '../test/support/console-browser.js';

const servers = Number(process.argv[2] ?? '2000');
const poolSize = 10;
const rounds = 3;

function topologyYaml(count: number): string {
  const pools: string[] = [];
  for (let p = 0; p < count / poolSize; p++) {
    const members = Array.from({ length: poolSize }, (_, i) => `fe${p}-${i}.contoso.net`);
    pools.push(
      `  - fqdn: pool${p}.contoso.net\n    role: frontEnd\n    edition: enterprise\n    servers: [${members.join(', ')}]\n    webServices:\n      internal: webint${p}.contoso.net\n      external: webext${p}.contoso.com`,
    );
  }
  return [
    'version: 1',
    'product: sfb2019',
    'sipDomains: [contoso.com, fabrikam.com]',
    'simpleUrls:',
    '  meet: [https://meet.contoso.com, https://meet.fabrikam.com]',
    '  dialin: https://dialin.contoso.com',
    'mobility: true',
    'pools:',
    ...pools,
    '',
  ].join('\n');
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function timed<T>(work: () => Promise<T>): Promise<[number, T]> {
  const start = performance.now();
  const result = await work();
  return [performance.now() - start, result];
}

const dir = mkdtempSync(join(tmpdir(), 'uccert-console-bench-'));
try {
  const topologyPath = join(dir, 'topology.yaml');
  writeFileSync(topologyPath, topologyYaml(servers));
  const { topology } = await readTopologyFile(topologyPath, dir);
  const store = openStore(join(dir, 'home'));
  const env = { UCCERT_PASSPHRASE: 'console bench passphrase' };
  const now = new Date();
  const context = {
    store,
    now,
    passphrase: passphraseSource({ env, prompt: null, keyringExists: () => true }),
  };
  const ca = await initLabCa(context, {
    ...caInitDefaults,
    name: 'Bench Lab CA',
    baseUrl: 'http://127.0.0.1:8480',
  });
  const plan = planRequirements(topology, defaultPlanOptions);
  const setupStart = performance.now();
  const byPool = new Map<string, typeof plan.certificates>();
  for (const c of plan.certificates) byPool.set(c.pool, [...(byPool.get(c.pool) ?? []), c]);
  let assignments = 0;
  for (const planned of byPool.values()) {
    const first = planned[0]!;
    const names = [...new Set(planned.flatMap((c) => c.names))];
    const issued = await requestCertificate(context, {
      planned: { ...first, names },
      server: first.servers[0]!,
      keyAlgorithm: 'RSA',
      rsaBits: 2048,
      subject: {
        organization: undefined,
        organizationalUnit: undefined,
        locality: undefined,
        state: undefined,
        country: undefined,
      },
      friendlyName: undefined,
      clientEku: false,
      exportableAsked: false,
      ca: 'local',
    });
    await store.write(() => {
      for (const c of planned) {
        for (const server of c.servers) {
          for (const use of c.uses) {
            setAssignment(
              store.db,
              {
                server,
                use,
                certificateId: issued.certificate!.id,
                effectiveAt: now.toISOString(),
                roll: false,
              },
              now,
            );
            assignments++;
          }
        }
      }
    });
  }
  const setupSeconds = (performance.now() - setupStart) / 1000;
  const rootFile = join(dir, 'root.pem');
  writeFileSync(rootFile, encodePem('CERTIFICATE', ca.root.der));
  const running = await launchConsole({
    store,
    topology: { topology, path: topologyPath },
    caFiles: [rootFile],
    trustStore: buildTrustStore([], [ca.root.der]),
    routes: [],
    env,
    now: () => now,
    cwd: dir,
    binding: { host: '127.0.0.1', port: 0, token: undefined },
    warnDays: 30,
    timeoutMs: 5_000,
    maxUploadBytes: 1 << 20,
    demo: null,
  });
  try {
    // Cold: the first computation of each document, as the console does at start.
    const [warmMs] = await timed(() => running.warmed);
    const api: Record<string, number> = {};
    const sizes: Record<string, number> = {};
    for (const path of [
      '/api/session',
      '/api/deployment',
      '/api/plan',
      '/api/check',
      '/api/get',
      '/api/scans/latest',
    ]) {
      const times: number[] = [];
      for (let i = 0; i < rounds; i++) {
        const [ms, body] = await timed(async () =>
          (await fetch(`${running.url}${path.slice(1)}`)).arrayBuffer(),
        );
        times.push(ms);
        sizes[path] = body.byteLength;
      }
      api[path] = median(times);
    }
    // The other views fetch the four documents at once: the API's time for them is the slowest.
    const [parallelMs] = await timed(() =>
      Promise.all(
        ['api/plan', 'api/check', 'api/get', 'api/scans/latest'].map(async (p) =>
          (await fetch(`${running.url}${p}`)).arrayBuffer(),
        ),
      ),
    );
    const browser = await launchChromium();
    try {
      const first: number[] = [];
      const interactive: number[] = [];
      const filter: number[] = [];
      for (let i = 0; i < rounds; i++) {
        const page = await browser.context.newPage();
        await page.goto('about:blank');
        const start = Date.now();
        await page.goto(`${running.url}#/deployment`);
        const paint = await page.evaluate(() => {
          const p = (
            globalThis as unknown as {
              performance: { getEntriesByName: (n: string) => { startTime: number }[] };
            }
          ).performance;
          return p.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null;
        });
        await page.waitForSelector('#server-list tbody tr a', { timeout: 300_000 });
        interactive.push(Date.now() - start);
        first.push(paint ?? Number.NaN);
        const filterStart = Date.now();
        await page.fill('#server-search', `fe${servers / poolSize - 1}-9.`);
        await page.waitForFunction(
          () =>
            (
              globalThis as unknown as { document: { querySelectorAll: (s: string) => { length: number } } }
            ).document.querySelectorAll('#server-list tbody tr').length === 1,
        );
        filter.push(Date.now() - filterStart);
        await page.close();
      }
      const lines = [
        `console bench: ${servers} servers (${servers / poolSize} Front End pools), ${assignments} assignments, ${byPool.size} certificates (set up in ${setupSeconds.toFixed(1)} s)`,
        `  API, cold: GET /api/deployment (plan, check, get and the last scan folded), computed at start: ${warmMs.toFixed(0)} ms`,
        `  API, warm (cached until the store changes), median of ${rounds} (response size):`,
        ...Object.entries(api).map(
          ([p, ms]) =>
            `    GET ${p.padEnd(18)} ${ms.toFixed(0).padStart(6)} ms  (${(sizes[p]! / 1024).toFixed(0)} KiB)`,
        ),
        `    the four documents the other views load, fetched at once: ${parallelMs.toFixed(0)} ms`,
        `  Chromium, median of ${rounds}:`,
        `    first contentful paint (the page shell):          ${median(first).toFixed(0).padStart(6)} ms`,
        `    interactive server list (50 rows of ${servers}):     ${median(interactive).toFixed(0).padStart(6)} ms`,
        `    search narrowing ${servers} rows to 1:               ${median(filter).toFixed(0).padStart(6)} ms`,
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    } finally {
      await browser.close();
    }
  } finally {
    await running.close();
    store.close();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
