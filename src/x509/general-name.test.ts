import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatIpAddress } from './general-name.js';

test('IP addresses: IPv4 dotted, IPv6 in RFC 5952 form', () => {
  const v6 = (hex: string) => formatIpAddress(Buffer.from(hex, 'hex'));
  assert.equal(formatIpAddress(Uint8Array.from([127, 0, 0, 1])), '127.0.0.1');
  assert.equal(v6('00000000000000000000000000000001'), '::1');
  assert.equal(v6('20010db8000000000000000000000001'), '2001:db8::1');
  assert.equal(v6('20010db8000000010000000000000001'), '2001:db8:0:1::1');
  // A lone zero group is not shortened; the first of two equal runs is (RFC 5952 §4.2.2, §4.2.3).
  assert.equal(v6('20010db8000100010001000100010000'), '2001:db8:1:1:1:1:1:0');
  assert.equal(v6('20010000000000000001000000000001'), '2001::1:0:0:1');
  assert.equal(v6('20010db8000000000001000000000001'), '2001:db8::1:0:0:1');
  assert.equal(v6('20010000000000010000000000000001'), '2001:0:0:1::1');
  assert.equal(v6('00000000000000000000000000000000'), '::');
  assert.equal(formatIpAddress(Uint8Array.from([10, 0, 0, 0, 255, 0, 0, 0])), '#0A000000FF000000');
});
