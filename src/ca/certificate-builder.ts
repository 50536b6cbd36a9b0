// Builds and signs the lab CA's certificates and CRLs with @peculiar/x509 over WebCrypto. This is
// the only module that loads @peculiar/x509 (slow to import and to parse with, architecture.md
// "Library facts"), and only the CA commands import it, so other commands start fast.
// It takes and returns DER; everything @peculiar-shaped stays inside.

import 'reflect-metadata';
import { createPrivateKey, sign, webcrypto } from 'node:crypto';
import {
  AuthorityInfoAccessExtension,
  AuthorityKeyIdentifierExtension,
  BasicConstraintsExtension,
  CRLDistributionPointsExtension,
  ExtendedKeyUsage,
  ExtendedKeyUsageExtension,
  Extension,
  KeyUsageFlags,
  KeyUsagesExtension,
  Name,
  Pkcs10CertificateRequest,
  PublicKey,
  SubjectAlternativeNameExtension,
  SubjectKeyIdentifierExtension,
  X509CertificateGenerator,
  X509CrlGenerator,
  type X509CrlReason,
} from '@peculiar/x509';
import type { KeyAlgorithmName } from '../store/private-key-records.js';
import { childrenOf, encodingOf, readNode, Tag } from '../x509/der.js';
import {
  concatBytes,
  encodeBmpString,
  encodeInteger,
  encodeSequence,
  encodeTlv,
} from '../x509/der-writer.js';

export type KeyUsageName = 'digitalSignature' | 'keyEncipherment' | 'keyCertSign' | 'cRLSign';
export type ExtendedKeyUsageName = 'serverAuth' | 'clientAuth';

/** The extensions a profile asks for, as data; SKI and AKI are always added. */
export type ExtensionSpec =
  | { readonly kind: 'basicConstraints'; readonly ca: boolean; readonly pathLength: number | null }
  | { readonly kind: 'keyUsage'; readonly usages: readonly KeyUsageName[] }
  | { readonly kind: 'extendedKeyUsage'; readonly usages: readonly ExtendedKeyUsageName[] }
  /** A SubjectAltName extension value copied byte for byte (from the CSR). */
  | { readonly kind: 'subjectAltNameDer'; readonly value: Uint8Array; readonly critical: boolean }
  | { readonly kind: 'subjectAltNameUris'; readonly uris: readonly string[] }
  | { readonly kind: 'crlDistributionPoint'; readonly url: string }
  | { readonly kind: 'caIssuers'; readonly url: string }
  /** Microsoft's szOID_ENROLL_CERTTYPE_EXTENSION: the AD CS V1 template name (e.g. WebServer). */
  | { readonly kind: 'certificateTemplateName'; readonly name: string };

export interface SigningKey {
  readonly pkcs8: Uint8Array;
  readonly algorithm: KeyAlgorithmName;
}

export interface CertificateToSign {
  /** A distinguished name as text (`CN=Contoso Lab CA`) or the DER of a Name (from a CSR). */
  readonly subject: string | Uint8Array;
  /** The issuer's certificate DER; null for a self-signed root. */
  readonly issuerCertificate: Uint8Array | null;
  readonly serialNumber: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly subjectPublicKey: Uint8Array;
  readonly extensions: readonly ExtensionSpec[];
}

