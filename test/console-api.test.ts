// The console's HTTP API in process (Hono's app.request), over a demo deployment with its three
// mistakes: every route; the same JSON as the CLI; the Host check, the token, the same-origin and
// CSRF checks; upload limits and malformed uploads; PFX export only with a password.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { unzipSync } from 'fflate';
import type { Hono } from 'hono';
import { encodePem } from '../src/ca/pem-encoding.js';
import { buildTrustStore } from '../src/check/chain-trust.js';
import { openDemoHome } from '../src/demo/demo-home.js';
import { type DemoSession, runDemo } from '../src/demo/run-demo.js';
import { readTopologyFile } from '../src/topology/read-topology.js';
import { createConsoleApp } from '../src/web/console-app.js';
import { createScanJobs, scanRunner } from '../src/web/scan-jobs.js';
import { allowedHostsFor } from '../src/web/serve-security.js';
import { fixtureNow, runUccert } from './support/cli-run.js';
import { repoRoot } from './support/repo.js';

const passphrase = 'console api test passphrase';
const env = { UCCERT_PASSPHRASE: passphrase };
const topologyPath = 'examples/contoso.yaml';
const host = '127.0.0.1:8480';
const csrfToken = 'csrf-token-for-tests-0123456789';
const maxUploadBytes = 8 * 1024;

let dir: string;
let home: string;
let rootFile: string;
let session: DemoSession;
let closeStore: () => void;
let app: Hono;

function makeApp(token: string | null, allowedHosts = allowedHostsFor('127.0.0.1', 8480)): Hono {
  const demoHome = storeHolder!;
  return createConsoleApp({
    commands: { home, env, now: () => fixtureNow, cwd: repoRoot },
    guards: { allowedHosts, token, csrfToken },
    scans: createScanJobs(
      scanRunner({
        store: demoHome,
        topology: topologyHolder!,
        topologyPath,
        trustStore: session.trustStore,
        routes: session.endpoints.routes,
        timeoutMs: 5_000,
        warnDays: 30,
        now: () => fixtureNow,
      }),
      () => fixtureNow,
    ),
    topologyPath,
    caFiles: [rootFile],
    maxUploadBytes,
    demo: { mistakes: session.mistakes, probeExamples: [] },
    warnDays: 30,
  });
}

let storeHolder: import('../src/store/store.js').Store | null = null;
let topologyHolder: import('../src/topology/model.js').Topology | null = null;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'uccert-console-api-'));
  home = join(dir, 'home');
  const { topology } = await readTopologyFile(topologyPath, repoRoot);
  topologyHolder = topology;
  const demoHome = openDemoHome({
    homeOption: home,
    env,
    cwd: repoRoot,
    tmpdir: dir,
    reuse: false,
    prompt: null,
  });
  storeHolder = demoHome.store;
  closeStore = () => demoHome.store.close();
  session = await runDemo({
    store: demoHome.store,
    passphrase: demoHome.passphrase,
    now: fixtureNow,
    clock: () => fixtureNow,
    topology,
    topologyPath,
    trustStoreWith: (root) => buildTrustStore([], [root]),
    warnDays: 30,
    timeoutMs: 5_000,
    plantMistakes: true,
  });
  rootFile = join(dir, 'root.pem');
  writeFileSync(rootFile, encodePem('CERTIFICATE', session.ca.root.der));
  app = makeApp(null);
});

after(async () => {
  await session?.close();
  closeStore?.();
  rmSync(dir, { recursive: true, force: true });
});

function request(
  path: string,
  init: RequestInit & { headers?: Record<string, string> } = {},
  on: Hono = app,
) {
  return on.request(`http://${host}${path}`, { ...init, headers: { host, ...(init.headers ?? {}) } });
}

function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  return request(path, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: {
      'content-type': 'application/json',
      origin: `http://${host}`,
      'x-csrf-token': csrfToken,
      ...headers,
    },
  });
}

async function cli(args: readonly string[]) {
  return runUccert([...args, '--json', '--home', home], { env, now: fixtureNow });
}

