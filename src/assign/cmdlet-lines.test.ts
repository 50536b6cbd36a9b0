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

test('ReverseProxy: no *-CsCertificate cmdlet (the reverse proxy runs no Lync); Windows PKI import and a binding note', () => {
  const thumbprint = 'A9D51A2911C74FABFF7F2A8A994B20857D399107';
  const set = formatSetCsCertificate({ uses: ['ReverseProxy'], thumbprint, effectiveDate: null });
  assert.ok(!set.includes('Set-CsCertificate'), set);
  assert.match(set, /^# ReverseProxy: no Lync cmdlet; bind certificate A9D5.*reverse proxy's HTTPS listener/);
  assert.equal(
    formatSetCsCertificate({ uses: ['Default', 'ReverseProxy'], thumbprint, effectiveDate: null }).split(
      '  #',
    )[0],
    `Set-CsCertificate -Type Default -Thumbprint ${thumbprint}`,
  );
  assert.ok(!formatRemoveCsCertificate(['ReverseProxy'], false).includes('Remove-CsCertificate'));
  assert.equal(
    formatImportCsCertificate({
      windowsPath: 'C:\\Certificates\\rp.pfx',
      uses: ['ReverseProxy'],
      passwordVariable: '$p',
    }),
    'Import-PfxCertificate -FilePath "C:\\Certificates\\rp.pfx" -CertStoreLocation Cert:\\LocalMachine\\My -Password (ConvertTo-SecureString $p -AsPlainText -Force)',
  );
  assert.equal(
    formatImportCsCertificate({
      windowsPath: 'C:\\Certificates\\rp.pem',
      uses: ['ReverseProxy'],
      passwordVariable: null,
    }),
    'Import-Certificate -FilePath "C:\\Certificates\\rp.pem" -CertStoreLocation Cert:\\LocalMachine\\My',
  );
});
