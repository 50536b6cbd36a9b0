// openssl is the oracle: for every fixture certificate and the CSR, what uccert reads must equal
// what `openssl x509` / `openssl req` print: thumbprint, serial, dates, subject, issuer, SAN list,
// EKU, key size, curve and signature algorithm. Containers (PEM bundles, P7B, PFX) are unpacked by
// openssl too, and every certificate in them is compared in the order openssl gives; for a PFX,
// openssl's own key says which certificate the key belongs to.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseCertificateContainer } from '../src/x509/certificate-container.js';
import type { CertificateFacts, SubjectAltName } from '../src/x509/certificate-facts.js';
import { repoPath } from './support/repo.js';

const dir = repoPath('test/fixtures/');
const certificateFiles = readdirSync(dir).filter(
  (f) => (f.endsWith('.pem') && !['chain.pem', 'bundle-with-text.pem'].includes(f)) || f === 'rsa-leaf.der',
);

function openssl(args: readonly string[], input?: string | Uint8Array): string {
  return execFileSync('openssl', args, {
    encoding: 'utf8',
    ...(input === undefined ? {} : { input }),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** RFC 2253 as openssl prints it, from uccert's Windows form (`, ` separators, S=, E=). */
function toRfc2253(windows: string): string {
  const keys: Readonly<Record<string, string>> = { S: 'ST', E: 'emailAddress' };
  return windows
    .split(', ')
    .map((part) => {
      const eq = part.indexOf('=');
      const key = part.slice(0, eq);
      return `${keys[key] ?? key}=${part.slice(eq + 1)}`;
    })
    .join(',');
}

/** openssl's uncompressed, uppercase IPv6 form (2001:DB8:0:0:0:0:0:1). */
function opensslIp(value: string): string {
  if (!value.includes(':')) return value;
  const [head, tail] = value.split('::') as [string, string | undefined];
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const middle = tail === undefined ? [] : Array(8 - left.length - right.length).fill('0');
  return [...left, ...middle, ...right]
    .map((g) => Number.parseInt(g, 16).toString(16).toUpperCase())
    .join(':');
}

const sanPrefixes: Readonly<Record<string, (v: string) => string>> = {
  dns: (v) => `DNS:${v}`,
  ip: (v) => `IP Address:${opensslIp(v)}`,
  uri: (v) => `URI:${v}`,
  email: (v) => `email:${v}`,
  upn: (v) => `othername: UPN::${v}`,
};

function toOpensslSan(names: readonly SubjectAltName[]): string {
  return names.map((n) => sanPrefixes[n.type]!(n.value)).join(', ');
}

const ekuLongNames: Readonly<Record<string, string>> = {
  serverAuth: 'TLS Web Server Authentication',
  clientAuth: 'TLS Web Client Authentication',
};

/** The line after `heading` in openssl -text output, trimmed, or '' when absent. */
function lineAfter(text: string, heading: string): string {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => l.includes(heading));
  return at < 0 ? '' : (lines[at + 1] ?? '').trim();
}

function field(text: string, name: string): string {
  const line = text.split('\n').find((l) => l.startsWith(`${name}=`));
  assert.ok(line !== undefined, `openssl printed no ${name}`);
  return line.slice(name.length + 1).trim();
}

function isoOf(opensslDate: string): string {
  return new Date(opensslDate).toISOString().replace('.000Z', 'Z');
}

/**
 * Asserts that uccert's facts equal what `openssl x509` prints for the certificate `source`
 * (a path, or PEM text fed on stdin).
 */
function assertAgreesWithOpenssl(
  facts: CertificateFacts,
  source: { readonly path: string; readonly der: boolean } | { readonly pem: string },
): void {
  const from = 'pem' in source ? [] : ['-in', source.path, ...(source.der ? ['-inform', 'DER'] : [])];
  const input = 'pem' in source ? source.pem : undefined;
  const x509 = (args: readonly string[]) => openssl(['x509', ...from, '-noout', ...args], input);

  const summary = x509([
    '-fingerprint',
    '-sha1',
    '-serial',
    '-dates',
    '-subject',
    '-issuer',
    '-nameopt',
    'RFC2253',
  ]);
  assert.equal(facts.thumbprint, field(summary, 'sha1 Fingerprint').replaceAll(':', ''));
  assert.equal(facts.serialNumber, field(summary, 'serial'));
  assert.equal(facts.notBefore, isoOf(field(summary, 'notBefore')));
  assert.equal(facts.notAfter, isoOf(field(summary, 'notAfter')));
  assert.equal(toRfc2253(facts.subject), field(summary, 'subject'));
  assert.equal(toRfc2253(facts.issuer), field(summary, 'issuer'));

  const sha256 = x509(['-fingerprint', '-sha256']);
  assert.equal(facts.thumbprintSha256, field(sha256, 'sha256 Fingerprint').replaceAll(':', ''));

  const text = x509(['-text']);
  assert.equal(toOpensslSan(facts.subjectAltNames), lineAfter(text, 'X509v3 Subject Alternative Name'));
  assert.equal(
    facts.extendedKeyUsage.map((e) => ekuLongNames[e] ?? e).join(', '),
    lineAfter(text, 'X509v3 Extended Key Usage'),
  );
  assert.equal(facts.keySize, Number(/Public-Key: \((\d+) bit\)/.exec(text)?.[1]));
  assert.equal(facts.curve, /ASN1 OID: (\S+)/.exec(text)?.[1] ?? null);
  assert.equal(facts.signatureAlgorithm, /Signature Algorithm: (\S+)/.exec(text)?.[1]);
  assert.equal(facts.isCa, /CA:TRUE/.test(text));
}

for (const name of certificateFiles) {
  test(`openssl agrees with uccert on ${name}`, () => {
    const path = `${dir}${name}`;
    const file = parseCertificateContainer(readFileSync(path), { source: name });
    assert.equal(file.certificates.length, 1);
    assertAgreesWithOpenssl(file.certificates[0]!.facts, { path, der: name.endsWith('.der') });
  });
}

const pemCertificates = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----\n/g;
const pfxPassword = 'uccert-test';
/** The PFX fixtures and their passwords (nopass.pfx has the empty one). */
const pfxFixtures = [
  ['modern.pfx', pfxPassword],
  ['legacy.pfx', pfxPassword],
  ['ecdsa.pfx', pfxPassword],
  ['nopass.pfx', ''],
] as const;
const pfxArgs = (path: string, password: string, legacy: boolean) => [
  'pkcs12',
  '-in',
  path,
  '-passin',
  `pass:${password}`,
  ...(legacy ? ['-legacy'] : []),
];

/** Each container fixture, how openssl unpacks its certificates to PEM, and the PFX password. */
const containers: readonly {
  readonly name: string;
  readonly password?: string;
  readonly unpack: (path: string) => string;
}[] = [
  ...['chain.pem', 'bundle-with-text.pem'].map((name) => ({
    name,
    unpack: (path: string) =>
      openssl(['pkcs7', '-print_certs'], openssl(['crl2pkcs7', '-nocrl', '-certfile', path])),
  })),
  { name: 'chain.p7b', unpack: (path) => openssl(['pkcs7', '-in', path, '-print_certs']) },
  {
    name: 'chain-der.p7b',
    unpack: (path) => openssl(['pkcs7', '-in', path, '-inform', 'DER', '-print_certs']),
  },
  ...pfxFixtures.map(([name, password]) => ({
    name,
    password,
    unpack: (path: string) => openssl([...pfxArgs(path, password, name === 'legacy.pfx'), '-nokeys']),
  })),
];

for (const { name, password, unpack } of containers) {
  test(`openssl agrees with uccert on every certificate in ${name}`, () => {
    const path = `${dir}${name}`;
    const file = parseCertificateContainer(readFileSync(path), { source: name, password });
    const pems = unpack(path).match(pemCertificates) ?? [];
    assert.equal(pems.length, 3, `openssl unpacked ${pems.length} certificates from ${name}`);
    assert.equal(file.certificates.length, pems.length);
    pems.forEach((pem, i) => {
      assertAgreesWithOpenssl(file.certificates[i]!.facts, { pem });
    });
  });
}

for (const [name, password] of pfxFixtures) {
  test(`the key of ${name} belongs to the certificate whose public key openssl finds in its key`, () => {
    const path = `${dir}${name}`;
    const args = pfxArgs(path, password, name === 'legacy.pfx');
    const keyPem = openssl([...args, '-nocerts', '-nodes']);
    const publicKey = openssl(['pkey', '-pubout'], keyPem);
    const certificateKeys = (openssl([...args, '-nokeys']).match(pemCertificates) ?? []).map((pem) =>
      openssl(['x509', '-noout', '-pubkey'], pem),
    );
    const owner = certificateKeys.indexOf(publicKey);
    assert.ok(owner >= 0, `openssl finds no certificate for the key of ${name}`);

    const file = parseCertificateContainer(readFileSync(path), { source: name, password });
    assert.equal(file.keys.length, 1);
    assert.equal(file.keys[0]!.certificate, owner);
    assert.deepEqual(
      file.certificates.map((c) => c.facts.hasPrivateKey),
      certificateKeys.map((_, i) => i === owner),
    );
  });
}

test('openssl agrees with uccert on the CSR', () => {
  for (const name of ['request.csr', 'request-der.csr']) {
    const path = `${dir}${name}`;
    const inform = name.endsWith('-der.csr') ? ['-inform', 'DER'] : [];
    const request = parseCertificateContainer(readFileSync(path), { source: name }).requests[0]!;
    const text = openssl(['req', '-in', path, ...inform, '-noout', '-text']);
    assert.equal(toOpensslSan(request.subjectAltNames), lineAfter(text, 'X509v3 Subject Alternative Name'));
    assert.equal(
      request.extendedKeyUsage.map((e) => ekuLongNames[e] ?? e).join(', '),
      lineAfter(text, 'X509v3 Extended Key Usage'),
    );
    const subject = openssl(['req', '-in', path, ...inform, '-noout', '-subject', '-nameopt', 'RFC2253']);
    assert.equal(toRfc2253(request.subject), field(subject, 'subject'));
    assert.equal(request.keySize, Number(/Public-Key: \((\d+) bit\)/.exec(text)?.[1]));
    assert.equal(request.signatureAlgorithm, /Signature Algorithm: (\S+)/.exec(text)?.[1]);
    // openssl exits non-zero (and execFileSync throws) unless the self-signature verifies.
    execFileSync('openssl', ['req', '-in', path, ...inform, '-noout', '-verify'], { stdio: 'pipe' });
    assert.equal(request.signatureValid, true);
  }
});

test('the oracle covers every certificate fixture', () => {
  assert.ok(certificateFiles.length >= 20, `only ${certificateFiles.length} certificate fixtures`);
  // Every container the fixture script writes is compared above, not only single certificates.
  const written = readdirSync(dir).filter(
    (f) => /\.(p7b|pfx)$/.test(f) || f === 'chain.pem' || f === 'bundle-with-text.pem',
  );
  assert.deepEqual(written.sort(), containers.map((c) => c.name).sort());
});
