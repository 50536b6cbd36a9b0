import assert from 'node:assert/strict';
import { test } from 'node:test';
import { childrenOf, readNode, readOid, readSmallInteger, readString, Tag } from './der.js';
import {
  encodeBmpString,
  encodeInteger,
  encodeLength,
  encodeOctetString,
  encodeOid,
  encodeSequence,
  encodeSetOf,
} from './der-writer.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

test('OIDs encode as X.690 §8.19 says and read back through der.ts', () => {
  assert.equal(hex(encodeOid('1.2.840.113549.1.12.10.1.2')), '060b2a864886f70d010c0a0102');
  assert.equal(hex(encodeOid('2.16.840.1.101.3.4.1.42')), '060960864801650304012a');
  for (const oid of ['1.3.14.3.2.26', '2.999.1', '1.2.840.113549.1.9.21', '0.0']) {
    assert.equal(readOid(encodeOid(oid), readNode(encodeOid(oid), 0)), oid);
  }
  assert.throws(() => encodeOid('1.x.3'), RangeError);
  assert.throws(() => encodeOid('3.1'), RangeError);
});

test('INTEGERs keep positive values positive and round-trip', () => {
  assert.equal(hex(encodeInteger(0)), '020100');
  assert.equal(hex(encodeInteger(3)), '020103');
  assert.equal(hex(encodeInteger(128)), '02020080');
  assert.equal(hex(encodeInteger(2048)), '02020800');
  for (const n of [1, 127, 255, 256, 65535, 10_000_000, 2 ** 40]) {
    const der = encodeInteger(n);
    assert.equal(readSmallInteger(der, readNode(der, 0)), n);
  }
  assert.throws(() => encodeInteger(-1), RangeError);
  assert.throws(() => encodeInteger(1.5), RangeError);
});

test('lengths switch to the long form at 128 bytes', () => {
  assert.equal(hex(encodeLength(127)), '7f');
  assert.equal(hex(encodeLength(128)), '8180');
  assert.equal(hex(encodeLength(65536)), '83010000');
  const big = encodeOctetString(new Uint8Array(300));
  const node = readNode(big, 0);
  assert.equal(node.end - node.contentStart, 300);
  assert.equal(node.end, big.length);
});

test('SET OF is sorted by encoding (X.690 §11.6), SEQUENCE keeps its order', () => {
  const a = encodeOctetString(Uint8Array.of(2));
  const b = encodeOctetString(Uint8Array.of(1, 0));
  const c = encodeOctetString(Uint8Array.of(1));
  const set = encodeSetOf([a, b, c]);
  assert.equal(set[0], Tag.set);
  assert.deepEqual(
    childrenOf(set, readNode(set, 0)).map((n) => hex(set.subarray(n.start, n.end))),
    [hex(c), hex(a), hex(b)],
  );
  const seq = encodeSequence([a, b, c]);
  assert.equal(hex(seq), `300a${hex(a)}${hex(b)}${hex(c)}`);
});

test('BMPString holds UTF-16 big-endian and reads back', () => {
  const der = encodeBmpString('Lync Pööl');
  assert.equal(readString(der, readNode(der, 0)), 'Lync Pööl');
  assert.equal(hex(encodeBmpString('A')), '1e020041');
});
