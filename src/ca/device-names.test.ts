import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UccertError } from '../errors.js';
import { ipAddressOctets, planDeviceNames } from './device-names.js';

/** Names a device would refuse, each with the error code and a word of the message. */
const refusals = [
  { subject: 'CN=vcs.contoso.com', san: ['DNS:vcs01.contoso.com'], code: 'BAD_SUBJECT', says: 'not among' },
  { subject: 'CN=vcs.contoso.com', san: [], code: 'BAD_SAN', says: 'at least one' },
  { subject: undefined, san: ['DNS:10.0.0.5'], code: 'BAD_SAN', says: 'IP address written as a DNS name' },
  { subject: undefined, san: ['DNS:vcs*.contoso.com'], code: 'BAD_SAN', says: 'wildcard' },
  { subject: undefined, san: ['DNS:*.com'], code: 'BAD_SAN', says: 'wildcard' },
  { subject: undefined, san: ['DNS:a.*.contoso.com'], code: 'BAD_SAN', says: 'wildcard' },
  { subject: undefined, san: ['DNS:sip_trunk.contoso.com'], code: 'BAD_SAN', says: 'sip_trunk' },
  { subject: undefined, san: ['DNS:vcs'], code: 'BAD_SAN', says: 'single label' },
  { subject: undefined, san: ['DNS:bücher.contoso.com'], code: 'BAD_SAN', says: 'bücher' },
  { subject: undefined, san: ['IP:10.0.0.256'], code: 'BAD_SAN', says: 'not an IPv4' },
  { subject: undefined, san: ['URI:sip:vcs.contoso.com'], code: 'BAD_SAN', says: 'DNS:NAME or IP:ADDRESS' },
  {
    subject: 'CN=a.contoso.com,E=x@contoso.com',
    san: ['DNS:a.contoso.com'],
    code: 'BAD_SUBJECT',
    says: 'E=x',
  },
  { subject: 'CN=a.contoso.com,C=USA', san: ['DNS:a.contoso.com'], code: 'BAD_SUBJECT', says: 'two-letter' },
  {
    subject: 'CN=a.contoso.com,CN=b.contoso.com',
    san: ['DNS:a.contoso.com'],
    code: 'BAD_SUBJECT',
    says: 'twice',
  },
  { subject: `CN=${'a'.repeat(65)}`, san: ['DNS:a.contoso.com'], code: 'BAD_SUBJECT', says: '64' },
  { subject: 'CN=', san: ['DNS:a.contoso.com'], code: 'BAD_SUBJECT', says: 'empty' },
] as const;

for (const r of refusals) {
  test(`refuses --subject ${r.subject ?? '(none)'} --san ${r.san.join(',') || '(none)'}: ${r.code}`, () => {
    assert.throws(
      () => planDeviceNames(r.subject, r.san),
      (error: unknown) =>
        error instanceof UccertError &&
        error.code === r.code &&
        error.message.includes(r.says) &&
        error.exitCode === 2,
    );
  });
}

test('an empty subject makes the SAN critical (RFC 5280 §4.2.1.6); a named one leaves it non-critical', () => {
  const empty = planDeviceNames(undefined, ['DNS:sbc.contoso.com']);
  assert.equal(empty.subjectAltNameCritical, true);
  assert.deepEqual([...empty.subjectName], [0x30, 0]);
  const named = planDeviceNames('CN=SBC.contoso.com,O=Contoso', [
    'DNS:sbc.contoso.com',
    'dns:SBC.contoso.com',
  ]);
  assert.equal(named.subjectAltNameCritical, false);
  assert.deepEqual(named.san, [{ type: 'dns', value: 'sbc.contoso.com' }]);
});

test('a wildcard CN is covered by the same wildcard SAN, and a host by a wildcard one label up', () => {
  assert.doesNotThrow(() => planDeviceNames('CN=*.lab.contoso.com', ['DNS:*.lab.contoso.com']));
  assert.doesNotThrow(() => planDeviceNames('CN=gw.lab.contoso.com', ['DNS:*.lab.contoso.com']));
  assert.doesNotThrow(() => planDeviceNames('/C=US/O=Contoso\\, Inc./CN=10.0.0.5', ['IP:10.0.0.5']));
});

test('IP addresses encode as 4 or 16 octets', () => {
  assert.deepEqual([...ipAddressOctets('10.0.0.5')], [10, 0, 0, 5]);
  assert.deepEqual(
    Buffer.from(ipAddressOctets('fe80::1')).toString('hex'),
    'fe800000000000000000000000000001',
  );
  assert.deepEqual(
    Buffer.from(ipAddressOctets('::ffff:10.0.0.5')).toString('hex'),
    '00000000000000000000ffff0a000005',
  );
});
