import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readNode, readOid } from './der.js';
import { oidKey, signatureAlgorithms } from './oid-names.js';

test('oidKey encodes dotted OIDs as their DER content (X.690 §8.19), round-tripping through readOid', () => {
  for (const dotted of [
    '2.5.4.3',
    '1.2.840.113549.1.1.11',
    '1.3.6.1.4.1.311.20.2.3',
    '2.16.840.1.101.3.4.2.1',
    '2.999.1',
  ]) {
    const content = Buffer.from(oidKey(dotted), 'hex');
    const der = Uint8Array.from([0x06, content.length, ...content]);
    assert.equal(readOid(der, readNode(der, 0)), dotted);
  }
  assert.equal(oidKey('1.2.840.113549.1.1.11'), '2A864886F70D01010B');
});

test('the signature table is keyed so a DER lookup finds OpenSSL names', () => {
  assert.equal(signatureAlgorithms.get('2A864886F70D01010B')?.name, 'sha256WithRSAEncryption');
  assert.equal(signatureAlgorithms.get('2A8648CE3D040302')?.name, 'ecdsa-with-SHA256');
});
