// The companion of test/fixtures/make-reader-fixtures.sh: writes, with uccert's own DER writer,
// the issue 9 shapes openssl refuses to make. Each starts from an openssl-made certificate, has one
// part re-encoded, and is re-signed with the test CA's key, so only the named defect differs.
// Usage (from the script): node dist/test/support/reader-fixture-shapes.js OUTDIR WORKDIR

import { createPrivateKey, randomBytes, sign } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { childrenOf, encodingOf, readNode, Tag } from '../../src/x509/der.js';
import {
  concatBytes,
  encodeExplicit,
  encodeNull,
  encodeOid,
  encodeSequence,
  encodeSetOf,
  encodeTlv,
} from '../../src/x509/der-writer.js';
import { parsePem } from '../../src/x509/pem.js';
import { buildPkcs12 } from '../../src/x509/pkcs12-build.js';

// `node --test dist/` loads every file under test/, this one too, with no arguments: then it
// only says how it is meant to be run.
const [outArg, workArg] = process.argv.slice(2);
if (outArg === undefined || workArg === undefined) {
  console.error(
    'usage: node dist/test/support/reader-fixture-shapes.js OUTDIR WORKDIR (from make-reader-fixtures.sh)',
  );
} else {
  writeShapes(outArg, workArg);
}

