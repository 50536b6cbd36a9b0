// `uccert request`: --new with --ca local and --output, the CSR checked by openssl (signature and
// the planned SAN set), key algorithms, the Edge key made exportable, --list, --retrieve, --clear,
// and the usage errors. Golden transcripts for every output.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { makeLab, openssl, runWithHome, scrubVarying, thumbprintOf } from './ca-test-support.js';
import { runUccert } from './support/cli-run.js';
import { assertGolden } from './support/golden.js';

const topology = 'examples/contoso.yaml';

interface Planned {
  servers: string[];
  uses: string[];
  names: string[];
  subject: string;
}

async function planned(server: string, uses: string, extra: readonly string[] = []): Promise<Planned> {
  const plan = JSON.parse((await runUccert(['plan', topology, '--json', ...extra])).stdout) as {
    certificates: Planned[];
  };
  const found = plan.certificates.find((c) => c.servers.includes(server) && c.uses.join(',') === uses);
  assert.ok(found !== undefined, `${server} ${uses} is planned`);
  return found;
}

function sanOf(text: string): string[] {
  const line = /X509v3 Subject Alternative Name:\s*\n\s*(.+)/.exec(text)?.[1] ?? '';
  return line === '' ? [] : line.split(', ').map((entry) => entry.replace(/^DNS:/, ''));
}

function newRequest(server: string, uses: string, more: readonly string[]): string[] {
  return ['request', '--new', '--type', uses, '--server', server, '--topology', topology, ...more];
}

test('request --output: every planned certificate of Contoso gives a CSR openssl verifies, with the planned SAN set', async () => {
  const lab = makeLab('request-csr');
  const plan = JSON.parse((await runUccert(['plan', topology, '--json'])).stdout) as {
    certificates: Planned[];
  };
  for (const [i, c] of plan.certificates.entries()) {
    const server = c.uses.includes('OAuthTokenIssuer') ? 'global' : c.servers[0]!;
    const csr = join(lab.dir, `c${i}.csr`);
    const run = await runWithHome(lab.home, newRequest(server, c.uses.join(','), ['--output', csr]));
    assert.equal(run.exitCode, 0, run.stderr);
    const text = openssl(['req', '-in', csr, '-verify', '-noout', '-text']);
    assert.equal(text.status, 0, text.stderr);
    assert.deepEqual(sanOf(text.stdout), c.names, `${c.uses.join(',')} on ${server}`);
    assert.match(text.stdout, new RegExp(`Subject: CN = ${c.subject.replaceAll('.', '\\.')}\\n`));
  }
  const list = await runWithHome(lab.home, ['request', '--list', '--json']);
  assert.equal(
    (JSON.parse(list.stdout) as { requests: unknown[] }).requests.length,
    plan.certificates.length,
  );
});

