// `uccert scan` end to end (issue 11): the lab CA issues and `set` assigns; TLS servers on the
// real ports (5061, 443, 4443, 444) of a random 127.x.y.z address that dnsmasq gives the
// topology's names (and the SRV / lyncdiscoverinternal records); then the drift the scan must
// see: a certificate served other than the one assigned, a use served with nothing assigned, an
// assigned use not served, and a staged roll whose previous certificate is still served (no
// drift). Then --since with a pinned clock, the expiry grades, --list and --show.

import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import tls from 'node:tls';
import { makeLab, runWithHome, testPassphrase, thumbprintOf } from './ca-test-support.js';
import { fixtureNow } from './support/cli-run.js';
import { type RunningDnsServer, startDnsServer } from './support/dns-server.js';
import { assertGolden } from './support/golden.js';
import { repoPath } from './support/repo.js';
import { readStoredIdentity, type TlsIdentity } from './support/stored-identity.js';

const topology = repoPath('test/fixtures/check/live.yaml');
const server = 'fe01.contoso.com';
/** A random loopback address (not 127.0.0.1), so parallel runs on the real ports do not collide. */
const address = `127.${1 + Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 256)}.${2 + Math.floor(Math.random() * 250)}`;

let lab: { dir: string; home: string };
let dns: RunningDnsServer;
let trust: string;
let a = '';
let b = '';
let identities: Record<string, TlsIdentity> = {};
const listeners = new Map<number, tls.Server>();
let bindFailure: string | null = null;

function serve(port: number, identity: TlsIdentity): Promise<void> {
  const listener = tls.createServer({ cert: identity.cert, key: identity.key });
  listener.on('tlsClientError', () => {});
  listener.on('secureConnection', (socket) => socket.end());
  return new Promise((resolve, reject) => {
    listener.once('error', reject);
    listener.listen(port, address, () => {
      listeners.set(port, listener);
      resolve();
    });
  });
}

function stop(port: number): Promise<void> {
  const listener = listeners.get(port);
  listeners.delete(port);
  return new Promise((resolve) => (listener === undefined ? resolve() : listener.close(() => resolve())));
}

async function uccert(args: readonly string[]) {
  return runWithHome(lab.home, args);
}

before(async () => {
  lab = makeLab('scan-drift');
  const init = await uccert(['ca', 'init', '--name', 'Scan Lab CA', '--out-dir', lab.dir]);
  assert.equal(init.exitCode, 0, init.stderr);
  trust = join(lab.dir, 'root.pem');
  const request = async () => {
    const t = await uccert([
      'request',
      '--new',
      '--type',
      'Default,WebServicesInternal,WebServicesExternal',
      '--server',
      server,
      '--topology',
      topology,
      '--ca',
      'local',
      '--json',
    ]);
    assert.equal(t.exitCode, 0, t.stderr);
    return thumbprintOf(t);
  };
  a = await request();
  b = await request();
  // Default and WebServicesInternal hold A; WebServicesExternal and OAuthTokenIssuer hold nothing.
  const set = await uccert([
    'set',
    '--server',
    server,
    '--type',
    'Default,WebServicesInternal',
    '--thumbprint',
    a,
  ]);
  assert.equal(set.exitCode, 0, set.stdout + set.stderr);
  identities = {
    a: readStoredIdentity(lab.home, testPassphrase, a, fixtureNow),
    b: readStoredIdentity(lab.home, testPassphrase, b, fixtureNow),
  };
  dns = await startDnsServer({
    localDomains: ['contoso.com'],
    hosts: [`${server},${address}`, `lyncdiscoverinternal.contoso.com,${address}`],
    srv: [`_sipinternaltls._tcp.contoso.com,${server},5061,0,0`],
  });
  try {
    await serve(5061, identities.a!); // Default: A, as assigned
    await serve(443, identities.b!); // WebServicesInternal: B, while A is assigned
    await serve(4443, identities.a!); // WebServicesExternal: A, with nothing assigned
    // 444 (Default, server-to-server): nothing listens, though A is assigned
  } catch (error) {
    bindFailure = `cannot listen on ${address} ports 443/4443/5061 (${(error as NodeJS.ErrnoException).code}): the real ports need root or CAP_NET_BIND_SERVICE`;
  }
});

