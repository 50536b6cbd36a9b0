import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { makeScratch, runOpenssl } from '../../test/support/pkcs12-openssl.js';
import {
  decryptRc2Block,
  decryptRc2Cbc,
  encryptRc2Block,
  encryptRc2Cbc,
  expandRc2Key,
  Rc2Error,
} from './rc2.js';

const hex = (text: string) => Uint8Array.from(Buffer.from(text, 'hex'));
const toHex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

// RFC 2268 §5: key, effective key bits, plaintext, ciphertext.
const vectors = [
  ['0000000000000000', 63, '0000000000000000', 'ebb773f993278eff'],
  ['ffffffffffffffff', 64, 'ffffffffffffffff', '278b27e42e2f0d49'],
  ['3000000000000000', 64, '1000000000000001', '30649edf9be7d2c2'],
  ['88', 64, '0000000000000000', '61a8a244adacccf0'],
  ['88bca90e90875a', 64, '0000000000000000', '6ccf4308974c267f'],
  ['88bca90e90875a7f0f79c384627bafb2', 64, '0000000000000000', '1a807d272bbe5db1'],
  ['88bca90e90875a7f0f79c384627bafb2', 128, '0000000000000000', '2269552ab0f85ca6'],
  [
    '88bca90e90875a7f0f79c384627bafb216f80a6f85920584c42fceb0be255daf1e',
    129,
    '0000000000000000',
    '5b78d3a43dfff1f1',
  ],
] as const;

for (const [key, bits, plain, cipher] of vectors) {
  test(`RFC 2268 §5 vector: ${key.length / 2}-byte key ${key.slice(0, 16)}…, ${bits} effective bits`, () => {
    const k = expandRc2Key(hex(key), bits);
    const block = hex(plain);
    encryptRc2Block(k, block);
    assert.equal(toHex(block), cipher);
    decryptRc2Block(k, block);
    assert.equal(toHex(block), plain);
  });
}

test('RC2-CBC with PKCS#5 padding agrees with openssl (legacy provider) both ways', () => {
  const s = makeScratch('rc2');
  after(() => s.remove());
  const iv = hex('0102030405060708');
  // 40-bit is what pbeWithSHAAnd40BitRC2-CBC uses; 128-bit the RC2-128 variant.
  for (const [name, key] of [
    ['rc2-40-cbc', hex('a1b2c3d4e5')],
    ['rc2-cbc', hex('00112233445566778899aabbccddeeff')],
  ] as const) {
    for (const length of [0, 1, 7, 8, 9, 100]) {
      const plain = Uint8Array.from({ length }, (_, i) => (i * 37 + length) & 0xff);
      s.write('plain.bin', plain);
      const theirs = runOpenssl(
        [
          'enc',
          `-${name}`,
          '-provider',
          'legacy',
          '-provider',
          'default',
          '-K',
          toHex(key),
          '-iv',
          toHex(iv),
          '-in',
          'plain.bin',
        ],
        s.dir,
      );
      const bits = key.length * 8;
      assert.equal(toHex(encryptRc2Cbc(key, bits, iv, plain)), toHex(theirs), `${name}, ${length} bytes`);
      assert.equal(toHex(decryptRc2Cbc(key, bits, iv, theirs)), toHex(plain));
    }
  }
});

test('a wrong key shows as bad padding, and bad sizes are refused', () => {
  const key = hex('a1b2c3d4e5');
  const iv = new Uint8Array(8);
  const sealed = encryptRc2Cbc(key, 40, iv, new TextEncoder().encode('certificate bag contents'));
  let failures = 0;
  for (let i = 0; i < 50; i++) {
    try {
      decryptRc2Cbc(Uint8Array.of(i, 1, 2, 3, 4), 40, iv, sealed);
    } catch (error) {
      assert.ok(error instanceof Rc2Error);
      failures++;
    }
  }
  assert.ok(failures >= 45, `only ${failures} of 50 wrong keys were caught`);
  assert.throws(() => decryptRc2Cbc(key, 40, iv, sealed.subarray(1)), Rc2Error);
  assert.throws(() => decryptRc2Cbc(key, 40, iv.subarray(1), sealed), Rc2Error);
  assert.throws(() => expandRc2Key(new Uint8Array(0), 40), Rc2Error);
  assert.throws(() => expandRc2Key(key, 1025), Rc2Error);
});
