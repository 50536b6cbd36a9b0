import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DerError } from './der.js';
import { normalizeBer } from './pkcs12-ber.js';

const bytes = (text: string) => Uint8Array.from(Buffer.from(text.replace(/\s/g, ''), 'hex'));
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

test('DER passes through unchanged and uncopied; trailing bytes are left out', () => {
  const der = bytes('3006 0201 03 0401 aa ffff');
  const { der: out, end } = normalizeBer(der);
  assert.equal(hex(out), '30060201030401aa');
  assert.equal(end, 8);
  assert.equal(out.buffer, der.buffer, 'no copy for DER input');
});

test('indefinite lengths become definite, constructed OCTET STRINGs become one', () => {
  // SEQUENCE (indefinite) { INTEGER 3, OCTET STRING constructed (indefinite) { 'ab', 'cd' ef } }
  const ber = bytes('3080 020103 2480 0401ab 0402cdef 0000 0000');
  const { der, end } = normalizeBer(ber);
  assert.equal(hex(der), '3008020103' + '0403abcdef');
  assert.equal(end, ber.length);
  // Nested constructed segments and a definite-length constructed OCTET STRING.
  assert.equal(hex(normalizeBer(bytes('2408 2406 0401aa 0401bb')).der), '0402aabb');
  // A context-specific constructed [0] keeps its tag; its children are normalised.
  assert.equal(hex(normalizeBer(bytes('a080 2480 0401aa 0000 0000')).der), 'a0030401aa');
});

test('broken BER fails with DerError, never with something else', () => {
  for (const text of [
    '3080 0201',
    '3080 020103',
    '0480 00 00',
    '2404 0201 03 00',
    '30',
    '3085 0000000001',
    '3081',
    '1f',
    '1f8080808080 00',
  ]) {
    assert.throws(() => normalizeBer(bytes(text)), DerError, text);
  }
  const deep = new Uint8Array(400);
  for (let i = 0; i < 200; i++) deep.set([0x30, 0x80], i * 2);
  assert.throws(() => normalizeBer(deep), /nesting/);
});