test('request --output: text and JSON, the Edge key exportable though not asked, --list, --clear', async () => {
  const lab = makeLab('request-offline');
  const scrub = scrubVarying(lab.dir);
  const edgeUses = 'AccessEdgeExternal,DataEdgeExternal,AudioVideoAuthentication,XmppServer';
  const edge = await runWithHome(
    lab.home,
    newRequest('edge01.contoso.net', edgeUses, [
      '--output',
      join(lab.dir, 'edge.csr'),
      '--all-sip-domain',
      '--client-eku',
      '--friendly-name',
      'Edge external 2026',
      '--organization',
      'Contoso',
      '--ou',
      'IT',
      '--city',
      'Redmond',
      '--state',
      'WA',
      '--country',
      'US',
    ]),
  );
  assertGolden('request-output-edge', edge, scrub);
  assert.match(edge.stdout, /PrivateKeyExportable : True/);
  assert.match(edge.stdout, /^ClientEku {12}: True$/m);
  assert.match(edge.stdout, /^FriendlyName {9}: Edge external 2026$/m);
  assert.match(
    edge.stdout,
    /note: the private key is exportable although --private-key-exportable was not given/,
  );
  const text = openssl(['req', '-in', join(lab.dir, 'edge.csr'), '-verify', '-noout', '-text']).stdout;
  assert.match(text, /Subject: C = US, ST = WA, L = Redmond, O = Contoso, OU = IT, CN = sip\.contoso\.com/);
  assert.match(text, /TLS Web Server Authentication, TLS Web Client Authentication/);
  assert.deepEqual(sanOf(text), (await planned('edge01.contoso.net', edgeUses, ['--all-sip-domain'])).names);

  const ec = await runWithHome(
    lab.home,
    newRequest('med01.contoso.net', 'Default', [
      '--output',
      join(lab.dir, 'med01.csr'),
      '--key-alg',
      'ECDH_P384',
      '--domain-name',
      'mediation.contoso.net',
      '--friendly-name',
      'Mediation 2026',
      '--json',
    ]),
  );
  assertGolden('request-output-ec-json', ec, scrub);
  const ecText = openssl(['req', '-in', join(lab.dir, 'med01.csr'), '-verify', '-noout', '-text']);
  assert.match(ecText.stderr + ecText.stdout, /verify OK/);
  assert.match(ecText.stdout, /NIST CURVE: P-384/);
  assert.match(ecText.stdout, /ecdsa-with-SHA384/);
  assert.ok(sanOf(ecText.stdout).includes('mediation.contoso.net'));

  assertGolden('request-list', await runWithHome(lab.home, ['request', '--list']), scrub);
  assertGolden('request-list-json', await runWithHome(lab.home, ['request', '--list', '--json']), scrub);
  const cleared = await runWithHome(lab.home, ['request', '--clear', '--request-id', '1']);
  assertGolden('request-clear', cleared, scrub);
  assertGolden(
    'request-clear-again',
    await runWithHome(lab.home, ['request', '--clear', '--request-id', '1']),
    scrub,
  );
  assertGolden(
    'request-clear-unknown',
    await runWithHome(lab.home, ['request', '--clear', '--request-id', '9']),
    scrub,
  );
  const after = JSON.parse((await runWithHome(lab.home, ['request', '--list', '--json'])).stdout) as {
    requests: { requestId: number }[];
  };
  assert.deepEqual(
    after.requests.map((r) => r.requestId),
    [2],
  );
});

test('request --output: ECDH_P521 and RSA 4096 and 1024 keys, as openssl reads them', async () => {
  const lab = makeLab('request-keys');
  const cases: readonly [string[], RegExp, RegExp][] = [
    [['--key-alg', 'ECDH_P521'], /NIST CURVE: P-521/, /ecdsa-with-SHA512/],
    [['--key-alg', 'RSA', '--key-size', '4096'], /Public-Key: \(4096 bit\)/, /sha256WithRSAEncryption/],
    [['--key-size', '1024'], /Public-Key: \(1024 bit\)/, /sha256WithRSAEncryption/],
  ];
  for (const [i, [options, key, signature]] of cases.entries()) {
    const csr = join(lab.dir, `k${i}.csr`);
    const run = await runWithHome(
      lab.home,
      newRequest('fe01.contoso.net', 'Default,WebServicesInternal,WebServicesExternal', [
        '--output',
        csr,
        ...options,
      ]),
    );
    assert.equal(run.exitCode, 0, run.stderr);
    const text = openssl(['req', '-in', csr, '-verify', '-noout', '-text']);
    assert.match(text.stderr + text.stdout, /verify OK/);
    assert.match(text.stdout, key);
    assert.match(text.stdout, signature);
    assert.deepEqual(
      sanOf(text.stdout),
      (await planned('fe01.contoso.net', 'Default,WebServicesInternal,WebServicesExternal')).names,
    );
  }
});

test('issue 8.14: request --key-size 1024 for OAuthTokenIssuer refuses (at least 2048 bits), and writes nothing', async () => {
  const lab = makeLab('request-oauth-1024');
  const csr = join(lab.dir, 'oauth.csr');
  const run = await runWithHome(
    lab.home,
    newRequest('global', 'OAuthTokenIssuer', ['--output', csr, '--key-size', '1024']),
  );
  assertGolden('request-oauth-key-too-small', run, scrubVarying(lab.dir));
  assert.equal(run.exitCode, 2);
  assert.match(run.stderr, /--key-size 1024 is below the 2048-bit minimum of OAuthTokenIssuer/);
  assert.throws(() => readFileSync(csr));
  const ok = await runWithHome(lab.home, newRequest('global', 'OAuthTokenIssuer', ['--output', csr]));
  assert.equal(ok.exitCode, 0, ok.stderr);
});

