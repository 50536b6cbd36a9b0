import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  formatEffectiveDate,
  formatImportCsCertificate,
  formatRemoveCsCertificate,
  formatSetCsCertificate,
} from './cmdlet-lines.js';

test('-EffectiveDate in the en-US form of [L13-ROLL]: "7/22/2012 6:00:00 AM"', () => {
  assert.equal(formatEffectiveDate(new Date('2012-07-22T06:00:00Z')), '7/22/2012 6:00:00 AM');
  assert.equal(formatEffectiveDate(new Date('2012-07-21T13:00:00Z')), '7/21/2012 1:00:00 PM');
  assert.equal(formatEffectiveDate(new Date('2026-12-31T00:05:09Z')), '12/31/2026 12:05:09 AM');
  assert.equal(formatEffectiveDate(new Date('2026-01-01T12:00:00Z')), '1/1/2026 12:00:00 PM');
});

test('Set-CsCertificate: several types share one thumbprint; OAuth is -Identity global; -Roll with a date', () => {
  const thumbprint = 'A9D51A2911C74FABFF7F2A8A994B20857D399107';
  assert.equal(
    formatSetCsCertificate({ uses: ['Default', 'WebServicesInternal'], thumbprint, effectiveDate: null }),
    `Set-CsCertificate -Type Default,WebServicesInternal -Thumbprint ${thumbprint}`,
  );
  assert.equal(
    formatSetCsCertificate({
      uses: ['OAuthTokenIssuer'],
      thumbprint,
      effectiveDate: new Date('2012-07-21T13:00:00Z'),
    }),
    `Set-CsCertificate -Identity global -Type OAuthTokenIssuer -Thumbprint ${thumbprint} -Roll -EffectiveDate "7/21/2012 1:00:00 PM"`,
  );
});

test('Import-CsCertificate: OAuth imports globally; Edge keys stay exportable; Remove-CsCertificate -Previous', () => {
  const windowsPath = 'C:\\Certificates\\a.pfx';
  assert.equal(
    formatImportCsCertificate({ windowsPath, uses: ['OAuthTokenIssuer'], passwordVariable: '$p' }),
    'Import-CsCertificate -Identity global -Type OAuthTokenIssuer -Path "C:\\Certificates\\a.pfx" -Password $p',
  );
  assert.equal(
    formatImportCsCertificate({ windowsPath, uses: ['AudioVideoAuthentication'], passwordVariable: '$p' }),
    'Import-CsCertificate -Path "C:\\Certificates\\a.pfx" -Password $p -PrivateKeyExportable $true',
  );
  assert.equal(
    formatImportCsCertificate({ windowsPath, uses: ['Default'], passwordVariable: null }),
    'Import-CsCertificate -Path "C:\\Certificates\\a.pfx"',
  );
  assert.equal(
    formatRemoveCsCertificate(['AudioVideoAuthentication'], true),
    'Remove-CsCertificate -Type AudioVideoAuthentication -Previous',
  );
});
