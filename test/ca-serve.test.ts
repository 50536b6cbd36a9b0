// The lab CA's publication server: the CRLs and CA certificates at the CDP and AIA paths the
// certificates name. openssl downloads the CRLs itself (-crl_download), so the URLs in the
// certificates, the paths served and the CRL contents are checked together.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import { currentPublication, signCrls } from '../src/ca/ca-crl.js';
import { startPublicationServer } from '../src/ca/publication-server.js';
import { passphraseSource } from '../src/secrets/passphrase.js';
import { openStore } from '../src/store/store.js';
import {
  fixtureEpoch,
  makeCsr,
  makeLab,
  openssl,
  opensslAsync,
  runWithHome,
  testPassphrase,
  thumbprintOf,
} from './ca-test-support.js';
import { fixtureNow } from './support/cli-run.js';
import { repoPath } from './support/repo.js';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function signAndServe(home: string, port: number) {
  const store = openStore(home);
  try {
    const crls = await signCrls({
      store,
      now: fixtureNow,
      passphrase: passphraseSource({
        env: { UCCERT_PASSPHRASE: testPassphrase },
        prompt: null,
        keyringExists: () => true,
      }),
    });
    return { crls, server: await startPublicationServer(async () => crls.files, port) };
  } finally {
    store.close();
  }
}

test('the served CDP and AIA URLs answer, and openssl -crl_download finds a revocation through them', async () => {
  const port = await freePort();
  const lab = makeLab('ca-serve');
  const init = await runWithHome(lab.home, [
    'ca',
    'init',
    '--name',
    'Contoso Lab CA',
    '--base-url',
    `http://127.0.0.1:${port}`,
    '--out-dir',
    lab.dir,
  ]);
  assert.equal(init.exitCode, 0, init.stderr);
  const csr = makeCsr(lab.dir, 'pool', '/CN=pool01.contoso.net', 'DNS:pool01.contoso.net');
  const leaf = join(lab.dir, 'pool.pem');
  const issued = await runWithHome(lab.home, ['ca', 'issue', csr, '--out', leaf, '--json']);
  assert.equal(issued.exitCode, 0, issued.stderr);
  // -crl_check checks the leaf against the CRL at its CDP; the issuing CA is checked the same way
  // against the root's CRL (a root has no CDP, so -crl_check_all cannot be used).
  const root = join(lab.dir, 'root.pem');
  const issuing = join(lab.dir, 'issuing.pem');
  const verifyArgs = [
    'verify',
    '-attime',
    fixtureEpoch,
    '-crl_download',
    '-crl_check',
    '-CAfile',
    root,
    '-untrusted',
    issuing,
    leaf,
  ];
  const verifyIssuingArgs = [
    'verify',
    '-attime',
    fixtureEpoch,
    '-crl_download',
    '-crl_check',
    '-CAfile',
    root,
    issuing,
  ];

  let { server } = await signAndServe(lab.home, port);
  try {
    assert.equal(server.url, `http://127.0.0.1:${port}`);
    const crlResponse = await fetch(`${server.url}/CertEnroll/Contoso-Lab-CA.crl`, {
      signal: AbortSignal.timeout(5000),
    });
    assert.equal(crlResponse.status, 200);
    assert.equal(crlResponse.headers.get('content-type'), 'application/pkix-crl');
    const crlDer = new Uint8Array(await crlResponse.arrayBuffer());
    assert.match(
      openssl(['crl', '-inform', 'DER', '-noout', '-issuer'], crlDer).stdout,
      /CN ?= ?Contoso Lab CA\n/,
    );
    const aia = await fetch(`${server.url}/CertEnroll/Contoso-Lab-CA.crt`, {
      signal: AbortSignal.timeout(5000),
    });
    assert.equal(aia.headers.get('content-type'), 'application/pkix-cert');
    const aiaText = openssl(
      ['x509', '-inform', 'DER', '-noout', '-subject'],
      new Uint8Array(await aia.arrayBuffer()),
    ).stdout;
    assert.match(aiaText, /subject=CN ?= ?Contoso Lab CA\n/);
    const missing = await fetch(`${server.url}/CertEnroll/other.crl`, { signal: AbortSignal.timeout(5000) });
    assert.equal(missing.status, 404);
    await missing.text();

    const good = await opensslAsync(verifyArgs);
    assert.equal(good.status, 0, good.stdout + good.stderr);
    const issuingGood = await opensslAsync(verifyIssuingArgs);
    assert.equal(issuingGood.status, 0, issuingGood.stdout + issuingGood.stderr);
  } finally {
    await server.close();
  }

  const revoke = await runWithHome(lab.home, [
    'ca',
    'revoke',
    thumbprintOf(issued),
    '--reason',
    'superseded',
  ]);
  assert.equal(revoke.exitCode, 0, revoke.stderr);
  ({ server } = await signAndServe(lab.home, port));
  try {
    const revoked = await opensslAsync(verifyArgs);
    assert.notEqual(revoked.status, 0);
    assert.match(revoked.stdout + revoked.stderr, /certificate revoked/);
  } finally {
    await server.close();
  }
});

