import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UccertError } from '../errors.js';
import { parseEndpointArgument } from './probe-command.js';

test('HOST[:PORT]: port 443 unless given; IPv6 with or without brackets', () => {
  const cases: readonly [string, string, number][] = [
    ['pool01.contoso.net', 'pool01.contoso.net', 443],
    ['sip.contoso.com:5061', 'sip.contoso.com', 5061],
    ['10.0.0.5', '10.0.0.5', 443],
    ['10.0.0.5:4443', '10.0.0.5', 4443],
    ['[::1]', '::1', 443],
    ['[::1]:5061', '::1', 5061],
    ['::1', '::1', 443],
    ['2001:db8::5', '2001:db8::5', 443],
    ['_sip._tls.contoso.com', '_sip._tls.contoso.com', 443],
  ];
  for (const [text, host, port] of cases) {
    assert.deepEqual(parseEndpointArgument(text), { host, port }, text);
  }
});

test('a bad endpoint is an input error that quotes it', () => {
  for (const bad of [
    '',
    'host:0',
    'host:65536',
    'host:44x',
    '[fe80::1',
    '[pool01]:443',
    'a b',
    '::1:5061x',
  ]) {
    assert.throws(
      () => parseEndpointArgument(bad),
      (error: unknown) =>
        error instanceof UccertError && error.exitCode === 2 && error.message.includes(`"${bad}"`),
      bad,
    );
  }
});
