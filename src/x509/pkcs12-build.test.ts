import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, test } from 'node:test';
import {
  certificateDer,
  keyDer,
  makePkiMaterial,
  makeScratch,
  opensslView,
} from '../../test/support/pkcs12-openssl.js';
import { toHex } from './der.js';
import { buildPkcs12, parsePkcs12 } from './pkcs12.js';
import { buildPkcs12WithPasswordForms } from './pkcs12-build.js';

// What buildPkcs12 writes must be what openssl reads: same certificates, same key, the algorithms
// of the profile. openssl is the oracle; our reader reading our writer comes second.
const s = makeScratch('pkcs12-build');
after(() => s.remove());
const pki = makePkiMaterial(s);

/** A seeded xorshift stream: the writer's randomness is injected, so output is reproducible. */
function seededRandom(seed: number): (n: number) => Uint8Array {
  let x = seed >>> 0 || 1;
  return (n) =>
    Uint8Array.from({ length: n }, () => {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      return x & 0xff;
    });
}

const profiles = [
  {
    profile: 'modern',
    expectInfo: [
      /MAC: sha256, Iteration 2048/,
      /PKCS7 Encrypted data: PBES2, PBKDF2, AES-256-CBC, Iteration 2048, PRF hmacWithSHA256/,
      /Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC, Iteration 2048, PRF hmacWithSHA256/,
    ],
    encryption: ['PBES2 AES-256-CBC PBKDF2-HMAC-SHA256'],
    mac: 'sha256',
  },
  {
    profile: 'legacy',
    expectInfo: [
      /MAC: sha1, Iteration 2048/,
      /PKCS7 Encrypted data: pbeWithSHA1And40BitRC2-CBC, Iteration 2048/,
      /Shrouded Keybag: pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 2048/,
    ],
    encryption: ['pbeWithSHAAnd40BitRC2-CBC', 'pbeWithSHAAnd3-KeyTripleDES-CBC'],
    mac: 'sha1',
  },
] as const;

for (const p of profiles) {
  for (const [keyName, chain] of [
    [pki.rsa, [] as string[]],
    [pki.leaf, [pki.intermediate, pki.root]],
  ] as const) {
    test(`openssl reads what buildPkcs12 writes: ${p.profile} profile, ${keyName} key, ${chain.length} CA certificates`, () => {
      const certificates = [keyName, ...chain].map((n) => certificateDer(s, n));
      const key = keyDer(s, keyName);
      const password = 'Export-Pässword 1';
      const pfx = buildPkcs12({
        key,
        certificates,
        password,
        friendlyName: 'pool01 Default',
        profile: p.profile,
        randomBytes: seededRandom(7),
      });
      const file = s.write(`built-${p.profile}-${keyName}.pfx`, pfx);
      const view = opensslView(s, file, password);
      assert.deepEqual(view.certificates, certificates);
      assert.deepEqual(view.keys, [key]);
      for (const line of p.expectInfo) assert.match(view.info, line);
      const leafId = toHex(createHash('sha1').update(certificates[0]!).digest())
        .replace(/(..)/g, '$1 ')
        .trim();
      // The key bag and the leaf carry friendlyName and localKeyID; the CA certificates do not.
      assert.equal(view.info.split('friendlyName: pool01 Default').length - 1, 2);
      assert.equal(view.info.split(`localKeyID: ${leafId}`).length - 1, 2);

      const ours = parsePkcs12(pfx, password);
      assert.deepEqual(
        ours.certificates.map((c) => Buffer.from(c.der)),
        certificates,
      );
      assert.deepEqual(Buffer.from(ours.keys[0]!.pkcs8), key);
      assert.equal(ours.keys[0]!.friendlyName, 'pool01 Default');
      assert.equal(ours.macAlgorithm, p.mac);
      assert.deepEqual(ours.encryption, p.encryption);
      assert.deepEqual(
        ours.certificates.map((c) => c.friendlyName),
        ['pool01 Default', ...chain.map(() => null)],
      );
    });
  }
}

test('the writer is deterministic given its randomness, and the randomness is used', () => {
  const input = {
    key: keyDer(s, pki.ec),
    certificates: [certificateDer(s, pki.ec)],
    password: 'p',
    profile: 'modern' as const,
    iterations: 1,
  };
  const a = buildPkcs12({ ...input, randomBytes: seededRandom(1) });
  const b = buildPkcs12({ ...input, randomBytes: seededRandom(1) });
  const c = buildPkcs12({ ...input, randomBytes: seededRandom(2) });
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
  assert.deepEqual(parsePkcs12(c, 'p').keys[0]!.pkcs8, parsePkcs12(a, 'p').keys[0]!.pkcs8);
  assert.equal(parsePkcs12(a, 'p').certificates[0]!.friendlyName, null);
});

test('an empty export password is readable by openssl and by us without one', () => {
  const key = keyDer(s, pki.rsa);
  const certificates = [certificateDer(s, pki.rsa)];
  for (const profile of ['modern', 'legacy'] as const) {
    const pfx = buildPkcs12({ key, certificates, password: '', profile, randomBytes: seededRandom(3) });
    const view = opensslView(s, s.write(`empty-${profile}.pfx`, pfx), '');
    assert.deepEqual(view.keys, [key]);
    assert.deepEqual(parsePkcs12(pfx, undefined).keys[0]!.pkcs8, Uint8Array.from(key));
  }
});

test('an empty password in the zero-byte form (not the BMP terminator) reads too, as OpenSSL reads it', () => {
  const key = keyDer(s, pki.ec);
  const certificates = [certificateDer(s, pki.ec)];
  const absent = { bmp: new Uint8Array(0), utf8: new Uint8Array(0) };
  for (const profile of ['modern', 'legacy'] as const) {
    const pfx = buildPkcs12WithPasswordForms(
      { key, certificates, profile, randomBytes: seededRandom(5) },
      absent,
    );
    const terminator = buildPkcs12({
      key,
      certificates,
      password: '',
      profile,
      randomBytes: seededRandom(5),
    });
    assert.notDeepEqual(pfx, terminator, 'the two empty forms differ on the wire');
    assert.deepEqual(opensslView(s, s.write(`absent-${profile}.pfx`, pfx), '').keys, [key]);
    assert.deepEqual(parsePkcs12(pfx, undefined).keys[0]!.pkcs8, Uint8Array.from(key));
    assert.deepEqual(parsePkcs12(pfx, '').keys[0]!.pkcs8, Uint8Array.from(key));
  }
});

test('the writer refuses an input without a leaf or with a key that is not DER', () => {
  const key = keyDer(s, pki.rsa);
  const base = { password: 'p', profile: 'modern' as const, randomBytes: seededRandom(4) };
  assert.throws(() => buildPkcs12({ ...base, key, certificates: [] }), RangeError);
  assert.throws(() =>
    buildPkcs12({ ...base, key: new Uint8Array([1, 2, 3]), certificates: [certificateDer(s, pki.rsa)] }),
  );
});