test('GET /: the page, with the CSRF token in a meta tag, no inline script, and the security headers', async () => {
  const response = await request('/');
  assert.equal(response.status, 200);
  const html = await response.text();
  assert.match(html, new RegExp(`<meta name="uccert-csrf" content="${csrfToken}">`));
  assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/);
  assert.doesNotMatch(html, /\sstyle=|\son[a-z]+=/);
  assert.match(
    response.headers.get('content-security-policy') ?? '',
    /^default-src 'none'; script-src 'self';/,
  );
  assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(response.headers.get('x-frame-options'), 'DENY');
  assert.equal(response.headers.get('referrer-policy'), 'no-referrer');
});

test('GET /assets/*: the compiled modules and the style sheet, nothing else', async () => {
  const main = await request('/assets/main.js');
  assert.equal(main.status, 200);
  assert.match(main.headers.get('content-type') ?? '', /^text\/javascript/);
  assert.match(await main.text(), /from '\.\/model\.js'/);
  assert.equal((await request('/assets/console.css')).status, 200);
  assert.equal((await request('/assets/nothing.js')).status, 404);
  assert.equal((await request('/assets/..%2Fconsole-app.js')).status, 404);
  assert.equal((await request('/favicon.ico')).status, 204);
});

test('Host check: another Host is refused with 421 (DNS rebinding); localhost on the same port is served', async () => {
  const refused = await request('/api/session', { headers: { host: 'attacker.example:8480' } });
  assert.equal(refused.status, 421);
  assert.equal(((await refused.json()) as { error: { code: string } }).error.code, 'HOST_NOT_SERVED');
  assert.equal((await request('/api/session', { headers: { host: '127.0.0.1:9999' } })).status, 421);
  assert.equal((await request('/api/session', { headers: { host: 'localhost:8480' } })).status, 200);
});

test('token off loopback: refused without it; Bearer, the cookie, or ?token= once (a cookie, then a redirect)', async () => {
  const guarded = makeApp('s3cret-token');
  const none = await request('/api/session', {}, guarded);
  assert.equal(none.status, 401);
  assert.equal(((await none.json()) as { error: { code: string } }).error.code, 'TOKEN_REQUIRED');
  assert.equal(
    (await request('/api/session', { headers: { authorization: 'Bearer wrong' } }, guarded)).status,
    401,
  );
  assert.equal(
    (await request('/api/session', { headers: { authorization: 'Bearer s3cret-token' } }, guarded)).status,
    200,
  );
  const first = await request('/?token=s3cret-token', {}, guarded);
  assert.equal(first.status, 303);
  assert.equal(first.headers.get('location'), '/');
  assert.match(
    first.headers.get('set-cookie') ?? '',
    /^uccert_token=s3cret-token; HttpOnly; SameSite=Strict; Path=\/$/,
  );
  assert.equal(
    (await request('/', { headers: { cookie: 'uccert_token=s3cret-token' } }, guarded)).status,
    200,
  );
  assert.equal((await request('/?token=nope', {}, guarded)).status, 401);
});

test('CSRF: a POST needs the token and this origin; cross-site ones are refused before anything runs', async () => {
  const body = { server: 'fe01.contoso.net', type: ['Default'], thumbprint: 'AB' };
  const noToken = await post('/api/set', body, { 'x-csrf-token': '' });
  assert.equal(noToken.status, 403);
  assert.equal(((await noToken.json()) as { error: { code: string } }).error.code, 'CSRF_TOKEN_REQUIRED');
  const crossOrigin = await post('/api/set', body, { origin: 'http://attacker.example' });
  assert.equal(crossOrigin.status, 403);
  assert.equal(((await crossOrigin.json()) as { error: { code: string } }).error.code, 'CROSS_ORIGIN');
  const crossSite = await request('/api/set', {
    method: 'POST',
    body: JSON.stringify(body),
    headers: {
      'content-type': 'application/json',
      'sec-fetch-site': 'cross-site',
      'x-csrf-token': csrfToken,
    },
  });
  assert.equal(crossSite.status, 403);
  // Same origin with the token: it reaches set (which refuses the unknown thumbprint as bad input).
  const ok = await post('/api/set', body);
  assert.equal(ok.status, 400);
  assert.match(((await ok.json()) as { error: { message: string } }).error.message, /AB/);
});

