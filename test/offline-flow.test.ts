// The offline flow, with openssl as somebody else's CA: `request --output` writes a CSR whose SAN is
// every planned name (openssl req -verify -text agrees), `openssl ca` signs it, `import` finds the
// key of the pending request and installs the chain, `set` assigns it. The variant where the CA
// drops a SAN: import names the lost name, and set refuses the certificate.

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { makeLab, openssl, runWithHome, scrubVarying } from './ca-test-support.js';
import { runUccert } from './support/cli-run.js';
import { assertGolden } from './support/golden.js';
import { signWithOpensslCa } from './support/openssl-ca.js';
import { repoPath } from './support/repo.js';

const topology = 'examples/contoso.yaml';
const uses = 'Default,WebServicesInternal,WebServicesExternal';

async function plannedNames(server: string): Promise<string[]> {
  const plan = JSON.parse((await runUccert(['plan', topology, '--json'])).stdout) as {
    certificates: { servers: string[]; uses: string[]; names: string[] }[];
  };
  const planned = plan.certificates.find((c) => c.servers.includes(server) && c.uses.join(',') === uses);
  assert.ok(planned !== undefined);
  return planned.names;
}

/** The DNS names of the SAN as `openssl req|x509 -text` prints them. */
function sanOf(text: string): string[] {
  const line = /X509v3 Subject Alternative Name:\s*\n\s*(.+)/.exec(text)?.[1] ?? '';
  return line.split(', ').map((entry) => entry.replace(/^DNS:/, ''));
}

async function requestOffline(lab: { dir: string; home: string }): Promise<string> {
  const csr = join(lab.dir, 'fe01.csr');
  const request = await runWithHome(lab.home, [
    'request',
    '--new',
    '--type',
    uses,
    '--server',
    'fe01.contoso.net',
    '--topology',
    topology,
    '--output',
    csr,
    '--organization',
    'Contoso',
    '--country',
    'US',
  ]);
  assert.equal(request.exitCode, 0, request.stderr);
  return csr;
}

test('offline flow: request --output → openssl ca signs → import (with chain) → set', async () => {
  const lab = makeLab('offline-flow');
  const scrub = scrubVarying(lab.dir);
  const csr = await requestOffline(lab);
  const verified = openssl(['req', '-in', csr, '-verify', '-noout', '-text']);
  assert.equal(verified.status, 0, verified.stderr);
  assert.match(verified.stderr + verified.stdout, /verify OK/);
  assert.match(verified.stdout, /Subject: C = US, O = Contoso, CN = pool01\.contoso\.net/);
  // The CSR carries every planned name, no more and no less.
  assert.deepEqual(sanOf(verified.stdout), await plannedNames('fe01.contoso.net'));

  const issued = join(lab.dir, 'fe01.pem');
  signWithOpensslCa(lab.dir, csr, issued, { subjectAltName: null });
  // What the CA sends back: the certificate with its chain, in one PEM file.
  const bundle = join(lab.dir, 'fe01-bundle.pem');
  writeFileSync(
    bundle,
    [issued, repoPath('test/fixtures/issuing-ca.pem'), repoPath('test/fixtures/root-ca.pem')]
      .map((p) => readFileSync(p, 'utf8'))
      .join(''),
  );
  const imported = await runWithHome(lab.home, ['import', bundle]);
  assertGolden('import-offline-bundle', imported, scrub);
  assert.equal(imported.exitCode, 0);
  assert.equal(imported.stderr, '', 'no warning: every name issued, key found');
  assert.match(imported.stdout, /PrivateKey\s+: in the store, made by request 1/);
  assert.match(imported.stdout, /14 of 14 requested names issued/);
  assert.match(imported.stdout, /\(complete up to a self-signed root\)/);

  const json = await runWithHome(lab.home, ['import', issued, '--json']);
  assertGolden('import-offline-again-json', json, scrub);
  const thumbprint = (JSON.parse(json.stdout) as { certificates: { certificate: { thumbprint: string } }[] })
    .certificates[0]!.certificate.thumbprint;
  // The same certificate bytes: openssl's fingerprint is the thumbprint.
  const fingerprint = openssl(['x509', '-in', issued, '-noout', '-fingerprint', '-sha1']).stdout;
  assert.equal(fingerprint.trim().split('=')[1]!.replaceAll(':', ''), thumbprint);

  const set = await runWithHome(lab.home, [
    'set',
    '--server',
    'fe01.contoso.net',
    '--type',
    uses,
    '--thumbprint',
    thumbprint,
    '--topology',
    topology,
  ]);
  assertGolden('set-offline', set, scrub);
  assert.equal(set.exitCode, 0, set.stdout);
  const list = await runWithHome(lab.home, ['request', '--list', '--all', '--json']);
  assert.match(list.stdout, /"state": "issued"/);
});

