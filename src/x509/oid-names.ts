// The object identifiers uccert names: signature and key algorithms, curves, name attributes,
// extensions, extended key usages. Names are OpenSSL's (obj_mac.h) so output agrees with
// `openssl x509 -text`, except DN attributes, which use the Windows keys (CertNameToStr: S=, E=).
// Tables are keyed by the OID's DER content bytes in hex, so a lookup needs no dotted decoding.

import { type DerNode, toHex } from './der.js';

/** Hex of the OID's content octets: the lookup key of every table here. */
export function oidKeyOf(bytes: Uint8Array, node: DerNode): string {
  return toHex(bytes.subarray(node.contentStart, node.end));
}

/** The DER content octets of a dotted OID, as hex (X.690 §8.19). */
export function oidKey(dotted: string): string {
  const arcs = dotted.split('.').map(Number);
  const first = arcs[0] ?? 0;
  const second = arcs[1] ?? 0;
  const values = [first * 40 + second, ...arcs.slice(2)];
  const out: number[] = [];
  for (const value of values) {
    const digits: number[] = [];
    let v = value;
    do {
      digits.unshift(v & 0x7f);
      v = Math.floor(v / 128);
    } while (v > 0);
    for (let i = 0; i < digits.length - 1; i++) digits[i] = digits[i]! | 0x80;
    out.push(...digits);
  }
  return toHex(Uint8Array.from(out));
}

function tableOf<T>(rows: Readonly<Record<string, T>>): ReadonlyMap<string, T> {
  return new Map(Object.entries(rows).map(([dotted, value]) => [oidKey(dotted), value]));
}

export type SignatureKind = 'rsa' | 'rsaPss' | 'ecdsa' | 'dsa' | 'eddsa';

export interface SignatureAlgorithmInfo {
  /** OpenSSL's long name. */
  readonly name: string;
  readonly kind: SignatureKind;
  /** The node:crypto digest name, or null when the algorithm carries its own (EdDSA, PSS). */
  readonly hash: string | null;
}

/** RFC 3279, RFC 4055, RFC 5758, RFC 8410; names as OpenSSL prints them. */
export const signatureAlgorithms = tableOf<SignatureAlgorithmInfo>({
  '1.2.840.113549.1.1.2': { name: 'md2WithRSAEncryption', kind: 'rsa', hash: null },
  '1.2.840.113549.1.1.4': { name: 'md5WithRSAEncryption', kind: 'rsa', hash: 'md5' },
  '1.2.840.113549.1.1.5': { name: 'sha1WithRSAEncryption', kind: 'rsa', hash: 'sha1' },
  '1.3.14.3.2.29': { name: 'sha1WithRSA', kind: 'rsa', hash: 'sha1' },
  '1.2.840.113549.1.1.14': { name: 'sha224WithRSAEncryption', kind: 'rsa', hash: 'sha224' },
  '1.2.840.113549.1.1.11': { name: 'sha256WithRSAEncryption', kind: 'rsa', hash: 'sha256' },
  '1.2.840.113549.1.1.12': { name: 'sha384WithRSAEncryption', kind: 'rsa', hash: 'sha384' },
  '1.2.840.113549.1.1.13': { name: 'sha512WithRSAEncryption', kind: 'rsa', hash: 'sha512' },
  '2.16.840.1.101.3.4.3.14': { name: 'RSA-SHA3-256', kind: 'rsa', hash: 'sha3-256' },
  '2.16.840.1.101.3.4.3.15': { name: 'RSA-SHA3-384', kind: 'rsa', hash: 'sha3-384' },
  '2.16.840.1.101.3.4.3.16': { name: 'RSA-SHA3-512', kind: 'rsa', hash: 'sha3-512' },
  '1.2.840.113549.1.1.10': { name: 'rsassaPss', kind: 'rsaPss', hash: null },
  '1.2.840.10045.4.1': { name: 'ecdsa-with-SHA1', kind: 'ecdsa', hash: 'sha1' },
  '1.2.840.10045.4.3.1': { name: 'ecdsa-with-SHA224', kind: 'ecdsa', hash: 'sha224' },
  '1.2.840.10045.4.3.2': { name: 'ecdsa-with-SHA256', kind: 'ecdsa', hash: 'sha256' },
  '1.2.840.10045.4.3.3': { name: 'ecdsa-with-SHA384', kind: 'ecdsa', hash: 'sha384' },
  '1.2.840.10045.4.3.4': { name: 'ecdsa-with-SHA512', kind: 'ecdsa', hash: 'sha512' },
  '1.2.840.10040.4.3': { name: 'dsaWithSHA1', kind: 'dsa', hash: 'sha1' },
  '2.16.840.1.101.3.4.3.1': { name: 'dsa_with_SHA224', kind: 'dsa', hash: 'sha224' },
  '2.16.840.1.101.3.4.3.2': { name: 'dsa_with_SHA256', kind: 'dsa', hash: 'sha256' },
  '1.3.101.112': { name: 'ED25519', kind: 'eddsa', hash: null },
  '1.3.101.113': { name: 'ED448', kind: 'eddsa', hash: null },
});