test('GET /api/session: the CSRF token, topology, demo mistakes and the route list', async () => {
  const session = (await (await request('/api/session')).json()) as {
    csrfToken: string;
    topology: string;
    demo: { mistakes: unknown[] };
    routes: string[];
  };
  assert.equal(session.csrfToken, csrfToken);
  assert.equal(session.topology, topologyPath);
  assert.equal(session.demo.mistakes.length, 3);
  assert.ok(session.routes.includes('POST /api/import'));
});

test('GET /api/plan, /api/check, /api/get, /api/requests: exactly the JSON the CLI prints, with its command line and exit code', async () => {
  for (const [path, args, exit] of [
    ['/api/plan', ['plan', topologyPath], 0],
    ['/api/check', ['check', topologyPath, '--ca', rootFile, '--warn-days', '30'], 1],
    ['/api/get', ['get'], 0],
    [
      '/api/get?server=fe03.contoso.net&type=Default',
      ['get', '--server', 'fe03.contoso.net', '--type', 'Default'],
      0,
    ],
    ['/api/requests', ['request', '--list', '--all'], 0],
  ] as const) {
    const response = await request(path);
    const t = await cli(args);
    assert.equal(response.status, 200, path);
    assert.equal(await response.text(), t.stdout, path);
    assert.equal(response.headers.get('x-uccert-exit-code'), String(t.exitCode), path);
    assert.equal(t.exitCode, exit, path);
    assert.equal(response.headers.get('x-uccert-command'), `uccert ${args.join(' ')}`);
  }
  const check = JSON.parse(await (await request('/api/check')).text()) as {
    findings: { code: string; target: string }[];
  };
  assert.ok(
    check.findings.some((f) => f.code === 'NAME_NOT_COVERED' && f.target.startsWith('fe01.contoso.net')),
  );
  assert.ok(
    check.findings.some((f) => f.code === 'NOT_YET_VALID' && f.target.startsWith('edge01.contoso.net')),
  );
});

test('GET /api/deployment: one row per server, folded from the check and scan documents', async () => {
  const response = await request('/api/deployment');
  assert.equal(response.status, 200);
  const rows = (
    (await response.json()) as {
      servers: {
        server: string;
        status: string;
        codes: string[];
        drift: number;
        nearestExpiry: string | null;
      }[];
    }
  ).servers;
  const by = new Map(rows.map((r) => [r.server, r]));
  assert.equal(by.get('fe03.contoso.net')?.status, 'error');
  assert.ok(by.get('fe03.contoso.net')?.codes.includes('SERVED_NOT_ASSIGNED'));
  assert.equal(by.get('fe03.contoso.net')?.drift, 4);
  assert.ok(by.get('edge01.contoso.net')?.codes.includes('NOT_YET_VALID'));
  assert.ok(by.get('fe01.contoso.net')?.codes.includes('NAME_NOT_COVERED'));
  assert.equal(by.get('dir01.contoso.net')?.status, 'ok');
  assert.notEqual(by.get('dir01.contoso.net')?.nearestExpiry, null);
});

test('POST /api/probe: the probe JSON of a demo endpoint; an option smuggled in a field is refused', async () => {
  const endpoint = session.endpoints.endpoints.find(
    (e) => e.endpoint.server === 'fe03.contoso.net' && e.endpoint.use === 'Default',
  )!;
  const response = await post('/api/probe', {
    target: `127.0.0.1:${endpoint.port}`,
    sni: 'fe03.contoso.net',
  });
  assert.equal(response.status, 200);
  const probe = (await response.json()) as { chain: { thumbprint: string }[]; trusted: boolean };
  assert.equal(
    probe.chain[0]!.thumbprint,
    session.drifting!.certificate.facts.thumbprint,
    'fe03 serves the drifting certificate',
  );
  assert.equal(probe.trusted, true);
  assert.equal(
    response.headers.get('x-uccert-command'),
    `uccert probe 127.0.0.1:${endpoint.port} --sni fe03.contoso.net --ca ${rootFile}`,
  );
  const smuggled = await post('/api/probe', { target: '--help' });
  assert.equal(smuggled.status, 400);
  assert.equal(((await smuggled.json()) as { error: { code: string } }).error.code, 'BAD_FIELD');
  const unreachable = await post('/api/probe', { target: '127.0.0.1:1', timeout: '500' });
  assert.equal(unreachable.status, 502);
});