/** Signature algorithms for each key kind: SHA-2 sized to the curve (RFC 5480 §4). */
const signingAlgorithms = {
  RSA: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
  ECDH_P256: { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' },
  ECDH_P384: { name: 'ECDSA', namedCurve: 'P-384', hash: 'SHA-384' },
  ECDH_P521: { name: 'ECDSA', namedCurve: 'P-521', hash: 'SHA-512' },
} as const satisfies Record<KeyAlgorithmName, { name: string; hash: string; namedCurve?: string }>;

const keyUsageFlags: Readonly<Record<KeyUsageName, KeyUsageFlags>> = {
  digitalSignature: KeyUsageFlags.digitalSignature,
  keyEncipherment: KeyUsageFlags.keyEncipherment,
  keyCertSign: KeyUsageFlags.keyCertSign,
  cRLSign: KeyUsageFlags.cRLSign,
};

const extendedKeyUsageOids: Readonly<Record<ExtendedKeyUsageName, string>> = {
  serverAuth: ExtendedKeyUsage.serverAuth,
  clientAuth: ExtendedKeyUsage.clientAuth,
};

async function importSigningKey(key: SigningKey): Promise<webcrypto.CryptoKey> {
  return webcrypto.subtle.importKey('pkcs8', key.pkcs8, signingAlgorithms[key.algorithm], false, ['sign']);
}

function buildExtension(spec: ExtensionSpec): Extension {
  switch (spec.kind) {
    case 'basicConstraints':
      return new BasicConstraintsExtension(spec.ca, spec.pathLength ?? undefined, true);
    case 'keyUsage':
      return new KeyUsagesExtension(
        spec.usages.reduce((flags, usage) => flags | keyUsageFlags[usage], 0),
        true,
      );
    case 'extendedKeyUsage':
      return new ExtendedKeyUsageExtension(spec.usages.map((usage) => extendedKeyUsageOids[usage]));
    case 'subjectAltNameDer':
      return new Extension('2.5.29.17', spec.critical, spec.value);
    case 'subjectAltNameUris':
      return new SubjectAlternativeNameExtension(spec.uris.map((value) => ({ type: 'url' as const, value })));
    case 'crlDistributionPoint':
      return new CRLDistributionPointsExtension([spec.url]);
    case 'caIssuers':
      return new AuthorityInfoAccessExtension({ caIssuers: spec.url });
    case 'certificateTemplateName':
      return new Extension('1.3.6.1.4.1.311.20.2', false, encodeBmpString(spec.name));
  }
}

/** Signs a certificate; returns its DER. */
export async function signCertificate(spec: CertificateToSign, signer: SigningKey): Promise<Uint8Array> {
  const publicKey = new PublicKey(spec.subjectPublicKey);
  const issuerKey =
    spec.issuerCertificate === null ? publicKey : await issuerPublicKeyOf(spec.issuerCertificate);
  const subject = typeof spec.subject === 'string' ? spec.subject : new Name(spec.subject);
  // RFC 5280 §4.2.1.6: with an empty subject the identity is in the SAN alone, which MUST then be
  // critical, whatever the CSR asked for (openssl verify -x509_strict rejects it otherwise).
  const emptySubject = (typeof subject === 'string' ? new Name(subject) : subject).toJSON().length === 0;
  const extensions: Extension[] = [
    ...spec.extensions
      .map((e) => (emptySubject && e.kind === 'subjectAltNameDer' ? { ...e, critical: true } : e))
      .map(buildExtension),
    await SubjectKeyIdentifierExtension.create(publicKey),
    await AuthorityKeyIdentifierExtension.create(issuerKey),
  ];
  const issuer = spec.issuerCertificate === null ? subject : await issuerNameOf(spec.issuerCertificate);
  const certificate = await X509CertificateGenerator.create({
    serialNumber: spec.serialNumber,
    subject,
    issuer,
    notBefore: spec.notBefore,
    notAfter: spec.notAfter,
    publicKey,
    signingKey: await importSigningKey(signer),
    signingAlgorithm: signingAlgorithms[signer.algorithm],
    extensions,
  });
  return new Uint8Array(certificate.rawData);
}

async function issuerPublicKeyOf(der: Uint8Array): Promise<PublicKey> {
  const { X509Certificate } = await import('@peculiar/x509');
  return new X509Certificate(der).publicKey;
}

async function issuerNameOf(der: Uint8Array): Promise<Name> {
  const { X509Certificate } = await import('@peculiar/x509');
  return new X509Certificate(der).subjectName;
}

export interface CrlEntry {
  readonly serialNumber: string;
  readonly revokedAt: Date;
  readonly reasonCode: number;
}

export interface CrlToSign {
  readonly issuerCertificate: Uint8Array;
  readonly thisUpdate: Date;
  readonly nextUpdate: Date;
  readonly crlNumber: number;
  readonly entries: readonly CrlEntry[];
}

/** Signs a CRL (RFC 5280 §5) with the CRL number and authority key identifier; returns its DER. */
export async function signCrl(spec: CrlToSign, signer: SigningKey): Promise<Uint8Array> {
  const issuerKey = await issuerPublicKeyOf(spec.issuerCertificate);
  const crl = await X509CrlGenerator.create({
    issuer: await issuerNameOf(spec.issuerCertificate),
    thisUpdate: spec.thisUpdate,
    nextUpdate: spec.nextUpdate,
    signingKey: await importSigningKey(signer),
    signingAlgorithm: signingAlgorithms[signer.algorithm],
    extensions: [
      await AuthorityKeyIdentifierExtension.create(issuerKey),
      // RFC 5280 §5.2.3 cRLNumber, a non-critical extension every conforming CRL carries.
      new Extension('2.5.29.20', false, encodeInteger(spec.crlNumber)),
    ],
    entries: spec.entries.map((entry) => ({
      serialNumber: entry.serialNumber,
      revocationDate: entry.revokedAt,
      // RFC 5280 §5.3.1: "unspecified" (0) SHOULD be absent rather than written as a reason code.
      ...(entry.reasonCode === 0 ? {} : { reason: entry.reasonCode as X509CrlReason }),
    })),
  });
  return withoutEmptyEntryExtensions(new Uint8Array(crl.rawData), signer);
}

/**
 * @peculiar/x509 writes `crlEntryExtensions SEQUENCE {}` for an entry without a reason code (and
 * RFC 5280 §5.3.1 says to leave out the reason "unspecified"), but §5.1 defines the field as
 * `SEQUENCE SIZE (1..MAX)`: an empty one is not DER of a CRL. Drops those and re-signs the list.
 */
function withoutEmptyEntryExtensions(der: Uint8Array, signer: SigningKey): Uint8Array {
  const [tbs, algorithm] = childrenOf(der, readNode(der, 0));
  if (tbs === undefined || algorithm === undefined) throw new Error('the signed CRL has no TBSCertList');
  let changed = false;
  const fields = childrenOf(der, tbs).map((field, index, all) => {
    // revokedCertificates: the SEQUENCE right after thisUpdate (and nextUpdate), RFC 5280 §5.1.
    const isTime = (n: number) => all[n]?.tag === Tag.utcTime || all[n]?.tag === Tag.generalizedTime;
    if (field.tag !== Tag.sequence || !isTime(index - 1)) return encodingOf(der, field);
    return encodeSequence(
      childrenOf(der, field).map((entry) => {
        const parts = childrenOf(der, entry);
        const last = parts[parts.length - 1];
        if (parts.length !== 3 || last?.tag !== Tag.sequence || last.end - last.start !== 2) {
          return encodingOf(der, entry);
        }
        changed = true;
        return encodeSequence(parts.slice(0, 2).map((part) => encodingOf(der, part)));
      }),
    );
  });
  if (!changed) return der;
  const tbsDer = encodeSequence(fields);
  const key = createPrivateKey({ key: Buffer.from(signer.pkcs8), format: 'der', type: 'pkcs8' });
  // Node signs ECDSA as a DER Ecdsa-Sig-Value and RSA as PKCS#1 v1.5, as X.509 wants (RFC 3279).
  const signature = sign(signingAlgorithms[signer.algorithm].hash.replace('-', ''), tbsDer, key);
  return encodeSequence([
    tbsDer,
    encodingOf(der, algorithm),
    encodeTlv(Tag.bitString, concatBytes([Uint8Array.of(0), signature])),
  ]);
}

export interface RequestForIssue {
  /** The DER of the request's subject Name, copied into the certificate unchanged. */
  readonly subject: Uint8Array;
  /**
   * The requested SubjectAltName extension value and criticality, or null when the CSR asks for
   * none (signCertificate makes it critical when the subject is empty, RFC 5280 §4.2.1.6).
   */
  readonly subjectAltName: { readonly value: Uint8Array; readonly critical: boolean } | null;
  readonly subjectPublicKey: Uint8Array;
}

/** The parts of a (verified) CSR that the issued certificate copies. */
export function readRequestForIssue(der: Uint8Array): RequestForIssue {
  const request = new Pkcs10CertificateRequest(der);
  const san = request.extensions.find((extension) => extension.type === '2.5.29.17');
  return {
    subject: new Uint8Array(request.subjectName.toArrayBuffer()),
    subjectAltName: san === undefined ? null : { value: new Uint8Array(san.value), critical: san.critical },
    subjectPublicKey: new Uint8Array(request.publicKey.rawData),
  };
}
