import assert from 'node:assert/strict';
import { test } from 'node:test';
import { coverageOf, findCoveringName, isWildcardName, normalizeDnsName } from './name-coverage.js';

const cases: readonly [certName: string, host: string, expected: 'exact' | 'wildcard' | null][] = [
  ['meet.contoso.com', 'meet.contoso.com', 'exact'],
  ['MEET.Contoso.COM', 'meet.contoso.com', 'exact'],
  ['meet.contoso.com.', 'meet.contoso.com', 'exact'],
  ['meet.contoso.com', 'Meet.Contoso.Com.', 'exact'],
  ['*.contoso.com', 'meet.contoso.com', 'wildcard'],
  ['*.CONTOSO.com.', 'LyncDiscover.contoso.com', 'wildcard'],
  ['*.contoso.com', 'contoso.com', null],
  ['*.contoso.com', 'a.b.contoso.com', null],
  // Microsoft's own [L13-INT] example relies on this one; it does not hold (rules §3).
  ['*.contoso.com', 'meet.fabrikam.com', null],
  ['*.com', 'contoso.com', null],
  ['f*.contoso.com', 'fe01.contoso.com', null],
  ['*fe.contoso.com', 'xfe.contoso.com', null],
  ['meet.*.com', 'meet.contoso.com', null],
  ['*.*.contoso.com', 'a.b.contoso.com', null],
  ['*.contoso.com', '*.contoso.com', null],
  ['*', 'contoso', null],
  ['', 'contoso.com', null],
  ['*.xn--bcher-kva.example', 'meet.bücher.example', 'wildcard'],
  ['meet.bücher.example', 'meet.xn--bcher-kva.example', 'exact'],
  ['*.bücher.example', 'xn--meet.xn--bcher-kva.example', 'wildcard'],
  ['sip.contoso.com', 'sipinternal.contoso.com', null],
];

for (const [certName, host, expected] of cases) {
  test(`coverageOf(${JSON.stringify(certName)}, ${JSON.stringify(host)}) is ${expected}`, () => {
    assert.equal(coverageOf(certName, host), expected);
  });
}

test('normalizeDnsName lowercases, drops the trailing dot and turns U-labels into A-labels', () => {
  assert.equal(normalizeDnsName('Pool01.Contoso.NET.'), 'pool01.contoso.net');
  assert.equal(normalizeDnsName('bücher.example'), 'xn--bcher-kva.example');
});

test('isWildcardName accepts only a whole left-most * over two or more labels', () => {
  assert.equal(isWildcardName('*.contoso.com'), true);
  assert.equal(isWildcardName('*.com'), false);
  assert.equal(isWildcardName('w*.contoso.com'), false);
  assert.equal(isWildcardName('meet.contoso.com'), false);
});

test('findCoveringName prefers an exact name over an earlier wildcard', () => {
  assert.deepEqual(findCoveringName(['*.contoso.com', 'meet.contoso.com'], 'meet.contoso.com'), {
    name: 'meet.contoso.com',
    coverage: 'exact',
  });
  assert.deepEqual(findCoveringName(['*.contoso.com'], 'dialin.contoso.com'), {
    name: '*.contoso.com',
    coverage: 'wildcard',
  });
  assert.equal(findCoveringName(['*.contoso.com'], 'meet.fabrikam.com'), null);
});