test('POST /api/set: the same guard rails as uccert set (a certificate lacking a name is refused, not forced)', async () => {
  const fe01 = session.certificates.find(
    (c) => c.assignedOn.includes('fe01.contoso.net') && c.planned.uses.includes('WebServicesExternal'),
  )!;
  const response = await post('/api/set', {
    server: 'fe02.contoso.net',
    type: ['Default', 'WebServicesInternal', 'WebServicesExternal'],
    thumbprint: fe01.certificate.facts.thumbprint,
  });
  assert.equal(response.status, 200);
  const result = (await response.json()) as { assigned: boolean; findings: { code: string }[] };
  assert.equal(result.assigned, false);
  assert.ok(result.findings.some((f) => f.code === 'NAME_NOT_COVERED'));
  assert.equal(response.headers.get('x-uccert-exit-code'), '1');
});

test('POST /api/request (lab CA and CSR), GET /api/requests/:id/csr, POST /api/remove', async () => {
  const issued = await post('/api/request', { server: 'med01.contoso.net', type: ['Default'], ca: 'local' });
  assert.equal(issued.status, 200, await issued.clone().text());
  assert.ok(
    ((await issued.json()) as { certificate: { thumbprint: string } }).certificate.thumbprint.length === 40,
  );
  const offline = await post('/api/request', { server: 'med02.contoso.net', type: 'Default', ca: 'csr' });
  assert.equal(offline.status, 200);
  assert.equal(
    offline.headers.get('x-uccert-command'),
    `uccert request --new --server med02.contoso.net --topology ${topologyPath} --type Default --output med02.contoso.net.csr`,
  );
  const id = ((await offline.json()) as { requestId: number }).requestId;
  const csr = await request(`/api/requests/${id}/csr`);
  assert.equal(csr.status, 200);
  const pem = await csr.text();
  assert.match(
    execFileSync('openssl', ['req', '-noout', '-verify', '-text'], {
      input: pem,
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'pipe'],
    }),
    /med02\.contoso\.net/,
  );
  assert.equal((await request('/api/requests/99999/csr')).status, 404);
  const noPrevious = await post('/api/remove', {
    server: 'med01.contoso.net',
    type: 'Default',
    previous: true,
  });
  assert.equal(noPrevious.status, 400, 'nothing to remove: a clear error');
  const removed = await post('/api/remove', { server: 'med01.contoso.net', type: 'Default' });
  assert.equal(removed.status, 200);
});

