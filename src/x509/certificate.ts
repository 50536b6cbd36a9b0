// Reads one X.509 certificate (RFC 5280 §4.1) from its DER into CertificateFacts: a single pass
// over the TLVs with der.ts, no object tree. Also cuts out the pieces chain building needs:
// the signed TBS, the signature, the names' DER and the SubjectPublicKeyInfo.

import { createHash } from 'node:crypto';
import type { CertificateFacts, FieldProblem, FieldProblemKind } from './certificate-facts.js';
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
import { digestNames, oidKeyOf, signatureAlgorithms } from './oid-names.js';
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
  /** The `signature` AlgorithmIdentifier inside the TBSCertificate. */
  readonly innerSignatureAlgorithm: DerNode;
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
    innerSignatureAlgorithm: innerSig,
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

/**
 * OpenSSL's name for the signature algorithm `sigAlg` (an AlgorithmIdentifier), else its OID. Bare
 * digest OIDs (`md5`), which some old v1 certificates carry in place of a signature algorithm, get
 * their digest name as openssl prints it.
 */
export function signatureAlgorithmName(bytes: Uint8Array, sigAlg: DerNode): string {
  const id = expectTag(readNode(bytes, sigAlg.contentStart, sigAlg.end), Tag.oid, 'signature algorithm');
  const key = oidKeyOf(bytes, id);
  return signatureAlgorithms.get(key)?.name ?? digestNames.get(key) ?? readOid(bytes, id);
}

function sameBytes(bytes: Uint8Array, a: DerNode, b: DerNode): boolean {
  if (a.end - a.start !== b.end - b.start) return false;
  for (let i = 0; i < a.end - a.start; i++) if (bytes[a.start + i] !== bytes[b.start + i]) return false;
  return true;
}

/** The `index`-th time of the validity, or "" with a "bad time value" problem reported. */
function readTimeField(
  der: Uint8Array,
  validity: DerNode,
  index: number,
  report: (problem: string) => void,
): string {
  let node: DerNode;
  try {
    node = readNode(der, validity.contentStart, validity.end);
    if (index === 1) node = readNode(der, node.end, validity.end);
  } catch (error) {
    if (!(error instanceof DerError)) throw error;
    report(`bad time value: ${error.message}`);
    return '';
  }
  try {
    return readTime(der, node);
  } catch (error) {
    if (!(error instanceof DerError)) throw error;
    const raw = Buffer.from(
      der.subarray(node.contentStart, Math.min(node.end, node.contentStart + 32)),
    ).toString('latin1');
    report(`bad time value ${JSON.stringify(raw)} at offset ${node.start}`);
    return '';
  }
}

/**
 * Everything uccert shows about one certificate, from its DER. Throws DerError when the
 * certificate's structure cannot be laid out; a field that cannot be read inside that structure
 * (a bad time, a malformed SAN entry or extension, a name or key that does not decode) is left
 * empty and listed in `fieldProblems`, so every other field is still shown (issue 9 item 3).
 */
export function parseCertificate(
  der: Uint8Array,
  known?: { readonly selfSigned: boolean },
): CertificateFacts {
  const layout = layoutCertificate(der);
  const problems: FieldProblem[] = [];
  const reportIn = (field: string) => (kind: FieldProblemKind, problem: string) => {
    problems.push({ field, kind, problem });
  };
  const attempt = <T>(field: string, read: () => T, empty: T): T => {
    try {
      return read();
    } catch (error) {
      if (!(error instanceof DerError)) throw error;
      problems.push({ field, kind: 'unreadable', problem: error.message });
      return empty;
    }
  };
  const noName = { text: '', commonName: null };
  const issuer = attempt('issuer', () => parseName(der, layout.issuer, reportIn('issuer')), noName);
  const subject = attempt('subject', () => parseName(der, layout.subject, reportIn('subject')), noName);
  const notBefore = readTimeField(der, layout.validity, 0, (p) => reportIn('notBefore')('unreadable', p));
  const notAfter = readTimeField(der, layout.validity, 1, (p) => reportIn('notAfter')('unreadable', p));
  const key = attempt('keyAlgorithm', () => parsePublicKey(der, layout.subjectPublicKeyInfo), {
    keyAlgorithm: '',
    keySize: 0,
    curve: null,
  });
  const extensions = emptyExtensionFacts();
  if (layout.extensions !== null) {
    readExtensions(der, layout.extensions, extensions, (field, kind, problem) => {
      problems.push({ field, kind, problem });
    });
  }
  const signatureAlgorithm = signatureAlgorithmName(der, layout.signatureAlgorithmNode);
  // RFC 5280 §4.1.1.2: the signature field inside the TBS "MUST contain the same algorithm
  // identifier as the signatureAlgorithm field"; a mismatch lets a signer claim one algorithm
  // and use another.
  if (!sameBytes(der, layout.innerSignatureAlgorithm, layout.signatureAlgorithmNode)) {
    const inner = attempt(
      'signatureAlgorithm',
      () => signatureAlgorithmName(der, layout.innerSignatureAlgorithm),
      '?',
    );
    problems.push({
      field: 'signatureAlgorithm',
      kind: 'algorithmMismatch',
      problem: `the signed part names ${inner} (offset ${layout.innerSignatureAlgorithm.start}) but the certificate is signed with ${signatureAlgorithm}; RFC 5280 §4.1.1.2 requires the two to be identical`,
    });
  }
  // Only a certificate naming itself as issuer can be self-signed; checking the signature only
  // then keeps parsing fast (a verify costs about 20 µs).
  // `known.selfSigned`: a streamed bundle verified it on its first pass (pem-bundle-stream.ts).
  const selfSigned =
    known?.selfSigned ??
    (sameBytes(der, layout.issuer, layout.subject) &&
      verifySignature(
        layout,
        der.subarray(layout.subjectPublicKeyInfo.start, layout.subjectPublicKeyInfo.end),
      ));
  return {
    version: layout.version,
    subject: subject.text,
    issuer: issuer.text,
    subjectCommonName: subject.commonName,
    serialNumber: readIntegerHex(der, layout.serial),
    thumbprint: createHash('sha1').update(der).digest('hex').toUpperCase(),
    thumbprintSha256: createHash('sha256').update(der).digest('hex').toUpperCase(),
    notBefore,
    notAfter,
    alternativeNames: extensions.alternativeNames,
    subjectAltNames: extensions.subjectAltNames,
    keyAlgorithm: key.keyAlgorithm,
    keySize: key.keySize,
    curve: key.curve,
    signatureAlgorithm,
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
    ...(problems.length > 0 ? { fieldProblems: problems } : {}),
  };
}
