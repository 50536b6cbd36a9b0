// Reads one X.509 certificate (RFC 5280 §4.1) from its DER into CertificateFacts: a single pass
// over the TLVs with der.ts, no object tree. Also cuts out the pieces chain building needs:
// the signed TBS, the signature, the names' DER and the SubjectPublicKeyInfo.

import { createHash } from 'node:crypto';
import type { CertificateFacts } from './certificate-facts.js';
import {
  DerError,
  type DerNode,
  readIntegerHex,
  readNode,
  readOid,
  readSmallInteger,
  readTime,
  Tag,
} from './der.js';
import { parseName } from './distinguished-name.js';
import { emptyExtensionFacts, readExtensions } from './extensions.js';
import { oidKeyOf, signatureAlgorithms } from './oid-names.js';
import { parsePublicKey } from './public-key.js';
import { type SignedParts, verifySignature } from './signature.js';

/** The byte ranges of a certificate that signatures and chain links are computed over. */
export interface CertificateLayout extends SignedParts {
  readonly version: number;
  readonly serial: DerNode;
  readonly issuer: DerNode;
  readonly validity: DerNode;
  readonly subject: DerNode;
  readonly subjectPublicKeyInfo: DerNode;
  /** The [3] EXPLICIT Extensions wrapper's inner SEQUENCE, or null. */
  readonly extensions: DerNode | null;
  /** The signatureAlgorithm AlgorithmIdentifier of the outer Certificate. */
  readonly signatureAlgorithmNode: DerNode;
}

function expectTag(node: DerNode, tag: number, what: string): DerNode {
  if (node.tag !== tag) throw new DerError(`${what}: unexpected element at offset ${node.start}`);
  return node;
}

/** Splits a certificate's DER into its parts, checking the outer structure. */
export function layoutCertificate(der: Uint8Array): CertificateLayout {
  const cert = expectTag(readNode(der, 0), Tag.sequence, 'Certificate');
  if (cert.end !== der.length) throw new DerError(`${der.length - cert.end} bytes follow the certificate`);
  const tbs = expectTag(readNode(der, cert.contentStart, cert.end), Tag.sequence, 'tbsCertificate');
  const sigAlg = expectTag(readNode(der, tbs.end, cert.end), Tag.sequence, 'signatureAlgorithm');
  const sigValue = expectTag(readNode(der, sigAlg.end, cert.end), Tag.bitString, 'signatureValue');
  if (sigValue.end !== cert.end) throw new DerError('extra data after the certificate signature');
  if (sigValue.contentStart === sigValue.end) throw new DerError('empty certificate signature');

  let at = tbs.contentStart;
  let node = readNode(der, at, tbs.end);
  let version = 1;
  if (node.tag === 0xa0) {
    version = readSmallInteger(der, readNode(der, node.contentStart, node.end)) + 1;
    node = readNode(der, node.end, tbs.end);
  }
  const serial = expectTag(node, Tag.integer, 'serialNumber');
  const innerSig = expectTag(readNode(der, serial.end, tbs.end), Tag.sequence, 'signature');
  const issuer = expectTag(readNode(der, innerSig.end, tbs.end), Tag.sequence, 'issuer');
  const validity = expectTag(readNode(der, issuer.end, tbs.end), Tag.sequence, 'validity');
  const subject = expectTag(readNode(der, validity.end, tbs.end), Tag.sequence, 'subject');
  const spki = expectTag(readNode(der, subject.end, tbs.end), Tag.sequence, 'subjectPublicKeyInfo');
  let extensions: DerNode | null = null;
  at = spki.end;
  while (at < tbs.end) {
    const optional = readNode(der, at, tbs.end);
    if (optional.tag === 0xa3) {
      extensions = expectTag(readNode(der, optional.contentStart, optional.end), Tag.sequence, 'extensions');
    } else if (
      optional.tag !== 0x81 &&
      optional.tag !== 0x82 &&
      optional.tag !== 0xa1 &&
      optional.tag !== 0xa2
    ) {
      throw new DerError(`tbsCertificate: unexpected element at offset ${optional.start}`);
    }
    at = optional.end;
  }
  return {
    version,
    serial,
    issuer,
    validity,
    subject,
    subjectPublicKeyInfo: spki,
    extensions,
    signatureAlgorithmNode: sigAlg,
    signed: der.subarray(tbs.start, tbs.end),
    algorithm: der.subarray(sigAlg.start, sigAlg.end),
    signature: der.subarray(sigValue.contentStart + 1, sigValue.end),
  };
}

