import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeLookup } from '../../test/support/dns-lookups.js';
import { checkLyncdiscoverInternalMissing } from './lyncdiscoverinternal-missing.js';

const external = makeLookup('lyncdiscover', 'contoso.com', { addresses: ['203.0.113.5'] });
const cases = [
  [
    'both exist',
    [external, makeLookup('lyncdiscoverinternal', 'contoso.com', { addresses: ['10.0.0.5'] })],
    1 - 1,
  ],
  [
    'lyncdiscover without lyncdiscoverinternal (NXDOMAIN)',
    [external, makeLookup('lyncdiscoverinternal', 'contoso.com')],
    1,
  ],
  [
    'lyncdiscoverinternal without an address',
    [external, makeLookup('lyncdiscoverinternal', 'contoso.com', { status: 'nodata' })],
    1,
  ],
  [
    'a timeout is no evidence',
    [external, makeLookup('lyncdiscoverinternal', 'contoso.com', { status: 'timeout' })],
    0,
  ],
  [
    'neither exists',
    [makeLookup('lyncdiscover', 'contoso.com'), makeLookup('lyncdiscoverinternal', 'contoso.com')],
    0,
  ],
] as const;

for (const [name, lookups, expected] of cases) {
  test(`LYNCDISCOVERINTERNAL_MISSING: ${name}`, () => {
    const findings = checkLyncdiscoverInternalMissing(lookups);
    assert.equal(findings.length, expected);
    for (const f of findings)
      assert.deepEqual(
        [f.code, f.target],
        ['LYNCDISCOVERINTERNAL_MISSING', 'lyncdiscoverinternal.contoso.com'],
      );
  });
}