test('offline flow: the CA drops a SAN → import names the lost name, set refuses the certificate', async () => {
  const lab = makeLab('offline-drop');
  const scrub = scrubVarying(lab.dir);
  const csr = await requestOffline(lab);
  const names = await plannedNames('fe01.contoso.net');
  const dropped = 'lyncdiscover.fabrikam.com';
  assert.ok(names.includes(dropped));
  const issued = join(lab.dir, 'fe01-dropped.pem');
  signWithOpensslCa(lab.dir, csr, issued, { subjectAltName: names.filter((n) => n !== dropped) });
  assert.ok(!sanOf(openssl(['x509', '-in', issued, '-noout', '-text']).stdout).includes(dropped));

  const imported = await runWithHome(lab.home, ['import', issued]);
  assertGolden('import-lost-name', imported, scrub);
  // Issue 8.6: stored, but exit 1 with the error, so that scripts notice.
  assert.equal(imported.exitCode, 1);
  assert.match(
    imported.stderr,
    /error: the CA dropped 1 of the 14 names request 1 asked for: lyncdiscover\.fabrikam\.com\./,
  );
  assert.match(imported.stdout, /LostNames\s+: lyncdiscover\.fabrikam\.com\n/);

  const json = await runWithHome(lab.home, ['import', issued, '--json']);
  assert.equal(json.exitCode, 1);
  const parsed = JSON.parse(json.stdout) as {
    certificates: { certificate: { thumbprint: string }; request: { lostNames: string[] } | null }[];
  };
  // Imported again, it still answers request 1 and still lacks the name.
  assert.deepEqual(parsed.certificates[0]!.request?.lostNames, [dropped]);
  const thumbprint = parsed.certificates[0]!.certificate.thumbprint;

  const set = await runWithHome(lab.home, [
    'set',
    '--server',
    'fe01.contoso.net',
    '--type',
    uses,
    '--thumbprint',
    thumbprint,
    '--topology',
    topology,
  ]);
  assertGolden('set-refused-lost-name', set, scrub);
  assert.equal(set.exitCode, 1);
  assert.match(set.stdout, /ERROR NAME_NOT_COVERED \(fe01\.contoso\.net\/WebServicesExternal\)/);
  assert.match(set.stdout, /lyncdiscover\.fabrikam\.com/);
  const get = await runWithHome(lab.home, ['get', '--json']);
  assert.deepEqual(
    (JSON.parse(get.stdout) as { assignments: unknown[] }).assignments,
    [],
    'nothing assigned',
  );
});

test('issue 8.4: a second issuance of the same request (every name, this time) is linked to the request and says its server and uses', async () => {
  const lab = makeLab('offline-reissue');
  const scrub = scrubVarying(lab.dir);
  const csr = await requestOffline(lab);
  const names = await plannedNames('fe01.contoso.net');
  const first = join(lab.dir, 'fe01-first.pem');
  signWithOpensslCa(lab.dir, csr, first, { subjectAltName: names.slice(1) });
  assert.equal((await runWithHome(lab.home, ['import', first])).exitCode, 1);
  const second = join(lab.dir, 'fe01-second.pem');
  signWithOpensslCa(lab.dir, csr, second, { subjectAltName: null });
  const reissued = await runWithHome(lab.home, ['import', second]);
  assertGolden('import-reissued', reissued, scrub);
  assert.equal(reissued.exitCode, 0, reissued.stderr);
  assert.match(reissued.stdout, /PrivateKey\s+: in the store, made by request 1\n/);
  assert.match(reissued.stdout, /14 of 14 requested names issued/);
  assert.match(
    reissued.stdout,
    new RegExp(
      `Assign it: uccert set --server fe01\\.contoso\\.net --type ${uses} --thumbprint [0-9A-F]{40}\n`,
    ),
  );
});