after(async () => {
  for (const port of [...listeners.keys()]) await stop(port);
  await dns?.stop();
  rmSync(lab.dir, { recursive: true, force: true });
});

interface ScanJson {
  scanId: number;
  endpoints: {
    endpoint: string;
    status: string;
    served: { thumbprint: string } | null;
    assigned: string | null;
    drift: string;
    findings: { code: string }[];
  }[];
  findings: { code: string; target: string }[];
  expiry: { thumbprint: string; daysLeft: number; grade: string; where: string[] }[];
  summary: { endpoints: number; reached: number; drifted: number };
  changes?: { kind: string; endpoint?: string; thumbprint?: string; grade?: string; code?: string }[];
}

const scanArgs = () => ['scan', topology, '--dns-server', dns.endpoint, '--ca', trust, '--timeout', '10000'];

const driftOf = (document: ScanJson) =>
  Object.fromEntries(document.endpoints.map((e) => [e.endpoint, `${e.status} ${e.drift}`]));

test('scan: drift three ways (served-not-assigned, not-assigned, not-served) through dnsmasq on the real ports', async (t) => {
  if (bindFailure !== null) return t.skip(bindFailure);
  const run = await uccert([...scanArgs(), '--json']);
  assert.equal(run.exitCode, 1, run.stderr);
  const document = JSON.parse(run.stdout) as ScanJson;
  assert.deepEqual(driftOf(document), {
    'fe01.contoso.com:5061': 'ok none',
    'fe01.contoso.com:443': 'ok served-not-assigned',
    'fe01.contoso.com:4443': 'ok not-assigned',
    'fe01.contoso.com:444': 'refused not-served',
    // Found in DNS (dnsmasq), scanned by its own name; the SRV target is fe01:5061 again.
    'lyncdiscoverinternal.contoso.com:443': 'ok served-not-assigned',
  });
  const codes = document.findings.map((f) => `${f.code} ${f.target}`);
  assert.ok(codes.includes(`SERVED_NOT_ASSIGNED fe01.contoso.com:443`), codes.join('\n'));
  assert.ok(codes.includes(`USE_NOT_ASSIGNED fe01.contoso.com:4443`), codes.join('\n'));
  assert.ok(codes.includes('USE_NOT_ASSIGNED global/OAuthTokenIssuer'), codes.join('\n'));
  const served443 = document.endpoints.find((e) => e.endpoint === 'fe01.contoso.com:443')!;
  assert.deepEqual([served443.served?.thumbprint, served443.assigned], [b, a]);
  assert.deepEqual(document.summary, { ...document.summary, endpoints: 5, reached: 4, drifted: 4 });

  // The same scan as text, for a person (thumbprints and the random address scrubbed).
  const text = await uccert(scanArgs());
  assert.equal(text.exitCode, 1);
  assertGolden('scan-drift', text, (s) =>
    s
      .replaceAll(a, 'THUMBPRINT-A')
      .replaceAll(b, 'THUMBPRINT-B')
      .replace(/\b[0-9A-F]{40}\b/g, 'THUMBPRINT')
      .replaceAll(dns.endpoint, 'DNS')
      .replaceAll(address, 'ADDRESS')
      .replaceAll(topology, 'TOPOLOGY')
      .replaceAll(trust, 'ROOT.pem')
      .replaceAll(lab.home, 'HOME')
      .replace(/Scan \d+ of/, 'Scan N of')
      .replace(/--show \d+/, '--show N')
      .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/g, 'TIME')
      .replace(/\b\d+ days\b/g, 'N days'),
  );
});