/** Digest algorithm identifiers inside RSASSA-PSS parameters (RFC 4055 §2.1), as node:crypto names. */
export const digestAlgorithms = tableOf<string>({
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.4': 'sha224',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
});

/**
 * Bare digest OIDs (RFC 3279 §2.2, RFC 5754 §2), named as openssl prints them; old v1 certificates
 * sometimes carry one where a signature algorithm belongs (issue 9 item 6).
 */
export const digestNames = tableOf<string>({
  '1.2.840.113549.2.2': 'md2',
  '1.2.840.113549.2.4': 'md4',
  '1.2.840.113549.2.5': 'md5',
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.4': 'sha224',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
});

export type KeyAlgorithm = 'RSA' | 'RSA-PSS' | 'EC' | 'DSA' | 'Ed25519' | 'Ed448' | 'X25519' | 'X448';

/** subjectPublicKeyInfo algorithms (RFC 3279 §2.3, RFC 4055, RFC 8410). */
export const keyAlgorithms = tableOf<KeyAlgorithm>({
  '1.2.840.113549.1.1.1': 'RSA',
  '1.2.840.113549.1.1.10': 'RSA-PSS',
  '1.2.840.10045.2.1': 'EC',
  '1.2.840.10040.4.1': 'DSA',
  '1.3.101.112': 'Ed25519',
  '1.3.101.113': 'Ed448',
  '1.3.101.110': 'X25519',
  '1.3.101.111': 'X448',
});

/** Fixed key sizes of the RFC 8410 algorithms, in bits, as OpenSSL reports them. */
export const fixedKeySizes: Readonly<Partial<Record<KeyAlgorithm, number>>> = {
  Ed25519: 256,
  Ed448: 456,
  X25519: 253,
  X448: 448,
};

export interface CurveInfo {
  /** OpenSSL's short name. */
  readonly name: string;
  readonly bits: number;
}

/** Named curves (RFC 5480 §2.1.1.1, RFC 5639); short names as OpenSSL prints them. */
export const namedCurves = tableOf<CurveInfo>({
  '1.2.840.10045.3.1.1': { name: 'prime192v1', bits: 192 },
  '1.3.132.0.33': { name: 'secp224r1', bits: 224 },
  '1.2.840.10045.3.1.7': { name: 'prime256v1', bits: 256 },
  '1.3.132.0.34': { name: 'secp384r1', bits: 384 },
  '1.3.132.0.35': { name: 'secp521r1', bits: 521 },
  '1.3.132.0.10': { name: 'secp256k1', bits: 256 },
  '1.3.36.3.3.2.8.1.1.7': { name: 'brainpoolP256r1', bits: 256 },
  '1.3.36.3.3.2.8.1.1.11': { name: 'brainpoolP384r1', bits: 384 },
  '1.3.36.3.3.2.8.1.1.13': { name: 'brainpoolP512r1', bits: 512 },
});

/**
 * Distinguished-name attribute keys as Windows writes them (CertNameToStr, X500DistinguishedName.
 * Name): `S=` for stateOrProvinceName and `E=` for emailAddress, where RFC 4514 says ST / has none.
 */