/** The SubjectPublicKeyInfo DER of a certificate. */
export function subjectPublicKeyInfoOf(der: Uint8Array): Uint8Array {
  const { subjectPublicKeyInfo: spki } = layoutCertificate(der);
  return der.subarray(spki.start, spki.end);
}

/** OpenSSL's name for the signature algorithm `sigAlg` (an AlgorithmIdentifier), else its OID. */
export function signatureAlgorithmName(bytes: Uint8Array, sigAlg: DerNode): string {
  const id = expectTag(readNode(bytes, sigAlg.contentStart, sigAlg.end), Tag.oid, 'signature algorithm');
  return signatureAlgorithms.get(oidKeyOf(bytes, id))?.name ?? readOid(bytes, id);
}

function sameBytes(bytes: Uint8Array, a: DerNode, b: DerNode): boolean {
  if (a.end - a.start !== b.end - b.start) return false;
  for (let i = 0; i < a.end - a.start; i++) if (bytes[a.start + i] !== bytes[b.start + i]) return false;
  return true;
}

/** Everything uccert shows about one certificate, from its DER. Throws DerError on bad DER. */
export function parseCertificate(der: Uint8Array): CertificateFacts {
  const layout = layoutCertificate(der);
  const issuer = parseName(der, layout.issuer);
  const subject = parseName(der, layout.subject);
  const notBeforeNode = readNode(der, layout.validity.contentStart, layout.validity.end);
  const notAfterNode = readNode(der, notBeforeNode.end, layout.validity.end);
  const key = parsePublicKey(der, layout.subjectPublicKeyInfo);
  const extensions = emptyExtensionFacts();
  if (layout.extensions !== null) readExtensions(der, layout.extensions, extensions);
  // Only a certificate naming itself as issuer can be self-signed; checking the signature only
  // then keeps parsing fast (a verify costs about 20 µs).
  const selfSigned =
    sameBytes(der, layout.issuer, layout.subject) &&
    verifySignature(layout, der.subarray(layout.subjectPublicKeyInfo.start, layout.subjectPublicKeyInfo.end));
  return {
    version: layout.version,
    subject: subject.text,
    issuer: issuer.text,
    subjectCommonName: subject.commonName,
    serialNumber: readIntegerHex(der, layout.serial),
    thumbprint: createHash('sha1').update(der).digest('hex').toUpperCase(),
    thumbprintSha256: createHash('sha256').update(der).digest('hex').toUpperCase(),
    notBefore: readTime(der, notBeforeNode),
    notAfter: readTime(der, notAfterNode),
    alternativeNames: extensions.alternativeNames,
    subjectAltNames: extensions.subjectAltNames,
    keyAlgorithm: key.keyAlgorithm,
    keySize: key.keySize,
    curve: key.curve,
    signatureAlgorithm: signatureAlgorithmName(der, layout.signatureAlgorithmNode),
    keyUsage: extensions.keyUsage,
    extendedKeyUsage: extensions.extendedKeyUsage,
    crlDistributionPoints: extensions.crlDistributionPoints,
    authorityInfoAccess: extensions.authorityInfoAccess,
    isCa: extensions.isCa,
    pathLength: extensions.pathLength,
    selfSigned,
    subjectKeyIdentifier: extensions.subjectKeyIdentifier,
    authorityKeyIdentifier: extensions.authorityKeyIdentifier,
    certificatePolicies: extensions.certificatePolicies,
    hasPrivateKey: false,
  };
}
