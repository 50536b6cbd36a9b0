import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkClientCertificateRejected, explainedAlerts } from './client-certificate-rejected.js';

const cases = [
  [null, null],
  ['unknown_ca', /import our root into the peer's Trusted Root/],
  ['bad_certificate', /Client Authentication EKU/],
  ['certificate_expired', /uccert renew/],
  ['access_denied', /allowed partners/],
  ['illegal_parameter', /peer's event log/],
] as const;

for (const [alert, fix] of cases) {
  test(`CLIENT_CERTIFICATE_REJECTED: alert ${alert ?? '(none)'}`, () => {
    const finding = checkClientCertificateRejected(alert, 'CN=sip.contoso.com', 'sip.fabrikam.com:5061');
    if (fix === null) return assert.equal(finding, null);
    assert.equal(finding?.code, 'CLIENT_CERTIFICATE_REJECTED');
    assert.equal(finding?.severity, 'error');
    assert.equal(
      finding?.message,
      `sip.fabrikam.com:5061 ended the handshake with the alert "${alert}" after we presented "CN=sip.contoso.com"`,
    );
    assert.match(finding?.fix ?? '', fix);
  });
}

test('every explained alert is an RFC 8446 alert name', () => {
  const rfc8446 = new Set([
    'unknown_ca',
    'bad_certificate',
    'unsupported_certificate',
    'certificate_expired',
    'certificate_revoked',
    'certificate_unknown',
    'certificate_required',
    'access_denied',
    'handshake_failure',
    'decrypt_error',
  ]);
  for (const alert of explainedAlerts) assert.ok(rfc8446.has(alert), alert);
});
