import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UccertError } from '../errors.js';
import { parseConnectToOption, parseResolveOption, routeEndpoint } from './endpoint-routes.js';

/** [--resolve value, expected route or null when it must be refused]. */
const resolveCases: readonly [string, ReturnType<typeof parseResolveOption> | null][] = [
  [
    'sip.contoso.com:443:203.0.113.10',
    { host: 'sip.contoso.com', port: 443, toHost: '203.0.113.10', toPort: null },
  ],
  [
    'FE01.Contoso.NET:5061:127.0.0.1',
    { host: 'fe01.contoso.net', port: 5061, toHost: '127.0.0.1', toPort: null },
  ],
  ['fe01.contoso.net:5061:[::1]', { host: 'fe01.contoso.net', port: 5061, toHost: '::1', toPort: null }],
  ['fe01.contoso.net:5061:::1', null],
  ['fe01.contoso.net:5061:fe02.contoso.net', null],
  ['fe01.contoso.net:5061', null],
  ['fe01.contoso.net:70000:127.0.0.1', null],
  [':5061:127.0.0.1', null],
  ['fe01.contoso.net:5061:127.0.0.1:15061', null],
];

for (const [value, expected] of resolveCases) {
  test(`--resolve ${value}`, () => {
    if (expected !== null) {
      assert.deepEqual(parseResolveOption(value), expected);
      return;
    }
    assert.throws(
      () => parseResolveOption(value),
      (error: unknown) =>
        error instanceof UccertError && error.message.includes(`"${value}"`) && /HOST:PORT/.test(error.hint),
    );
  });
}

test('--connect-to HOST:PORT:HOST2:PORT2 moves host and port; an empty HOST2 is refused', () => {
  assert.deepEqual(parseConnectToOption('fe01.contoso.net:5061:127.0.0.1:15061'), {
    host: 'fe01.contoso.net',
    port: 5061,
    toHost: '127.0.0.1',
    toPort: 15061,
  });
  assert.throws(() => parseConnectToOption('fe01.contoso.net:5061::15061'), UccertError);
});

test('routeEndpoint: the route naming host and port wins, --resolve keeps the port, others pass through', () => {
  const routes = [
    parseResolveOption('fe01.contoso.net:5061:127.0.0.2'),
    parseConnectToOption('fe01.contoso.net:443:127.0.0.3:8443'),
  ];
  assert.deepEqual(routeEndpoint('FE01.contoso.net', 5061, routes), { host: '127.0.0.2', port: 5061 });
  assert.deepEqual(routeEndpoint('fe01.contoso.net', 443, routes), { host: '127.0.0.3', port: 8443 });
  assert.deepEqual(routeEndpoint('fe01.contoso.net', 444, routes), { host: 'fe01.contoso.net', port: 444 });
});
