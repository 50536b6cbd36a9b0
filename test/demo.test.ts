// `uccert demo`: the whole Contoso deployment stood up on loopback and checked live. In process
// with a temporary home and the fixed clock (transcript, JSON, every requirement assigned, every
// endpoint answered, the served chains verified by openssl), and as a subprocess with no
// arguments at all, the way the README runs it.

import assert from 'node:assert/strict';
import { execFile, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { buildTrustStore } from '../src/check/chain-trust.js';
import { openDemoHome } from '../src/demo/demo-home.js';
import { runDemo } from '../src/demo/run-demo.js';
import { defaultPlanOptions } from '../src/requirements/plan-model.js';
import { planRequirements } from '../src/requirements/plan-requirements.js';
import { listScanTargets } from '../src/scan/scan-endpoints.js';
import { listLiveEndpoints } from '../src/topology/live-endpoints.js';
import { readTopologyFile } from '../src/topology/read-topology.js';
import { fixtureNow, runUccert } from './support/cli-run.js';
import { assertGolden } from './support/golden.js';
import { repoPath, repoRoot } from './support/repo.js';

const temporary: string[] = [];
function temporaryDirectory(): string {
  const dir = mkdtempSync(join(tmpdir(), 'uccert-demo-test-'));
  temporary.push(dir);
  return dir;
}
after(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

const env = { UCCERT_PASSPHRASE: 'demo test passphrase' };

interface DemoJson {
  home: string;
  ca: { name: string; root: { thumbprint: string; file: string }; issuing: { thumbprint: string } };
  certificates: { servers: string[]; use: string[]; thumbprint: string; alternativeNames: string[] }[];
  endpoints: {
    host: string;
    port: number;
    server: string;
    use: string;
    listening: string;
    thumbprint: string;
  }[];
  check: {
    checks: { source: string; thumbprint: string; trusted: boolean | null }[];
    unreachable: unknown[];
    findings: { code: string; severity: string; target: string }[];
  };
}

/** One demo run with --json, shared by the tests that read its document. */
let jsonRun: Promise<{ home: string; exitCode: number; document: DemoJson; stderr: string }> | null = null;
function runJsonDemo() {
  jsonRun ??= (async () => {
    const home = temporaryDirectory();
    const t = await runUccert(['demo', '--home', home, '--json', '--no-serve', '--clean'], {
      env,
      now: fixtureNow,
    });
    return { home, exitCode: t.exitCode, document: JSON.parse(t.stdout) as DemoJson, stderr: t.stderr };
  })();
  return jsonRun;
}

test('demo --no-serve: the transcript with the three planted mistakes (temp home, ports and thumbprints scrubbed)', async () => {
  const home = temporaryDirectory();
  const t = await runUccert(['demo', '--home', home, '--no-serve'], { env, now: fixtureNow });
  assert.match(t.stdout, /Certificates: 12 requested from the lab CA/);
  assert.match(t.stdout, /TLS endpoints: 33 listening on 127\.0\.0\.1/);
  assert.match(t.stdout, /Planted mistakes \(run without them: uccert demo --clean\):/);
  assert.equal(t.exitCode, 1, 'the planted mistakes are errors');
  const scrub = (text: string) =>
    text
      .replaceAll(home, 'HOME')
      .replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT')
      .replace(/\b[0-9A-F]{40}\b/g, 'THUMBPRINT');
  assertGolden('demo', t, scrub);
});

test('demo --clean: the Contoso deployment is compliant: exit 0, no error finding', async () => {
  const { exitCode, document, stderr } = await runJsonDemo();
  assert.deepEqual(
    document.check.findings.filter((f) => f.severity === 'error'),
    [],
  );
  assert.equal(exitCode, 0, stderr);
});

test('demo --json: every endpoint of the topology answered, with the certificate assigned to it, trusted', async () => {
  const { document } = await runJsonDemo();
  const { topology } = await readTopologyFile('examples/contoso.yaml', repoRoot);
  // Every endpoint a scan probes listens (pool and web services FQDNs too); check --live probes
  // each server's own, which come first.
  const expected = listLiveEndpoints(topology).map((e) => `${e.host}:${e.port}`);
  assert.deepEqual(
    document.endpoints.map((e) => `${e.host}:${e.port}`),
    listScanTargets(topology).map((e) => `${e.host}:${e.port}`),
  );
  assert.deepEqual(document.check.unreachable, []);
  assert.deepEqual(
    document.check.checks.map((c) => c.source),
    expected,
  );
  // What was served is what the store assigns, and the lab root anchors it.
  assert.deepEqual(
    document.check.checks.map((c) => c.thumbprint),
    document.endpoints.slice(0, expected.length).map((e) => e.thumbprint),
  );
  assert.ok(document.check.checks.every((c) => c.trusted === true));
  assert.equal(document.ca.name, 'Contoso Lab CA');
  assert.match(readFileSync(document.ca.root.file, 'utf8'), /^-----BEGIN CERTIFICATE-----/);
});

test('demo: every requirement of the plan has an assignment in the store (uccert get)', async () => {
  const { home, document } = await runJsonDemo();
  const { topology } = await readTopologyFile('examples/contoso.yaml', repoRoot);
  const plan = planRequirements(topology, defaultPlanOptions);
  const got = await runUccert(['get', '--home', home, '--json'], { env, now: fixtureNow });
  assert.equal(got.exitCode, 0, got.stderr);
  const assignments = (
    JSON.parse(got.stdout) as {
      assignments: { server: string; use: string; certificate: { thumbprint: string } }[];
    }
  ).assignments;
  const held = new Map(assignments.map((a) => [`${a.server}|${a.use}`, a.certificate.thumbprint]));
  for (const r of plan.requirements) {
    // OAuthTokenIssuer is assigned with -Identity global.
    const key =
      r.scope === 'deployment' && r.use === 'OAuthTokenIssuer' ? `global|${r.use}` : `${r.server}|${r.use}`;
    assert.ok(held.has(key), `no assignment for ${key}`);
  }
  // Each certificate the demo reported is the one assigned on each of its servers.
  for (const c of document.certificates) {
    for (const server of c.servers) {
      for (const use of c.use) assert.equal(held.get(`${server}|${use}`), c.thumbprint, `${server} ${use}`);
    }
  }
  assert.equal(document.certificates.length, plan.certificates.length);
});

test('demo: a store that already holds certificates is refused (exit 2) unless --reuse', async () => {
  const { home } = await runJsonDemo();
  const t = await runUccert(['demo', '--home', home, '--no-serve'], { env, now: fixtureNow });
  assert.equal(t.exitCode, 2);
  assert.match(t.stderr, /already holds \d+ certificates/);
  assert.match(t.stderr, /--reuse/);
  assert.equal(t.stdout, '');
});

function openssl(args: readonly string[], input?: string): string {
  return execFileSync('openssl', args, {
    encoding: 'utf8',
    input: input ?? '',
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

test('demo: what each endpoint serves passes openssl verify with the lab root and issuing CA', async () => {
  const home = temporaryDirectory();
  const { topology } = await readTopologyFile('examples/contoso.yaml', repoRoot);
  const demoHome = openDemoHome({
    homeOption: home,
    env,
    cwd: repoRoot,
    tmpdir: tmpdir(),
    reuse: false,
    prompt: null,
  });
  try {
    const session = await runDemo({
      store: demoHome.store,
      passphrase: demoHome.passphrase,
      now: fixtureNow,
      clock: () => fixtureNow,
      topology,
      topologyPath: 'examples/contoso.yaml',
      trustStoreWith: (root) => buildTrustStore([], [root]),
      warnDays: 30,
      timeoutMs: 5_000,
      plantMistakes: false,
    });
    try {
      const root = join(home, 'root.pem');
      writeFileSync(root, pemOf(session.ca.root.der));
      const issuing = join(home, 'issuing.pem');
      writeFileSync(issuing, pemOf(session.ca.issuing.der));
      const attime = String(Math.floor(fixtureNow.getTime() / 1000));
      for (const e of session.endpoints.endpoints) {
        // openssl s_client is a separate client: it reads what the listener really sends.
        const shown = await new Promise<string>((resolve, reject) => {
          const child = execFile(
            'openssl',
            ['s_client', '-connect', `127.0.0.1:${e.port}`, '-servername', e.endpoint.host, '-showcerts'],
            { timeout: 10_000 },
            (error, stdout) => (error === null ? resolve(stdout) : reject(error)),
          );
          child.stdin?.end();
        });
        const sent = shown.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n/g) ?? [];
        assert.equal(
          sent.length,
          2,
          `${e.endpoint.host}:${e.endpoint.port} sends the leaf and the issuing CA`,
        );
        const leaf = join(home, 'leaf.pem');
        writeFileSync(leaf, sent[0]!);
        const verified = openssl([
          'verify',
          '-attime',
          attime,
          '-purpose',
          'sslserver',
          '-CAfile',
          root,
          '-untrusted',
          issuing,
          leaf,
        ]);
        assert.match(verified, /: OK\n$/, `${e.endpoint.host}:${e.endpoint.port}`);
        const thumbprint = openssl(['x509', '-noout', '-fingerprint', '-sha1'], sent[0]!)
          .replace(/^.*=/, '')
          .replaceAll(':', '')
          .trim();
        assert.equal(thumbprint, e.thumbprint);
      }
    } finally {
      await session.close();
    }
  } finally {
    demoHome.store.close();
  }
});

function pemOf(der: Uint8Array): string {
  const lines =
    Buffer.from(der)
      .toString('base64')
      .match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

test('node bin/uccert.js demo with no arguments: a fresh temporary home, the console URL in seconds, Ctrl-C leaves only the home', async () => {
  const scratch = temporaryDirectory();
  const fakeHome = join(scratch, 'home');
  const started = performance.now();
  // HOME and TMPDIR point into the scratch directory; no UCCERT_HOME or UCCERT_PASSPHRASE: the
  // demo's own defaults. UCCERT_NOW pins the clock (tests never read the real one). No DISPLAY
  // and BROWSER=none: no browser is opened.
  const child = spawn(process.execPath, [repoPath('bin/uccert.js'), 'demo'], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: fakeHome,
      TMPDIR: scratch,
      UCCERT_NOW: fixtureNow.toISOString(),
      BROWSER: 'none',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  try {
    const stdout = await new Promise<string>((resolve, reject) => {
      let text = '';
      const timer = setTimeout(() => reject(new Error(`no console URL in 120 s:\n${text}`)), 120_000);
      child.stdout.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        if (/^Console: http:\/\/127\.0\.0\.1:\d+\/\nCtrl-C to stop\n$/m.test(text)) {
          clearTimeout(timer);
          resolve(text);
        }
      });
    });
    const seconds = (performance.now() - started) / 1000;
    assert.ok(seconds < 120, `took ${seconds.toFixed(1)} s`);
    const home =
      /^Home: (\S+) \(a fresh temporary directory; its keys are sealed with the demo passphrase "uccert-demo"\)$/m.exec(
        stdout,
      )?.[1];
    assert.ok(home?.startsWith(join(scratch, 'uccert-demo-')), `home ${home}`);
    const url = /^Console: (\S+)$/m.exec(stdout)![1]!;
    const page = await fetch(url);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<title>uccert console<\/title>/);
    child.kill('SIGINT');
    const code = await exited;
    assert.equal(code, 1, 'the planted mistakes are errors');
    assert.equal(stderr, '');
    await assert.rejects(fetch(url), 'the console stopped listening');
    assert.equal(existsSync(fakeHome), false, 'the demo wrote into $HOME');
    assert.deepEqual(readdirSync(scratch), [home!.slice(scratch.length + 1)], 'only the home is left');
  } finally {
    child.kill('SIGKILL');
  }
});

test('demo --no-serve --json: the three planted mistakes, found by check and scan with their fixes', async () => {
  const home = temporaryDirectory();
  const t = await runUccert(['demo', '--home', home, '--json', '--no-serve'], { env, now: fixtureNow });
  assert.equal(t.exitCode, 1);
  const document = JSON.parse(t.stdout) as {
    mistakes: { title: string }[];
    certificates: { servers: string[]; use: string[]; alternativeNames: string[] }[];
    check: { findings: { code: string; target: string; message: string; fix: string }[] };
    scan: { endpoints: { endpoint: string; drift: string; findings: { code: string; fix: string }[] }[] };
    console: string | null;
  };
  assert.equal(document.mistakes.length, 3);
  assert.equal(document.console, null);
  // 1. Every Front End web certificate of pool01 lacks lyncdiscover.fabrikam.com.
  for (const server of ['fe01.contoso.net', 'fe02.contoso.net', 'fe03.contoso.net']) {
    const web = document.certificates.find(
      (c) => c.servers.includes(server) && c.use.includes('WebServicesExternal'),
    )!;
    assert.ok(!web.alternativeNames.includes('lyncdiscover.fabrikam.com'), server);
  }
  const missing = document.check.findings.find((f) => f.code === 'NAME_NOT_COVERED');
  assert.match(missing?.message ?? '', /lyncdiscover\.fabrikam\.com/);
  assert.notEqual(missing?.fix ?? '', '');
  // 2. The Edge external certificate is not yet valid by exactly 5 hours: a time zone.
  const early = document.check.findings.find((f) => f.code === 'NOT_YET_VALID');
  assert.match(early?.message ?? '', /5 h after now|5 h 0 min|whole UTC offset \(\+05:00\)/);
  assert.match(early?.fix ?? '', /time zone/);
  // 3. fe03 serves another certificate than the one assigned: the scan's drift, with its fix.
  const drifted = document.scan.endpoints
    .filter((e) => e.drift === 'served-not-assigned')
    .map((e) => e.endpoint);
  assert.deepEqual(drifted.sort(), [
    'fe03.contoso.net:443',
    'fe03.contoso.net:444',
    'fe03.contoso.net:4443',
    'fe03.contoso.net:5061',
  ]);
  const fix = document.scan.endpoints
    .find((e) => e.endpoint === 'fe03.contoso.net:5061')!
    .findings.find((f) => f.code === 'SERVED_NOT_ASSIGNED');
  assert.notEqual(fix?.fix ?? '', '');
});

test('demo --topology: the names come from that topology; nothing says Contoso', async () => {
  const scratch = temporaryDirectory();
  const topology = join(scratch, 'northwind.yaml');
  writeFileSync(
    topology,
    readFileSync(repoPath('examples/contoso.yaml'), 'utf8')
      .split('\n')
      .filter((line) => !line.startsWith('#'))
      .join('\n')
      .replaceAll('contoso', 'northwind'),
  );
  const home = join(scratch, 'home');
  const t = await runUccert(['demo', '--home', home, '--no-serve', '--topology', topology], {
    env,
    now: fixtureNow,
  });
  assert.equal(t.exitCode, 1, t.stderr);
  assert.doesNotMatch(t.stdout + t.stderr, /contoso/i);
  assert.match(t.stdout, /Lab CA "Northwind Lab CA"/);
  const json = await runUccert(
    ['demo', '--home', join(scratch, 'home2'), '--no-serve', '--json', '--topology', topology],
    { env, now: fixtureNow },
  );
  assert.doesNotMatch(json.stdout, /contoso/i);
});

test('demo --keep-running: the endpoints stay up for `uccert probe` until SIGTERM', async () => {
  const scratch = temporaryDirectory();
  const child = spawn(
    process.execPath,
    [repoPath('bin/uccert.js'), 'demo', '--no-serve', '--clean', '--keep-running'],
    {
      cwd: repoRoot,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: join(scratch, 'home'),
        TMPDIR: scratch,
        // The fixed clock, shared with the in-process probes below.
        UCCERT_NOW: fixtureNow.toISOString(),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    const stdout = await new Promise<string>((resolve, reject) => {
      let text = '';
      const timer = setTimeout(() => reject(new Error(`no "stay up" line in 60 s:\n${text}`)), 60_000);
      child.stdout.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        if (text.includes('stay up until Ctrl-C')) {
          clearTimeout(timer);
          resolve(text);
        }
      });
    });
    const probes = [...stdout.matchAll(/^ {2}uccert (probe 127\.0\.0\.1:\d+ --sni \S+ --ca \S+)$/gm)].map(
      (m) => m[1]!.split(' '),
    );
    assert.equal(probes.length, 4);
    for (const args of probes) {
      const t = await runUccert([...args, '--timeout', '5000'], { now: fixtureNow });
      assert.equal(t.exitCode, 0, `${args.join(' ')}\n${t.stdout}${t.stderr}`);
      assert.match(t.stdout, /Findings: none/);
    }
    child.kill('SIGTERM');
    const code = await exited;
    // The exit code follows the report, as without --keep-running.
    const errors = Number(/\d+ certificates checked: (\d+) errors?/.exec(stdout)?.[1]);
    assert.equal(code, errors === 0 ? 0 : 1);
  } finally {
    child.kill('SIGKILL');
  }
});
