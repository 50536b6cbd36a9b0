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
