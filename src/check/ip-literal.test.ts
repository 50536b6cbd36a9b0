import assert from 'node:assert/strict';
import { isIP } from 'node:net';
import { test } from 'node:test';
import { ipVersionOf } from './ip-literal.js';

const cases = [
  '127.0.0.1',
  '255.255.255.255',
  '256.1.1.1',
  '01.2.3.4',
  '1.2.3',
  '1.2.3.4.5',
  '::',
  '::1',
  '1::',
  'fe80::1',
  'fe80::1%eth0',
  '2001:db8::8:800:200c:417a',
  '2001:db8:0:0:8:800:200c:417a',
  '2001:db8:0:0:8:800:200c',
  '2001:db8:0:0:8:800:200c:417a:1',
  '::ffff:192.0.2.1',
  '::ffff:192.0.2.256',
  '1:2:3:4:5:6:1.2.3.4',
  '1:2:3:4:5:6:7:1.2.3.4',
  '1::2::3',
  ':1',
  '1:',
  'g::1',
  '12345::1',
  'pool01.contoso.net',
  '',
  '[::1]',
];

test('ip-literal: same answer as node:net isIP for every form', () => {
  for (const text of cases) assert.equal(ipVersionOf(text), isIP(text), text);
});
