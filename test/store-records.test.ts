// The store's records on a real SQLite file: certificates with their facts and name index
// (exact and suffix lookups), sealed private keys, the keyring, pending requests, assignments
// with roll-over and history, and the integrity checks the crash test relies on.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { generateKeyPair } from '../src/ca/key-pair.js';
import { UccertError } from '../src/errors.js';
import {
  listAssignmentHistory,
  listAssignments,
  readAssignment,
  removeAssignment,
  setAssignment,
} from '../src/store/assignment-records.js';
import {
  findCertificateByThumbprint,
  findCertificatesByName,
  insertCertificate,
  reverseDnsName,
} from '../src/store/certificate-records.js';
import { checkStoreIntegrity } from '../src/store/integrity.js';
import { openKeyring } from '../src/store/keyring-records.js';
import { insertPrivateKey, readPrivateKeyPkcs8 } from '../src/store/private-key-records.js';
import {
  clearRequest,
  findRequestByKey,
  insertPendingRequest,
  listPendingRequests,
  markRequestIssued,
} from '../src/store/request-records.js';
import { openStore, type Store } from '../src/store/store.js';
import { parseCertificate } from '../src/x509/certificate.js';
import { parsePem } from '../src/x509/pem.js';
import { makeTempDir, testPassphrase } from './ca-test-support.js';
import { fixtureNow } from './support/cli-run.js';
import { repoPath } from './support/repo.js';

function fixtureDer(name: string): Uint8Array {
  const block = parsePem(readFileSync(repoPath(`test/fixtures/${name}.pem`), 'utf8'))[0];
  assert.ok(block !== undefined);
  return block.der;
}

function storeCertificate(store: Store, name: string, privateKeyId: number | null = null) {
  const der = fixtureDer(name);
  return insertCertificate(
    store.db,
    { der, facts: parseCertificate(der), privateKeyId, source: 'import' },
    fixtureNow,
  );
}

function freshStore(prefix: string): Store {
  return openStore(join(makeTempDir(prefix), 'home'));
}

const later = (hours: number) => new Date(fixtureNow.getTime() + hours * 3_600_000);

test('reverseDnsName puts the most general label first', () => {
  assert.equal(reverseDnsName('Pool01.Contoso.NET'), 'net.contoso.pool01');
  assert.equal(reverseDnsName('*.contoso.com'), 'com.contoso.*');
});

test('certificates are stored once, found by thumbprint and by exact or suffix name', () => {
  const store = freshStore('store-certs');
  const rsa = storeCertificate(store, 'rsa-leaf');
  storeCertificate(store, 'ecdsa-leaf');
  storeCertificate(store, 'many-sans');
  assert.equal(storeCertificate(store, 'rsa-leaf').id, rsa.id);
  assert.equal(store.db.prepare('SELECT count(*) FROM certificates').pluck().get(), 3);

  const spaced = rsa.facts.thumbprint.toLowerCase().replace(/(..)(?!$)/g, '$1:');
  assert.equal(findCertificateByThumbprint(store.db, spaced)?.id, rsa.id);
  assert.equal(findCertificateByThumbprint(store.db, '00'.repeat(20)), null);

  const exact = findCertificatesByName(store.db, 'LyncDiscoverInternal.contoso.com');
  assert.deepEqual(
    exact.map((c) => c.facts.subjectCommonName),
    ['pool01.contoso.net'],
  );
  const underContosoCom = findCertificatesByName(store.db, '.contoso.com').map((c) => c.facts.thumbprint);
  assert.equal(underContosoCom.length, 3);
  const underNet = findCertificatesByName(store.db, '.contoso.net')
    .map((c) => c.facts.thumbprint)
    .sort();
  assert.deepEqual(underNet, [rsa.facts.thumbprint, fixtureFacts('many-sans').thumbprint].sort());
  // A suffix is a whole label: "ntoso.com" is not under "contoso.com".
  assert.deepEqual(findCertificatesByName(store.db, '.ntoso.com'), []);
  const plan = store.db
    .prepare(
      "EXPLAIN QUERY PLAN SELECT certificate_id FROM certificate_names WHERE reversed_name >= 'com.' AND reversed_name < 'com/'",
    )
    .all();
  assert.match(JSON.stringify(plan), /certificate_names_reversed/);
  assert.deepEqual(checkStoreIntegrity(store.db), []);
  store.close();
});

