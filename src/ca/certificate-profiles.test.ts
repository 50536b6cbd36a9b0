import assert from 'node:assert/strict';
import { test } from 'node:test';
import { certificateUses } from '../requirements/certificate-use.js';
import { clientProfile, serverProfile, serverUseExtendedKeyUsage } from './certificate-profiles.js';

test('every certificate use has Server Authentication, as Lync requires of every server certificate', () => {
  for (const use of certificateUses) {
    const ekus: readonly string[] = serverUseExtendedKeyUsage[use];
    assert.ok(ekus.includes('serverAuth'), use);
  }
});

test('the Web Server profile adds clientAuth only when asked, and keyEncipherment only for RSA', () => {
  assert.deepEqual(serverProfile(['Default', 'WebServicesInternal'], false, 'RSA'), {
    name: 'WebServer (Default,WebServicesInternal)',
    template: 'WebServer',
    keyUsage: ['digitalSignature', 'keyEncipherment'],
    extendedKeyUsage: ['serverAuth'],
  });
  const edge = serverProfile(['AccessEdgeExternal'], true, 'EC');
  assert.deepEqual(edge.extendedKeyUsage, ['serverAuth', 'clientAuth']);
  assert.deepEqual(edge.keyUsage, ['digitalSignature']);
  assert.deepEqual(serverProfile([], false, 'RSA').extendedKeyUsage, ['serverAuth']);
  assert.deepEqual(clientProfile('RSA').extendedKeyUsage, ['clientAuth']);
});
