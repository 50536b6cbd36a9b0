// `uccert scan` against 200 loopback TLS endpoints (issue 11): most serve a certificate, some only
// after a delay, some are dead, one accepts and never speaks, one sends garbage, one sends a
// 200-certificate chain, some a certificate the reader refuses. Every endpoint is accounted for,
// each under its status; with a --deadline shorter than the silent peer's --timeout, what is
// still open is reported as timeout and nothing is dropped.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fixtureNow, runUccert } from './support/cli-run.js';
import {
  closedPort,
  longChainPem,
  startGarbageServer,
  startPemTlsServer,
  startSlowProxy,
  startUnreadableCertificateServer,
} from './support/fleet-servers.js';
import { startHostileServer } from './support/hostile-servers.js';
import type { RunningServer } from './support/tls-servers.js';

const dir = mkdtempSync(join(tmpdir(), 'uccert-scan-fleet-'));
const topology = join(dir, 'fleet.yaml');
const servers: RunningServer[] = [];
/** The port each branch server's 5061 is routed to, and the status it must get. */
const plan: { host: string; port: number; status: string }[] = [];
let goodPort = 0;

const branch = (i: number) => `sba${String(i).padStart(3, '0')}.contoso.com`;

before(async () => {
  const lines = [
    'version: 1',
    'product: sfb2019',
    'sipDomains: [contoso.com]',
    'simpleUrls:',
    '  meet: [https://meet.contoso.com]',
    '  dialin: https://dialin.contoso.com',
    'mobility: false',
    'pools:',
    '  - fqdn: fe01.contoso.com',
    '    role: frontEnd',
    '    edition: standard',
    '    servers: [fe01.contoso.com]',
  ];
  for (let i = 1; i <= 196; i++)
    lines.push(`  - fqdn: ${branch(i)}`, '    role: branch', `    servers: [${branch(i)}]`);
  writeFileSync(topology, `${lines.join('\n')}\n`);

  const start = async (s: Promise<RunningServer>) => {
    const server = await s;
    servers.push(server);
    return server.port;
  };
  goodPort = await start(
    startPemTlsServer(
      longChainPem('test/fixtures/check/fe01-standard.pem', 'test/fixtures/issuing-ca.pem', 1),
      'test/fixtures/check/fe01-standard.key',
    ),
  );
  const slowPort = await start(startSlowProxy(goodPort, 300));
  const deadPort = await closedPort();
  const silentPort = await start(startHostileServer('stall'));
  const garbagePort = await start(startGarbageServer());
  const chainPort = await start(
    startPemTlsServer(
      longChainPem('test/fixtures/ecdsa-leaf.pem', 'test/fixtures/ecdsa-ca.pem', 199),
      'test/fixtures/ecdsa-leaf.key',
    ),
  );
  const unreadablePort = await start(startUnreadableCertificateServer());
  for (let n = 0; n < 4; n++) plan.push({ host: 'fe01.contoso.com', port: goodPort, status: 'ok' });
  const kinds: [count: number, port: number, status: string][] = [
    [180, goodPort, 'ok'],
    [5, slowPort, 'ok'],
    [5, deadPort, 'refused'],
    [1, silentPort, 'timeout'],
    [1, garbagePort, 'not-tls'],
    [1, chainPort, 'ok'],
    [3, unreadablePort, 'handshake-failed'],
  ];
  let i = 1;
  for (const [count, port, status] of kinds)
    for (let n = 0; n < count; n++) plan.push({ host: branch(i++), port, status });
});

after(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  rmSync(dir, { recursive: true, force: true });
});

function routes(): string[] {
  const fe = [5061, 443, 4443, 444].flatMap((p) => [
    '--connect-to',
    `fe01.contoso.com:${p}:127.0.0.1:${goodPort}`,
  ]);
  return [...fe, ...plan.slice(4).flatMap((p) => ['--connect-to', `${p.host}:5061:127.0.0.1:${p.port}`])];
}

interface ScanJson {
  endpoints: {
    endpoint: string;
    status: string;
    error: { code: string } | null;
    served: { chain: string[] } | null;
  }[];
  summary: { endpoints: number; reached: number };
}

test('scan: 200 endpoints (slow, dead, silent, garbage, a 200-certificate chain, unreadable) each under its status', async () => {
  const home = mkdtempSync(join(tmpdir(), 'uccert-scan-home-'));
  try {
    const t = await runUccert(
      [
        'scan',
        topology,
        '--home',
        home,
        '--no-dns-records',
        // Generous: the machine may be shared by several test runs (2 cores); the silent peer
        // takes the whole timeout, every other endpoint ends on its own.
        '--timeout',
        '15000',
        '--deadline',
        '120000',
        '--ca',
        'test/fixtures/root-ca.pem',
        ...routes(),
        '--json',
      ],
      { now: fixtureNow },
    );
    assert.equal(t.stderr, '');
    const document = JSON.parse(t.stdout) as ScanJson;
    assert.equal(document.endpoints.length, 200);
    assert.equal(document.summary.endpoints, 200);
    const expected = new Map<string, string>();
    for (const p of plan.slice(4)) expected.set(`${p.host}:5061`, p.status);
    for (const port of [5061, 443, 4443, 444]) expected.set(`fe01.contoso.com:${port}`, 'ok');
    assert.deepEqual(
      Object.fromEntries(document.endpoints.map((e) => [e.endpoint, e.status])),
      Object.fromEntries(expected),
    );
    const chain = document.endpoints.find((e) => e.endpoint === `${branch(191 + 1 + 1)}:5061`);
    assert.equal(chain?.served?.chain.length, 200);
    const silent = document.endpoints.find((e) => e.endpoint === `${branch(191)}:5061`);
    assert.equal(silent?.error?.code, 'HANDSHAKE_TIMEOUT');
    const unreadable = document.endpoints.find((e) => e.endpoint === `${branch(194)}:5061`);
    assert.equal(unreadable?.error?.code, 'BAD_SERVER_CERTIFICATE');
    assert.equal(document.summary.reached, 190);
    // Findings exist (the fleet serves fe01's certificate everywhere), so exit 1, not 3 or 70.
    assert.equal(t.exitCode, 1);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test('scan --deadline: what is still open (or never started) is reported as timeout; nothing is dropped', async () => {
  const home = mkdtempSync(join(tmpdir(), 'uccert-scan-home-'));
  try {
    const t = await runUccert(
      [
        'scan',
        topology,
        '--home',
        home,
        '--no-dns-records',
        '--timeout',
        '30000',
        '--deadline',
        '1500',
        '--concurrency',
        '4',
        ...routes().map((r) => r.replace(/127\.0\.0\.1:\d+$/, `127.0.0.1:${servers[2]!.port}`)),
        '--json',
      ],
      { now: fixtureNow },
    );
    // Every endpoint routed to the silent peer: none answers within the 1.5 s deadline.
    const document = JSON.parse(t.stdout) as ScanJson;
    assert.equal(document.endpoints.length, 200);
    assert.deepEqual([...new Set(document.endpoints.map((e) => e.status))], ['timeout']);
    assert.deepEqual([...new Set(document.endpoints.map((e) => e.error?.code))], ['DEADLINE_PASSED']);
    assert.equal(t.exitCode, 3, 'no endpoint reached: exit 3');
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