function fixtureFacts(name: string) {
  return parseCertificate(fixtureDer(name));
}

test('private keys are sealed: the file never holds the PKCS#8 bytes, and they come back whole', async () => {
  const home = join(makeTempDir('store-keys'), 'home');
  const store = openStore(home);
  const key = await generateKeyPair({ algorithm: 'ECDH_P256', rsaBits: 0, exportable: true });
  const keyId = await store.write(() => {
    const keyring = openKeyring(store.db, testPassphrase, fixtureNow);
    return insertPrivateKey(store.db, keyring, key, fixtureNow);
  });
  store.db.pragma('wal_checkpoint(TRUNCATE)');
  const fileBytes = readFileSync(join(home, 'uccert.db'));
  // The private scalar sits in the last 32+ bytes of a P-256 PKCS#8; any 16-byte run would do.
  const secret = Buffer.from(key.pkcs8.subarray(key.pkcs8.length - 48, key.pkcs8.length - 32));
  assert.equal(fileBytes.indexOf(secret), -1);
  assert.equal(fileBytes.indexOf(Buffer.from(key.pkcs8)), -1);

  const keyring = openKeyring(store.db, testPassphrase, fixtureNow);
  assert.deepEqual(readPrivateKeyPkcs8(store.db, keyring, keyId), key.pkcs8);
  assert.throws(
    () => openKeyring(store.db, 'not the passphrase', fixtureNow),
    (error: unknown) =>
      error instanceof UccertError && error.code === 'WRONG_PASSPHRASE' && error.exitCode === 2,
  );
  // Swapping sealed keys between rows fails authentication (the public key hash is bound in).
  const other = await generateKeyPair({ algorithm: 'ECDH_P256', rsaBits: 0, exportable: true });
  const otherId = insertPrivateKey(store.db, keyring, other, fixtureNow);
  store.db
    .prepare('UPDATE private_keys SET sealed = (SELECT sealed FROM private_keys WHERE id = ?) WHERE id = ?')
    .run(keyId, otherId);
  assert.throws(() => readPrivateKeyPkcs8(store.db, keyring, otherId));
  store.close();
});

test('a pending request keeps its key until the certificate comes back, then is marked issued', async () => {
  const store = freshStore('store-requests');
  const key = await generateKeyPair({ algorithm: 'ECDH_P256', rsaBits: 0, exportable: false });
  const keyring = openKeyring(store.db, testPassphrase, fixtureNow);
  const keyId = insertPrivateKey(store.db, keyring, key, fixtureNow);
  const id = insertPendingRequest(
    store.db,
    {
      privateKeyId: keyId,
      csrDer: Uint8Array.of(0x30, 0x00),
      server: 'FE01.contoso.net',
      uses: ['Default', 'WebServicesInternal'],
      subject: 'CN=pool01.contoso.net',
      requestedNames: ['pool01.contoso.net', 'meet.contoso.com'],
    },
    fixtureNow,
  );
  assert.deepEqual(
    listPendingRequests(store.db).map((r) => [r.id, r.server, r.state]),
    [[id, 'fe01.contoso.net', 'pending']],
  );
  assert.equal(findRequestByKey(store.db, keyId)?.id, id);
  const cert = storeCertificate(store, 'rsa-leaf', keyId);
  markRequestIssued(store.db, id, cert.id, later(1));
  assert.deepEqual(listPendingRequests(store.db), []);
  assert.equal(listPendingRequests(store.db, 'all')[0]?.certificateId, cert.id);
  // Issue 8.4: a second certificate for the same key still answers the request it was made for.
  assert.equal(findRequestByKey(store.db, keyId)?.id, id);
  assert.equal(findCertificateByThumbprint(store.db, cert.facts.thumbprint)?.facts.hasPrivateKey, true);
  assert.equal(clearRequest(store.db, id, later(2)), true);
  assert.equal(clearRequest(store.db, 999, later(2)), false);
  assert.deepEqual(checkStoreIntegrity(store.db), []);
  store.close();
});

