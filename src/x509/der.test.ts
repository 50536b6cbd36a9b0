import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DerError, readNode, readOid, readTime, Tag } from './der.js';

function tlv(tag: number, content: string | number[]): Uint8Array {
  const body = typeof content === 'string' ? [...Buffer.from(content, 'latin1')] : content;
  return new Uint8Array([tag, body.length, ...body]);
}

test('readTime turns UTCTime and GeneralizedTime into ISO 8601 UTC (RFC 5280 §4.1.2.5)', () => {
  const utc = tlv(Tag.utcTime, '260601120000Z');
  assert.equal(readTime(utc, readNode(utc, 0)), '2026-06-01T12:00:00Z');
  const old = tlv(Tag.utcTime, '991231235959Z');
  assert.equal(readTime(old, readNode(old, 0)), '1999-12-31T23:59:59Z');
  const gen = tlv(Tag.generalizedTime, '20500101000000Z');
  assert.equal(readTime(gen, readNode(gen, 0)), '2050-01-01T00:00:00Z');
});

test('readTime refuses dates that do not exist and malformed times', () => {
  for (const text of [
    '260231120000Z',
    '261301000000Z',
    '260601250000Z',
    '2606011200Z',
    '260601120000+0100',
  ]) {
    const bytes = tlv(Tag.utcTime, text);
    assert.throws(() => readTime(bytes, readNode(bytes, 0)), DerError, text);
  }
});

test('readNode refuses lengths beyond the data, indefinite lengths and oversized length fields', () => {
  assert.throws(() => readNode(new Uint8Array([0x30, 0x05, 0x01]), 0), /claims 5 bytes but only 1 remain/);
  assert.throws(() => readNode(new Uint8Array([0x30, 0x80, 0x00, 0x00]), 0), /indefinite length/);
  assert.throws(() => readNode(new Uint8Array([0x30, 0x85, 1, 1, 1, 1, 1]), 0), /5-byte length/);
  assert.throws(() => readNode(new Uint8Array([]), 0), /found the end/);
});

test('readOid decodes multi-byte arcs and the 2.x joint arc', () => {
  const sha256Rsa = tlv(Tag.oid, [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b]);
  assert.equal(readOid(sha256Rsa, readNode(sha256Rsa, 0)), '1.2.840.113549.1.1.11');
  const san = tlv(Tag.oid, [0x55, 0x1d, 0x11]);
  assert.equal(readOid(san, readNode(san, 0)), '2.5.29.17');
  const cut = tlv(Tag.oid, [0x2a, 0x86]);
  assert.throws(() => readOid(cut, readNode(cut, 0)), /cut off/);
});

test('strictness policy: DER headers only (X.690 §10.1, §8.1.2.4); the readers own BER envelopes (issue 9 item 8)', () => {
  const refused: readonly [string, number[], RegExp][] = [
    ['indefinite length', [0x30, 0x80, 0x00, 0x00], /indefinite length/],
    ['length 5 in the long form', [0x04, 0x81, 0x05, 1, 2, 3, 4, 5], /long form, which DER forbids/],
    [
      'length padded with a zero octet',
      [0x04, 0x82, 0x00, 0x81, ...new Array(0x81).fill(0)],
      /pads its length/,
    ],
    [
      'INTEGER (tag 2) in the long tag form',
      [0x1f, 0x02, 0x01, 0x05],
      /long form, which DER keeps for tags from 31/,
    ],
    ['a leading zero tag digit', [0x9f, 0x80, 0x31, 0x00], /leading zero digit/],
  ];
  for (const [name, bytes, message] of refused) {
    assert.throws(() => readNode(Uint8Array.from(bytes), 0), message, name);
  }
  // What DER allows: tag 31 and above in the long form, lengths of 128 and more in the long form.
  assert.equal(readNode(Uint8Array.from([0x9f, 0x1f, 0x01, 0x00]), 0).end, 4);
  assert.equal(readNode(Uint8Array.from([0x9f, 0x81, 0x00, 0x00]), 0).end, 4);
  assert.equal(readNode(Uint8Array.from([0x04, 0x81, 0x80, ...new Array(0x80).fill(0)]), 0).end, 0x83);
});
