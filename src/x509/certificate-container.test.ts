import assert from 'node:assert/strict';
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { repoPath } from '../../test/support/repo.js';
import { UccertError } from '../errors.js';
import { parseCertificateContainer } from './certificate-container.js';

function fixture(name: string): Buffer {
  return readFileSync(repoPath(`test/fixtures/${name}`));
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof UccertError, `expected a UccertError, got ${String(error)}`);
    assert.equal(error.exitCode, 2);
    return error.code;
  }
  assert.fail('expected an error');
}

test('the format comes from the content, not the name', () => {
  const cases: [string, string, string][] = [
    ['rsa-leaf.der', 'der', 'der'],
    ['chain.pem', 'pem', 'pem'],
    ['chain-der.p7b', 'p7b', 'der'],
    ['chain.p7b', 'p7b', 'pem'],
    ['request-der.csr', 'csr', 'der'],
    ['request.csr', 'csr', 'pem'],
  ];
  for (const [name, format, encoding] of cases) {
    const file = parseCertificateContainer(fixture(name), { source: 'renamed.txt' });
    assert.deepEqual([file.format, file.encoding], [format, encoding], name);
  }
  const pfx = parseCertificateContainer(fixture('legacy.pfx'), { source: 'x.cer', password: 'uccert-test' });
  assert.equal(pfx.format, 'pfx');
});

test('bare base64 (a PEM body without its armour) is read', () => {
  const body = fixture('rsa-leaf.pem').toString('latin1').split('-----')[2]!;
  const file = parseCertificateContainer(Buffer.from(body), { source: 'x' });
  assert.deepEqual([file.format, file.encoding, file.certificates.length], ['der', 'base64', 1]);
});

test('a PEM bundle of certificate and key says which certificate the key belongs to', () => {
  const bytes = Buffer.concat([fixture('issuing-ca.pem'), fixture('rsa-leaf.pem'), fixture('rsa-leaf.key')]);
  const file = parseCertificateContainer(bytes, { source: 'x' });
  assert.equal(file.keys[0]?.certificate, 1);
  assert.deepEqual(
    file.certificates.map((c) => c.facts.hasPrivateKey),
    [false, true],
  );
  assert.deepEqual(file.chain?.order, [1, 0]);
});

test('a PFX: the key is matched to its certificate, in both profiles', () => {
  for (const name of ['modern.pfx', 'legacy.pfx', 'ecdsa.pfx']) {
    const file = parseCertificateContainer(fixture(name), { source: name, password: 'uccert-test' });
    assert.equal(file.keys.length, 1, name);
    const owner = file.certificates[file.keys[0]!.certificate!]!;
    assert.equal(owner.facts.hasPrivateKey, true, name);
    assert.equal(owner.facts.isCa, false, name);
    assert.equal(file.certificates.filter((c) => c.facts.hasPrivateKey).length, 1, name);
  }
  const nopass = parseCertificateContainer(fixture('nopass.pfx'), { source: 'nopass.pfx' });
  assert.equal(nopass.keys[0]?.certificate, 0);
});

test('bad input: each is one input error with its own code', () => {
  assert.equal(
    codeOf(() => parseCertificateContainer(new Uint8Array(0), { source: 'e' })),
    'EMPTY_FILE',
  );
  assert.equal(
    codeOf(() => parseCertificateContainer(Buffer.from('hello\n'), { source: 'h' })),
    'NOT_A_CERTIFICATE_FILE',
  );
  const der = fixture('rsa-leaf.der');
  assert.equal(
    codeOf(() => parseCertificateContainer(der.subarray(0, 300), { source: 't' })),
    'BAD_CERTIFICATE_FILE',
  );
  const pem = fixture('rsa-leaf.pem').toString('latin1').replace('-----END CERTIFICATE-----', '');
  assert.equal(
    codeOf(() => parseCertificateContainer(Buffer.from(pem), { source: 'p' })),
    'BAD_CERTIFICATE_FILE',
  );
  const pfx = fixture('modern.pfx');
  assert.equal(
    codeOf(() => parseCertificateContainer(pfx, { source: 'p' })),
    'PFX_PASSWORD_REQUIRED',
  );
  assert.equal(
    codeOf(() => parseCertificateContainer(pfx, { source: 'p', password: 'nope' })),
    'PFX_WRONG_PASSWORD',
  );
});

