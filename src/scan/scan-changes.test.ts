import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Finding } from '../check/finding.js';
import { compareScans } from './scan-changes.js';
import type { ExpiryEntry, ScanEndpointResult } from './scan-document.js';

const endpoint = (
  name: string,
  status: ScanEndpointResult['status'],
  thumbprint: string | null,
): ScanEndpointResult => ({
  endpoint: name,
  host: name.split(':')[0]!,
  port: Number(name.split(':')[1]),
  server: 'fe01',
  use: 'Default',
  source: 'server',
  status,
  served:
    thumbprint === null
      ? null
      : {
          thumbprint,
          chain: [thumbprint],
          protocol: 'TLSv1.3',
          cipher: null,
          notAfter: '2027-01-01T00:00:00Z',
          subject: 'CN=x',
        },
  assigned: null,
  drift: 'none',
  findings: [],
  error: null,
  elapsedMs: 1,
});
const finding = (code: Finding['code'], target: string): Finding => ({
  code,
  severity: 'error',
  target,
  message: `${code} on ${target}`,
  fix: '',
  sources: [],
});
const expiry = (thumbprint: string, grade: ExpiryEntry['grade']): ExpiryEntry => ({
  thumbprint,
  subject: 'CN=x',
  notAfter: '2027-01-01T00:00:00Z',
  daysLeft: 1,
  grade,
  where: ['fe01:5061'],
});

test('scan changes: thumbprint, unreachable, reachable, new and gone endpoints, findings, warning window', () => {
  const changes = compareScans(
    {
      endpoints: [
        endpoint('a:1', 'ok', 'T1'),
        endpoint('b:1', 'ok', 'T2'),
        endpoint('c:1', 'refused', null),
        endpoint('gone:1', 'ok', 'T2'),
      ],
      findings: [finding('EXPIRED', 'a:1'), finding('HOSTNAME_MISMATCH', 'b:1')],
      expiry: [expiry('T1', 'green'), expiry('T2', 'amber'), expiry('T3', 'amber')],
    },
    {
      endpoints: [
        endpoint('a:1', 'ok', 'T9'),
        endpoint('b:1', 'timeout', null),
        endpoint('c:1', 'ok', 'T1'),
        endpoint('new:1', 'ok', 'T1'),
      ],
      findings: [finding('EXPIRED', 'a:1'), finding('SERVED_NOT_ASSIGNED', 'c:1')],
      expiry: [expiry('T1', 'amber'), expiry('T2', 'amber'), expiry('T3', 'red'), expiry('T9', 'green')],
    },
  );
  assert.deepEqual(
    changes.map((c) => `${c.kind} ${'endpoint' in c ? c.endpoint : 'target' in c ? c.target : c.thumbprint}`),
    [
      'thumbprint-changed a:1',
      'unreachable b:1',
      'reachable c:1',
      'endpoint-new new:1',
      'endpoint-gone gone:1',
      'finding-new c:1',
      'finding-resolved b:1',
      'entered-warning-window T1',
      'entered-warning-window T3',
    ],
  );
});

test('scan changes: the same scan twice changes nothing', () => {
  const snapshot = {
    endpoints: [endpoint('a:1', 'ok', 'T1')],
    findings: [finding('EXPIRED', 'a:1')],
    expiry: [expiry('T1', 'red')],
  };
  assert.deepEqual(compareScans(snapshot, snapshot), []);
});
