// Reads a PKCS#10 certificate signing request (RFC 2986 §4): subject, key, signature, and the
// extensions it asks for through the PKCS#9 extensionRequest attribute (RFC 2985 §5.4.2):
// the SAN names, key usage and EKU that Request-CsCertificate puts there.

import { createHash } from 'node:crypto';
import { signatureAlgorithmName } from './certificate.js';
import type { SubjectAltName } from './certificate-facts.js';
import { DerError, type DerNode, readNode, readSmallInteger, Tag } from './der.js';
import { parseName } from './distinguished-name.js';
import { emptyExtensionFacts, readExtensions } from './extensions.js';
import { extensionRequestKey, oidKeyOf } from './oid-names.js';
import { parsePublicKey } from './public-key.js';
import { verifySignature } from './signature.js';

export interface CertificateRequestFacts {
  readonly version: number;
  readonly subject: string;
  readonly subjectCommonName: string | null;
  /** The requested DNS names, in order, lowercase. */
  readonly alternativeNames: readonly string[];
  readonly subjectAltNames: readonly SubjectAltName[];
  readonly keyAlgorithm: string;
  readonly keySize: number;
  readonly curve: string | null;
  readonly signatureAlgorithm: string;
  /** Whether the request's signature verifies with its own public key (proof of possession). */
  readonly signatureValid: boolean;
  readonly keyUsage: readonly string[];
  readonly extendedKeyUsage: readonly string[];
  /** SHA-256 of the SubjectPublicKeyInfo DER, uppercase hex: matches the request to its key. */
  readonly publicKeySha256: string;
}

function expectTag(node: DerNode, tag: number, what: string): DerNode {
  if (node.tag !== tag) throw new DerError(`${what}: unexpected element at offset ${node.start}`);
  return node;
}

/** Parses a CSR from its DER. Throws DerError on malformed input. */
export function parseCertificateRequest(der: Uint8Array): CertificateRequestFacts {
  const request = expectTag(readNode(der, 0), Tag.sequence, 'CertificationRequest');
  if (request.end !== der.length) throw new DerError(`${der.length - request.end} bytes follow the request`);
  const info = expectTag(
    readNode(der, request.contentStart, request.end),
    Tag.sequence,
    'certificationRequestInfo',
  );
  const sigAlg = expectTag(readNode(der, info.end, request.end), Tag.sequence, 'signatureAlgorithm');
  const sigValue = expectTag(readNode(der, sigAlg.end, request.end), Tag.bitString, 'signature');
  if (sigValue.contentStart === sigValue.end) throw new DerError('empty request signature');

  const versionNode = readNode(der, info.contentStart, info.end);
  const version = readSmallInteger(der, versionNode);
  const subjectNode = expectTag(readNode(der, versionNode.end, info.end), Tag.sequence, 'subject');
  const spki = expectTag(readNode(der, subjectNode.end, info.end), Tag.sequence, 'subjectPKInfo');
  const extensions = emptyExtensionFacts();
  if (spki.end < info.end) {
    const attributes = expectTag(readNode(der, spki.end, info.end), 0xa0, 'attributes');
    let at = attributes.contentStart;
    while (at < attributes.end) {
      const attribute = expectTag(readNode(der, at, attributes.end), Tag.sequence, 'attribute');
      const type = expectTag(readNode(der, attribute.contentStart, attribute.end), Tag.oid, 'attribute type');
      if (oidKeyOf(der, type) === extensionRequestKey) {
        const values = expectTag(readNode(der, type.end, attribute.end), Tag.set, 'extensionRequest values');
        if (values.contentStart < values.end)
          readExtensions(der, readNode(der, values.contentStart, values.end), extensions);
      }
      at = attribute.end;
    }
  }
  const subject = parseName(der, subjectNode);
  const key = parsePublicKey(der, spki);
  const spkiDer = der.subarray(spki.start, spki.end);
  return {
    version: version + 1,
    subject: subject.text,
    subjectCommonName: subject.commonName,
    alternativeNames: extensions.alternativeNames,
    subjectAltNames: extensions.subjectAltNames,
    keyAlgorithm: key.keyAlgorithm,
    keySize: key.keySize,
    curve: key.curve,
    signatureAlgorithm: signatureAlgorithmName(der, sigAlg),
    signatureValid: verifySignature(
      {
        signed: der.subarray(info.start, info.end),
        algorithm: der.subarray(sigAlg.start, sigAlg.end),
        signature: der.subarray(sigValue.contentStart + 1, sigValue.end),
      },
      spkiDer,
    ),
    keyUsage: extensions.keyUsage,
    extendedKeyUsage: extensions.extendedKeyUsage,
    publicKeySha256: createHash('sha256').update(spkiDer).digest('hex').toUpperCase(),
  };
}

/** Whether a DER SEQUENCE is shaped like a CSR rather than a certificate (RFC 2986 §4.1). */
export function looksLikeCertificateRequest(der: Uint8Array): boolean {
  try {
    const outer = readNode(der, 0);
    const info = readNode(der, outer.contentStart, outer.end);
    const version = readNode(der, info.contentStart, info.end);
    if (version.tag !== Tag.integer) return false;
    const name = readNode(der, version.end, info.end);
    const spki = readNode(der, name.end, info.end);
    // A CSR's third element is the key, then [0] attributes or the end; a v1 certificate's
    // is a Name, followed by Validity and more.
    if (spki.end === info.end) return true;
    return readNode(der, spki.end, info.end).tag === 0xa0;
  } catch (error) {
    if (error instanceof DerError) return false;
    throw error;
  }
}