export const nameAttributes = tableOf<string>({
  '2.5.4.3': 'CN',
  '2.5.4.4': 'SN',
  '2.5.4.5': 'SERIALNUMBER',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'S',
  '2.5.4.9': 'STREET',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.12': 'T',
  '2.5.4.13': 'Description',
  '2.5.4.17': 'PostalCode',
  '2.5.4.18': 'POBox',
  '2.5.4.20': 'Phone',
  '2.5.4.42': 'G',
  '2.5.4.43': 'I',
  '2.5.4.46': 'dnQualifier',
  '1.2.840.113549.1.9.1': 'E',
  '0.9.2342.19200300.100.1.25': 'DC',
  '0.9.2342.19200300.100.1.1': 'UID',
});

export const commonNameKey = oidKey('2.5.4.3');

export type ExtensionKind =
  | 'basicConstraints'
  | 'keyUsage'
  | 'extendedKeyUsage'
  | 'subjectAltName'
  | 'crlDistributionPoints'
  | 'authorityInfoAccess'
  | 'subjectKeyIdentifier'
  | 'authorityKeyIdentifier'
  | 'certificatePolicies';

/** The extensions uccert reads (RFC 5280 §4.2). */
export const extensionKinds = tableOf<ExtensionKind>({
  '2.5.29.19': 'basicConstraints',
  '2.5.29.15': 'keyUsage',
  '2.5.29.37': 'extendedKeyUsage',
  '2.5.29.17': 'subjectAltName',
  '2.5.29.31': 'crlDistributionPoints',
  '1.3.6.1.5.5.7.1.1': 'authorityInfoAccess',
  '2.5.29.14': 'subjectKeyIdentifier',
  '2.5.29.35': 'authorityKeyIdentifier',
  '2.5.29.32': 'certificatePolicies',
});

/** Extended key usages (RFC 5280 §4.2.1.12, Microsoft's 1.3.6.1.4.1.311 arc); OpenSSL short names. */
export const extendedKeyUsages = tableOf<string>({
  '1.3.6.1.5.5.7.3.1': 'serverAuth',
  '1.3.6.1.5.5.7.3.2': 'clientAuth',
  '1.3.6.1.5.5.7.3.3': 'codeSigning',
  '1.3.6.1.5.5.7.3.4': 'emailProtection',
  '1.3.6.1.5.5.7.3.5': 'ipsecEndSystem',
  '1.3.6.1.5.5.7.3.6': 'ipsecTunnel',
  '1.3.6.1.5.5.7.3.7': 'ipsecUser',
  '1.3.6.1.5.5.7.3.8': 'timeStamping',
  '1.3.6.1.5.5.7.3.9': 'OCSPSigning',
  '1.3.6.1.5.5.7.3.17': 'ipsecIKE',
  '2.5.29.37.0': 'anyExtendedKeyUsage',
  '1.3.6.1.4.1.311.20.2.2': 'msSmartcardLogin',
  '1.3.6.1.4.1.311.10.3.4': 'msEFS',
  '1.3.6.1.4.1.311.10.3.3': 'msSGC',
  '1.3.6.1.4.1.311.2.1.21': 'msCodeInd',
  '1.3.6.1.4.1.311.2.1.22': 'msCodeCom',
  '1.3.6.1.4.1.311.10.3.1': 'msCTLSign',
});

/** Access methods of authorityInfoAccess (RFC 5280 §4.2.2.1). */
export const accessMethods = tableOf<string>({
  '1.3.6.1.5.5.7.48.1': 'ocsp',
  '1.3.6.1.5.5.7.48.2': 'caIssuers',
});

/** Microsoft's user principal name, an otherName of the SAN (MS-WCCE; used for SIP client certs). */
export const upnKey = oidKey('1.3.6.1.4.1.311.20.2.3');

/** PKCS#9 extensionRequest, the CSR attribute carrying requested extensions (RFC 2985 §5.4.2). */
export const extensionRequestKey = oidKey('1.2.840.113549.1.9.14');

/** PKCS#7 content types (RFC 2315 §14). */
export const pkcs7SignedDataKey = oidKey('1.2.840.113549.1.7.2');
export const pkcs7DataKey = oidKey('1.2.840.113549.1.7.1');