function writeShapes(outDir: string, workDir: string): void {
  const pemDer = (path: string): Uint8Array => parsePem(readFileSync(path, 'latin1'))[0]!.der;
  const caKey = createPrivateKey(readFileSync(join(outDir, 'reader-ca.key')));
  const caDer = pemDer(join(outDir, 'reader-ca.pem'));
  const leafDer = pemDer(join(outDir, 'base-leaf.pem'));

  const ascii = (text: string) => new TextEncoder().encode(text);
  const algorithm = (oid: string) => encodeSequence([encodeOid(oid), encodeNull()]);
  const sha256WithRsa = '1.2.840.113549.1.1.11';

  /** The TBSCertificate fields of an openssl-made v3 certificate, by name. */
  function tbsFields(der: Uint8Array) {
    const cert = readNode(der, 0);
    const tbs = readNode(der, cert.contentStart, cert.end);
    const [version, serial, signature, issuer, validity, subject, spki, extensions] = childrenOf(
      der,
      tbs,
    ).map((n) => encodingOf(der, n)) as [
      Uint8Array,
      Uint8Array,
      Uint8Array,
      Uint8Array,
      Uint8Array,
      Uint8Array,
      Uint8Array,
      Uint8Array,
    ];
    return { version, serial, signature, issuer, validity, subject, spki, extensions };
  }

  /** Signs a TBSCertificate with the CA key (SHA-256 with RSA) under `outerAlgorithm`. */
  function signedCertificate(
    tbs: Uint8Array,
    outerAlgorithm: Uint8Array = algorithm(sha256WithRsa),
  ): Uint8Array {
    const signature = sign('sha256', tbs, caKey);
    return encodeSequence([
      tbs,
      outerAlgorithm,
      encodeTlv(Tag.bitString, concatBytes([Uint8Array.of(0), signature])),
    ]);
  }

  function writePem(name: string, der: Uint8Array): void {
    const lines =
      Buffer.from(der)
        .toString('base64')
        .match(/.{1,64}/g) ?? [];
    writeFileSync(
      join(outDir, name),
      `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`,
    );
  }

  const leaf = tbsFields(leafDer);

  // Item 3a: notAfter is a UTCTime with month 13, which no parser can turn into a date.
  const badValidity = encodeSequence([
    encodeTlv(Tag.utcTime, ascii('260101000000Z')),
    encodeTlv(Tag.utcTime, ascii('271301000000Z')),
  ]);
  writePem(
    'bad-utctime.pem',
    signedCertificate(
      encodeSequence([
        leaf.version,
        leaf.serial,
        leaf.signature,
        leaf.issuer,
        badValidity,
        leaf.subject,
        leaf.spki,
        leaf.extensions,
      ]),
    ),
  );

  // Item 3b: a SAN whose second entry is an otherName without its [0] EXPLICIT value wrapper.
  const upn = '1.3.6.1.4.1.311.20.2.3';
  const san = encodeSequence([
    encodeTlv(0x82, ascii('shapes.contoso.net')),
    encodeTlv(0xa0, concatBytes([encodeOid(upn), encodeTlv(Tag.utf8String, ascii('admin@contoso.net'))])),
    encodeTlv(0x82, ascii('www.shapes.contoso.net')),
  ]);
  const sanExtensions = encodeExplicit(
    3,
    encodeSequence([
      encodeSequence([encodeOid('2.5.29.17'), encodeTlv(Tag.octetString, san)]),
      encodeSequence([
        encodeOid('2.5.29.37'),
        encodeTlv(Tag.octetString, encodeSequence([encodeOid('1.3.6.1.5.5.7.3.1')])),
      ]),
    ]),
  );
  writePem(
    'malformed-othername.pem',
    signedCertificate(
      encodeSequence([
        leaf.version,
        leaf.serial,
        leaf.signature,
        leaf.issuer,
        leaf.validity,
        leaf.subject,
        leaf.spki,
        sanExtensions,
      ]),
    ),
  );

  // Item 5: a subject attribute whose value is not a character string (x500UniqueIdentifier is a
  // BIT STRING, RFC 4519 §2.39), which RFC 4514 §2.4 writes as `#` and the hex of its BER.
  const rdn = (oid: string, value: Uint8Array) => encodeSetOf([encodeSequence([encodeOid(oid), value])]);
  const hexSubject = encodeSequence([
    rdn('2.5.4.10', encodeTlv(Tag.utf8String, ascii('uccert Tests'))),
    rdn('2.5.4.45', encodeTlv(Tag.bitString, Uint8Array.of(0, 0xab, 0xcd, 0xef))),
    rdn('2.5.4.3', encodeTlv(Tag.utf8String, ascii('hex.contoso.net'))),
  ]);
  writePem(
    'hex-dn-value.pem',
    signedCertificate(
      encodeSequence([
        leaf.version,
        leaf.serial,
        leaf.signature,
        leaf.issuer,
        leaf.validity,
        hexSubject,
        leaf.spki,
        leaf.extensions,
      ]),
    ),
  );

  // Item 6: a v1 certificate (no version, no extensions) whose inner signature field names the
  // bare MD5 digest OID while the outer signatureAlgorithm says sha256WithRSAEncryption
  // (RFC 5280 §4.1.1.2 requires the two to be identical).
  writePem(
    'v1-mismatched-algorithms.pem',
    signedCertificate(
      encodeSequence([
        leaf.serial,
        algorithm('1.2.840.113549.2.5'),
        leaf.issuer,
        leaf.validity,
        leaf.subject,
        leaf.spki,
      ]),
    ),
  );

  // Item 7: a PFX whose friendlyName ends in a NUL, as some Windows exports write it.
  const leafKey = createPrivateKey(readFileSync(join(workDir, 'leaf.key')));
  writeFileSync(
    join(outDir, 'friendlyname-nul.pfx'),
    buildPkcs12({
      key: new Uint8Array(leafKey.export({ format: 'der', type: 'pkcs8' })),
      certificates: [leafDer, caDer],
      password: 'uccert-test',
      friendlyName: '6BC162DA\u0000',
      profile: 'modern',
      randomBytes: (n) => new Uint8Array(randomBytes(n)),
    }),
  );

  // Item 9: an X.509 CertificatePair { forward [0] Certificate, reverse [1] Certificate }
  // (X.509 §11.2.3, LDAP crossCertificatePair), which is not a certificate.
  writeFileSync(
    join(outDir, 'certificate-pair.der'),
    encodeSequence([encodeExplicit(0, leafDer), encodeExplicit(1, caDer)]),
  );
}
