import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeLookup } from '../../test/support/dns-lookups.js';
import { checkSrvTargetOtherDomain } from './srv-target-other-domain.js';

const cases = [
  [
    'a target inside the domain',
    makeLookup('_sipinternaltls._tcp', 'contoso.com', { srv: [{ target: 'pool01.contoso.com' }] }),
    [],
  ],
  [
    'the domain itself',
    makeLookup('_sip._tls', 'contoso.com', { srv: [{ target: 'contoso.com', port: 443 }] }),
    [],
  ],
  [
    'a target in another domain',
    makeLookup('_sipinternaltls._tcp', 'litwareinc.com', { srv: [{ target: 'pool01.fabrikam.com' }] }),
    ['error'],
  ],
  // Suffix look-alikes are not inside: notcontoso.com does not end in ".contoso.com".
  [
    'a look-alike suffix',
    makeLookup('_sip._tls', 'contoso.com', { srv: [{ target: 'sip.notcontoso.com' }] }),
    ['error'],
  ],
  [
    'federation into another domain: a warning',
    makeLookup('_sipfederationtls._tcp', 'fabrikam.com', { srv: [{ target: 'sip.contoso.com' }] }),
    ['warning'],
  ],
  [
    'an address record (not an SRV)',
    makeLookup('lyncdiscover', 'contoso.com', { addresses: ['10.0.0.1'], cname: 'rp.fabrikam.com' }),
    [],
  ],
] as const;

for (const [name, lookup, expected] of cases) {
  test(`SRV_TARGET_OTHER_DOMAIN: ${name}`, () => {
    const findings = checkSrvTargetOtherDomain(lookup);
    assert.deepEqual(
      findings.map((f) => f.severity),
      expected,
    );
    for (const f of findings) assert.equal(f.code, 'SRV_TARGET_OTHER_DOMAIN');
  });
}