test('POST /api/import: a certificate file; too large (413), malformed, not multipart and empty are clear errors', async () => {
  const form = new FormData();
  form.set('file', new Blob([encodePem('CERTIFICATE', session.ca.root.der)]), 'root.pem');
  const ok = await request('/api/import', {
    method: 'POST',
    body: form,
    headers: { origin: `http://${host}`, 'x-csrf-token': csrfToken },
  });
  assert.equal(ok.status, 200, await ok.clone().text());
  assert.equal(ok.headers.get('x-uccert-command'), 'uccert import root.pem');
  const big = new FormData();
  big.set('file', new Blob([new Uint8Array(maxUploadBytes * 2)]), 'big.pfx');
  const tooLarge = await request('/api/import', {
    method: 'POST',
    body: big,
    headers: { origin: `http://${host}`, 'x-csrf-token': csrfToken },
  });
  assert.equal(tooLarge.status, 413);
  assert.equal(((await tooLarge.json()) as { error: { code: string } }).error.code, 'UPLOAD_TOO_LARGE');
  const garbage = new FormData();
  garbage.set('file', new Blob(['this is not a certificate']), 'notes.txt');
  const malformed = await request('/api/import', {
    method: 'POST',
    body: garbage,
    headers: { origin: `http://${host}`, 'x-csrf-token': csrfToken },
  });
  assert.equal(malformed.status, 400);
  const error = ((await malformed.json()) as { error: { message: string; hint: string } }).error;
  assert.match(error.message, /notes\.txt|not a certificate|PEM|DER/i);
  assert.notEqual(error.hint, '');
  const notForm = await post('/api/import', { file: 'x' });
  assert.equal(notForm.status, 400);
  const empty = new FormData();
  empty.set('password', 'x');
  const noFile = await request('/api/import', {
    method: 'POST',
    body: empty,
    headers: { origin: `http://${host}`, 'x-csrf-token': csrfToken },
  });
  assert.equal(((await noFile.json()) as { error: { code: string } }).error.code, 'NO_FILE');
  const huge = await post('/api/set', { padding: 'x'.repeat(70 * 1024) });
  assert.equal(huge.status, 413);
});

test('POST /api/export: a PFX only with a password (openssl opens it with that password); PEM holds no key', async () => {
  const thumbprint = session.certificates[0]!.certificate.facts.thumbprint;
  const refused = await post('/api/export', { thumbprint, format: 'pfx' });
  assert.equal(refused.status, 400);
  assert.equal(((await refused.json()) as { error: { code: string } }).error.code, 'PASSWORD_REQUIRED');
  const pfx = await post('/api/export', { thumbprint, format: 'pfx', password: 'export-password-1' });
  assert.equal(pfx.status, 200);
  assert.equal(pfx.headers.get('content-type'), 'application/x-pkcs12');
  assert.equal(
    pfx.headers.get('x-uccert-command'),
    `uccert export ${thumbprint} --out ${thumbprint}.pfx --format pfx --password "$PASSWORD"`,
  );
  const file = join(dir, 'export.pfx');
  writeFileSync(file, new Uint8Array(await pfx.arrayBuffer()));
  const opened = execFileSync(
    'openssl',
    ['pkcs12', '-in', file, '-nodes', '-passin', 'pass:export-password-1'],
    { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] },
  );
  assert.match(opened, /PRIVATE KEY/);
  const pem = await post('/api/export', { thumbprint, format: 'pem', password: 'ignored-for-pem' });
  assert.equal(pem.status, 200);
  const text = await pem.text();
  assert.match(text, /BEGIN CERTIFICATE/);
  assert.doesNotMatch(text, /PRIVATE KEY/);
});

test('GET /api/equivalents/:action: the uccert line (runs exactly as printed) and the Management Shell line', async () => {
  const thumbprint = session.certificates.find((c) => c.assignedOn.includes('med02.contoso.net'))!.certificate
    .facts.thumbprint;
  const response = await request(
    `/api/equivalents/set?server=med02.contoso.net&type=Default&thumbprint=${thumbprint}`,
  );
  const lines = (await response.json()) as { cli: string[]; powershell: string[] };
  assert.deepEqual(lines.powershell, [`Set-CsCertificate -Type Default -Thumbprint ${thumbprint}`]);
  assert.equal(
    lines.cli[0],
    `uccert set --server med02.contoso.net --thumbprint ${thumbprint} --topology ${topologyPath} --type Default`,
  );
  const printed = lines.cli[0]!.split(' ').slice(1);
  const ran = await runUccert([...printed, '--home', home], { env, now: fixtureNow });
  assert.equal(ran.exitCode, 0, ran.stdout + ran.stderr);
  assert.equal((await request('/api/equivalents/format-disk')).status, 404);
  const roll = (await (
    await request(
      `/api/equivalents/set?server=med02.contoso.net&type=Default&thumbprint=${thumbprint}&effectiveDate=2026-07-01T06:00:00Z`,
    )
  ).json()) as { powershell: string[] };
  assert.equal(
    roll.powershell[0],
    `Set-CsCertificate -Type Default -Thumbprint ${thumbprint} -Roll -EffectiveDate "7/1/2026 6:00:00 AM"`,
  );
});

