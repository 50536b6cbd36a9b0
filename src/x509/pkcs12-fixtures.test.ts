import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { runOpenssl } from '../../test/support/pkcs12-openssl.js';
import { repoPath } from '../../test/support/repo.js';
import { Pkcs12Error, parsePkcs12 } from './pkcs12.js';

// The checked-in PFX fixtures from test/fixtures/make-fixtures.sh: leaf, key and the two CA
// certificates, compared with the PEM and key files the same script wrote.
const fixture = (name: string) => repoPath(`test/fixtures/${name}`);
const certDer = (name: string) => runOpenssl(['x509', '-in', fixture(`${name}.pem`), '-outform', 'DER']);
const keyDer = (name: string) =>
  runOpenssl(['pkcs8', '-topk8', '-nocrypt', '-in', fixture(`${name}.key`), '-outform', 'DER']);

const cases = [
  {
    file: 'modern.pfx',
    password: 'uccert-test',
    leaf: 'rsa-leaf',
    mac: 'sha256',
    encryption: ['PBES2 AES-256-CBC PBKDF2-HMAC-SHA256'],
  },
  {
    file: 'legacy.pfx',
    password: 'uccert-test',
    leaf: 'rsa-leaf',
    mac: 'sha1',
    encryption: ['pbeWithSHAAnd40BitRC2-CBC', 'pbeWithSHAAnd3-KeyTripleDES-CBC'],
  },
  {
    file: 'nopass.pfx',
    password: undefined,
    leaf: 'rsa-leaf',
    mac: 'sha256',
    encryption: ['PBES2 AES-256-CBC PBKDF2-HMAC-SHA256'],
  },
  {
    file: 'ecdsa.pfx',
    password: 'uccert-test',
    leaf: 'ecdsa-leaf',
    mac: 'sha256',
    encryption: ['PBES2 AES-256-CBC PBKDF2-HMAC-SHA256'],
  },
] as const;

for (const c of cases) {
  test(`reads the fixture ${c.file}`, () => {
    const got = parsePkcs12(readFileSync(fixture(c.file)), c.password);
    assert.deepEqual(
      got.certificates.map((x) => Buffer.from(x.der)),
      [certDer(c.leaf), certDer('issuing-ca'), certDer('root-ca')],
    );
    assert.equal(got.certificates[0]!.friendlyName, c.leaf);
    assert.deepEqual(got.keys.length, 1);
    assert.deepEqual(Buffer.from(got.keys[0]!.pkcs8), keyDer(c.leaf));
    assert.equal(got.keys[0]!.localKeyId, got.certificates[0]!.localKeyId);
    assert.equal(got.macAlgorithm, c.mac);
    assert.deepEqual(got.encryption, c.encryption);
    if (c.password !== undefined) {
      assert.throws(
        () => parsePkcs12(readFileSync(fixture(c.file)), undefined),
        (e: unknown) => e instanceof Pkcs12Error && e.reason === 'password-required',
      );
    }
  });
}
