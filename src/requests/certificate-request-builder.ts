// Builds and signs a PKCS#10 certificate signing request (RFC 2986 §4) the way Request-CsCertificate
// -Output writes one: the subject, the key, and an extensionRequest (RFC 2985 §5.4.2) carrying the
// SAN DNS names, key usage and EKU. Plain DER through der-writer.ts and node:crypto's signer, so
// `request` does not load @peculiar/x509.

import { sign } from 'node:crypto';
import { Tag } from '../x509/der.js';
import {
  concatBytes,
  encodeInteger,
  encodeNull,
  encodeOctetString,
  encodeOid,
  encodeSequence,
  encodeSetOf,
  encodeTlv,
} from '../x509/der-writer.js';

/** The subject's RDNs; only those given are written, most general first as openssl writes them. */
export interface RequestSubject {
  readonly commonName: string;
  readonly organization?: string | undefined;
  readonly organizationalUnit?: string | undefined;
  readonly locality?: string | undefined;
  readonly state?: string | undefined;
  readonly country?: string | undefined;
}

export type RequestKeyAlgorithm = 'RSA' | 'ECDH_P256' | 'ECDH_P384' | 'ECDH_P521';

export interface RequestToBuild {
  readonly subject: RequestSubject;
  /** SAN DNS names, in order. */
  readonly dnsNames: readonly string[];
  readonly clientEku: boolean;
  /** SubjectPublicKeyInfo DER. */
  readonly spki: Uint8Array;
  /** PKCS#8 DER of the matching private key (signs the request: proof of possession). */
  readonly pkcs8: Uint8Array;
  readonly algorithm: RequestKeyAlgorithm;
}

export interface BuiltRequest {
  readonly der: Uint8Array;
  /** The DER of the subject Name, as the issued certificate should carry it. */
  readonly subjectName: Uint8Array;
  /** The SubjectAltName extension value (GeneralNames DER), or null with no names. */
  readonly subjectAltName: Uint8Array | null;
}

/** RDN attribute types (RFC 5280 §4.1.2.4, X.520) in the order openssl and certreq write them. */
const subjectAttributes = [
  { key: 'country', oid: '2.5.4.6', printable: true },
  { key: 'state', oid: '2.5.4.8', printable: false },
  { key: 'locality', oid: '2.5.4.7', printable: false },
  { key: 'organization', oid: '2.5.4.10', printable: false },
  { key: 'organizationalUnit', oid: '2.5.4.11', printable: false },
  { key: 'commonName', oid: '2.5.4.3', printable: false },
] as const satisfies readonly { key: keyof RequestSubject; oid: string; printable: boolean }[];

/** Signature algorithm per key: SHA-2 sized to the curve (RFC 5480 §4), as certreq chooses. */
const signatureAlgorithms = {
  RSA: { oid: '1.2.840.113549.1.1.11', hash: 'sha256', nullParameters: true },
  ECDH_P256: { oid: '1.2.840.10045.4.3.2', hash: 'sha256', nullParameters: false },
  ECDH_P384: { oid: '1.2.840.10045.4.3.3', hash: 'sha384', nullParameters: false },
  ECDH_P521: { oid: '1.2.840.10045.4.3.4', hash: 'sha512', nullParameters: false },
} as const satisfies Record<RequestKeyAlgorithm, { oid: string; hash: string; nullParameters: boolean }>;

const oids = {
  extensionRequest: '1.2.840.113549.1.9.14',
  subjectAltName: '2.5.29.17',
  keyUsage: '2.5.29.15',
  extendedKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
} as const;

export function encodeSubjectName(subject: RequestSubject): Uint8Array {
  const rdns: Uint8Array[] = [];
  for (const attribute of subjectAttributes) {
    const value = subject[attribute.key];
    if (value === undefined || value === '') continue;
    const text = new TextEncoder().encode(value);
    const encoded = encodeTlv(attribute.printable ? Tag.printableString : Tag.utf8String, text);
    rdns.push(encodeSetOf([encodeSequence([encodeOid(attribute.oid), encoded])]));
  }
  return encodeSequence(rdns);
}

/** GeneralNames of dNSName entries: [2] IMPLICIT IA5String (RFC 5280 §4.2.1.6). */
export function encodeDnsGeneralNames(names: readonly string[]): Uint8Array {
  return encodeSequence(names.map((name) => encodeTlv(0x82, new TextEncoder().encode(name))));
}

function extension(oid: string, critical: boolean, value: Uint8Array): Uint8Array {
  return encodeSequence([
    encodeOid(oid),
    ...(critical ? [Uint8Array.of(Tag.boolean, 1, 0xff)] : []),
    encodeOctetString(value),
  ]);
}

/** keyUsage BIT STRING: digitalSignature (bit 0), plus keyEncipherment (bit 2) for RSA keys. */
function keyUsageValue(algorithm: RequestKeyAlgorithm): Uint8Array {
  // Named-bit lists drop trailing zero bits (X.690 §11.2.2): 0xa0 has 5 unused bits, 0x80 has 7.
  return algorithm === 'RSA'
    ? Uint8Array.of(Tag.bitString, 2, 5, 0xa0)
    : Uint8Array.of(Tag.bitString, 2, 7, 0x80);
}

export function buildCertificateRequest(request: RequestToBuild): BuiltRequest {
  const subjectName = encodeSubjectName(request.subject);
  const subjectAltName = request.dnsNames.length === 0 ? null : encodeDnsGeneralNames(request.dnsNames);
  const ekus = [oids.serverAuth, ...(request.clientEku ? [oids.clientAuth] : [])];
  const extensions = [
    extension(oids.keyUsage, true, keyUsageValue(request.algorithm)),
    extension(oids.extendedKeyUsage, false, encodeSequence(ekus.map((oid) => encodeOid(oid)))),
    ...(subjectAltName === null ? [] : [extension(oids.subjectAltName, false, subjectAltName)]),
  ];
  const attributes = encodeSequence([
    encodeOid(oids.extensionRequest),
    encodeSetOf([encodeSequence(extensions)]),
  ]);
  const info = encodeSequence([
    encodeInteger(0),
    subjectName,
    request.spki,
    // attributes [0] IMPLICIT SET OF Attribute: the SET's tag becomes [0] constructed.
    encodeTlv(0xa0, attributes),
  ]);
  const algorithm = signatureAlgorithms[request.algorithm];
  const signature = sign(algorithm.hash, info, {
    key: Buffer.from(request.pkcs8),
    format: 'der',
    type: 'pkcs8',
  });
  const der = encodeSequence([
    info,
    encodeSequence([encodeOid(algorithm.oid), ...(algorithm.nullParameters ? [encodeNull()] : [])]),
    encodeTlv(Tag.bitString, concatBytes([Uint8Array.of(0), signature])),
  ]);
  return { der, subjectName, subjectAltName };
}
