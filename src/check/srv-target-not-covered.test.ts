import assert from 'node:assert/strict';
import { test } from 'node:test';
import { goodFacts } from '../../test/support/check-context.js';
import { makeLookup } from '../../test/support/dns-lookups.js';
import { checkSrvTargetNotCovered } from './srv-target-not-covered.js';

const lookup = makeLookup('_sip._tls', 'contoso.com', { srv: [{ target: 'sip.contoso.com', port: 443 }] });
const record = lookup.srv[0]!;

const cases = [
  ['the target in the SAN', { alternativeNames: ['sip.contoso.com'] }, 0],
  ['the target by a wildcard', { alternativeNames: ['*.contoso.com'] }, 0],
  ['another host only', { alternativeNames: ['sip.fabrikam.com', 'webcon.contoso.com'] }, 1],
  [
    'the target only in the CN, beside other SAN names',
    { subjectCommonName: 'sip.contoso.com', alternativeNames: ['webcon.contoso.com'] },
    1,
  ],
  [
    'no SAN, the target in the CN (RFC 6125 §6.4.4)',
    { subjectCommonName: 'sip.contoso.com', alternativeNames: [] },
    0,
  ],
] as const;

for (const [name, change, expected] of cases) {
  test(`SRV_TARGET_NOT_COVERED: ${name}`, () => {
    const findings = checkSrvTargetNotCovered(lookup, record, { ...goodFacts, ...change });
    assert.equal(findings.length, expected);
    for (const f of findings) {
      assert.deepEqual([f.code, f.target], ['SRV_TARGET_NOT_COVERED', 'sip.contoso.com:443']);
      assert.match(
        f.fix,
        /-Type AccessEdgeExternal,DataEdgeExternal,AudioVideoAuthentication -DomainName "sip\.contoso\.com" -PrivateKeyExportable \$true -Output "C:\\Certificates\\sip\.contoso\.com\.req"/,
      );
    }
  });
}