test('scans: POST starts one (202), the job reports progress to done; --list, latest and --show ID as the CLI prints them', async () => {
  const listed = async () =>
    ((await (await request('/api/scans')).json()) as { scans: { scanId: number }[] }).scans;
  const before = (await listed()).length;
  const started = await post('/api/scans', {});
  assert.equal(started.status, 202);
  let job = (await started.json()) as {
    jobId: string;
    state: string;
    done: number;
    total: number;
    scanId: number | null;
  };
  for (let i = 0; i < 400 && job.state === 'running'; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    job = (await (await request(`/api/scan-jobs/${job.jobId}`)).json()) as typeof job;
  }
  assert.equal(job.state, 'done');
  assert.equal(job.done, job.total);
  const scans = await listed();
  assert.equal(scans.length, before + 1);
  assert.equal(scans.at(-1)!.scanId, job.scanId);
  const list = await request('/api/scans');
  assert.equal(await list.text(), (await cli(['scan', '--list'])).stdout);
  const latest = await request('/api/scans/latest');
  const latestText = await latest.text();
  assert.equal(latestText, (await cli(['scan', '--show', String(job.scanId)])).stdout);
  const document = JSON.parse(latestText) as {
    scanId: number;
    endpoints: { endpoint: string; drift: string; findings: { code: string }[] }[];
    since?: { scanId: number };
    changes?: unknown[];
  };
  assert.equal(document.scanId, job.scanId);
  assert.equal(job.total, document.endpoints.length);
  assert.equal(document.since?.scanId, scans.at(-2)!.scanId, 'compared with the scan before');
  // Nothing changed since, but for med01's Default removed by the test before (USE_NOT_ASSIGNED, new).
  assert.deepEqual(
    (document.changes ?? []).filter((c) => !JSON.stringify(c).includes('med01.contoso.net/Default')),
    [],
  );
  const drifted = document.endpoints.filter((e) => e.drift === 'served-not-assigned').map((e) => e.endpoint);
  assert.deepEqual(drifted.sort(), [
    'fe03.contoso.net:443',
    'fe03.contoso.net:444',
    'fe03.contoso.net:4443',
    'fe03.contoso.net:5061',
  ]);
  assert.ok(
    document.endpoints
      .find((e) => e.endpoint === 'fe03.contoso.net:5061')!
      .findings.some((f) => f.code === 'SERVED_NOT_ASSIGNED'),
  );
  assert.equal((await request(`/api/scans/${job.scanId}`)).status, 200);
  assert.equal((await request('/api/scans/999999')).status, 400);
  assert.equal((await request('/api/scans/no-such-scan')).status, 404);
  assert.equal((await request('/api/scan-jobs/no-such-job')).status, 404);
});

test('GET /api/evidence: the uccert evidence pack as a zip download, with its manifest and no key', async () => {
  const response = await request('/api/evidence');
  assert.equal(response.status, 200, await response.clone().text());
  assert.equal(response.headers.get('content-type'), 'application/zip');
  assert.match(response.headers.get('content-disposition') ?? '', /filename="uccert-evidence\.zip"/);
  assert.match(response.headers.get('x-uccert-command') ?? '', /^uccert evidence --out /);
  const zip = new Uint8Array(await response.arrayBuffer());
  const files = unzipSync(zip);
  assert.ok('MANIFEST.sha256' in files, Object.keys(files).join(', '));
  assert.ok('report.html' in files);
  for (const [name, content] of Object.entries(files)) {
    assert.doesNotMatch(Buffer.from(content).toString('latin1'), /PRIVATE KEY/, name);
  }
});

test('an unknown route is a JSON 404', async () => {
  const response = await request('/api/nothing');
  assert.equal(response.status, 404);
  assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'NOT_FOUND');
});
