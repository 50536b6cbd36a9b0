// The Certificate JSON contract of architecture.md ("Certificate JSON (show, probe, get)"), as
// the tests hold every renderer to it: the field names are a public interface, never renamed.

import assert from 'node:assert/strict';

/** Every field the contract names, in its order. */
export const contractCertificateFields = [
  'subject',
  'issuer',
  'serialNumber',
  'thumbprint',
  'thumbprintSha256',
  'notBefore',
  'notAfter',
  'alternativeNames',
  'subjectAltNames',
  'keyAlgorithm',
  'keySize',
  'curve',
  'signatureAlgorithm',
  'keyUsage',
  'extendedKeyUsage',
  'crlDistributionPoints',
  'authorityInfoAccess',
  'isCa',
  'selfSigned',
  'hasPrivateKey',
] as const;

const sanTypes = new Set(['dns', 'ip', 'uri', 'email', 'upn', 'dirName', 'registeredId', 'other']);
const isoUtc = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const isStringList = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** Asserts that `value` (parsed JSON) is one certificate as the contract describes it. */
export function assertContractCertificate(value: unknown, where: string): void {
  assert.ok(typeof value === 'object' && value !== null, `${where}: not an object`);
  const c = value as Record<string, unknown>;
  const missing = contractCertificateFields.filter((f) => !(f in c));
  assert.deepEqual(missing, [], `${where}: contract fields missing`);
  assert.match(String(c.serialNumber), /^[0-9A-F]+$/, `${where}: serialNumber is uppercase hex`);
  assert.match(String(c.thumbprint), /^[0-9A-F]{40}$/, `${where}: thumbprint`);
  assert.match(String(c.thumbprintSha256), /^[0-9A-F]{64}$/, `${where}: thumbprintSha256`);
  assert.match(String(c.notBefore), isoUtc, `${where}: notBefore is ISO 8601 UTC`);
  assert.match(String(c.notAfter), isoUtc, `${where}: notAfter is ISO 8601 UTC`);
  assert.ok(isStringList(c.alternativeNames), `${where}: alternativeNames`);
  for (const name of c.alternativeNames as string[])
    assert.equal(name, name.toLowerCase(), `${where}: ${name}`);
  assert.ok(Array.isArray(c.subjectAltNames), `${where}: subjectAltNames`);
  for (const entry of c.subjectAltNames as { type: unknown; value: unknown }[]) {
    assert.ok(sanTypes.has(String(entry.type)) && typeof entry.value === 'string', `${where}: SAN entry`);
  }
  // alternativeNames are exactly the dns entries of subjectAltNames, in order, lowercase.
  assert.deepEqual(
    c.alternativeNames,
    (c.subjectAltNames as { type: string; value: string }[])
      .filter((e) => e.type === 'dns')
      .map((e) => e.value.toLowerCase()),
  );
  assert.equal(typeof c.keyAlgorithm, 'string');
  assert.ok(Number.isInteger(c.keySize), `${where}: keySize`);
  assert.ok(c.curve === null || typeof c.curve === 'string', `${where}: curve`);
  assert.equal(typeof c.signatureAlgorithm, 'string');
  for (const list of ['keyUsage', 'extendedKeyUsage', 'crlDistributionPoints'] as const) {
    assert.ok(isStringList(c[list]), `${where}: ${list}`);
  }
  assert.ok(Array.isArray(c.authorityInfoAccess), `${where}: authorityInfoAccess`);
  for (const flag of ['isCa', 'selfSigned', 'hasPrivateKey'] as const) {
    assert.equal(typeof c[flag], 'boolean', `${where}: ${flag}`);
  }
}

const findingKeys = ['code', 'severity', 'target', 'message', 'fix', 'sources'];

/** Asserts that `value` (parsed JSON) is a finding as the contract describes it ("Findings"). */
export function assertContractFinding(value: unknown, where: string): void {
  assert.ok(typeof value === 'object' && value !== null, `${where}: not an object`);
  const f = value as Record<string, unknown>;
  assert.deepEqual(Object.keys(f).sort(), [...findingKeys].sort(), `${where}: finding fields`);
  assert.match(String(f.code), /^[A-Z][A-Z_]+$/, `${where}: code`);
  assert.ok(['error', 'warning', 'info'].includes(String(f.severity)), `${where}: severity`);
  for (const text of ['target', 'message', 'fix'] as const) {
    assert.ok(typeof f[text] === 'string' && f[text] !== '', `${where}: ${text}`);
  }
  assert.ok(isStringList(f.sources) && (f.sources as string[]).length > 0, `${where}: sources`);
}
