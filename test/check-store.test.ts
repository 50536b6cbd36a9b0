// `uccert check TOPOLOGY` without --cert or --live: every assignment in the store (a real SQLite
// file in a temporary home), grouped per server and certificate. The Edge key is stored as not
// exportable, the one case where KEY_NOT_EXPORTABLE can be known.

import assert from 'node:assert/strict';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { setAssignment } from '../src/store/assignment-records.js';
import { insertCertificate } from '../src/store/certificate-records.js';
import { openKeyring } from '../src/store/keyring-records.js';
import { insertPrivateKey } from '../src/store/private-key-records.js';
import { openStore } from '../src/store/store.js';
import { parseCertificate } from '../src/x509/certificate.js';
import { parsePem } from '../src/x509/pem.js';
import { fixtureNow, runUccert } from './support/cli-run.js';
import { assertGolden } from './support/golden.js';
import { repoPath } from './support/repo.js';

const home = mkdtempSync(join(tmpdir(), 'uccert-check-store-'));
after(() => rmSync(home, { recursive: true, force: true }));

function leafDer(name: string): Uint8Array {
  const blocks = parsePem(readFileSync(repoPath(`test/fixtures/check/${name}.pem`), 'latin1'));
  return blocks[0]!.der;
}

test('check: the store assignments, with a non-exportable Edge key and an assignment the topology lacks', async () => {
  const store = openStore(home);
  try {
    const keyring = openKeyring(store.db, 'test passphrase', fixtureNow);
    const keyPem = readFileSync(repoPath('test/fixtures/check/edge01-external.key'), 'utf8');
    const keyId = insertPrivateKey(
      store.db,
      keyring,
      {
        pkcs8: new Uint8Array(createPrivateKey(keyPem).export({ type: 'pkcs8', format: 'der' })),
        spki: new Uint8Array(createPublicKey(keyPem).export({ type: 'spki', format: 'der' })),
        algorithm: 'RSA',
        keySize: 2048,
        exportable: false,
      },
      fixtureNow,
    );
    const add = (name: string, privateKeyId: number | null) => {
      const der = leafDer(name);
      return insertCertificate(
        store.db,
        { der, facts: parseCertificate(der), privateKeyId, source: 'import' },
        fixtureNow,
      ).id;
    };
    const edge = add('edge01-external', keyId);
    const fe = add('fe01-combined', null);
    const at = fixtureNow.toISOString();
    for (const use of ['AccessEdgeExternal', 'DataEdgeExternal', 'AudioVideoAuthentication', 'XmppServer']) {
      setAssignment(
        store.db,
        { server: 'edge01.contoso.net', use, certificateId: edge, effectiveAt: at, roll: false },
        fixtureNow,
      );
    }
    for (const use of ['Default', 'WebServicesInternal', 'WebServicesExternal']) {
      setAssignment(
        store.db,
        { server: 'fe01.contoso.net', use, certificateId: fe, effectiveAt: at, roll: false },
        fixtureNow,
      );
    }
    setAssignment(
      store.db,
      { server: 'fe09.contoso.net', use: 'Default', certificateId: fe, effectiveAt: at, roll: false },
      fixtureNow,
    );
  } finally {
    store.close();
  }

  // The store holds leaves only here: the issuing CA comes with --ca, as from the CA's own files.
  const t = await runUccert(
    [
      'check',
      'examples/contoso.yaml',
      '--home',
      home,
      '--ca',
      'test/fixtures/root-ca.pem',
      '--ca',
      'test/fixtures/issuing-ca.pem',
      '--json',
    ],
    { now: fixtureNow },
  );
  assert.equal(t.exitCode, 1, t.stderr);
  const document = JSON.parse(t.stdout) as {
    checks: { server: string; uses: string[]; findings: { code: string }[] }[];
    unreachable: { server: string; use: string }[];
  };
  assert.deepEqual(
    document.checks.map((c) => [
      c.server,
      c.uses.join(','),
      [...new Set(c.findings.map((f) => f.code))].join(','),
    ]),
    [
      [
        'edge01.contoso.net',
        'AccessEdgeExternal,AudioVideoAuthentication,DataEdgeExternal,XmppServer',
        'NAME_NOT_COVERED,WILDCARD_NOT_ALLOWED,KEY_NOT_EXPORTABLE',
      ],
      ['fe01.contoso.net', 'Default,WebServicesExternal,WebServicesInternal', ''],
    ],
  );
  assert.deepEqual(
    document.unreachable.map((u) => `${u.server} ${u.use}`),
    ['fe09.contoso.net Default'],
  );
  // Planned uses with nothing assigned (issue 11): fe02, the Directors, the Edge's internal side,
  // edge02, the reverse proxy and the global OAuthTokenIssuer among them; fe01 and edge01's
  // assigned uses are not.
  const unassigned = (document as unknown as { findings: { code: string; target: string }[] }).findings
    .filter((f) => f.code === 'USE_NOT_ASSIGNED')
    .map((f) => f.target);
  for (const target of [
    'fe02.contoso.net/Default',
    'edge01.contoso.net/Internal',
    'global/OAuthTokenIssuer',
    'reverse-proxy/ReverseProxy',
  ]) {
    assert.ok(unassigned.includes(target), `${target} in ${unassigned.join(', ')}`);
  }
  for (const target of ['fe01.contoso.net/Default', 'edge01.contoso.net/AccessEdgeExternal']) {
    assert.ok(!unassigned.includes(target), target);
  }
});

test('check (store): a Standard Edition server with only Default assigned reports every other planned use (USE_NOT_ASSIGNED)', async () => {
  const seHome = mkdtempSync(join(tmpdir(), 'uccert-check-se-'));
  try {
    const store = openStore(seHome);
    try {
      const der = leafDer('fe01-standard');
      const id = insertCertificate(
        store.db,
        { der, facts: parseCertificate(der), privateKeyId: null, source: 'import' },
        fixtureNow,
      ).id;
      setAssignment(
        store.db,
        {
          server: 'fe01.contoso.com',
          use: 'Default',
          certificateId: id,
          effectiveAt: fixtureNow.toISOString(),
          roll: false,
        },
        fixtureNow,
      );
    } finally {
      store.close();
    }
    const t = await runUccert(
      ['check', 'test/fixtures/check/live.yaml', '--home', seHome, '--ca', 'test/fixtures/root-ca.pem'],
      { now: fixtureNow },
    );
    assert.equal(t.exitCode, 1, t.stderr);
    assertGolden('check-store-use-not-assigned', t, (text) => text.replaceAll(seHome, 'HOME'));
  } finally {
    rmSync(seHome, { recursive: true, force: true });
  }
});

test('check without --cert or --live and without a store says what to do', async () => {
  const empty = mkdtempSync(join(tmpdir(), 'uccert-check-nostore-'));
  try {
    const t = await runUccert(['check', 'examples/contoso.yaml', '--home', empty]);
    assert.equal(t.exitCode, 2);
    assert.match(t.stderr, /there is no uccert store in ".*" to check assignments from/);
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
});