test('issue 8.5 and 8.12: request prints the subject its CSR carries, and the --friendly-name of an offline request survives import', async () => {
  const lab = makeLab('offline-subject');
  const csr = join(lab.dir, 'fe01.csr');
  const request = await runWithHome(lab.home, [
    'request',
    '--new',
    '--type',
    uses,
    '--server',
    'fe01.contoso.net',
    '--topology',
    topology,
    '--output',
    csr,
    '--organization',
    'Litware Inc',
    '--city',
    'Seattle',
    '--state',
    'WA',
    '--country',
    'US',
    '--friendly-name',
    'Litware FE 2026',
  ]);
  assert.equal(request.exitCode, 0, request.stderr);
  const printed = /^Subject\s+: (.+)$/m.exec(request.stdout)?.[1];
  const inCsr = openssl(['req', '-in', csr, '-noout', '-subject', '-nameopt', 'RFC2253']).stdout.trim();
  // As Windows shows a subject (CN first, S for the state); openssl's RFC 2253 form is the same.
  assert.equal(printed, 'CN=pool01.contoso.net, O=Litware Inc, L=Seattle, S=WA, C=US');
  assert.equal(inCsr, `subject=${printed?.replaceAll(', ', ',').replace('S=WA', 'ST=WA')}`);

  const issued = join(lab.dir, 'fe01.pem');
  signWithOpensslCa(lab.dir, csr, issued, { subjectAltName: null });
  const text = await runWithHome(lab.home, ['import', issued]);
  assert.match(text.stdout, /FriendlyName\s+: Litware FE 2026\n/);
  const imported = await runWithHome(lab.home, ['import', issued, '--json']);
  assert.equal(imported.exitCode, 0, imported.stderr);
  assert.match(imported.stdout, /"friendlyName": "Litware FE 2026"/);
  const thumbprint = (
    JSON.parse(imported.stdout) as { certificates: { certificate: { thumbprint: string } }[] }
  ).certificates[0]!.certificate.thumbprint;
  const set = await runWithHome(lab.home, [
    'set',
    '--server',
    'fe01.contoso.net',
    '--type',
    uses,
    '--thumbprint',
    thumbprint,
    '--json',
  ]);
  assert.equal(set.exitCode, 0, set.stderr);
  const shown = await runWithHome(lab.home, ['get', '--server', 'fe01.contoso.net', '--type', 'Default']);
  assert.match(shown.stdout, /FriendlyName\s+: Litware FE 2026\n/);
});

/** The codes of the error findings a `check` or `set` JSON document lists for fe01.contoso.net. */
function errorCodesOf(json: string): string[] {
  const parsed = JSON.parse(json) as { findings?: { code: string; severity: string; target: string }[] };
  return [
    ...new Set(
      (parsed.findings ?? [])
        .filter((f) => f.severity === 'error' && f.target.startsWith('fe01.contoso.net'))
        .map((f) => f.code),
    ),
  ].sort();
}

test('issue 8.7: set and check apply the same rules and the same trust: a root imported into the store is trusted by both', async () => {
  const lab = makeLab('offline-trust');
  const csr = await requestOffline(lab);
  const issued = join(lab.dir, 'fe01.pem');
  signWithOpensslCa(lab.dir, csr, issued, { subjectAltName: null });
  const imported = await runWithHome(lab.home, ['import', issued, '--json']);
  assert.equal(imported.exitCode, 0, imported.stderr);
  const thumbprint = (
    JSON.parse(imported.stdout) as { certificates: { certificate: { thumbprint: string } }[] }
  ).certificates[0]!.certificate.thumbprint;
  const setArgs = ['set', '--server', 'fe01.contoso.net', '--type', uses, '--thumbprint', thumbprint];
  const check = () => runWithHome(lab.home, ['check', topology, '--json']);

  // Without its CA certificates the chain cannot be built: set refuses for the reason check gives.
  const refused = await runWithHome(lab.home, [...setArgs, '--topology', topology, '--json']);
  assert.equal(refused.exitCode, 1, refused.stdout);
  const refusedCodes = errorCodesOf(refused.stdout);
  assert.ok(refusedCodes.length > 0);
  // --force assigns it anyway (the remembered topology would otherwise refuse it again).
  assert.equal(
    (await runWithHome(lab.home, [...setArgs, '--force', '--json'])).exitCode,
    0,
    'assigned with --force',
  );
  assert.deepEqual(errorCodesOf((await check()).stdout), refusedCodes);

  // The CA's certificates imported (the root among them): both accept it, with no UNTRUSTED_ROOT.
  for (const ca of ['test/fixtures/issuing-ca.pem', 'test/fixtures/root-ca.pem']) {
    assert.equal((await runWithHome(lab.home, ['import', repoPath(ca)])).exitCode, 0);
  }
  const accepted = await runWithHome(lab.home, [...setArgs, '--topology', topology, '--json']);
  assert.equal(accepted.exitCode, 0, accepted.stdout);
  assert.deepEqual(errorCodesOf(accepted.stdout), []);
  const checked = await check();
  assert.deepEqual(errorCodesOf(checked.stdout), []);
  assert.doesNotMatch(checked.stdout, /UNTRUSTED_ROOT/);
});
