import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readNode } from './der.js';
import { parseName } from './distinguished-name.js';

/** DER of a Name from [oid content hex, string tag, value] RDNs, in DER order. */
function nameDer(rdns: readonly (readonly [string, number, string])[][]): Uint8Array {
  const tlv = (tag: number, body: Buffer) => Buffer.concat([Buffer.from([tag, body.length]), body]);
  const sets = rdns.map((rdn) =>
    tlv(
      0x31,
      Buffer.concat(
        rdn.map(([oid, tag, v]) =>
          tlv(0x30, Buffer.concat([tlv(0x06, Buffer.from(oid, 'hex')), tlv(tag, Buffer.from(v, 'utf8'))])),
        ),
      ),
    ),
  );
  return tlv(0x30, Buffer.concat(sets));
}

const cn = '550403';
const o = '55040a';
const c = '550406';
const st = '550408';

test('most specific first, Windows keys, quoting of separators', () => {
  const der = nameDer([
    [[c, 0x13, 'US']],
    [[st, 0x0c, 'Washington']],
    [[o, 0x0c, 'Contoso, Ltd']],
    [[cn, 0x0c, 'pool01']],
  ]);
  const name = parseName(der, readNode(der, 0));
  assert.equal(name.text, 'CN=pool01, O="Contoso, Ltd", S=Washington, C=US');
  assert.equal(name.commonName, 'pool01');
});

test('multi-valued RDNs join with +, unknown attributes show their OID', () => {
  const der = nameDer([
    [
      [cn, 0x0c, 'a'],
      [o, 0x0c, 'b'],
    ],
    [['2a030405', 0x0c, 'x']],
  ]);
  assert.equal(parseName(der, readNode(der, 0)).text, 'OID.1.2.3.4.5=x, CN=a + O=b');
});

test('an empty name is an empty string with no common name', () => {
  const der = Uint8Array.from([0x30, 0x00]);
  assert.deepEqual(parseName(der, readNode(der, 0)), { text: '', commonName: null });
});