test('assignments: set, roll keeps the previous one, remove -Previous, and every change in the history', () => {
  const store = freshStore('store-assign');
  const first = storeCertificate(store, 'rsa-leaf');
  const second = storeCertificate(store, 'many-sans');
  setAssignment(
    store.db,
    {
      server: 'FE01.contoso.net',
      use: 'Default',
      certificateId: first.id,
      effectiveAt: '2026-06-01T12:00:00Z',
      roll: false,
    },
    fixtureNow,
  );
  setAssignment(
    store.db,
    {
      server: 'fe01.contoso.net',
      use: 'WebServicesInternal',
      certificateId: first.id,
      effectiveAt: '2026-06-01T12:00:00Z',
      roll: false,
    },
    fixtureNow,
  );
  const rolled = setAssignment(
    store.db,
    {
      server: 'fe01.contoso.net',
      use: 'Default',
      certificateId: second.id,
      effectiveAt: '2026-06-02T12:00:00Z',
      roll: true,
    },
    later(1),
  );
  assert.equal(rolled.thumbprint, second.facts.thumbprint);
  assert.equal(rolled.previousThumbprint, first.facts.thumbprint);
  assert.equal(rolled.effectiveAt, '2026-06-02T12:00:00Z');
  assert.deepEqual(
    listAssignments(store.db, { server: 'fe01.contoso.net' }).map((a) => [
      a.use,
      a.thumbprint === first.facts.thumbprint,
    ]),
    [
      ['Default', false],
      ['WebServicesInternal', true],
    ],
  );
  assert.equal(removeAssignment(store.db, 'fe01.contoso.net', 'Default', true, later(2)), true);
  assert.equal(readAssignment(store.db, 'fe01.contoso.net', 'Default')?.previousThumbprint, null);
  assert.equal(removeAssignment(store.db, 'fe01.contoso.net', 'Default', true, later(3)), false);
  assert.equal(removeAssignment(store.db, 'fe01.contoso.net', 'WebServicesInternal', false, later(4)), true);
  assert.equal(readAssignment(store.db, 'fe01.contoso.net', 'WebServicesInternal'), null);
  assert.deepEqual(
    listAssignmentHistory(store.db).map((h) => [h.use, h.action, h.at]),
    [
      ['Default', 'set', '2026-06-01T12:00:00Z'],
      ['WebServicesInternal', 'set', '2026-06-01T12:00:00Z'],
      ['Default', 'roll', '2026-06-01T13:00:00Z'],
      ['Default', 'remove-previous', '2026-06-01T14:00:00Z'],
      ['WebServicesInternal', 'remove', '2026-06-01T16:00:00Z'],
    ],
  );
  assert.deepEqual(checkStoreIntegrity(store.db), []);
  store.close();
});

test('the integrity check finds an orphan key, a lagging serial counter and facts that lie', async () => {
  const store = freshStore('store-integrity');
  const keyring = openKeyring(store.db, testPassphrase, fixtureNow);
  insertPrivateKey(
    store.db,
    keyring,
    await generateKeyPair({ algorithm: 'ECDH_P256', rsaBits: 0, exportable: false }),
    fixtureNow,
  );
  const cert = storeCertificate(store, 'rsa-leaf');
  store.db
    .prepare("UPDATE certificates SET facts = json_set(facts, '$.serialNumber', '00') WHERE id = ?")
    .run(cert.id);
  const problems = checkStoreIntegrity(store.db);
  assert.equal(problems.length, 3, problems.join('\n'));
  assert.match(problems[0] ?? '', /^certificate whose facts do not match it: /);
  assert.match(problems[1] ?? '', /^private key that no certificate, request or CA uses: [0-9a-f]{64}$/);
  // The facts against the certificate's own DER, not only against the row's columns.
  assert.match(
    problems[2] ?? '',
    /^certificate [0-9A-F]{40}: stored facts say serialNumber "00", its DER "[0-9A-F]+"$/,
  );
  store.close();
});
