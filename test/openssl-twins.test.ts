// `--openssl`: every command line uccert prints runs exactly as printed (as one POSIX shell
// script) and agrees with what uccert said: the same thumbprints, the same subject and SANs in the
// request openssl makes from the generated config, the same verdict per required name.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { makeLab, openssl, testPassphrase, thumbprintOf } from './ca-test-support.js';
import { runUccert, type Transcript } from './support/cli-run.js';
import { assertGolden } from './support/golden.js';
import { type RunningOpensslServer, startOpensslServer } from './support/openssl-server.js';
import { repoPath } from './support/repo.js';

// openssl verify and s_client use the real clock: uccert issues with it too.
const now = new Date();
const lab = makeLab('openssl-twins');
const file = (name: string) => join(lab.dir, name);
const run = (args: readonly string[]): Promise<Transcript> =>
  runUccert([...args, '--home', lab.home], { env: { UCCERT_PASSPHRASE: testPassphrase }, now });
const pfxPassword = 'twin-pfx';
const keyPassword = 'twin-key';

/** The script after the marker, run with sh -e in the lab directory; its output. */
function runTwins(
  t: Transcript,
  pfx: string = pfxPassword,
): { status: number | null; stdout: string; stderr: string; script: string } {
  assert.equal(t.exitCode === 0 || t.exitCode === 1, true, t.stderr);
  const at = t.stdout.indexOf('# openssl equivalents');
  assert.ok(at >= 0, `no openssl section in:\n${t.stdout}`);
  const script = t.stdout.slice(at);
  const r = spawnSync('sh', ['-e', '-c', script], {
    cwd: lab.dir,
    encoding: 'utf8',
    timeout: 60_000,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', PFX_PASSWORD: pfx, KEY_PASSWORD: keyPassword },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, script };
}

const fingerprints = (text: string): string[] =>
  [...text.matchAll(/sha1 Fingerprint=([0-9A-F:]+)/gi)].map((m) => m[1]!.replaceAll(':', '').toUpperCase());

let server: RunningOpensslServer;
let deviceThumbprint = '';

before(async () => {
  assert.equal((await run(['ca', 'init', '--name', 'Contoso Lab CA'])).exitCode, 0);
  const device = await run([
    'ca',
    'issue',
    '--new',
    '--subject',
    'CN=pool01.contoso.net,O=Contoso',
    '--san',
    'DNS:pool01.contoso.net,DNS:fe01.contoso.net,DNS:meet.contoso.com',
    '--out-dir',
    file('dev'),
    '--password',
    'pw',
    '--json',
  ]);
  deviceThumbprint = thumbprintOf(device);
  assert.equal(
    openssl(['x509', '-inform', 'der', '-in', file('dev/root.cer'), '-out', file('root.pem')]).status,
    0,
  );
  server = await startOpensslServer([
    '-cert',
    file('dev/pool01.contoso.net.pem'),
    '-cert_chain',
    file('dev/pool01.contoso.net.pem'),
    '-key',
    file('dev/pool01.contoso.net.key'),
    '-pass',
    'pass:pw',
  ]);
});

after(async () => {
  await server?.stop();
});

test('show --openssl: the lines run and print the thumbprint uccert shows', async () => {
  for (const fixture of ['legacy.pfx', 'modern.pfx', 'chain.pem', 'chain-der.p7b']) {
    copyFileSync(repoPath(`test/fixtures/${fixture}`), file(fixture));
    const args = ['show', file(fixture), '--password', 'uccert-test'];
    const twins = runTwins(await runUccert([...args, '--openssl'], { now }), 'uccert-test');
    assert.equal(twins.status, 0, `${fixture}: ${twins.stderr}`);
    const json = JSON.parse((await runUccert([...args, '--json'], { now })).stdout) as {
      files: { certificates: { thumbprint: string }[] }[];
    };
    assert.deepEqual(fingerprints(twins.stdout), [json.files[0]!.certificates[0]!.thumbprint], fixture);
  }
});

test('show --openssl: golden transcript of the printed lines', async () => {
  const t = await runUccert(['show', 'test/fixtures/legacy.pfx', '--password', 'uccert-test', '--openssl'], {
    now: new Date('2026-06-01T12:00:00Z'),
  });
  assertGolden('show-openssl-legacy-pfx', {
    ...t,
    stdout: t.stdout.slice(t.stdout.indexOf('# openssl equivalents')),
  });
});

test('request --openssl: openssl req with the generated config asks for the same subject, EKU and SANs', async () => {
  const t = await run([
    'request',
    '--new',
    '--topology',
    repoPath('examples/contoso.yaml'),
    '--server',
    'fe01.contoso.net',
    '--type',
    'Default,WebServicesInternal,WebServicesExternal',
    '--output',
    file('fe01.csr'),
    '--organization',
    'Contoso Ltd',
    '--country',
    'US',
    '--client-eku',
    '--openssl',
  ]);
  assert.equal(t.exitCode, 0, t.stderr);
  const twins = runTwins(t);
  assert.equal(twins.status, 0, twins.stderr);
  const describe = (csr: string) => {
    const text = openssl(['req', '-in', csr, '-noout', '-text', '-nameopt', 'RFC2253']).stdout;
    const after = (label: string) => {
      const lines = text.split('\n');
      const i = lines.findIndex((l) => l.includes(label));
      return i < 0 ? null : `${lines[i]!.trim()} ${lines[i + 1]!.trim()}`;
    };
    return {
      subject: /Subject: (.*)/.exec(text)?.[1],
      san: after('Subject Alternative Name'),
      eku: after('Extended Key Usage'),
      keyUsage: after('Key Usage: critical'),
    };
  };
  const ours = describe(file('fe01.csr'));
  assert.deepEqual(describe(file(`${file('fe01')}.openssl.csr`.replace(`${lab.dir}/`, ''))), ours);
  assert.match(ours.san ?? '', /DNS:lyncdiscover\.contoso\.com/);
  assert.equal(ours.subject, 'CN=pool01.contoso.net,O=Contoso Ltd,C=US');
});

test('ca issue --openssl: the CSR verifies and the issued certificate has the thumbprint uccert printed', async () => {
  const csr = openssl([
    'req',
    '-new',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    file('gw.key'),
    '-subj',
    '/CN=gw.contoso.com',
    '-addext',
    'subjectAltName=DNS:gw.contoso.com',
    '-out',
    file('gw.csr'),
  ]);
  assert.equal(csr.status, 0, csr.stderr);
  const t = await run(['ca', 'issue', file('gw.csr'), '--out', file('gw.pem'), '--openssl', '--json']);
  assert.equal(t.exitCode, 0, t.stderr);
  const doc = JSON.parse(t.stdout) as { certificate: { thumbprint: string }; openssl: string[] };
  const twins = runTwins({ ...t, stdout: `# openssl equivalents\n${doc.openssl.join('\n')}\n` });
  assert.equal(twins.status, 0, twins.stderr);
  assert.deepEqual(fingerprints(twins.stdout), [doc.certificate.thumbprint]);
});

test('ca issue --new --openssl: the device files verify strictly and the key opens', async () => {
  for (const format of [
    ['--format', 'pem'],
    ['--format', 'pfx', '--legacy'],
  ]) {
    const t = await run([
      'ca',
      'issue',
      '--new',
      '--san',
      'DNS:sbc.contoso.com',
      '--client-auth',
      ...format,
      '--out-dir',
      file(`sbc-${format.length}`),
      '--password',
      format[1] === 'pem' ? keyPassword : pfxPassword,
      '--openssl',
    ]);
    const twins = runTwins(t);
    assert.equal(twins.status, 0, `${format.join(' ')}: ${twins.stderr}\n${twins.script}`);
    assert.match(twins.stdout, format[1] === 'pem' ? /: OK\n/ : /sha1 Fingerprint=/);
  }
});

test('export --openssl: the PFX opens in its profile and holds the exported certificate; the PEM chain verifies', async () => {
  for (const form of [['--legacy'], [], ['--format', 'pem']]) {
    const out = file(`export-${form.join('')}.${form.includes('pem') ? 'pem' : 'pfx'}`);
    const t = await run([
      'export',
      deviceThumbprint,
      '--out',
      out,
      ...(form.includes('pem') ? [] : ['--password', pfxPassword]),
      ...form,
      '--openssl',
    ]);
    const twins = runTwins(t);
    assert.equal(twins.status, 0, `${form.join(' ')}: ${twins.stderr}`);
    assert.deepEqual(fingerprints(twins.stdout), [deviceThumbprint]);
  }
});

test('import --openssl: the file openssl reads has the thumbprint uccert stored', async () => {
  const other = makeLab('openssl-twins-import');
  const t = await runUccert(
    ['import', file('dev/pool01.contoso.net.pem'), '--home', other.home, '--openssl'],
    {
      env: { UCCERT_PASSPHRASE: testPassphrase },
      now,
    },
  );
  const twins = runTwins(t);
  assert.equal(twins.status, 0, twins.stderr);
  assert.equal(fingerprints(twins.stdout)[0], deviceThumbprint);
});

test('check --openssl: openssl -checkhost refuses exactly the names uccert reports as not covered', async () => {
  const t = await run([
    'check',
    repoPath('examples/contoso.yaml'),
    '--server',
    'fe01.contoso.net',
    '--use',
    'Default,WebServicesInternal',
    '--cert',
    file('dev/pool01.contoso.net.pem'),
    '--ca',
    file('root.pem'),
    '--openssl',
    '--json',
  ]);
  const doc = JSON.parse(t.stdout) as { findings: { code: string; message: string }[]; openssl: string[] };
  const twins = runTwins({ ...t, stdout: `# openssl equivalents\n${doc.openssl.join('\n')}\n` });
  assert.equal(twins.status, 0, twins.stderr);
  const refused = [...twins.stdout.matchAll(/Hostname (\S+) does NOT match certificate/g)]
    .map((m) => m[1]!)
    .sort();
  const notCovered = [
    ...new Set(
      doc.findings
        .filter((f) => f.code === 'NAME_NOT_COVERED')
        .flatMap((f) =>
          [...(/lacks [^"]*((?:"[^"]+"(?:, )?)+)/.exec(f.message)?.[1] ?? '').matchAll(/"([^"]+)"/g)].map(
            (m) => m[1]!,
          ),
        ),
    ),
  ].sort();
  assert.ok(refused.length > 0, twins.stdout);
  assert.deepEqual(refused, notCovered);
  assert.match(twins.stdout, /Hostname pool01\.contoso\.net does match certificate/);
});

test('probe --openssl: s_client sees the chain uccert saw, and verifies it with the same CA and name', async () => {
  const t = await run([
    'probe',
    `${server.host}:${server.port}`,
    '--sni',
    'pool01.contoso.net',
    '--ca',
    file('root.pem'),
    '--openssl',
    '--json',
  ]);
  assert.equal(t.exitCode, 0, t.stdout);
  const doc = JSON.parse(t.stdout) as {
    chain: { thumbprint: string }[];
    trusted: boolean;
    openssl: string[];
  };
  assert.equal(doc.trusted, true);
  const twins = runTwins({ ...t, stdout: `# openssl equivalents\n${doc.openssl.join('\n')}\n` });
  assert.equal(twins.status, 0, twins.stderr);
  const sent = [
    ...twins.stdout.matchAll(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g),
  ].map((m) => fingerprints(openssl(['x509', '-noout', '-fingerprint', '-sha1'], m[0]).stdout)[0]);
  assert.deepEqual(
    sent,
    doc.chain.map((c) => c.thumbprint),
  );
  assert.match(twins.stderr + twins.stdout, /Verification: OK/);
});