test('`uccert ca crl --serve 0` serves until SIGINT, then exits 0', async () => {
  const lab = makeLab('ca-serve-cli');
  const init = await runWithHome(lab.home, ['ca', 'init', '--name', 'Contoso Lab CA']);
  assert.equal(init.exitCode, 0, init.stderr);
  const child = spawn(
    process.execPath,
    [repoPath('bin/uccert.js'), 'ca', 'crl', '--serve', '0', '--home', lab.home],
    {
      env: { ...process.env, UCCERT_PASSPHRASE: testPassphrase, UCCERT_NOW: fixtureNow.toISOString() },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  try {
    let stderr = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const found = /(http:\/\/127\.0\.0\.1:\d+)\/CertEnroll\/Contoso-Lab-CA\.crl/.exec(stderr);
        if (found?.[1] !== undefined) resolve(found[1]);
      });
      void exited.then(() => reject(new Error(`exited before serving: ${stderr}`)));
    });
    const response = await fetch(`${url}/CertEnroll/Contoso-Lab-CA-Root.crl`, {
      signal: AbortSignal.timeout(5000),
    });
    assert.equal(response.status, 200);
    await response.arrayBuffer();
    assert.match(stderr, /note: issued certificates point at http:\/\/127\.0\.0\.1:8480/);
    child.kill('SIGINT');
    assert.equal(await exited, 0);
  } finally {
    clearTimeout(killer);
    child.kill('SIGKILL');
  }
});

/** The CRL number and revoked serials openssl reads from a CRL fetched over HTTP. */
async function fetchCrl(url: string): Promise<{ number: number; text: string }> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
  assert.equal(response.status, 200);
  const text = openssl(
    ['crl', '-inform', 'DER', '-noout', '-text'],
    new Uint8Array(await response.arrayBuffer()),
  ).stdout;
  const number = /X509v3 CRL Number: \n\s+(\d+)\n/.exec(text)?.[1];
  assert.ok(number !== undefined, text);
  return { number: Number(number), text };
}