test('request --ca local: issued now by the lab CA, text and JSON; --retrieve issues a pending request', async () => {
  const lab = makeLab('request-local');
  const scrub = scrubVarying(lab.dir);
  assert.equal((await runWithHome(lab.home, ['ca', 'init', '--out-dir', lab.dir])).exitCode, 0);
  const local = await runWithHome(
    lab.home,
    newRequest('fe01.contoso.net', 'Default,WebServicesInternal,WebServicesExternal', ['--ca', 'local']),
  );
  assertGolden('request-local', local, scrub);
  assert.equal(local.exitCode, 0);
  const json = await runWithHome(
    lab.home,
    newRequest('sba01.contoso.net', 'Default', ['--ca', 'local', '--json']),
  );
  assertGolden('request-local-json', json, scrub);
  const issued = JSON.parse(json.stdout) as {
    certificate: { alternativeNames: string[]; hasPrivateKey: boolean };
  };
  assert.deepEqual(
    issued.certificate.alternativeNames,
    (await planned('sba01.contoso.net', 'Default')).names,
  );
  assert.equal(issued.certificate.hasPrivateKey, true);

  const csr = join(lab.dir, 'dir01.csr');
  const pending = await runWithHome(
    lab.home,
    newRequest('dir01.contoso.net', 'Default,WebServicesInternal,WebServicesExternal', ['--output', csr]),
  );
  assert.equal(pending.exitCode, 0, pending.stderr);
  const retrieved = await runWithHome(lab.home, ['request', '--retrieve', '--request-id', '3', '--json']);
  assertGolden('request-retrieve-json', retrieved, scrub);
  assert.equal(retrieved.exitCode, 0, retrieved.stderr);
  // The lab CA signed the very key of the CSR, and the certificate carries the CSR's names.
  const exported = join(lab.dir, 'dir01.pem');
  const thumbprint = thumbprintOf(retrieved);
  assert.equal(
    (await runWithHome(lab.home, ['export', thumbprint, '--out', exported, '--format', 'pem'])).exitCode,
    0,
  );
  const csrKey = openssl(['req', '-in', csr, '-noout', '-pubkey']).stdout;
  const certKey = openssl(['x509', '-in', exported, '-noout', '-pubkey']).stdout;
  assert.equal(certKey, csrKey);
  const certText = openssl(['x509', '-in', exported, '-noout', '-text']).stdout;
  const csrText = openssl(['req', '-in', csr, '-noout', '-text']).stdout;
  assert.deepEqual(sanOf(certText), sanOf(csrText));
  const verify = openssl([
    'verify',
    '-CAfile',
    join(lab.dir, 'root.pem'),
    '-untrusted',
    join(lab.dir, 'issuing.pem'),
    exported,
  ]);
  assert.equal(verify.status, 0, verify.stderr);
  assertGolden(
    'request-retrieve-again',
    await runWithHome(lab.home, ['request', '--retrieve', '--request-id', '3']),
    scrub,
  );
  assert.ok(readFileSync(csr, 'utf8').startsWith('-----BEGIN CERTIFICATE REQUEST-----\n'));
});

test('request: usage errors name the flag and the fix', async () => {
  const lab = makeLab('request-errors');
  const scrub = scrubVarying(lab.dir);
  const cases: [string, string[]][] = [
    ['request-no-mode', ['request']],
    ['request-two-modes', ['request', '--new', '--list']],
    [
      'request-no-ca-or-output',
      newRequest('fe01.contoso.net', 'Default,WebServicesInternal,WebServicesExternal', []),
    ],
    ['request-unknown-server', newRequest('fe09.contoso.net', 'Default', ['--ca', 'local'])],
    [
      'request-unplanned-uses',
      newRequest('fe01.contoso.net', 'Default,WebServicesInternal', ['--ca', 'local']),
    ],
    ['request-bad-key-alg', newRequest('fe01.contoso.net', 'Default', ['--ca', 'local', '--key-alg', 'DSA'])],
    [
      'request-bad-key-size',
      newRequest('fe01.contoso.net', 'Default', ['--ca', 'local', '--key-size', '3072']),
    ],
    ['request-no-lab-ca', newRequest('med01.contoso.net', 'Default', ['--ca', 'local'])],
  ];
  for (const [name, args] of cases) {
    const run = await runWithHome(lab.home, args);
    assertGolden(name, run, scrub);
    assert.equal(run.exitCode, 2, `${name}: ${run.stderr}`);
  }
});
