// `uccert check TOPOLOGY --live` against TLS servers on loopback: each endpoint of a Standard
// Edition Front End routed with --connect-to (curl's form), one serving the right certificate,
// one the wrong host's (HOSTNAME_MISMATCH and NAME_NOT_COVERED), one not listening (exit 3).

import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, test } from 'node:test';
import { fixtureNow, runUccert } from './support/cli-run.js';
import { type RunningTlsEndpoints, startTlsEndpoints } from './support/dns-tls-endpoints.js';
import { assertGolden } from './support/golden.js';

let right: RunningTlsEndpoints;
let wrong: RunningTlsEndpoints;
let closedPort: number;

before(async () => {
  right = await startTlsEndpoints({}, { fixture: 'fe01-standard' }, 'test/fixtures/check');
  wrong = await startTlsEndpoints({}, { fixture: 'wronghost-leaf', chain: ['issuing-ca'] });
  // A port nothing listens on: bound, then closed.
  closedPort = await new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 1));
    });
  });
});

after(async () => {
  await right?.stop();
  await wrong?.stop();
});

const route = (port: number, to: number) => ['--connect-to', `fe01.contoso.com:${port}:127.0.0.1:${to}`];

const scrub = (text: string): string =>
  text
    .replaceAll(`:${right.port}`, ':RIGHTPORT')
    .replaceAll(`:${wrong.port}`, ':WRONGPORT')
    .replaceAll(`:${closedPort}`, ':CLOSEDPORT');

test('check --live: what each endpoint serves, checked against its use', async () => {
  const t = await runUccert(
    [
      'check',
      'test/fixtures/check/live.yaml',
      '--live',
      ...route(5061, right.port),
      ...route(443, right.port),
      ...route(4443, closedPort),
      ...route(444, wrong.port),
      '--ca',
      'test/fixtures/root-ca.pem',
      '--timeout',
      '2000',
    ],
    { now: fixtureNow },
  );
  assert.equal(t.exitCode, 1, t.stderr);
  assert.match(t.stdout, /fe01\.contoso\.com:4443 \(fe01\.contoso\.com WebServicesExternal\): /);
  assertGolden('check-live', t, scrub);
});

test('check --live: only reachable, right endpoints and one not reached: exit 3', async () => {
  const t = await runUccert(
    [
      'check',
      'test/fixtures/check/live.yaml',
      '--live',
      ...route(5061, right.port),
      ...route(443, right.port),
      ...route(4443, right.port),
      ...route(444, closedPort),
      '--ca',
      'test/fixtures/root-ca.pem',
      '--json',
    ],
    { now: fixtureNow },
  );
  const document = JSON.parse(t.stdout) as {
    findings: unknown[];
    unreachable: { endpoint: string }[];
    checks: unknown[];
  };
  assert.deepEqual(
    [t.exitCode, document.findings, document.unreachable.map((u) => u.endpoint), document.checks.length],
    [3, [], ['fe01.contoso.com:444'], 3],
  );
});

test('check --live: a bad --connect-to names the value and the form', async () => {
  const t = await runUccert([
    'check',
    'test/fixtures/check/live.yaml',
    '--live',
    '--connect-to',
    'fe01.contoso.com:5061:127.0.0.1',
  ]);
  assert.equal(t.exitCode, 2);
  assert.match(t.stderr, /--connect-to "fe01\.contoso\.com:5061:127\.0\.0\.1" is not HOST:PORT:HOST2:PORT2/);
});