test('issue 8.3: a running `ca crl --serve` serves the CRL a later revocation and `uccert ca crl` signed', async () => {
  const port = await freePort();
  const lab = makeLab('ca-serve-latest');
  const base = `http://127.0.0.1:${port}`;
  const init = await runWithHome(lab.home, [
    'ca',
    'init',
    '--name',
    'Contoso Lab CA',
    '--base-url',
    base,
    '--out-dir',
    lab.dir,
  ]);
  assert.equal(init.exitCode, 0, init.stderr);
  const csr = makeCsr(lab.dir, 'alice', '/CN=pool01.contoso.net', 'DNS:pool01.contoso.net');
  const leaf = join(lab.dir, 'leaf.pem');
  const issued = await runWithHome(lab.home, ['ca', 'issue', csr, '--out', leaf, '--json']);
  assert.equal(issued.exitCode, 0, issued.stderr);
  const child = spawn(
    process.execPath,
    [repoPath('bin/uccert.js'), 'ca', 'crl', '--serve', String(port), '--home', lab.home],
    {
      env: { ...process.env, UCCERT_PASSPHRASE: testPassphrase, UCCERT_NOW: fixtureNow.toISOString() },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const verifyArgs = [
    'verify',
    '-attime',
    fixtureEpoch,
    '-crl_download',
    '-crl_check',
    '-CAfile',
    join(lab.dir, 'root.pem'),
    '-untrusted',
    join(lab.dir, 'issuing.pem'),
    leaf,
  ];
  try {
    let stderr = '';
    await new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes('/CertEnroll/Contoso-Lab-CA.crl')) resolve();
      });
      void exited.then(() => reject(new Error(`exited before serving: ${stderr}`)));
    });
    const crlUrl = `${base}/CertEnroll/Contoso-Lab-CA.crl`;
    const first = await fetchCrl(crlUrl);
    assert.equal((await opensslAsync(verifyArgs)).status, 0);

    // Revoke while it runs: the revocation is in the next CRL, which `uccert ca crl` signs and publishes.
    const revoke = await runWithHome(lab.home, [
      'ca',
      'revoke',
      thumbprintOf(issued),
      '--reason',
      'keyCompromise',
    ]);
    assert.equal(revoke.exitCode, 0, revoke.stderr);
    assert.match(revoke.stdout, /run `uccert ca crl` to sign and publish it/);
    assert.equal((await runWithHome(lab.home, ['ca', 'crl'])).exitCode, 0);
    const latest = await fetchCrl(crlUrl);
    assert.equal(latest.number, first.number + 1);
    const serial = (JSON.parse(issued.stdout) as { certificate: { serialNumber: string } }).certificate
      .serialNumber;
    assert.match(latest.text, new RegExp(`Serial Number: ${serial}\\n`));
    const revoked = await opensslAsync(verifyArgs);
    assert.notEqual(revoked.status, 0);
    assert.match(revoked.stdout + revoked.stderr, /certificate revoked/);
    child.kill('SIGINT');
    assert.equal(await exited, 0);
  } finally {
    clearTimeout(killer);
    child.kill('SIGKILL');
  }
});

test('issue 8.3: the CDP re-signs the CRL before its nextUpdate, so what it serves never expires', async () => {
  const lab = makeLab('ca-serve-resign');
  assert.equal((await runWithHome(lab.home, ['ca', 'init', '--name', 'Contoso Lab CA'])).exitCode, 0);
  const store = openStore(lab.home);
  let now = fixtureNow;
  const day = 24 * 60 * 60 * 1000;
  const passphrase = passphraseSource({
    env: { UCCERT_PASSPHRASE: testPassphrase },
    prompt: null,
    keyringExists: () => true,
  });
  const server = await startPublicationServer(() => currentPublication({ store, now, passphrase }), 0);
  try {
    const url = `${server.url}/CertEnroll/Contoso-Lab-CA.crl`;
    const first = await fetchCrl(url);
    assert.match(first.text, /Next Update: Jun {2}8 12:00:00 2026 GMT/);
    now = new Date(fixtureNow.getTime() + 3 * day);
    assert.equal((await fetchCrl(url)).number, first.number, 'still fresh: served as signed');
    now = new Date(fixtureNow.getTime() + 4 * day);
    const resigned = await fetchCrl(url);
    assert.equal(resigned.number, first.number + 1);
    assert.match(resigned.text, /Next Update: Jun 12 12:00:00 2026 GMT/);
    const root = await fetchCrl(`${server.url}/CertEnroll/Contoso-Lab-CA-Root.crl`);
    assert.match(root.text, /Next Update: Jun 12 12:00:00 2026 GMT/);
  } finally {
    await server.close();
    store.close();
  }
});
