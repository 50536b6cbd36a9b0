import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  derivePkcs12Key,
  encodePkcs12Password,
  type Pkcs12KdfHash,
  type Pkcs12KeyPurpose,
} from './pkcs12-kdf.js';

// Dr Stephen Henson's PKCS#12 KDF vectors (SHA-1), also used by OpenSSL and Bouncy Castle:
// password, salt, ID (1 key, 2 IV, 3 MAC), iterations, output.
const vectors: [string, string, Pkcs12KeyPurpose, number, string][] = [
  ['smeg', '0A58CF64530D823F', 1, 1, '8AAAE6297B6CB04642AB5B077851284EB7128F1A2A7FBCA3'],
  ['smeg', '0A58CF64530D823F', 2, 1, '79993DFE048D3B76'],
  ['smeg', '642B99AB44FB4B1F', 1, 1, 'F3A95FEC48D7711E985CFE67908C5AB79FA3D7C5CAA5D966'],
  ['smeg', '642B99AB44FB4B1F', 2, 1, 'C0A38D64A79BEA1D'],
  ['smeg', '3D83C0E4546AC140', 3, 1, '8D967D88F6CAA9D714800AB3D48051D63F73A312'],
  ['queeg', '05DEC959ACFF72F7', 1, 1000, 'ED2034E36328830FF09DF1E1A07DD357185DAC0D4F9EB3D4'],
  ['queeg', '1682C0FC5B3F7EC5', 1, 1000, '483DD6E919D7DE2E8E648BA8F862F3FBFBDC2BCB2C02957F'],
];

for (const [password, salt, id, iterations, expected] of vectors) {
  test(`KDF vector: "${password}", salt ${salt}, ID ${id}, ${iterations} iteration(s)`, () => {
    const out = derivePkcs12Key(
      'sha1',
      encodePkcs12Password(password),
      Buffer.from(salt, 'hex'),
      id,
      iterations,
      expected.length / 2,
    );
    assert.equal(Buffer.from(out).toString('hex').toUpperCase(), expected);
  });
}

test('B.1 password encoding: BMPString plus a two-byte terminator; null is zero bytes', () => {
  assert.equal(Buffer.from(encodePkcs12Password('smeg')).toString('hex'), '0073006d006500670000');
  assert.equal(Buffer.from(encodePkcs12Password('')).toString('hex'), '0000');
  assert.equal(encodePkcs12Password(null).length, 0);
  assert.equal(Buffer.from(encodePkcs12Password('ö')).toString('hex'), '00f60000');
});

test('output lengths that are not whole hash blocks, for every hash', () => {
  for (const h of ['sha1', 'sha224', 'sha256', 'sha384', 'sha512'] satisfies Pkcs12KdfHash[]) {
    const long = derivePkcs12Key(h, encodePkcs12Password('x'), new Uint8Array(8), 1, 3, 100);
    const short = derivePkcs12Key(h, encodePkcs12Password('x'), new Uint8Array(8), 1, 3, 7);
    assert.equal(long.length, 100);
    assert.deepEqual(short, long.subarray(0, 7), `${h}: a shorter output is a prefix`);
  }
  assert.throws(() => derivePkcs12Key('sha1', new Uint8Array(0), new Uint8Array(0), 1, 0, 8), RangeError);
});
