import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeLookup } from '../../test/support/dns-lookups.js';
import { checkLyncdiscoverCnameOtherDomain } from './lyncdiscover-cname-other-domain.js';

const cases = [
  ['an A record', makeLookup('lyncdiscover', 'contoso.com', { addresses: ['203.0.113.5'] }), 0],
  [
    'a CNAME inside the domain',
    makeLookup('lyncdiscover', 'contoso.com', { addresses: ['203.0.113.5'], cname: 'rp.contoso.com' }),
    0,
  ],
  [
    'a CNAME into another domain',
    makeLookup('lyncdiscover', 'fabrikam.com', { addresses: ['203.0.113.5'], cname: 'rp.contoso.com' }),
    1,
  ],
  [
    'lyncdiscoverinternal as a CNAME into another domain',
    makeLookup('lyncdiscoverinternal', 'fabrikam.com', {
      addresses: ['10.0.0.5'],
      cname: 'webint.contoso.net',
    }),
    1,
  ],
  [
    'sip as a CNAME into another domain (not autodiscover)',
    makeLookup('sip', 'fabrikam.com', { addresses: ['10.0.0.5'], cname: 'sip.contoso.com' }),
    0,
  ],
] as const;

for (const [name, lookup, expected] of cases) {
  test(`LYNCDISCOVER_CNAME_OTHER_DOMAIN: ${name}`, () => {
    const findings = checkLyncdiscoverCnameOtherDomain(lookup);
    assert.equal(findings.length, expected);
    for (const f of findings) assert.equal(f.code, 'LYNCDISCOVER_CNAME_OTHER_DOMAIN');
  });
}
