import assert from 'node:assert/strict';
import { test } from 'node:test';
import { goodFacts } from '../../test/support/check-context.js';
import { makeLookup } from '../../test/support/dns-lookups.js';
import { checkSrvTargetNotCovered } from './srv-target-not-covered.js';

const lookup = makeLookup('_sip._tls', 'contoso.com', { srv: [{ target: 'sip.contoso.com', port: 443 }] });
const record = lookup.srv[0]!;
const noTopology = { kind: 'noTopology' } as const;

const cases = [
  ['the target in the SAN', { alternativeNames: ['sip.contoso.com'] }, 0],
  ['the target in the SAN beside a wildcard', { alternativeNames: ['*.contoso.com', 'sip.contoso.com'] }, 0],
  ['the target only by a wildcard SAN', { alternativeNames: ['*.contoso.com'] }, 1],
  [
    'the target only by a wildcard subject, no SAN',
    { subjectCommonName: '*.contoso.com', alternativeNames: [] },
    1,
  ],
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
    const findings = checkSrvTargetNotCovered(lookup, record, { ...goodFacts, ...change }, noTopology);
    assert.equal(findings.length, expected);
    for (const f of findings) {
      assert.deepEqual(
        [f.code, f.severity, f.target],
        ['SRV_TARGET_NOT_COVERED', 'error', 'sip.contoso.com:443'],
      );
      assert.match(
        f.fix,
        /-Type AccessEdgeExternal,DataEdgeExternal,AudioVideoAuthentication -DomainName "sip\.contoso\.com" -PrivateKeyExportable \$true -Output "C:\\Certificates\\sip\.contoso\.com\.req"/,
      );
      assert.match(f.fix, /with --topology FILE, uccert discover gives the exact Request-CsCertificate/);
    }
  });
}

// lync-certificate-rules.md §3: no wildcard for SIP, whichever SIP record leads there.
for (const prefix of ['_sipinternaltls._tcp', '_sipinternal._tcp', '_sip._tls', '_sipfederationtls._tcp']) {
  test(`SRV_TARGET_NOT_COVERED: a wildcard does not carry a ${prefix} target`, () => {
    const sip = makeLookup(prefix, 'contoso.com', { srv: [{ target: 'pool.contoso.com', port: 5061 }] });
    const [finding, ...rest] = checkSrvTargetNotCovered(
      sip,
      sip.srv[0]!,
      { ...goodFacts, alternativeNames: ['*.contoso.com'] },
      noTopology,
    );
    assert.equal(rest.length, 0);
    assert.equal(finding?.severity, 'error');
    assert.match(
      finding?.message ?? '',
      /covers "pool\.contoso\.com" only by the wildcard \*\.contoso\.com, which Lync does not accept for SIP/,
    );
  });
}

test('SRV_TARGET_NOT_COVERED: the exact request when the topology places the target', () => {
  const request = {
    uses: ['Default', 'WebServicesInternal', 'WebServicesExternal'],
    server: 'fe01.contoso.net',
    extraNames: ['pool.contoso.com'],
    allSipDomain: false,
    exportableKey: false,
    clientEku: false,
    publicCa: false,
    offline: false,
    global: false,
    topologyPath: 'contoso.yaml',
  };
  const sip = makeLookup('_sipinternaltls._tcp', 'contoso.com', {
    srv: [{ target: 'pool.contoso.com', port: 5061 }],
  });
  const [finding] = checkSrvTargetNotCovered(
    sip,
    sip.srv[0]!,
    { ...goodFacts, alternativeNames: ['*.contoso.com'] },
    { kind: 'planned', request, pool: 'pool01.contoso.net', otherServers: ['fe02.contoso.net'] },
  );
  assert.equal(
    finding?.fix,
    [
      'on fe01.contoso.net (pool pool01.contoso.net), the server behind pool.contoso.com, request a certificate that carries it by name:',
      '  Request-CsCertificate -New -Type Default,WebServicesInternal,WebServicesExternal -ComputerFqdn "fe01.contoso.net" -DomainName "pool.contoso.com"',
      '  or: uccert request --new --type Default,WebServicesInternal,WebServicesExternal --server fe01.contoso.net --topology contoso.yaml --domain-name "pool.contoso.com" --output fe01.contoso.net-Default.csr',
      'then assign it: Set-CsCertificate -Type Default,WebServicesInternal,WebServicesExternal -Thumbprint <new thumbprint>',
      'and the same on fe02.contoso.net (each server of the pool has its own)',
      'or point _sipinternaltls._tcp.contoso.com at a host name the served certificate carries by name',
    ].join('\n'),
  );
});

test('SRV_TARGET_NOT_COVERED: a topology that does not place the target keeps the generic fix, without the hint', () => {
  const [finding] = checkSrvTargetNotCovered(
    lookup,
    record,
    { ...goodFacts, alternativeNames: ['sip.fabrikam.com'] },
    { kind: 'noPool' },
  );
  assert.match(finding?.fix ?? '', /Request-CsCertificate -New -Type AccessEdgeExternal/);
  assert.doesNotMatch(finding?.fix ?? '', /--topology/);
});