test('the message of a damaged PEM names the file and the block', () => {
  const text = fixture('chain.pem').toString('latin1');
  const lines = text.split('\n');
  const broken = lines.map((l, i) => (i === 30 ? 'A'.repeat(l.length) : l)).join('\n');
  assert.throws(
    () => parseCertificateContainer(Buffer.from(broken), { source: 'chain.pem' }),
    (e: unknown) => {
      assert.ok(e instanceof UccertError);
      assert.match(
        e.message,
        /^"chain\.pem" is damaged or not a certificate file: PEM block "CERTIFICATE" at line \d+/,
      );
      return true;
    },
  );
});

test('an encrypted PKCS#8 key in a PEM bundle is matched once --password opens it', () => {
  const encrypted = createPrivateKey(fixture('ecdsa-leaf.key')).export({
    type: 'pkcs8',
    format: 'pem',
    cipher: 'aes-256-cbc',
    passphrase: 'pem-secret',
  });
  const bytes = Buffer.concat([fixture('ecdsa-leaf.pem'), Buffer.from(encrypted)]);
  const locked = parseCertificateContainer(bytes, { source: 'x' });
  assert.deepEqual(locked.keys, [{ kind: 'encrypted', friendlyName: null, certificate: null }]);
  const opened = parseCertificateContainer(bytes, { source: 'x', password: 'pem-secret' });
  assert.equal(opened.keys[0]?.certificate, 0);
  assert.equal(opened.certificates[0]?.facts.hasPrivateKey, true);
});

test('a PEM file with nothing uccert shows is an input error', () => {
  const key = Buffer.from('-----BEGIN PUBLIC KEY-----\nMAA=\n-----END PUBLIC KEY-----\n');
  assert.equal(
    codeOf(() => parseCertificateContainer(key, { source: 'k' })),
    'NO_CERTIFICATE',
  );
  // A CRL block is read (issue 9 item 9), so a damaged one is a damaged file.
  const crl = Buffer.from('-----BEGIN X509 CRL-----\nMAA=\n-----END X509 CRL-----\n');
  assert.equal(
    codeOf(() => parseCertificateContainer(crl, { source: 'c' })),
    'BAD_CERTIFICATE_FILE',
  );
});

test('a PEM CRL is read like a DER one (issue 9 item 9)', () => {
  const der = readFileSync(repoPath('test/fixtures/readers/reader.crl'));
  const pem = `-----BEGIN X509 CRL-----\n${der.toString('base64').replace(/.{64}/g, '$&\n')}\n-----END X509 CRL-----\n`;
  const file = parseCertificateContainer(Buffer.from(pem), { source: 'reader.pem' });
  assert.equal(file.format, 'crl');
  assert.deepEqual(file.crls, parseCertificateContainer(der, { source: 'reader.crl' }).crls);
  assert.equal(file.crls[0]?.revoked.length, 2);
});

test('PEM saved by Windows tools: a UTF-8 byte-order mark, or UTF-16 (LE or BE) with one', () => {
  const pem = fixture('chain.pem').toString('latin1').replaceAll('\n', '\r\n');
  const utf16le = Buffer.from(pem, 'utf16le');
  const utf16be = Buffer.from(utf16le).swap16();
  const variants: [string, Buffer][] = [
    ['utf-8 bom', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(pem, 'latin1')])],
    ['utf-16le', Buffer.concat([Buffer.from([0xff, 0xfe]), utf16le])],
    ['utf-16be', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be])],
  ];
  const expected = parseCertificateContainer(fixture('chain.pem'), { source: 'chain.pem' });
  for (const [name, bytes] of variants) {
    const file = parseCertificateContainer(bytes, { source: name });
    assert.equal(file.format, 'pem', name);
    assert.deepEqual(
      file.certificates.map((c) => c.facts.thumbprint),
      expected.certificates.map((c) => c.facts.thumbprint),
      name,
    );
  }
});
