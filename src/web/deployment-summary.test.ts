import assert from 'node:assert/strict';
import { test } from 'node:test';
import { summarizeDeployment, targetServer } from './deployment-summary.js';

test('targetServer: check targets (server/uses), scan targets (host:port) and plain servers', () => {
  assert.equal(targetServer('fe01.contoso.net/Default,WebServicesInternal'), 'fe01.contoso.net');
  assert.equal(targetServer('fe03.contoso.net:5061'), 'fe03.contoso.net');
  assert.equal(targetServer('fe03.contoso.net Default (fe03.contoso.net:443)'), 'fe03.contoso.net');
  assert.equal(targetServer('global'), 'global');
});

test('summarizeDeployment: worst severity, codes, nearest expiry and drift per server', () => {
  const rows = summarizeDeployment({
    plan: {
      requirements: [
        { server: 'fe01.contoso.net', pool: 'pool01.contoso.net', role: 'frontEnd', use: 'Default' },
        {
          server: 'fe01.contoso.net',
          pool: 'pool01.contoso.net',
          role: 'frontEnd',
          use: 'WebServicesExternal',
        },
        { server: 'fe02.contoso.net', pool: 'pool01.contoso.net', role: 'frontEnd', use: 'Default' },
        { server: 'med01.contoso.net', pool: 'med.contoso.net', role: 'mediation', use: 'Default' },
      ],
    },
    check: {
      findings: [
        { code: 'EXPIRES_SOON', severity: 'warning', target: 'fe01.contoso.net/Default' },
        { code: 'NAME_NOT_COVERED', severity: 'error', target: 'fe01.contoso.net/WebServicesExternal' },
        { code: 'EXPIRES_SOON', severity: 'warning', target: 'fe02.contoso.net/Default' },
      ],
    },
    get: {
      assignments: [
        { server: 'fe01.contoso.net', use: 'Default', certificate: { notAfter: '2027-01-01T00:00:00Z' } },
        {
          server: 'fe01.contoso.net',
          use: 'WebServicesExternal',
          certificate: { notAfter: '2026-07-01T00:00:00Z' },
        },
        { server: 'global', use: 'OAuthTokenIssuer', certificate: { notAfter: '2028-01-01T00:00:00Z' } },
      ],
    },
    scan: {
      endpoints: [
        {
          server: 'fe02.contoso.net',
          drift: 'served-not-assigned',
          findings: [{ code: 'SERVED_NOT_ASSIGNED', severity: 'error', target: 'fe02.contoso.net:5061' }],
        },
        { server: null, drift: 'not-assigned', findings: [] },
      ],
    },
  });
  const by = new Map(rows.map((r) => [r.server, r]));
  assert.deepEqual(by.get('fe01.contoso.net'), {
    server: 'fe01.contoso.net',
    pool: 'pool01.contoso.net',
    role: 'frontEnd',
    uses: ['Default', 'WebServicesExternal'],
    status: 'error',
    codes: ['EXPIRES_SOON', 'NAME_NOT_COVERED'],
    findings: 2,
    nearestExpiry: '2026-07-01T00:00:00Z',
    drift: 0,
  });
  assert.equal(by.get('fe02.contoso.net')?.status, 'error');
  assert.equal(by.get('fe02.contoso.net')?.drift, 1);
  assert.deepEqual(by.get('fe02.contoso.net')?.codes, ['EXPIRES_SOON', 'SERVED_NOT_ASSIGNED']);
  assert.equal(by.get('med01.contoso.net')?.status, 'ok');
  assert.equal(by.get('med01.contoso.net')?.nearestExpiry, null);
  assert.equal(by.get('global')?.role, 'global');
  assert.equal(rows.length, 4);
});