test('check --live --dns-server: host names resolved by the given DNS server (dnsmasq on loopback)', async () => {
  const { startDnsServer } = await import('./support/dns-server.js');
  const dns = await startDnsServer({ localDomains: ['contoso.com'], hosts: ['fe01.contoso.com,127.0.0.1'] });
  try {
    // --connect-to keeps the host name (only the port moves), so the address comes from --dns-server.
    const keepHost = (port: number) => [
      '--connect-to',
      `fe01.contoso.com:${port}:fe01.contoso.com:${right.port}`,
    ];
    const t = await runUccert(
      [
        'check',
        'test/fixtures/check/live.yaml',
        '--live',
        '--dns-server',
        dns.endpoint,
        ...keepHost(5061),
        ...keepHost(443),
        ...keepHost(4443),
        ...keepHost(444),
        '--ca',
        'test/fixtures/root-ca.pem',
        '--json',
      ],
      { now: fixtureNow },
    );
    const document = JSON.parse(t.stdout) as {
      checks: { source: string; findings: unknown[] }[];
      unreachable: unknown[];
    };
    assert.equal(t.exitCode, 0, t.stdout);
    assert.deepEqual(
      document.checks.map((c) => [c.source, c.findings.length]),
      [
        ['fe01.contoso.com:5061', 0],
        ['fe01.contoso.com:443', 0],
        ['fe01.contoso.com:4443', 0],
        ['fe01.contoso.com:444', 0],
      ],
    );
  } finally {
    await dns.stop();
  }
});

test('check --live --resolve (curl form) with a pool ports key: each listener probed on its port', async () => {
  // The topology names the listeners' ports (the per-pool `ports` key); --resolve sends the host
  // to loopback and keeps each port, as curl does.
  const { mkdtemp, readFile, rm, writeFile } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dir = await mkdtemp(join(tmpdir(), 'uccert-live-'));
  try {
    const base = await readFile('test/fixtures/check/live.yaml', 'utf8');
    const p = right.port;
    const topology = join(dir, 'live-ports.yaml');
    await writeFile(
      topology,
      `${base.trimEnd()}\n    ports: { sip: ${p}, webInternal: ${p}, webExternal: ${p}, webInternalServer: ${p} }\n`,
    );
    const t = await runUccert(
      [
        'check',
        topology,
        '--live',
        '--resolve',
        `fe01.contoso.com:${p}:127.0.0.1`,
        '--ca',
        'test/fixtures/root-ca.pem',
        '--timeout',
        '2000',
        '--json',
      ],
      { now: fixtureNow },
    );
    assert.equal(t.exitCode, 0, t.stderr + t.stdout);
    const document = JSON.parse(t.stdout) as { checks: { source: string }[]; unreachable: unknown[] };
    assert.deepEqual(
      document.checks.map((c) => c.source),
      Array(4).fill(`fe01.contoso.com:${p}`),
    );
    assert.deepEqual(document.unreachable, []);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('check --live: one endpoint serving a certificate the reader refuses is that endpoint’s failure (issue 9 item 18)', async () => {
  const { createServer: createTlsServer } = await import('node:tls');
  const { readFileSync } = await import('node:fs');
  const { indefiniteLengthPem } = await import('./support/unreadable-certificate.js');
  const { repoPath } = await import('./support/repo.js');
  const server = createTlsServer({
    cert: indefiniteLengthPem('test/fixtures/check/fe01-standard.pem'),
    key: readFileSync(repoPath('test/fixtures/check/fe01-standard.key')),
  });
  server.on('tlsClientError', () => undefined);
  const port = await new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
  );
  try {
    const t = await runUccert(
      [
        'check',
        'test/fixtures/check/live.yaml',
        '--live',
        ...route(5061, right.port),
        ...route(443, right.port),
        ...route(4443, port),
        ...route(444, right.port),
        '--ca',
        'test/fixtures/root-ca.pem',
        '--json',
      ],
      { now: fixtureNow },
    );
    const document = JSON.parse(t.stdout) as {
      checks: { source: string }[];
      unreachable: { endpoint: string; message: string }[];
    };
    assert.equal(t.exitCode, 3, t.stderr + t.stdout.slice(0, 3000));
    assert.deepEqual(
      document.checks.map((c) => c.source),
      ['fe01.contoso.com:5061', 'fe01.contoso.com:443', 'fe01.contoso.com:444'],
    );
    assert.equal(document.unreachable.length, 1);
    assert.match(
      document.unreachable[0]!.message,
      /^fe01\.contoso\.com:4443 presented a certificate uccert cannot read: .*indefinite length/,
    );
  } finally {
    server.close();
  }
});