test('scan: a staged roll whose previous certificate is still served is not drift', async (t) => {
  if (bindFailure !== null) return t.skip(bindFailure);
  // Default rolls to B in a month; until then A, still served on 5061, is the right one.
  const later = new Date(fixtureNow.getTime() + 30 * 86_400_000).toISOString();
  const roll = await uccert([
    'set',
    '--server',
    server,
    '--type',
    'Default',
    '--thumbprint',
    b,
    '--roll',
    '--effective-date',
    later,
  ]);
  assert.equal(roll.exitCode, 0, roll.stdout + roll.stderr);
  const document = JSON.parse((await uccert([...scanArgs(), '--json'])).stdout) as ScanJson;
  const sip = document.endpoints.find((e) => e.endpoint === 'fe01.contoso.com:5061')!;
  assert.deepEqual([sip.served?.thumbprint, sip.assigned, sip.drift], [a, a, 'none']);
  assert.ok(!sip.findings.some((f) => f.code === 'SERVED_NOT_ASSIGNED'));
  // After the effective date (a pinned clock), still serving A is drift.
  const afterRoll = new Date(fixtureNow.getTime() + 40 * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const late = JSON.parse((await uccert([...scanArgs(), '--now', afterRoll, '--json'])).stdout) as ScanJson;
  const lateSip = late.endpoints.find((e) => e.endpoint === 'fe01.contoso.com:5061')!;
  assert.deepEqual([lateSip.assigned, lateSip.drift], [b, 'served-not-assigned']);
});

test('scan --since: thumbprints changed, endpoints unreachable, certificates entering the warning window (pinned clock)', async (t) => {
  if (bindFailure !== null) return t.skip(bindFailure);
  const first = JSON.parse((await uccert([...scanArgs(), '--json'])).stdout) as ScanJson;
  const notAfter = first.expiry.find((e) => e.thumbprint === a)!;
  assert.equal(notAfter.grade, 'green');
  // 443 now serves A; 4443 goes dark; and the clock is 20 days before A expires (amber).
  await stop(443);
  await serve(443, identities.a!);
  await stop(4443);
  const expiryOfA = first.expiry.find((e) => e.thumbprint === a)!.daysLeft;
  const when = new Date(fixtureNow.getTime() + (expiryOfA - 20) * 86_400_000)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z');
  const second = await uccert([...scanArgs(), '--now', when, '--since', 'last', '--json']);
  const document = JSON.parse(second.stdout) as ScanJson;
  const kinds = (document.changes ?? []).map(
    (c) => `${c.kind} ${c.endpoint ?? c.thumbprint ?? ''}${c.grade ? ` ${c.grade}` : ''}`,
  );
  assert.ok(kinds.includes('thumbprint-changed fe01.contoso.com:443'), kinds.join('\n'));
  assert.ok(kinds.includes('unreachable fe01.contoso.com:4443'), kinds.join('\n'));
  assert.ok(kinds.includes(`entered-warning-window ${a} amber`), kinds.join('\n'));
  assert.ok(
    (document.changes ?? []).some((c) => c.kind === 'finding-resolved' && c.code === 'SERVED_NOT_ASSIGNED'),
    kinds.join('\n'),
  );
  const gradeOfA = document.expiry.find((e) => e.thumbprint === a)!;
  assert.deepEqual([gradeOfA.daysLeft, gradeOfA.grade], [20, 'amber']);
  // 5 days before: red (--critical-days 7).
  const red = new Date(fixtureNow.getTime() + (expiryOfA - 5) * 86_400_000)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z');
  const third = JSON.parse((await uccert([...scanArgs(), '--now', red, '--json'])).stdout) as ScanJson;
  assert.equal(third.expiry.find((e) => e.thumbprint === a)!.grade, 'red');

  // The history, and one scan shown again without probing: the same document.
  const list = JSON.parse((await uccert(['scan', '--list', '--json'])).stdout) as {
    scans: { scanId: number }[];
  };
  assert.ok(list.scans.length >= 3);
  const shown = await uccert(['scan', '--show', String(document.scanId), '--json']);
  assert.deepEqual(JSON.parse(shown.stdout), document);
  const unknown = await uccert(['scan', '--show', '999']);
  assert.equal(unknown.exitCode, 2);
  assert.match(unknown.stderr, /there is no scan 999 in the store/);
});
