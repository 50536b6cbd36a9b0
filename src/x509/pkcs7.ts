// The certificates of a PKCS#7 / CMS SignedData "certs-only" message: a .p7b or .p7c file as
// Windows and `openssl crl2pkcs7` write it (RFC 2315 §9.1, RFC 5652 §5.1).

import { DerError, readNode, readSmallInteger, Tag } from './der.js';
import { oidKeyOf, pkcs7SignedDataKey } from './oid-names.js';

/** Whether the DER starts like ContentInfo { signedData, [0] … }. */
export function looksLikePkcs7(der: Uint8Array): boolean {
  try {
    const info = readNode(der, 0);
    const type = readNode(der, info.contentStart, info.end);
    return info.tag === Tag.sequence && type.tag === Tag.oid && oidKeyOf(der, type) === pkcs7SignedDataKey;
  } catch (error) {
    if (error instanceof DerError) return false;
    throw error;
  }
}

/** The DER of every certificate in the SignedData, in the file's order. Throws DerError. */
export function parsePkcs7Certificates(der: Uint8Array): Uint8Array[] {
  const info = readNode(der, 0);
  if (info.tag !== Tag.sequence) throw new DerError('PKCS#7: expected a ContentInfo SEQUENCE');
  const type = readNode(der, info.contentStart, info.end);
  if (type.tag !== Tag.oid || oidKeyOf(der, type) !== pkcs7SignedDataKey) {
    throw new DerError('PKCS#7: the content is not SignedData');
  }
  const explicit = readNode(der, type.end, info.end);
  if (explicit.tag !== 0xa0) throw new DerError(`PKCS#7: expected [0] content at offset ${explicit.start}`);
  const signedData = readNode(der, explicit.contentStart, explicit.end);
  if (signedData.tag !== Tag.sequence) throw new DerError('PKCS#7: expected a SignedData SEQUENCE');
  // SignedData ::= SEQUENCE { version, digestAlgorithms SET, contentInfo, certificates [0] IMPLICIT
  // SET OF Certificate OPTIONAL, crls [1] OPTIONAL, signerInfos SET }
  const version = readNode(der, signedData.contentStart, signedData.end);
  readSmallInteger(der, version);
  const digests = readNode(der, version.end, signedData.end);
  if (digests.tag !== Tag.set)
    throw new DerError(`PKCS#7: expected digestAlgorithms at offset ${digests.start}`);
  const content = readNode(der, digests.end, signedData.end);
  if (content.tag !== Tag.sequence)
    throw new DerError(`PKCS#7: expected contentInfo at offset ${content.start}`);
  const certs: Uint8Array[] = [];
  let at = content.end;
  while (at < signedData.end) {
    const field = readNode(der, at, signedData.end);
    if (field.tag === 0xa0) {
      let inner = field.contentStart;
      while (inner < field.end) {
        const cert = readNode(der, inner, field.end);
        // CertificateChoices (RFC 5652 §10.2.2): only plain certificates; skip attribute/other certs.
        if (cert.tag === Tag.sequence) certs.push(der.subarray(cert.start, cert.end));
        inner = cert.end;
      }
    }
    at = field.end;
  }
  return certs;
}
