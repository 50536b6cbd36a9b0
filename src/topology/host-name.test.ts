import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalHostName, findHostNameFault, type HostNameFault } from './host-name.js';

const cases: readonly [string, HostNameFault | null][] = [
  ['fe01.contoso.net', null],
  ['FE-01.Contoso.NET.', null],
  ['fe_01.contoso.net', 'characters'],
  ['fe01.bücher.example', 'characters'],
  ['*.contoso.com', 'characters'],
  ['fe01', 'singleLabel'],
  ['fe01..contoso.net', 'labelLength'],
  [`${'a'.repeat(64)}.contoso.net`, 'labelLength'],
  ['-fe01.contoso.net', 'hyphenEdge'],
  ['', 'empty'],
];

for (const [name, fault] of cases) {
  test(`findHostNameFault(${JSON.stringify(name)}) is ${fault}`, () => {
    assert.equal(findHostNameFault(name), fault);
  });
}

test('canonicalHostName lowercases and drops the trailing dot', () => {
  assert.equal(canonicalHostName(' Pool01.Contoso.NET. '), 'pool01.contoso.net');
});
