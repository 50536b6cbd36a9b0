import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeContext } from '../../test/support/check-context.js';
import {
  describeNewCertificateFix,
  formatRequestCsCertificate,
  formatSetCsCertificate,
  formatUccertRequest,
  planNewCertificate,
} from './certificate-fix.js';

test('missing lyncdiscover names of every SIP domain: -AllSipDomain, nothing in -DomainName', () => {
  const context = makeContext({
    requirement: { use: 'WebServicesExternal' },
    uses: ['Default', 'WebServicesInternal', 'WebServicesExternal'],
  });
  const request = planNewCertificate(context, ['lyncdiscover.contoso.com', 'lyncdiscover.fabrikam.com']);
  assert.equal(
    formatRequestCsCertificate(request),
    'Request-CsCertificate -New -Type Default,WebServicesInternal,WebServicesExternal -ComputerFqdn "fe01.contoso.net" -AllSipDomain',
  );
  assert.equal(
    formatUccertRequest(request),
    'uccert request --new --type Default,WebServicesInternal,WebServicesExternal --server fe01.contoso.net --topology examples/contoso.yaml --all-sip-domain --output fe01.contoso.net-Default.csr',
  );
});

test('a missing name of the default SIP domain only: -DomainName', () => {
  const context = makeContext({ requirement: { use: 'WebServicesExternal' } });
  const request = planNewCertificate(context, ['LyncDiscover.contoso.com', 'meet.contoso.com']);
  assert.equal(
    formatRequestCsCertificate(request),
    'Request-CsCertificate -New -Type WebServicesExternal -ComputerFqdn "fe01.contoso.net" -DomainName "lyncdiscover.contoso.com,meet.contoso.com"',
  );
});

test('a name the cmdlet cannot derive stays in -DomainName beside -AllSipDomain', () => {
  const context = makeContext();
  const request = planNewCertificate(context, ['sip.fabrikam.com', 'sipinternal.contoso.com']);
  assert.deepEqual([request.allSipDomain, request.extraNames], [true, ['sipinternal.contoso.com']]);
});

test('Edge external: exportable key and Client EKU when the use needs them', () => {
  const context = makeContext({
    requirement: {
      server: 'edge01.contoso.net',
      role: 'edge',
      use: 'AccessEdgeExternal',
      exportableKey: true,
      publicCa: true,
      extendedKeyUsage: ['serverAuth', 'clientAuth'],
    },
    uses: ['AccessEdgeExternal', 'DataEdgeExternal', 'AudioVideoAuthentication'],
  });
  assert.equal(
    formatRequestCsCertificate(planNewCertificate(context, ['webcon.contoso.com'])),
    'Request-CsCertificate -New -Type AccessEdgeExternal,DataEdgeExternal,AudioVideoAuthentication -ComputerFqdn "edge01.contoso.net" -DomainName "webcon.contoso.com" -ClientEku $true -PrivateKeyExportable $true -Output "C:\\Certificates\\edge01.contoso.net-AccessEdgeExternal.req"',
  );
});

test('Edge internal: an offline request (-Output) even from the internal CA: an Edge is no domain member', () => {
  const context = makeContext({
    requirement: { server: 'edge01.contoso.net', role: 'edge', use: 'Internal', exportableKey: true },
  });
  assert.equal(
    formatRequestCsCertificate(planNewCertificate(context, [])),
    'Request-CsCertificate -New -Type Internal -ComputerFqdn "edge01.contoso.net" -PrivateKeyExportable $true -Output "C:\\Certificates\\edge01.contoso.net-Internal.req"',
  );
  const frontEnd = makeContext();
  assert.doesNotMatch(formatRequestCsCertificate(planNewCertificate(frontEnd, [])), /-Output/);
});

test('OAuthTokenIssuer is assigned globally: Set-CsCertificate -Identity global ([L13-OAUTH])', () => {
  const oauth = makeContext({ requirement: { use: 'OAuthTokenIssuer' } });
  assert.equal(
    formatSetCsCertificate(planNewCertificate(oauth, [])),
    'Set-CsCertificate -Identity global -Type OAuthTokenIssuer -Thumbprint <new thumbprint>',
  );
  assert.match(
    describeNewCertificateFix('Renew it', oauth, []),
    /then assign it: Set-CsCertificate -Identity global -Type OAuthTokenIssuer -Thumbprint/,
  );
  assert.equal(
    formatSetCsCertificate(planNewCertificate(makeContext(), [])),
    'Set-CsCertificate -Type Default -Thumbprint <new thumbprint>',
  );
});

test('names the cmdlet derives from the topology stay out of -DomainName', () => {
  const base = makeContext({ requirement: { use: 'WebServicesInternal' } });
  const context = {
    ...base,
    fix: { ...base.fix, derivedNames: new Set(['fe01.contoso.net|webint.contoso.net']) },
  };
  const request = planNewCertificate(context, ['webint.contoso.net', 'lyncdiscoverinternal.contoso.com']);
  assert.deepEqual(request.extraNames, ['lyncdiscoverinternal.contoso.com']);
});
